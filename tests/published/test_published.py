"""Tables as governments publish them (issue 11), through the real CLI, as CSV and as workbooks.

Every layout of ``gov-tables.md`` (built in ``tests/published.py``) must give the right figures or
a clear refusal, and never a figure that counts a total or subtotal row. Figures are compared
exactly (machine formats); stderr is checked for key facts (counts, names, figures), not wording.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import wcwidth
from helpers import DATA, ROOT, bad, parse_csv, run
from published import (
    COVER,
    L1_SUB_JIA,
    L1_TOTAL,
    LAYOUT1,
    LAYOUT1_BY_REGION,
    LAYOUT1_TOTAL,
    LAYOUT2,
    LAYOUT2_BY_CLASS_2023,
    LAYOUT2_NEGATIVE,
    LAYOUT2_TOTAL,
    LAYOUT3,
    LAYOUT3_BY_YEAR,
    Date,
    Error,
    Formula,
    Layout,
    Number,
    csv_bytes,
    layout1_blank_before_notes,
    layout1_formulas,
    layout1_labels,
    layout1_of_which,
    layout1_total_on_top,
    ods_bytes,
    openpyxl_bytes,
    xls_bytes,
    xlsx_bytes,
)

# ---------------------------------------------------------------------------------------------
# Helpers

CSV, XLSX, XLSX_TEXT = "csv", "xlsx", "xlsx-text"
FORMS = [CSV, XLSX]
ALL_FORMS = [CSV, XLSX, XLSX_TEXT]

# How a currency may be named in a header: its symbol or its code.
GBP, USD, EUR, HKD = ("£", "GBP"), ("$", "USD"), ("€", "EUR"), ("HK$", "HKD")


def save(write, layout: Layout, form: str, name: str = "table", sheet: str = "分配表") -> Path:
    """Write ``layout`` as ``form``: GBK/CRLF CSV, or a workbook (numbers as numbers or text)."""
    if form == CSV:
        return write(f"{name}.csv", csv_bytes(layout))
    return write(f"{name}.xlsx", xlsx_bytes([(sheet, layout)], text_numbers=form == XLSX_TEXT))


def fill(form: str, column: str) -> list[str]:
    """``--fill-down COL`` for CSV (blank "same as above" cells); a workbook's merged cells fill
    by themselves, so it gets nothing."""
    return ["--fill-down", column] if form == CSV else []


def column(row: dict[str, str], name: str) -> str:
    """The value of column ``name`` in an output row, whether or not its header carries a unit or
    currency (``total``, ``total (万)``, ``total (£)``)."""
    for key, value in row.items():
        if key == name or re.match(rf"^{re.escape(name)}\s*[(（\[]", key):
            return value
    raise AssertionError(f"no column {name!r} in {list(row)}")


def header_of(rows: list[dict[str, str]], name: str) -> str:
    """The full header of column ``name`` (with its unit or currency)."""
    for key in rows[0]:
        if key == name or re.match(rf"^{re.escape(name)}\s*[(（\[]", key):
            return key
    raise AssertionError(f"no column {name!r} in {list(rows[0])}")


def machine(*args: object, code: int = 0) -> tuple[list[dict[str, str]], str]:
    """Run ``aidcalc ARGS --format csv``; return the parsed rows and stderr."""
    result = run(*args, "--format", "csv", code=code)
    return parse_csv(result.stdout), result.stderr


def overall(rows: list[dict[str, str]], name: str = "total") -> Fraction:
    """The overall figure: the last row of the output."""
    return Fraction(column(rows[-1], name))


def by_group(rows: list[dict[str, str]], group: str, name: str = "total") -> dict[str, Fraction]:
    """{group: figure} for the group rows (all rows but the overall one)."""
    return {r[group]: Fraction(column(r, name)) for r in rows[:-1]}


def whole(n: int) -> str:
    """A pattern for the whole number ``n`` (not part of a longer number)."""
    return rf"(?<![\d,.]){n}(?![\d,])"


def note(stderr: str, *, every: tuple[str, ...] = (), some: tuple[str, ...] = (), pattern=None):
    """The first stderr line holding every word of ``every``, at least one of ``some`` and a match
    of ``pattern`` (case-insensitive); fail with stderr if there is none."""
    for line in stderr.splitlines():
        low = line.casefold()
        if not all(w.casefold() in low for w in every):
            continue
        if some and not any(w.casefold() in low for w in some):
            continue
        if pattern is not None and not re.search(pattern, line):
            continue
        return line
    raise AssertionError(f"no stderr line with {every} / {some} / {pattern!r}:\n{stderr}")


def totals_matched(stderr: str, n: int) -> str:
    """stderr says in one line how many total rows matched."""
    return note(stderr, some=("total", "合计", "小计"), pattern=whole(n))


def footers_passed(stderr: str, n: int) -> str:
    """stderr counts the footer rows passed over."""
    return note(
        stderr,
        some=("footer", "note", "source", "passed", "skipped", "not data", "注", "after"),
        pattern=whole(n),
    )


def unit_line_used(stderr: str, unit: tuple[str, ...]) -> str:
    """stderr says the unit line set the unit (naming it)."""
    return note(stderr, some=unit)


def names_figure(line: str, *forms: str) -> bool:
    return any(f in line for f in forms)


def names_currency(text: str, currency: tuple[str, ...]) -> bool:
    return any(c in text for c in currency)


# ---------------------------------------------------------------------------------------------
# Layout 1: title, unit line, header, detail, subtotal, total, notes


@pytest.mark.parametrize("form", [*ALL_FORMS, "xlsx-formulas"])
def test_layout1_total_is_the_detail_rows(write, form: str) -> None:
    if form == "xlsx-formulas":
        path = write("f.xlsx", xlsx_bytes([("分配表", layout1_formulas())]))
    else:
        path = save(write, LAYOUT1, form)
    rows, err = machine("total", path)
    assert overall(rows) == LAYOUT1_TOTAL  # 6,700 万元, not 13,400 or 20,100
    unit_line_used(err, ("万元", "万", "wan"))
    totals_matched(err, 3)  # 甲省 小计, 乙省 小计, 合计
    footers_passed(err, 2)  # 注：1.… and 2.数据来源…


@pytest.mark.parametrize("form", ALL_FORMS)
def test_layout1_by_region(write, form: str) -> None:
    path = save(write, LAYOUT1, form)
    rows, _ = machine("total", path, "--by", "地区", *fill(form, "地区"))
    assert by_group(rows, "地区") == LAYOUT1_BY_REGION
    assert overall(rows) == LAYOUT1_TOTAL


@pytest.mark.parametrize("form", FORMS)
def test_layout1_summary_counts_detail_rows_only(write, form: str) -> None:
    rows, _ = machine("summary", save(write, LAYOUT1, form), "--county", "县（市、区）")
    assert column(rows[-1], "rows") == "5"
    assert column(rows[-1], "counties") == "5"
    assert overall(rows) == LAYOUT1_TOTAL
    assert Fraction(column(rows[-1], "mean")) == LAYOUT1_TOTAL / 5


@pytest.mark.parametrize("form", FORMS)
def test_layout1_county_column_is_found_by_its_header(write, form: str) -> None:
    """县（市、区） is the county column without --county, said on stderr; the mean per county
    is the one --county gives."""
    path = save(write, LAYOUT1, form)
    rows, err = machine("summary", path, "--by", "地区", *fill(form, "地区"))
    assert [column(r, "counties") for r in rows] == ["3", "2", "5"]
    assert Fraction(column(rows[-1], "mean")) == LAYOUT1_TOTAL / 5
    assert "counties are counted by their names in the column '县（市、区）'" in err
    named, _ = machine(
        "summary", path, "--by", "地区", *fill(form, "地区"), "--county", "县（市、区）"
    )
    assert named == rows


@pytest.mark.parametrize(
    ("header", "counties", "said"),
    [
        (
            "region,County name,amount",
            ["2", "1", "3"],
            "by their names in the column 'County name'",
        ),
        ("region,县（个）,amount", ["3", "4", "7"], "per row are read from the column '县（个）'"),
        # a bare 县 may hold names or numbers: 县数 is the one that counts
        ("region,县,县数,amount", ["3", "4", "7"], "per row are read from the column '县数'"),
        ("region,County name,县数,amount", ["", "", ""], None),  # two could count: none is
    ],
)
def test_a_county_column_is_found_by_its_header(
    write, header: str, counties: list[str], said: str | None
) -> None:
    body = ["A,k1,1,10", "A,k2,2,20", "B,k3,4,30"] if header.count(",") == 3 else [
        "A,k1,10", "A,k2,20", "B,k3,30"]  # fmt: skip
    if "个" in header:
        body = ["A,1,10", "A,2,20", "B,4,30"]
    path = write("t.csv", "\n".join([header, *body]) + "\n")
    rows, err = machine("summary", path, "--by", "region")
    assert [column(r, "counties") for r in rows] == counties
    if said is None:
        assert "mean per county: empty" in err
    else:
        assert said in err


@pytest.mark.parametrize(
    "labels",
    [
        ("甲省 小计", "乙省 小计", "总计"),
        ("甲省 小计", "乙省 小计", "共计"),
        ("甲省 小计", "乙省 小计", "合  计"),
        ("小计：", "小计：", "合计："),
        ("小计", "小计", "全省"),
        ("甲省小计", "乙省小计", "合计"),
    ],
    ids=["总计", "共计", "合  计", "小计：", "全省", "甲省小计"],
)
@pytest.mark.parametrize("form", FORMS)
def test_layout1_label_variants(write, form: str, labels: tuple[str, str, str]) -> None:
    path = save(write, layout1_labels(*labels), form)
    rows, err = machine("total", path, "--by", "地区", *fill(form, "地区"))
    assert by_group(rows, "地区") == LAYOUT1_BY_REGION
    assert overall(rows) == LAYOUT1_TOTAL
    totals_matched(err, 3)


@pytest.mark.parametrize("form", FORMS)
def test_layout1_total_row_on_top(write, form: str) -> None:
    path = save(write, layout1_total_on_top(), form)
    rows, err = machine("total", path, "--by", "地区", *fill(form, "地区"))
    assert by_group(rows, "地区") == LAYOUT1_BY_REGION
    assert overall(rows) == LAYOUT1_TOTAL
    totals_matched(err, 3)


@pytest.mark.parametrize("form", FORMS)
def test_layout1_of_which_rows_are_not_added(write, form: str) -> None:
    path = save(write, layout1_of_which(), form)
    rows, _ = machine("total", path, "--by", "地区", *fill(form, "地区"))
    assert by_group(rows, "地区") == LAYOUT1_BY_REGION  # no group "其中：深度贫困县", "一般县"
    assert overall(rows) == LAYOUT1_TOTAL


@pytest.mark.parametrize("form", FORMS)
def test_layout1_notes_after_a_blank_row(write, form: str) -> None:
    rows, err = machine("total", save(write, layout1_blank_before_notes(), form))
    assert overall(rows) == LAYOUT1_TOTAL
    totals_matched(err, 3)


# ---------------------------------------------------------------------------------------------
# Total rows that disagree, rounding, --totals keep


@pytest.mark.parametrize("form", FORMS)
def test_total_row_that_disagrees_exits_1_after_the_output(write, form: str) -> None:
    path = save(write, LAYOUT1.with_cell(L1_TOTAL, 3, "6,800"), form)
    result = run("total", path, "--format", "csv", code=1)
    assert overall(parse_csv(result.stdout)) == LAYOUT1_TOTAL  # the detail rows, printed
    lines = [
        line
        for line in result.stderr.splitlines()
        if names_figure(line, "6,800", "6800", "68,000,000", "68000000")
    ]
    assert len(lines) == 1, result.stderr
    assert "合计" in lines[0]
    assert names_figure(lines[0], "6,700", "6700", "67,000,000", "67000000"), lines[0]


@pytest.mark.parametrize("form", FORMS)
def test_subtotal_that_disagrees_names_its_row(write, form: str) -> None:
    path = save(write, LAYOUT1.with_cell(L1_SUB_JIA, 3, "2,600"), form)
    result = run("total", path, "--format", "csv", code=1)
    assert overall(parse_csv(result.stdout)) == LAYOUT1_TOTAL
    lines = [
        line
        for line in result.stderr.splitlines()
        if names_figure(line, "2,600", "2600", "26,000,000", "26000000")
    ]
    assert len(lines) == 1, result.stderr
    assert "甲省" in lines[0] and "小计" in lines[0]
    assert names_figure(lines[0], "2,650", "2650", "26,500,000", "26500000"), lines[0]
    totals_matched(result.stderr, 2)  # 乙省 小计 and 合计 still agree


def _rounded_table(total: str) -> Layout:
    return Layout(
        rows=[
            ["资金分配表", "", ""],
            ["单位：万元", "", ""],
            ["地区", "县", "金额"],
            ["甲省", "A县", "1,200.4"],
            ["", "B县", "800.3"],
            ["合计", "", total],
        ],
        header=2,
    )


@pytest.mark.parametrize("form", FORMS)
def test_total_row_checked_allowing_for_its_rounding(write, form: str) -> None:
    # 1,200.4 + 800.3 = 2,000.7; a total printed as 2,001 (to the 万) agrees, 2,002 does not
    rows, err = machine("total", save(write, _rounded_table("2,001"), form))
    assert overall(rows) == 20_007_000
    totals_matched(err, 1)
    machine("total", save(write, _rounded_table("2,002"), form, name="off"), code=1)


@pytest.mark.parametrize("form", FORMS)
def test_totals_keep_reads_total_rows_as_ordinary_rows(write, form: str) -> None:
    rows, _ = machine("total", save(write, LAYOUT1, form), "--totals", "keep")
    assert overall(rows) == 3 * LAYOUT1_TOTAL  # detail + two subtotals + total: as asked


def test_totals_keep_for_a_real_group_called_total(write) -> None:
    path = write("t.csv", "category,amount\nTotal,5\nOther,3\n")
    rows, _ = machine("total", path, "--by", "category", "--totals", "keep")
    assert by_group(rows, "category") == {"Total": 5, "Other": 3}
    assert overall(rows) == 8


# ---------------------------------------------------------------------------------------------
# Header row, fill-down


@pytest.mark.parametrize("form", FORMS)
def test_header_row_option(write, form: str) -> None:
    layout = Layout(
        rows=[
            ["表3", "2019年财政援助资金分配表", "", ""],
            ["编制单位：省财政厅", "", "填报日期：2019年12月", ""],
            ["地区", "县（市、区）", "类别", "金额（万元）"],
            *LAYOUT1.rows[3:],
        ],
        header=2,
    )
    rows, _ = machine("total", save(write, layout, form), "--header-row", "3")
    assert overall(rows) == LAYOUT1_TOTAL


def test_blank_group_cell_without_fill_down_is_refused(write) -> None:
    line = bad("total", save(write, LAYOUT1, CSV), "--by", "地区")
    assert "line 5" in line  # ",B县,一般县,800": the first blank 地区
    assert "--fill-down" in line


def test_fill_down_is_repeatable(write) -> None:
    layout = Layout(
        rows=[
            ["地区", "类别", "县", "金额"],
            ["甲省", "深度贫困县", "A县", "1"],
            ["", "", "B县", "2"],
            ["", "一般县", "C县", "4"],
            ["乙省", "一般县", "D县", "8"],
        ],
        header=0,
    )
    args = ["--by", "地区", "--by", "类别", "--fill-down", "地区", "--fill-down", "类别"]
    rows, _ = machine("total", save(write, layout, CSV), *args)
    got = {(r["地区"], r["类别"]): Fraction(column(r, "total")) for r in rows[:-1]}
    assert got == {("甲省", "深度贫困县"): 3, ("甲省", "一般县"): 4, ("乙省", "一般县"): 8}


# ---------------------------------------------------------------------------------------------
# Unit lines


@pytest.mark.parametrize(
    ("unit_line", "header", "expected", "currency"),
    [
        ("单位：万元", ["地区", "金额"], 350_000, None),
        ("金额单位：亿元", ["地区", "金额"], 3_500_000_000, None),
        ("单位：元", ["地区", "金额"], 35, None),
        ("Unit: £ million", ["Region", "Amount"], 35_000_000, GBP),
        ("(in thousands of dollars)", ["Region", "Amount"], 35_000, USD),
    ],
)
@pytest.mark.parametrize("form", FORMS)
def test_unit_line_sets_the_unit(write, form, unit_line, header, expected, currency) -> None:
    layout = Layout(
        rows=[["资金表 Funding", ""], [unit_line, ""], header, ["a", "15"], ["b", "20"]],
        header=2,
        encoding="utf-8-sig" if currency else "gbk",  # GBK has no £
    )
    rows, err = machine("total", save(write, layout, form))
    assert overall(rows) == expected
    unit_line_used(err, (unit_line.split("：")[-1].strip("()"), "million", "thousand", "元"))
    if currency:
        assert names_currency(header_of(rows, "total"), currency), rows[0]


def test_unit_in_header_agreeing_with_unit_line_is_applied_once(write) -> None:
    layout = Layout(
        rows=[["单位：万元", ""], ["地区", "金额（万元）"], ["甲", "15"], ["乙", "20"]], header=1
    )
    rows, _ = machine("total", save(write, layout, CSV))
    assert overall(rows) == 350_000  # not 万 × 万


def test_two_unit_lines_that_disagree_are_refused(write) -> None:
    layout = Layout(
        rows=[["单位：万元", ""], ["金额单位：亿元", ""], ["地区", "金额"], ["甲", "15"]], header=2
    )
    line = bad("total", save(write, layout, CSV))
    assert "万" in line and "亿" in line


# ---------------------------------------------------------------------------------------------
# Layout 2: English, £ million, fiscal years across, a place-name grand total


@pytest.mark.parametrize("form", ALL_FORMS)
def test_layout2_one_year(write, form: str) -> None:
    rows, err = machine("total", save(write, LAYOUT2, form), "--amount", "2023-24")
    assert overall(rows) == LAYOUT2_TOTAL["2023-24"]  # England is not added in
    assert names_currency(header_of(rows, "total"), GBP), rows[0]
    unit_line_used(err, ("£", "million", "GBP"))
    totals_matched(err, 3)  # two "Total …" rows and England
    footers_passed(err, 1)


@pytest.mark.parametrize("form", FORMS)
def test_layout2_by_class(write, form: str) -> None:
    path = save(write, LAYOUT2, form)
    rows, _ = machine("total", path, "--amount", "2023-24", "--by", "Class", *fill(form, "Class"))
    assert by_group(rows, "Class") == LAYOUT2_BY_CLASS_2023
    assert overall(rows) == LAYOUT2_TOTAL["2023-24"]


@pytest.mark.parametrize("form", FORMS)
def test_layout2_wide_total_by_year(write, form: str) -> None:
    rows, _ = machine("total", save(write, LAYOUT2, form), "--wide", "--by", "year")
    got = by_group(rows, "year")
    assert sorted(got.values()) == sorted(LAYOUT2_TOTAL.values())
    assert {y[:4] for y in got} == {"2023", "2024"}
    assert got[next(y for y in got if y.startswith("2023"))] == LAYOUT2_TOTAL["2023-24"]


@pytest.mark.parametrize("form", FORMS)
def test_layout2_yoy_over_fiscal_years(write, form: str) -> None:
    rows, _ = machine("yoy", save(write, LAYOUT2, form))
    last = next(r for r in rows if r["year"].startswith("2024"))
    assert Fraction(column(last, "amount")) == LAYOUT2_TOTAL["2024-25"]
    assert Fraction(column(last, "previous_amount")) == LAYOUT2_TOTAL["2023-24"]
    assert last["previous_year"].startswith("2023")


@pytest.mark.parametrize("form", ALL_FORMS)
def test_negative_in_parentheses(write, form: str) -> None:
    rows, err = machine("total", save(write, LAYOUT2_NEGATIVE, form), "--amount", "2023-24")
    assert overall(rows) == 1_200_000_000  # 1,234.5 − 34.5
    totals_matched(err, 2)


@pytest.mark.parametrize("marker", ["..", "-", "–", "x", "n/a", "*"])
@pytest.mark.parametrize("form", FORMS)
def test_missing_value_markers_are_not_zero(write, form: str, marker: str) -> None:
    from published import layout2_missing

    path = save(write, layout2_missing(marker), form)
    line = bad("total", path, "--amount", "2023-24")
    assert marker in line and ("line 8" in line or "C8" in line), line
    rows, err = machine("total", path, "--amount", "2023-24", "--skip-blank")
    assert overall(rows) == LAYOUT2_TOTAL["2023-24"]
    note(err, some=("skip", "blank", "missing"), pattern=whole(1))  # one row skipped, said


# ---------------------------------------------------------------------------------------------
# Layout 3 and other wide tables


@pytest.mark.parametrize("form", FORMS)
def test_layout3_yoy_over_a_wide_year_table(write, form: str) -> None:
    rows, _ = machine("yoy", save(write, LAYOUT3, form))
    years = {r["year"]: Fraction(column(r, "amount")) for r in rows if r["level"] == "group"}
    assert years == {f"{y}年": v for y, v in LAYOUT3_BY_YEAR.items()}  # shown as written
    row2017 = next(r for r in rows if r["year"] == "2017年")
    assert row2017["previous_year"] == "2016年"
    assert Fraction(column(row2017, "previous_amount")) == LAYOUT3_BY_YEAR["2016"]


@pytest.mark.parametrize("form", FORMS)
def test_layout3_wide_total_by_year(write, form: str) -> None:
    rows, _ = machine("total", save(write, LAYOUT3, form), "--wide", "--by", "year")
    assert by_group(rows, "year") == {f"{y}年": v for y, v in LAYOUT3_BY_YEAR.items()}
    assert overall(rows) == sum(LAYOUT3_BY_YEAR.values())


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("command", ["total", "summary", "share", "mean"])
def test_a_wide_table_without_wide_asks_which_sum(write, form: str, command: str) -> None:
    """No amount column, amounts under years: the sum across years or per year is for the user to
    say; the refusal names both ways (layouts 2 and 3)."""
    for layout, first, last in ((LAYOUT2, "2023-24", "2024-25"), (LAYOUT3, "2016年", "2019年")):
        line = bad(command, save(write, layout, form))
        assert f"no amount column: the amounts stand in year columns ({first} … {last});" in line
        assert f"give --wide for a total per year, or --amount '{last}' for one year" in line


@pytest.mark.parametrize(
    ("years", "scale"),
    [
        (("2017", "2018"), 1),
        (("2017年", "2018年"), 1),
        (("FY2021", "FY2022"), 1),
        (("2022-23", "2023-24"), 1),
        (("2017 (万元)", "2018 (万元)"), 10_000),
    ],
)
def test_yoy_reads_year_columns(write, years: tuple[str, str], scale: int) -> None:
    path = write("w.csv", f"county,{years[0]},{years[1]}\nA,1,2\nB,2,4\n")
    rows, _ = machine("yoy", path)
    assert [Fraction(column(r, "amount")) for r in rows[:2]] == [3 * scale, 6 * scale]
    assert Fraction(column(rows[1], "multiple")) == 2


# ---------------------------------------------------------------------------------------------
# Layout 4: workbooks


def _book(write, name: str = "book.xlsx") -> Path:
    other = Layout(rows=[["地区", "金额"], ["丙省", "100"], ["丁省", "20"]], header=0)
    data = xlsx_bytes([("说明", COVER), ("分配表", layout1_formulas()), ("乙表", other)])
    return write(name, data)


def test_workbook_cover_sheet_passed_over(write) -> None:
    rows, err = machine("total", _book(write))
    assert overall(rows) == LAYOUT1_TOTAL
    totals_matched(err, 3)


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [("分配表", LAYOUT1_TOTAL), ("2", LAYOUT1_TOTAL), ("乙表", 120), ("3", 120)],
)
def test_sheet_by_name_or_number(write, sheet: str, expected: int) -> None:
    rows, _ = machine("total", _book(write), "--sheet", sheet)  # N counts from 1
    assert overall(rows) == expected


def test_unknown_sheet_lists_the_sheets(write) -> None:
    line = bad("total", _book(write), "--sheet", "2020")
    assert all(name in line for name in ("说明", "分配表", "乙表")), line


def test_workbook_on_stdin_is_recognised_by_content(write) -> None:
    data = _book(write).read_bytes()
    result = run("total", "-", "--format", "csv", input=data)
    assert overall(parse_csv(result.stdout)) == LAYOUT1_TOTAL


@pytest.mark.parametrize("suffix", ["xlsm", "xls", "ods"])
def test_other_workbook_kinds(write, suffix: str) -> None:
    if suffix == "xlsm":
        data = xlsx_bytes([("分配表", LAYOUT1)])
    elif suffix == "xls":
        data = xls_bytes(LAYOUT1, "分配表")
    else:
        data = ods_bytes(LAYOUT1, "分配表")
    rows, err = machine("total", write(f"book.{suffix}", data))
    assert overall(rows) == LAYOUT1_TOTAL
    totals_matched(err, 3)


@pytest.mark.parametrize("code", ["#N/A", "#DIV/0!"])
def test_error_cell_names_sheet_and_cell(write, code: str) -> None:
    layout = Layout(LAYOUT1.rows, LAYOUT1.header, cells={(4, 3): Error(code)})  # B县's 金额
    line = bad("total", write("e.xlsx", xlsx_bytes([("说明", COVER), ("分配表", layout)])))
    assert "分配表" in line and "D5" in line, line


def test_formula_without_saved_value_is_refused(write) -> None:
    layout = Layout(LAYOUT1.rows, LAYOUT1.header, cells={(4, 3): Formula("=400*2", None)})
    line = bad("total", write("p.xlsx", openpyxl_bytes(layout, "分配表")))
    assert "D5" in line, line


def test_stored_value_not_the_shown_one(write) -> None:
    layout = Layout(
        rows=[["地区", "金额"], ["甲", ""], ["乙", ""], ["丙", ""], ["丁", ""]],
        header=0,
        cells={
            (1, 1): Number(12_345_678, "0.0,,"),  # shown as 12.3
            (2, 1): Number(1200.5, "#,##0"),  # shown as 1,201
            (3, 1): Number(0.30000000000000004, "0.00"),  # the user sees 0.3
            (4, 1): Number(0.7, "0.00"),
        },
    )
    rows, _ = machine("total", write("n.xlsx", xlsx_bytes([("Sheet1", layout)])))
    assert overall(rows) == Fraction("12346879.5")  # exact: 12,345,678 + 1,200.5 + 0.3 + 0.7


def test_dates_in_a_year_column_are_years(write) -> None:
    import datetime

    layout = Layout(
        rows=[["year", "amount"], ["", "100"], ["", "300"]],
        header=0,
        cells={(1, 0): Date(datetime.date(2017, 1, 1)), (2, 0): Date(datetime.date(2018, 6, 30))},
    )
    rows, _ = machine("yoy", write("d.xlsx", xlsx_bytes([("Sheet1", layout)])))
    assert [r["year"] for r in rows[:2]] == ["2017", "2018"]
    assert Fraction(column(rows[1], "multiple")) == 3


# ---------------------------------------------------------------------------------------------
# Currencies


@pytest.mark.parametrize(
    ("cells", "currency"),
    [
        (("£1,200", "£800"), GBP),
        (("$1,200", "$800"), USD),
        (("€1,200", "€800"), EUR),
        (("US$1,200", "US$800"), USD),
        (("HK$1,200", "HK$800"), HKD),
        (("USD 1,200", "USD 800"), USD),
        (("1,200 GBP", "800 GBP"), GBP),
        (("EUR 1,200", "EUR 800"), EUR),
        (("HKD 1,200", "800 HKD"), HKD),
        (("CNY 1,200", "RMB 800"), None),
        (("¥1,200", "800元"), None),
    ],
)
def test_currency_in_cells(write, cells: tuple[str, str], currency) -> None:
    path = write("c.csv", f'region,amount\na,"{cells[0]}"\nb,"{cells[1]}"\n')
    rows, _ = machine("total", path)
    assert overall(rows) == 2000
    table = run("total", path).stdout.splitlines()[0]
    as_json = run("total", path, "--format", "json").stdout
    foreign = ("£", "$", "€", "GBP", "USD", "EUR", "HKD")
    if currency is None:  # yuan stays yuan
        assert not any(names_currency(t, foreign) for t in (",".join(rows[0]), table, as_json))
    else:
        assert names_currency(header_of(rows, "total"), currency), rows[0]
        assert names_currency(table, currency), table
        assert names_currency(as_json, currency), as_json


@pytest.mark.parametrize(
    ("header", "cell", "expected", "currency"),
    [
        ("allocation (£m)", "1.5", 1_500_000, GBP),
        ("funding ($ thousands)", '"1,200"', 1_200_000, USD),
        ("amount (EUR million)", "2.5", 2_500_000, EUR),
        ("金额（美元）", "1200", 1_200, USD),
    ],
)
def test_currency_in_header_units(write, header: str, cell: str, expected: int, currency) -> None:
    path = write("h.csv", f"region,{header}\na,{cell}\n")
    rows, _ = machine("total", path)
    assert overall(rows) == expected
    assert names_currency(header_of(rows, "total"), currency), rows[0]


@pytest.mark.parametrize(
    "content",
    [
        'region,amount\na,"£1,200"\nb,$800\n',
        "region,amount (£m)\na,1.5\nb,$2\n",
        "region,amount\na,USD 5\nb,EUR 5\n",
    ],
    ids=["£ and $", "header £ cell $", "USD and EUR"],
)
def test_a_column_mixing_currencies_is_refused(write, content: str) -> None:
    bad("total", write("m.csv", content))


# ---------------------------------------------------------------------------------------------
# Finding the amount column


@pytest.mark.parametrize(
    "name", ["金额", "资金", "资金额", "拨付资金", "funding", "funds", "allocation", "value"]
)
def test_amount_column_found_by_name(write, name: str) -> None:
    rows, err = machine("total", write("a.csv", f"地区,{name}\n甲,5\n乙,7\n"))
    assert overall(rows) == 12
    note(err, every=(name,))


def test_amount_column_found_by_its_money_unit(write) -> None:
    path = write("u.csv", "地区,人口（万人）,拨款（万元）\n甲,12.5,3\n乙,7.5,4\n")
    rows, err = machine("total", path)
    assert overall(rows) == 70_000  # 拨款, not 人口 (万人 is not money)
    note(err, every=("拨款",))


@pytest.mark.parametrize(
    ("header", "names"),
    [("地区,金额,资金", ("金额", "资金")), ("地区,中央（万元）,省级（万元）", ("中央", "省级"))],
)
def test_two_amount_candidates_are_refused(write, header: str, names: tuple[str, str]) -> None:
    line = bad("total", write("two.csv", f"{header}\n甲,1,2\n"))
    assert all(n in line for n in names) and "--amount" in line, line


# ---------------------------------------------------------------------------------------------
# --per


@pytest.mark.parametrize("form", FORMS)
def test_per_divides_by_the_sum_of_a_column(write, form: str) -> None:
    layout = Layout(
        rows=[
            ["人均资金表", "", ""],
            ["单位：万元", "", ""],
            ["地区", "人口（万人）", "金额"],
            ["甲省", "12.5", "1,200"],
            ["乙省", "7.5", "800"],
            ["合计", "20", "2,000"],
        ],
        header=2,
    )
    path = save(write, layout, form)
    rows, _ = machine("summary", path, "--by", "地区", "--per", "人口")
    per = next(k for k in rows[0] if "人口" in k)  # the output names the denominator
    got = {r["地区"]: Fraction(r[per]) for r in rows[:-1]}
    assert got["甲省"] == 96  # 12,000,000 yuan / 125,000 people
    assert abs(got["乙省"] - Fraction(320, 3)) < Fraction(1, 10**9)
    assert Fraction(rows[-1][per]) == 100  # the 合计 row is not in the denominator either
    assert overall(rows) == 20_000_000
    assert "人口" in run("summary", path, "--by", "地区", "--per", "人口").stdout


# ---------------------------------------------------------------------------------------------
# aidcalc reads its own output right


def test_unit_named_in_machine_headers(write) -> None:
    path = save(write, LAYOUT1, CSV)
    args = ("total", path, "--by", "地区", "--fill-down", "地区", "--unit", "wan")
    rows, _ = machine(*args)
    assert any(u in header_of(rows, "total") for u in ("万", "wan")), rows[0]
    assert by_group(rows, "地区") == {"甲省": 2650, "乙省": 4050}
    as_json = run(*args, "--format", "json").stdout
    assert "万" in as_json or "wan" in as_json
    assert json.loads(as_json)


@pytest.mark.parametrize("unit", ["yuan", "wan", "yi"])
def test_reading_own_output_back_counts_the_total_once(write, unit: str) -> None:
    path = save(write, LAYOUT1, CSV)
    args = ("total", path, "--by", "地区", "--fill-down", "地区", "--unit", unit)
    out = write("out.csv", run(*args, "--format", "csv").stdout)
    rows, _ = machine("total", out, "--amount", "total")
    assert overall(rows) == LAYOUT1_TOTAL


# ---------------------------------------------------------------------------------------------
# Chinese text aligns


@pytest.mark.parametrize("form", FORMS)
def test_chinese_text_aligns_in_tables(write, form: str) -> None:
    path = save(write, LAYOUT1, form)
    out = run("summary", path, "--by", "地区", *fill(form, "地区"), "--county", "县（市、区）")
    lines = out.stdout.splitlines()
    assert any("甲省" in line for line in lines)
    widths = {wcwidth.wcswidth(line) for line in lines}
    assert len(widths) == 1, out.stdout


# ---------------------------------------------------------------------------------------------
# The sample files in data/ (figures from data/README.md's sources)

ZJ_BY_GROUP = {"深度贫困地区": 1_435_000_000, "其他对口县": 1_396_000_000}


@pytest.mark.parametrize("name", ["zhejiang-2018.xlsx", "zhejiang-2018-gbk.csv"])
def test_sample_zhejiang(name: str) -> None:
    path = DATA / name
    rows, err = machine("total", path)
    assert overall(rows) == 2_831_000_000  # 28.31亿元
    totals_matched(err, 1)
    footers_passed(err, 2)
    rows, _ = machine("total", path, "--by", "类别")
    assert by_group(rows, "类别") == ZJ_BY_GROUP
    fills = ["--fill-down", "援助省份"] if name.endswith(".csv") else []
    rows, _ = machine("total", path, "--by", "援助省份", *fills)
    assert by_group(rows, "援助省份") == {"浙江省": 2_831_000_000}
    rows, _ = machine("summary", path, "--counties", "县数")
    assert column(rows[-1], "counties") == "72"  # not 144: the 合计 row's 72 is not added
    assert abs(Fraction(column(rows[-1], "mean")) - Fraction(2_831_000_000, 72)) < Fraction(
        1, 10**6
    )


def test_sample_central_fund_wide_matches_the_long_file() -> None:
    wide, _ = machine("yoy", DATA / "central-fund-wide.csv")
    long, _ = machine("yoy", DATA / "central-fund.csv")
    amounts = {r["year"]: Fraction(column(r, "amount")) for r in long if len(r["year"]) == 4}
    assert amounts["2017"] == 86_095_000_000 and "2016" not in amounts

    def by_year(rows: list[dict[str, str]]) -> dict[str, Fraction]:
        return {r["year"][:4]: Fraction(column(r, "amount")) for r in rows if r["level"] == "group"}

    assert by_year(wide) == amounts
    rows, _ = machine("total", DATA / "central-fund-wide.csv", "--wide", "--by", "year")
    assert {k[:4]: v for k, v in by_group(rows, "year").items()} == amounts


def test_samples_are_made_by_make_samples(tmp_path: Path) -> None:
    script = ROOT / "data" / "make_samples.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)
    for name in ("zhejiang-2018.xlsx", "zhejiang-2018-gbk.csv", "central-fund-wide.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_readme_says_what_stderr_says_for_the_sample() -> None:
    """The README quotes the stderr lines of its published-table example: keep them true."""
    err = run("summary", DATA / "zhejiang-2018.xlsx", "--by", "类别", "--counties", "县数").stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for quoted in ("total rows: 1 of 1 match the rows they cover", "passed over 2 note rows under"):
        assert quoted in err and quoted in " ".join(readme.split()), err


@pytest.mark.parametrize(
    "content, expected",
    [
        ("地区,金额,占比\n甲,100,40%\n乙,150,60%\n合计,250,100%\n", 250),  # a share beside 合计
        ("序号,地区,金额\n1,甲,100\n2,乙,200\n,合计,300\n", 300),  # the label in column 2
        ("Region,Amount,Share\nA,100,40%\nB,150,60.0%\nTOTAL,250,100.0%\n", 250),
        ("地区,金额,备注\n甲,100,--\n乙,150,\n全市合计,250,--\n", 250),
    ],
)
def test_a_total_row_is_known_beside_figures_in_other_columns(write, content, expected) -> None:
    """Numbers, percentages and missing marks in other columns are not part of a row's label,
    so 合计 beside 100% is still a total row, never added in."""
    rows, err = machine("total", write("t.csv", content))
    assert overall(rows) == expected
    totals_matched(err, 1)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("item,amount\nA,100\nof which: B,60\nC,50\n", 150),  # "of which" in a plain batch
        ("item,amount\nA,100\nincluding B,60\nC,50\n", 150),
        ("项目,金额\n甲县,100\n其中深度贫困村,60\n乙县,50\n", 150),  # 其中 without a colon
        ("年度,省,县,金额\n2019,甲,A县,100\n2019,甲,B县,200\n2019,甲,合计,300\n", 300),  # column 3
    ],
)
def test_rows_that_are_not_data_are_found_in_any_batch(write, content, expected) -> None:
    """A batch let through whole must be classified as row by row would: the same table with a
    blank line added gives the same figure (found by a hostile review)."""
    rows, _ = machine("total", write("t.csv", content))
    assert overall(rows) == expected
    rows, _ = machine("total", write("t2.csv", content + ",\n" * content.split("\n")[0].count(",")))
    assert overall(rows) == expected


def test_a_total_per_year_in_a_long_table_is_its_block_total(write) -> None:
    """合计 rows after each year's block are checked against their block, not the whole table."""
    content = "year,region,amount\n2019,甲,10\n2019,乙,20\n2019,合计,30\n2020,甲,15\n2020,乙,25\n2020,合计,40\n"
    rows, err = machine("total", write("y.csv", content), "--by", "year")
    assert by_group(rows, "year") == {"2019": 30, "2020": 40}
    totals_matched(err, 2)


