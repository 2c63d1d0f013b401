"""Scanning the BIFF8 records of an ``.xls`` workbook stream before python-calamine loads it.

python-calamine reads every sheet of an ``.xls`` when the file is opened, as dense grids sized
by each sheet's DIMENSIONS record. So every sheet's extent is measured here first (from that
record and from its cell records), and with it what calamine
does not report: error cells (``#N/A`` saved as a formula's result or a BOOLERR record) and the
number format of each number cell, for currencies and percentages.

=============================  ==================================================================
``scan_xls(stream)``           {sheet name: :class:`SheetScan`} for every sheet of the workbook
=============================  ==================================================================

A record is a type (2 bytes), a size (2 bytes) and its body. Every offset is checked against the
stream: a record that runs past the end is a damaged file (``struct.error`` is raised).
"""

from __future__ import annotations

import struct

from aidcalc.reader.number_formats import BUILTIN_PERCENT, format_mark
from aidcalc.reader.workbook_limits import SheetScan

__all__ = ["scan_xls"]

_XLS_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}

_BOUNDSHEET, _EOF, _FORMAT, _XF, _FILEPASS = 0x85, 0x0A, 0x041E, 0x00E0, 0x002F
_FORMULA, _NUMBER, _RK, _MULRK, _LABELSST, _LABEL, _BOOLERR, _RSTRING = (
    0x0006, 0x0203, 0x027E, 0x00BD, 0x00FD, 0x0204, 0x0205, 0x00D6
)  # fmt: skip
_DIMENSIONS = 0x0200
_CELLS = frozenset({_FORMULA, _NUMBER, _RK, _LABELSST, _LABEL, _BOOLERR, _RSTRING})
_NUMBERS = frozenset({_FORMULA, _NUMBER, _RK})


def _records(stream: bytes, pos: int) -> list[tuple[int, int, int]]:
    """(type, body start, body size) of the records from ``pos`` to the next EOF record."""
    out = []
    end = len(stream)
    while pos + 4 <= end:
        rtype, size = struct.unpack_from("<HH", stream, pos)
        if pos + 4 + size > end:
            raise struct.error(f"a record of {size} bytes runs past the end of the stream")
        out.append((rtype, pos + 4, size))
        pos += 4 + size
        if rtype == _EOF:
            break
    return out


def scan_xls(stream: bytes) -> tuple[dict[str, SheetScan], bool]:
    """Every sheet's scan, by name, and whether the workbook is encrypted (a FILEPASS record)."""
    sheets: list[tuple[str, int]] = []
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    encrypted = False
    for rtype, at, size in _records(stream, 0):
        body = stream[at : at + size]
        if rtype == _BOUNDSHEET and size >= 8:
            n, flags = body[6], body[7]
            raw = body[8:]
            name = (
                raw[: 2 * n].decode("utf-16-le", "replace")
                if flags & 1
                else raw[:n].decode("latin-1")
            )
            sheets.append((name, struct.unpack_from("<I", body, 0)[0]))
        elif rtype == _FORMAT and size >= 5:
            index, length, flags = struct.unpack_from("<HHB", body, 0)
            raw = body[5:]
            code = (
                raw[: 2 * length].decode("utf-16-le", "replace")
                if flags & 1
                else raw[:length].decode("latin-1")
            )
            formats[index] = code
        elif rtype == _XF and size >= 4:
            xf_formats.append(struct.unpack_from("<H", body, 2)[0])
        elif rtype == _FILEPASS:
            encrypted = True
    marks: dict[int, str] = {}
    for xf, fmt in enumerate(xf_formats):
        mark = "%" if fmt in BUILTIN_PERCENT else format_mark(formats.get(fmt, ""))
        if mark is not None:
            marks[xf] = mark
    out: dict[str, SheetScan] = {}
    if encrypted:
        return out, True
    for name, offset in sheets:
        out[name] = _scan_sheet(stream, offset, marks)
    return out, False


def _scan_sheet(stream: bytes, offset: int, xf_marks: dict[int, str]) -> SheetScan:
    scan = SheetScan()
    for rtype, at, size in _records(stream, offset):
        if rtype in _CELLS and size >= 6:
            row, col, xf = struct.unpack_from("<HHH", stream, at)
            scan.cell(row, col)
            if rtype in _NUMBERS and xf in xf_marks:
                scan.marks.setdefault(row, {})[col] = xf_marks[xf]
            code = None
            if rtype == _FORMULA and size >= 14:
                if stream[at + 12 : at + 14] == b"\xff\xff" and stream[at + 6] == 2:
                    code = stream[at + 8]
            elif rtype == _BOOLERR and size >= 8 and stream[at + 7] == 1:
                code = stream[at + 6]
            if code is not None:
                shown = _XLS_ERRORS.get(code, f"error {code}")
                scan.bad.setdefault(row, {})[col] = f"the error value {shown}, not a figure"
        elif rtype == _DIMENSIONS and size >= 12:
            # python-calamine sizes its grid by this record: its corners count as cells
            first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", stream, at)
            if (end_row, end_col) != (0, 0):  # (whatever their order: it trusts them)
                scan.cell(first_row, first_col)
                scan.cell(max(end_row - 1, 0), max(end_col - 1, 0))
        elif rtype == _MULRK and size >= 6:
            row, first = struct.unpack_from("<HH", stream, at)
            (last,) = struct.unpack_from("<H", stream, at + size - 2)
            if last >= first:
                scan.cell(row, first)
                scan.cell(row, last)
                for i in range(min(last - first + 1, (size - 6) // 6)):
                    (xf,) = struct.unpack_from("<H", stream, at + 4 + 6 * i)
                    if xf in xf_marks:
                        scan.marks.setdefault(row, {})[first + i] = xf_marks[xf]
    return scan
