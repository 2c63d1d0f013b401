"""Published tables as test fixtures: each layout of ``gov-tables.md`` written as governments save
it.

A :class:`Layout` is the table as it prints: a list of rows of text cells, blank cells as ``""``,
the way a CSV saved from Excel shows it. From one layout this module writes

- :func:`csv_bytes`: CSV as Excel saves it in China, GBK encoded with CRLF line ends;
- :func:`xlsx_bytes`: an ``.xlsx`` workbook (xlsxwriter) with the title merged across the columns,
  the group column merged down its block, numbers stored as numbers with a display format (or, with
  ``text_numbers=True``, as text such as ``'1,200``), and any cell overridden by a formula with a
  saved value, an error value, a date or a number with a given format;
- :func:`xls_bytes` (xlwt) and :func:`ods_bytes` (odfpy), plainer, for the other workbook kinds.

The numbers in the layouts are the illustrative ones of ``gov-tables.md``: they show layouts, not
facts (data files in ``data/`` use sourced figures).

>>> [row[0] for row in LAYOUT1.rows[:3]]
['2019年东西部扶贫协作财政援助资金分配表', '单位：万元', '地区']
>>> csv_bytes(Layout([["a", "b"], ["1", "2"]], header=0))
b'a,b\\r\\n1,2\\r\\n'
>>> cell_name(6, 3)
'D7'
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

# ---------------------------------------------------------------------------------------------
# Layouts


@dataclass(frozen=True)
class Formula:
    """A formula cell with its saved value (``value=None``: written without one, by openpyxl)."""

    formula: str
    value: float | int | str | None


@dataclass(frozen=True)
class Error:
    """An error cell, such as ``#N/A`` or ``#DIV/0!`` (written as a formula with that result)."""

    code: str


@dataclass(frozen=True)
class Number:
    """A number cell with a display format (``0.0,,`` shows millions)."""

    value: float | int
    num_format: str


@dataclass(frozen=True)
class Date:
    """A date cell shown with the format ``yyyy``."""

    value: datetime.date


Cell = Formula | Error | Number | Date


@dataclass(frozen=True)
class Layout:
    """A table as printed: ``rows`` of text cells, the 0-based index of its ``header`` row, the
    columns merged down their block in a workbook (``merge_down``), and workbook-only ``cells``
    keyed by 0-based (row, column). ``encoding`` is the CSV's: GBK for Chinese tables, UTF-8 with
    a BOM ("CSV UTF-8" in Excel) for English ones, since GBK has no £."""

    rows: list[list[str]]
    header: int
    merge_down: tuple[int, ...] = (0,)
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    encoding: str = "gbk"

    def with_row(self, index: int, row: list[str]) -> Layout:
        """This layout with row ``index`` replaced."""
        rows = [list(r) for r in self.rows]
        rows[index] = row
        return replace(self, rows=rows)

    def with_cell(self, row: int, column: int, text: str) -> Layout:
        """This layout with one text cell replaced."""
        rows = [list(r) for r in self.rows]
        rows[row][column] = text
        return replace(self, rows=rows)


def cell_name(row: int, column: int) -> str:
    """The A1-style name of a 0-based cell (columns up to Z)."""
    return f"{chr(ord('A') + column)}{row + 1}"


# Layout 1: title, unit line, header, detail, subtotal, total, notes (gov-tables.md, as printed).
LAYOUT1 = Layout(
    rows=[
        ["2019年东西部扶贫协作财政援助资金分配表", "", "", ""],
        ["单位：万元", "", "", ""],
        ["地区", "县（市、区）", "类别", "金额"],
        ["甲省", "A县", "深度贫困县", "1,200"],
        ["", "B县", "一般县", "800"],
        ["", "C县", "一般县", "650"],
        ["甲省 小计", "", "", "2,650"],
        ["乙省", "D县", "深度贫困县", "2,100"],
        ["", "E县", "深度贫困县", "1,950"],
        ["乙省 小计", "", "", "4,050"],
        ["合计", "", "", "6,700"],
        ["注：1.本表为省级财政资金，不含市县配套。", "", "", ""],
        ["2.数据来源：省财政厅。", "", "", ""],
    ],
    header=2,
)
LAYOUT1_TOTAL = 67_000_000  # the detail rows: 6,700 万元
LAYOUT1_BY_REGION = {"甲省": 26_500_000, "乙省": 40_500_000}
# Row indexes (0-based) in LAYOUT1
L1_SUB_JIA, L1_SUB_YI, L1_TOTAL = 6, 9, 10


def layout1_labels(sub_jia: str, sub_yi: str, total: str) -> Layout:
    """Layout 1 with other labels on its subtotal and total rows (总计, 共计, 合  计, 小计：…)."""
    return (
        LAYOUT1.with_cell(L1_SUB_JIA, 0, sub_jia)
        .with_cell(L1_SUB_YI, 0, sub_yi)
        .with_cell(L1_TOTAL, 0, total)
    )