def test_a_blank_cell_in_a_filtered_column_is_refused(write) -> None:
    """--where on a column with blank "same as above" cells would silently drop those rows."""
    path = DATA / "zhejiang-2018-gbk.csv"
    line = bad("total", path, "--where", "援助省份=浙江省")
    assert "line 5" in line and "--fill-down" in line
    rows, _ = machine("total", path, "--where", "援助省份=浙江省", "--fill-down", "援助省份")
    assert overall(rows) == 2_831_000_000


def test_an_amount_merged_over_two_rows_is_not_counted_twice(write) -> None:
    """A merged number in a workbook stays in its first cell: never one amount counted twice."""
    import xlsxwriter

    path = write("m.xlsx", b"")
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["region", "county", "amount"])
    ws.write_row(1, 0, ["甲", "A", 100])
    ws.write_row(2, 0, ["甲", "B"])
    ws.write_row(3, 0, ["甲", "C"])
    ws.merge_range("C3:C4", 500)
    wb.close()
    assert "C4" in bad("total", path)


def test_year_columns_each_keep_their_unit(write) -> None:
    """In a wide table each year column is read in the unit its own header names."""
    rows, _ = machine("yoy", write("w.csv", "g,2019 (万元),2020 (亿元)\na,1,2\n"))
    assert [Fraction(column(r, "amount")) for r in rows[:2]] == [10_000, 200_000_000]
    assert "currencies" in bad("yoy", write("c.csv", "g,2019 (£m),2020 ($m)\na,1,2\n"))


