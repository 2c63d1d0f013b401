"""Write the sample files in the published layout from the sourced figures written below.

    python data/make_samples.py [OUTDIR]      (default: the directory of this script)

writes ``zhejiang-2018.xlsx``, ``zhejiang-2018-gbk.csv`` and ``central-fund-wide.csv``. The output
is the same byte for byte on every run (the workbook's creation date is fixed), so the workbook in
the repository can be checked against this script (``tests/published/test_published.py`` does).

Every figure below is from ``data/README.md``'s sources; the title wording, the column names and
the note text are layout only. It needs xlsxwriter, nothing else.
"""

from __future__ import annotations

import csv
import datetime
import io
import sys
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Figures (see data/README.md for where each comes from)

# Zhejiang's east–west poverty-alleviation funds, 2018, in 万元 (10,000 yuan).
# 25 and 143,500 (14.35亿元) and the totals 72 and 283,100 (28.31亿元) are printed;
# 47 = 72 − 25 and 139,600 = 283,100 − 143,500 are derived.
ZHEJIANG = [
    # (group, counties, amount in 万元)
    ("深度贫困地区", 25, 143_500),
    ("其他对口县", 47, 139_600),
]
ZHEJIANG_TOTAL = (72, 283_100)

# China's central special poverty-alleviation fund, in 亿元, as printed (2014 and 2020 were printed
# in billions of yuan: 43.287 billion = 432.87亿, 146.1 billion = 1461亿). 2016 is left out.
CENTRAL_FUND = [
    ("2012年", "332"),
    ("2013年", "394"),
    ("2014年", "432.87"),
    ("2015年", "460.9"),
    ("2017年", "860.95"),
    ("2018年", "1060.95"),
    ("2019年", "1260.95"),
    ("2020年", "1461"),
]

# ---------------------------------------------------------------------------------------------
# Layout (wording only)

ZJ_TITLE = "2018年浙江省东西部扶贫协作财政援助资金情况表"
ZJ_UNIT = "单位：万元"
ZJ_HEADER = ["援助省份", "类别", "县数", "金额"]
ZJ_PROVINCE = "浙江省"
ZJ_NOTE = "注：其他对口县的县数和金额为推算数（合计减深度贫困地区）。"
ZJ_SOURCE = "资料来源：浙江日报，2019年5月29日，《浙江扎实推进对口支援帮扶 扶贫扶志更扶智》。"

CF_TITLE = "中央财政专项扶贫资金"
CF_UNIT = "单位：亿元"
CF_NOTE = "注：2015年为补助地方部分；2016年各报道数字不一，未列。"
CF_SOURCE = "资料来源：财政部、中国政府网、人民日报等，逐年出处见 data/README.md。"


def _wan(n: int) -> str:
    """``143500`` → ``143,500``, as the printed table writes it."""
    return f"{n:,}"


def zhejiang_rows() -> list[list[str]]:
    """The Zhejiang table as a CSV saved from Excel shows it (the province written once)."""
    rows = [[ZJ_TITLE, "", "", ""], [ZJ_UNIT, "", "", ""], list(ZJ_HEADER)]
    for i, (group, counties, amount) in enumerate(ZHEJIANG):
        rows.append([ZJ_PROVINCE if i == 0 else "", group, str(counties), _wan(amount)])
    rows.append(["合计", "", str(ZHEJIANG_TOTAL[0]), _wan(ZHEJIANG_TOTAL[1])])
    rows.append([ZJ_NOTE, "", "", ""])
    rows.append([ZJ_SOURCE, "", "", ""])
    return rows


def central_fund_rows() -> list[list[str]]:
    """The central fund as a wide year table (years across, 亿元)."""
    width = len(CENTRAL_FUND) + 1
    pad = [""] * (width - 1)
    return [
        [CF_TITLE, *pad],
        [CF_UNIT, *pad],
        ["项目", *(year for year, _ in CENTRAL_FUND)],
        [CF_TITLE, *(amount for _, amount in CENTRAL_FUND)],
        [CF_NOTE, *pad],
        [CF_SOURCE, *pad],
    ]


def csv_text(rows: list[list[str]], newline: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


def zhejiang_xlsx() -> bytes:
    """The Zhejiang table as a workbook: title merged across, the province merged down its block,
    numbers stored as numbers shown with ``#,##0``, the total row as formulas with saved values."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"created": datetime.datetime(2019, 5, 29), "title": ZJ_TITLE})
    title = wb.add_format({"bold": True, "align": "center", "font_size": 14})
    merged = wb.add_format({"align": "center", "valign": "vcenter"})
    number = wb.add_format({"num_format": "#,##0"})
    ws = wb.add_worksheet("分配表")
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 14)
    ws.set_column(3, 3, 12)
    ws.merge_range(0, 0, 0, 3, ZJ_TITLE, title)
    ws.write_string(1, 0, ZJ_UNIT)
    for c, name in enumerate(ZJ_HEADER):
        ws.write_string(2, c, name)
    first = 3
    last = first + len(ZHEJIANG) - 1
    ws.merge_range(first, 0, last, 0, ZJ_PROVINCE, merged)
    for i, (group, counties, amount) in enumerate(ZHEJIANG):
        ws.write_string(first + i, 1, group)
        ws.write_number(first + i, 2, counties)
        ws.write_number(first + i, 3, amount, number)
    total = last + 1
    ws.write_string(total, 0, "合计")
    ws.write_formula(total, 2, f"=SUM(C{first + 1}:C{last + 1})", None, ZHEJIANG_TOTAL[0])
    ws.write_formula(total, 3, f"=SUM(D{first + 1}:D{last + 1})", number, ZHEJIANG_TOTAL[1])
    ws.write_string(total + 1, 0, ZJ_NOTE)
    ws.write_string(total + 2, 0, ZJ_SOURCE)
    wb.close()
    return out.getvalue()


def write_all(outdir: Path) -> list[Path]:
    """Write the three sample files into ``outdir`` and return their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = [
        outdir / "zhejiang-2018.xlsx",
        outdir / "zhejiang-2018-gbk.csv",
        outdir / "central-fund-wide.csv",
    ]
    paths[0].write_bytes(zhejiang_xlsx())
    paths[1].write_bytes(csv_text(zhejiang_rows(), "\r\n").encode("gbk"))
    paths[2].write_bytes(csv_text(central_fund_rows(), "\n").encode("utf-8"))
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in write_all(target):
        print(path)
