"""Writing small workbooks for tests: ``.xlsx`` (xlsxwriter, or openpyxl for formulas with no saved
value), ``.ods`` (odfpy) and ``.xls`` (xlwt).

A sheet is a list of rows, a row a list of cells. A cell is ``None`` (empty), a str, an int, a
float, a bool, a ``datetime.date``/``datetime.datetime``/``datetime.time``, a :class:`Num` (a
number with a number format), a :class:`Formula` (with its saved value) or an :class:`Error`.
``merged`` maps a sheet name to ranges such as ``"A1:D1"``; the range's value is the value of its
top-left cell in the grid.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Sheets = dict[str, list[list[Any]]]


@dataclass(frozen=True)
class Num:
    """A number shown with a number format (``#,##0.00``, ``0.0,,``)."""

    value: float
    format: str


@dataclass(frozen=True)
class Formula:
    """A formula (``=SUM(D4:D6)``) and the value saved with it."""

    text: str
    value: Any


@dataclass(frozen=True)
class Error:
    """An error value (``#N/A``, ``#DIV/0!``), saved as the result of a formula."""

    text: str


def _ref_range(ref: str) -> tuple[int, int, int, int]:
    from aidcalc.reader.workbook import _ref_position

    a, b = ref.split(":")
    (r0, c0), (r1, c1) = _ref_position(a), _ref_position(b)
    return r0, c0, r1, c1


def write_xlsx(path: Path, sheets: Sheets, merged: dict[str, list[str]] | None = None) -> Path:
    """An ``.xlsx`` written by xlsxwriter (formulas carry their saved value)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    time_fmt = wb.add_format({"num_format": "hh:mm"})
    formats: dict[str, Any] = {}
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        covered = set()
        for ref in (merged or {}).get(name, []):
            r0, c0, r1, c1 = _ref_range(ref)
            value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
            ws.merge_range(r0, c0, r1, c1, None)
            _write_xlsx_cell(ws, r0, c0, value, date_fmt, datetime_fmt, time_fmt, formats, wb)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) not in covered:
                    _write_xlsx_cell(ws, r, c, value, date_fmt, datetime_fmt, time_fmt, formats, wb)
    wb.close()
    return path


def _write_xlsx_cell(
    ws: Any,
    r: int,
    c: int,
    value: Any,
    date_fmt: Any,
    dt_fmt: Any,
    t_fmt: Any,
    formats: Any,
    wb: Any,
) -> None:
    if value is None:
        return
    if isinstance(value, Num):
        if value.format not in formats:
            formats[value.format] = wb.add_format({"num_format": value.format})
        ws.write_number(r, c, value.value, formats[value.format])
    elif isinstance(value, Formula):
        ws.write_formula(r, c, value.text, None, value.value)
    elif isinstance(value, Error):
        ws.write_formula(r, c, "=" + {"#N/A": "NA()"}.get(value.text, "1/0"), None, value.text)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value)
    elif isinstance(value, datetime.datetime):
        ws.write_datetime(r, c, value, dt_fmt)
    elif isinstance(value, datetime.date):
        ws.write_datetime(r, c, value, date_fmt)
    elif isinstance(value, datetime.time):
        ws.write_datetime(r, c, value, t_fmt)
    else:
        ws.write_string(r, c, str(value))


def write_xlsx_unsaved(path: Path, sheets: Sheets) -> Path:
    """An ``.xlsx`` written by openpyxl: a str starting with ``=`` is a formula with no saved
    value."""
    import openpyxl

    wb = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        assert ws is not None
        ws.title = name
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


def write_ods(path: Path, sheets: Sheets) -> Path:
    """An ``.ods`` written by odfpy. An :class:`Error` is written as LibreOffice writes it (a
    formula whose text shows the error); a :class:`Formula` as a formula with its value."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        doc.spreadsheet.addElement(table)
        for row in rows:
            tr = TableRow()
            table.addElement(tr)
            for value in row:
                shown = None
                if value is None:
                    cell = TableCell()
                elif isinstance(value, Error):
                    cell = TableCell(formula="of:=1/0", valuetype="string", stringvalue=value.text)
                    shown = value.text
                elif isinstance(value, Formula):
                    cell = TableCell(
                        formula="of:" + value.text, valuetype="float", value=value.value
                    )
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=repr(value))
                elif isinstance(value, datetime.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                else:
                    cell = TableCell(valuetype="string")
                    shown = str(value)
                if shown is not None:
                    cell.addElement(P(text=shown))
                tr.addElement(cell)
    doc.save(str(path))
    return path


def write_xls(path: Path, sheets: Sheets, merged: dict[str, list[str]] | None = None) -> Path:
    """An ``.xls`` written by xlwt. xlwt saves a formula with an empty text as its value; an
    :class:`Error` is an error constant."""
    import xlwt

    codes = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#N/A": 0x2A}
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        covered = set()
        for ref in (merged or {}).get(name, []):
            r0, c0, r1, c1 = _ref_range(ref)
            value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
            ws.write_merge(r0, r1, c0, c1, value)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if isinstance(value, Error):
                    ws.row(r).set_cell_error(c, codes[value.text])
                elif isinstance(value, Formula):
                    ws.write(r, c, xlwt.Formula(value.text.lstrip("=")))
                elif isinstance(value, datetime.date):
                    ws.write(r, c, value, date_style)
                elif isinstance(value, Num):
                    ws.write(r, c, value.value, xlwt.easyxf(num_format_str=value.format))
                else:
                    ws.write(r, c, value)
    wb.save(str(path))
    return path