def test_a_last_row_equal_to_all_rows_above_is_refused(write) -> None:
    """A grand total named by a place, with no subtotal before it (England under the regions),
    would be added in: refused, unless --totals keep reads it as data."""
    path = write("e.csv", "Region,amount\nNorth East,10\nNorth West,20\nLondon,30\nEngland,60\n")
    assert "line 5" in bad("total", path) and "--totals keep" in bad("total", path)
    rows, _ = machine("total", path, "--totals", "keep")
    assert overall(rows) == 120
    rows, _ = machine("total", write("y.csv", "year,amount\n2019,1\n2020,2\n2021,3\n2022,6\n"))
    assert overall(rows) == 12  # a row of a year is data


@pytest.mark.parametrize(
    "line", ["£ million, cash terms", "Cash terms, £ million", "单位 万元", "£ million (cash)"]
)
def test_a_unit_line_that_cannot_be_read_is_refused(write, line: str) -> None:
    """A row above the header that names a unit aidcalc cannot read would leave bare amounts in
    yuan: refused, naming the row, unless --in-unit gives the unit."""
    path = write("u.csv", f'Table 1,,\n"{line}",,\nRegion,LA,amount\nN,A,100\n')
    assert line in bad("total", path)
    rows, _ = machine("total", path, "--in-unit", "million")
    assert overall(rows) == 100_000_000


def test_which_sheet_was_read_is_said(write) -> None:
    """A workbook with several sheets: stderr names the sheet read and the others."""
    _, err = machine("total", _book(write))
    note(err, every=("分配表", "乙表", "--sheet"))


def test_a_last_row_check_needs_a_new_name_after_several() -> None:
    """The place-name total check does not refuse one more row of a group seen above, nor a
    table of fewer than three places."""
    data = "g,amount\na,1\na,1\na,1\nb,3\n"  # b is new but only one place above it
    assert run("total", "-", "--format", "csv", input=data).exit_code == 0
    data = "g,amount\na,1\nb,1\nc,1\nc,3\n"  # c was seen above
    assert run("total", "-", "--format", "csv", input=data).exit_code == 0