def layout1_total_on_top() -> Layout:
    """Layout 1 with its total row at the top, right under the header."""
    rows = [list(r) for r in LAYOUT1.rows]
    total = rows.pop(L1_TOTAL)
    rows.insert(LAYOUT1.header + 1, total)
    return replace(LAYOUT1, rows=rows)


def layout1_of_which() -> Layout:
    """Layout 1 with a ``其中：`` row after 甲省's subtotal, followed by an indented part: both are
    already inside the subtotal above them (1,200 deep-poverty + 1,450 ordinary = 2,650)."""
    rows = [list(r) for r in LAYOUT1.rows]
    rows[L1_SUB_JIA + 1 : L1_SUB_JIA + 1] = [
        ["其中：深度贫困县", "", "", "1,200"],
        ["　　　一般县", "", "", "1,450"],
    ]
    return replace(LAYOUT1, rows=rows)


def layout1_blank_before_notes() -> Layout:
    """Layout 1 with a blank row between the total and the notes, and notes of other kinds."""
    rows = [list(r) for r in LAYOUT1.rows[: L1_TOTAL + 1]]
    rows += [
        ["", "", "", ""],
        ["说明：各县金额按因素法测算。", "", "", ""],
        ["资料来源：省财政厅。", "", "", ""],
        ["* 含中央补助。", "", "", ""],
    ]
    return replace(LAYOUT1, rows=rows)


def layout1_formulas() -> Layout:
    """Layout 1 as a workbook keeps it: subtotals and the total are formulas with saved values."""
    return replace(
        LAYOUT1,
        cells={
            (L1_SUB_JIA, 3): Formula("=SUM(D4:D6)", 2650),
            (L1_SUB_YI, 3): Formula("=SUM(D8:D9)", 4050),
            (L1_TOTAL, 3): Formula("=D7+D10", 6700),
        },
    )


# Layout 2: the English version: £ million, fiscal years across, place-name grand total.
LAYOUT2 = Layout(
    rows=[
        ["Table 3: Core Spending Power by class of authority", "", "", ""],
        ["£ million", "", "", ""],
        ["Class", "Authority", "2023-24", "2024-25"],
        ["Shire counties", "Kent", "1,234.5", "1,310.2"],
        ["", "Surrey", "1,002.7", "1,071.9"],
        ["Total shire counties", "", "2,237.2", "2,382.1"],
        ["Metropolitan districts", "Leeds", "901.3", "958.8"],
        ["Total metropolitan districts", "", "901.3", "958.8"],
        ["England", "", "3,138.5", "3,340.9"],
        ["Source: illustrative layout only.", "", "", ""],
    ],
    header=2,
    encoding="utf-8-sig",
)
LAYOUT2_TOTAL = {"2023-24": 3_138_500_000, "2024-25": 3_340_900_000}  # pounds
LAYOUT2_BY_CLASS_2023 = {"Shire counties": 2_237_200_000, "Metropolitan districts": 901_300_000}


def layout2_missing(marker: str) -> Layout:
    """Layout 2 with one more authority whose figures are missing (``..``, ``-``, ``x``…); the
    totals leave it out, as publishers do."""
    rows = [list(r) for r in LAYOUT2.rows]
    rows.insert(7, ["", "Bradford", marker, marker])
    return replace(LAYOUT2, rows=rows)


LAYOUT2_NEGATIVE = Layout(
    rows=[
        ["Table 4: Adjustments", "", ""],
        ["£ million", "", ""],
        ["Class", "Authority", "2023-24"],
        ["Shire counties", "Kent", "1,234.5"],
        ["", "Surrey", "(34.5)"],
        ["Total shire counties", "", "1,200.0"],
        ["England", "", "1,200.0"],
    ],
    header=2,
    encoding="utf-8-sig",
)

# Layout 3: a wide year table.
LAYOUT3 = Layout(
    rows=[
        ["中央财政专项扶贫资金", "", "", "", ""],
        ["单位：亿元", "", "", "", ""],
        ["项目", "2016年", "2017年", "2018年", "2019年"],
        ["补助地方资金", "660.95", "860.95", "1060.95", "1260.95"],
    ],
    header=2,
)
LAYOUT3_BY_YEAR = {
    "2016": 66_095_000_000,
    "2017": 86_095_000_000,
    "2018": 106_095_000_000,
    "2019": 126_095_000_000,
}

# Layout 4: a workbook's cover sheet (a notes page with no table).
COVER = Layout(
    rows=[
        ["填报说明"],
        ["1. 本表由省财政厅编制。"],
        ["2. 金额单位为万元。"],
    ],
    header=0,
    merge_down=(),
)


# ---------------------------------------------------------------------------------------------
# Writers

_NUMBER = re.compile(r"^\(?-?[0-9][0-9,]*(\.[0-9]+)?\)?$")


def _number(text: str) -> int | float | None:
    """The number a cell shows as ``text`` (``1,200``, ``(34.5)``), or None if it is not one."""
    if not _NUMBER.match(text) or text.startswith("(") != text.endswith(")"):
        return None
    negative = text.startswith("(")
    value = Decimal(text.strip("()").replace(",", ""))
    if negative:
        value = -value
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


