"""Scanning an ``.ods`` workbook's ``content.xml`` before python-calamine loads it.

python-calamine reads every sheet of an ``.ods`` when the file is opened, and repeats a row or
cell as often as ``table:number-rows-repeated`` / ``table:number-columns-repeated`` say. Blank
runs repeated a million times are how LibreOffice writes the end of every sheet, so only rows and
cells that hold a value (a ``office:value-type``, or text) count towards a sheet's extent. The XML
is parsed as a stream (each row dropped once read), never whole.

The same pass finds the cells that are currencies (``office:value-type="currency"``, with their
``office:currency``) or percentages (``"percentage"``): see :mod:`aidcalc.reader.number_formats`.

=============================  ==================================================================
``scan_ods(z)``                {sheet name: :class:`~aidcalc.reader.workbook_limits.SheetScan`}
=============================  ==================================================================
"""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

from aidcalc.reader.workbook_limits import MAX_CELLS, SheetScan

__all__ = ["scan_ods"]

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_T = f"{{{_TABLE}}}"
_O = f"{{{_OFFICE}}}"
_ROW, _CELL, _COVERED = f"{_T}table-row", f"{_T}table-cell", f"{_T}covered-table-cell"
_MARKS = {"percentage": "%"}


def _repeat(el: ElementTree.Element, attr: str) -> int:
    text = el.get(f"{_T}{attr}", "1")
    return int(text) if text.isdigit() and text != "0" else 1


def scan_ods(z: zipfile.ZipFile) -> dict[str, SheetScan]:
    """Every sheet's extent and marked cells, by name."""
    out: dict[str, SheetScan] = {}
    with z.open("content.xml") as f:
        scan: SheetScan | None = None
        row = 0
        col = 0
        row_cols: list[tuple[int, int, str | None]] = []  # (first column, count, mark)
        stack: list[ElementTree.Element] = []
        for event, el in ElementTree.iterparse(f, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{_T}table":
                    scan = out.setdefault(el.get(f"{_T}name", ""), SheetScan())
                    row = 0
                elif tag == _ROW:
                    col = 0
                    row_cols = []
                stack.append(el)
                continue
            stack.pop()
            if scan is None:
                continue
            if tag in (_CELL, _COVERED):
                n = _repeat(el, "number-columns-repeated")
                kind = el.get(f"{_O}value-type")
                if kind is not None or len(el):
                    mark = _MARKS.get(kind or "")
                    if kind == "currency":
                        mark = el.get(f"{_O}currency") or None
                    row_cols.append((col, n, mark))
                col += n
                el.clear()
            elif tag == _ROW:
                n = _repeat(el, "number-rows-repeated")
                if row_cols:
                    _take_row(scan, row, n, row_cols)
                row += n
                el.clear()
                if stack:
                    stack[-1].clear()  # the table keeps no row once read
            elif tag == f"{_T}table":
                scan = None
    return out


def _take_row(scan: SheetScan, row: int, n: int, cells: list[tuple[int, int, str | None]]) -> None:
    first = min(c for c, _, _ in cells)
    last = max(c + k - 1 for c, k, _ in cells)
    scan.cell(row, first)
    scan.cell(row + n - 1, last)
    e = scan.extent
    if e is not None and (e[2] - e[0] + 1) * (e[3] - e[1] + 1) > MAX_CELLS:
        return  # past the limit: refused by the caller, no marks kept
    for c, k, mark in cells:
        if mark is not None:
            for r in range(row, row + n):
                marks = scan.marks.setdefault(r, {})
                for i in range(c, c + k):
                    marks[i] = mark