def _format_of(text: str) -> str:
    decimals = len(text.rstrip(")").split(".")[1]) if "." in text else 0
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{base};({base})" if text.startswith("(") else base


def csv_bytes(layout: Layout) -> bytes:
    """The layout as Excel saves CSV: quoted only where needed, CRLF line ends, in the layout's
    encoding (GBK unless it says otherwise)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(layout.rows)
    return out.getvalue().encode(layout.encoding)


def _merges(layout: Layout) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range: a title (one filled
    cell above the header) across the columns, and each block of a ``merge_down`` column down to
    the last row below it that is blank in that column but not blank altogether."""
    width = max(len(r) for r in layout.rows)
    merges = []
    for i, row in enumerate(layout.rows[: layout.header]):
        if i == 0 and sum(1 for c in row if c) == 1 and row[0] and width > 1:
            merges.append((i, 0, i, width - 1))
    body = layout.rows
    for col in layout.merge_down:
        for i in range(layout.header + 1, len(body)):
            if not body[i][col]:
                continue
            last = i
            while last + 1 < len(body) and not body[last + 1][col] and any(body[last + 1]):
                last += 1
            if last > i:
                merges.append((i, col, last, col))
    return merges


def xlsx_bytes(
    sheets: list[tuple[str, Layout]],
    *,
    text_numbers: bool = False,
) -> bytes:
    """A workbook with one sheet per (name, layout), as the module docstring says."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    workbook.set_properties({"created": datetime.datetime(2019, 5, 29)})
    formats: dict[str, Any] = {}

    def fmt(num_format: str | None = None, **extra: Any) -> Any:
        key = repr((num_format, sorted(extra.items())))
        if key not in formats:
            props = dict(extra)
            if num_format:
                props["num_format"] = num_format
            formats[key] = workbook.add_format(props)
        return formats[key]

    for name, layout in sheets:
        ws = workbook.add_worksheet(name)
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for m in _merges(layout):
            for r in range(m[0], m[2] + 1):
                for c in range(m[1], m[3] + 1):
                    merged[(r, c)] = m
        done: set[tuple[int, int, int, int]] = set()
        for r, row in enumerate(layout.rows):
            for c, text in enumerate(row):
                if (r, c) in merged:
                    m = merged[(r, c)]
                    if m not in done:
                        done.add(m)
                        ws.merge_range(*m, text, fmt(align="center", valign="vcenter"))
                    continue
                special = layout.cells.get((r, c))
                if isinstance(special, Formula):
                    value = special.value if special.value is not None else 0
                    ws.write_formula(r, c, special.formula, fmt("#,##0"), value)
                elif isinstance(special, Error):
                    ws.write_formula(r, c, "=NA()", None, special.code)
                elif isinstance(special, Number):
                    ws.write_number(r, c, special.value, fmt(special.num_format))
                elif isinstance(special, Date):
                    ws.write_datetime(
                        r, c, datetime.datetime.combine(special.value, datetime.time()), fmt("yyyy")
                    )
                elif not text:
                    continue
                elif r > layout.header and (n := _number(text)) is not None:
                    if text_numbers:
                        ws.write_string(r, c, text)
                    else:
                        ws.write_number(r, c, n, fmt(_format_of(text)))
                else:
                    ws.write_string(r, c, text)
    workbook.close()
    return out.getvalue()


def openpyxl_bytes(layout: Layout, sheet: str = "Sheet1") -> bytes:
    """The layout written by openpyxl, which saves formulas without a value (as a program that
    writes workbooks does); numbers as numbers, formulas from ``layout.cells``."""
    import openpyxl

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for r, row in enumerate(layout.rows):
        for c, text in enumerate(row):
            special = layout.cells.get((r, c))
            if isinstance(special, Formula):
                ws.cell(r + 1, c + 1, special.formula)
            elif text:
                n = _number(text) if r > layout.header else None
                ws.cell(r + 1, c + 1, n if n is not None else text)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xls_bytes(layout: Layout, sheet: str = "Sheet1") -> bytes:
    """The layout as an Excel 97 ``.xls`` (xlwt), with the same merges, numbers as numbers."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    ws = workbook.add_sheet(sheet)
    merged = set()
    for r0, c0, r1, c1 in _merges(layout):
        ws.write_merge(r0, r1, c0, c1, layout.rows[r0][c0])
        merged |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(layout.rows):
        for c, text in enumerate(row):
            if (r, c) in merged or not text:
                continue
            n = _number(text) if r > layout.header else None
            ws.write(r, c, n if n is not None else text)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_bytes(layout: Layout, sheet: str = "Sheet1") -> bytes:
    """The layout as an OpenDocument spreadsheet (odfpy): numbers as float cells, no merges
    (blank group cells, as in CSV)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for r, row in enumerate(layout.rows):
        tr = TableRow()
        for text in row:
            n = _number(text) if r > layout.header and text else None
            if n is not None:
                cell = TableCell(valuetype="float", value=str(n))
            else:
                cell = TableCell(valuetype="string") if text else TableCell()
            if text:
                cell.addElement(P(text=text))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
