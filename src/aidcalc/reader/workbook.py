"""Reading spreadsheets (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) as rows of cell text.

The rest of aidcalc reads CSV cells, which are text. This module turns a worksheet into the same
thing, so a workbook is read exactly like the CSV Excel would save from it. Before python-calamine
loads anything, the file is measured and checked against documented limits
(:mod:`~aidcalc.reader.workbook_scan`, ``docs/workbooks.md``); its panics are caught
(:mod:`~aidcalc.reader.calamine_guard`).

=====================  ==================================================================
``is_workbook(head)``  whether the first bytes of a file are a workbook (by content)
``sheet_names(data)``  the sheets of a workbook, in workbook order
``open_sheet(...)``    a :class:`SheetRows`: the sheet's name and its rows of cell text
``number_text(x)``     a number cell (an IEEE double) as the figure Excel shows
``cell_ref(row, i)``   ``"D7"``
=====================  ==================================================================

How a cell becomes text:

- A number is the double's shortest round-trip decimal (``repr``), cut to Excel's 15 significant
  digits (round half to even at the 15th digit), written without an exponent:
  ``0.30000000000000004`` is ``"0.3"``, ``1e20`` is ``"100000000000000000000"``. Infinity and
  NaN are refused. A number format naming a currency or a percentage is read
  (``US$1234.5``, ``25%``: :mod:`~aidcalc.reader.number_formats`); any other format
  (``#,##0.00``, ``0.0,,``) only changes what is shown and is ignored. No float leaves this
  module.
- Text is passed through as it is (``'1,200`` stays ``"1,200"``); the amount reader reads it.
- A boolean is the text ``"TRUE"`` or ``"FALSE"``, as in Excel's own CSV. It is not an amount,
  so the amount reader refuses it where an amount is wanted.
- A date is ISO text, ``"2019-06-03"``; a date and time ``"2019-06-03T12:30:00"``; a time of
  day ``"12:30:00"``. A duration is an error.
- A formula gives its saved value. A formula with no saved value, and an error value
  (``#N/A``, ``#DIV/0!``, ``#REF!``, ``#VALUE!``, ...), is an :class:`AidcalcError` naming the
  sheet and the cell. python-calamine returns both as empty cells, so for ``.xlsx``/``.xlsm``
  the sheet's XML is scanned for them, and for ``.xls`` the sheet's BIFF records; text that is
  exactly an error literal (how ``.ods`` files hold errors) is refused too.
- A merged range of text gives the value of its top-left cell to every cell it covers (``.xlsx``
  and ``.xls``; python-calamine does not report merged ranges of ``.ods`` files), cut to the
  data's extent. A figure merged over several cells (a number, or text that reads as an amount)
  stays in the top-left one only: an amount merged over two rows is one amount, not two, and a
  year merged down a column is filled only when ``--fill-down`` says so.

Rows are numbered as in the spreadsheet (1-based), fully empty rows are skipped, every row has
the same width, and the first column is the sheet's first used column
(:attr:`SheetRows.first_column`).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.cellrefs import cell_ref, column_letters
from aidcalc.reader.number_formats import number_text

if TYPE_CHECKING:
    from python_calamine import CalamineSheet, CalamineWorkbook

    from aidcalc.reader.workbook_limits import SheetScan
    from aidcalc.reader.workbook_scan import Prescan

__all__ = [
    "ERROR_LITERALS",
    "SheetRows",
    "cell_ref",
    "column_letters",
    "is_workbook",
    "number_text",
    "open_sheet",
    "sheet_names",
    "workbook_format",
]

Data = Union[bytes, str, "os.PathLike[str]"]

_NUMERIC = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

#: The values Excel and LibreOffice show for a formula that failed.
ERROR_LITERALS = frozenset(
    [
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#NULL",  # LibreOffice's spellings of two of them
        "#NAME!",
        "Err:502",
        "Err:504",
        "Err:508",
        "Err:511",
        "Err:522",
    ]
)


# ---------------------------------------------------------------------------------------------
# Recognising a workbook


def workbook_format(head: bytes) -> str | None:
    """``"xlsx"``, ``"ods"`` or ``"xls"`` from a file's first bytes (a few KiB), else None.

    An ``.xlsm`` is an ``"xlsx"``. A ZIP file counts as a workbook when its first entries show an
    Office Open XML package (``[Content_Types].xml``, ``xl/``) or the ODS mimetype; an OLE2 file
    (the container of ``.xls``, but also of ``.doc``) counts as ``"xls"``.

    >>> workbook_format(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(504))
    'xls'
    >>> workbook_format(b"year,amount\\r\\n2018,1\\r\\n") is None
    True
    """
    if head.startswith(OLE2_MAGIC):
        return "xls"
    if head.startswith(ZIP_MAGIC):
        if ODS_MIMETYPE in head[:200]:
            return "ods"
        if b"[Content_Types].xml" in head or b"xl/" in head:
            return "xlsx"
    return None


def is_workbook(head: bytes) -> bool:
    """Whether a file whose first bytes are ``head`` is a workbook (see :func:`workbook_format`)."""
    return workbook_format(head) is not None


def _ref_position(ref: str) -> tuple[int, int]:
    """``"D7"`` as a 0-based (row, column)."""
    from aidcalc.reader.xlsx_scan import ref_position

    return ref_position(ref)


# ---------------------------------------------------------------------------------------------
# Opening


def _load(data: Data, file_name: str) -> CalamineWorkbook:
    from aidcalc.reader.calamine_guard import load

    return load(data, file_name)


def sheet_names(data: Data, *, file_name: str = "workbook") -> list[str]:
    """The names of the sheets of a workbook (a path or its bytes), in workbook order."""
    from aidcalc.reader.calamine_guard import guarded
    from aidcalc.reader.workbook_scan import Prescan

    Prescan(data, _format_of(data), file_name).close()  # the limits, before calamine opens it
    wb = _load(data, file_name)
    with guarded(file_name):
        return list(wb.sheet_names)


@dataclass
class SheetRows:
    """One worksheet as rows of cell text.

    ``rows`` yields ``(row number, cells)``: the 1-based row number in the spreadsheet and the
    cells' text, ``first_column`` onwards, every row as wide as ``width``. It can be iterated once.
    """

    name: str
    file_name: str
    rows: Iterator[tuple[int, list[str]]]
    first_column: int = 0
    width: int = 0
    sheets: list[str] = field(default_factory=list)

    def cell_ref(self, row: int, col_index: int) -> str:
        """The reference of the cell at ``col_index`` of row ``row`` as yielded: ``"D7"``."""
        return cell_ref(row, self.first_column + col_index)

    def where(self, row: int, col_index: int) -> str:
        """``alloc.xlsx, sheet 分配表, cell D7``: how errors name a cell."""
        return f"{self.file_name}, sheet {self.name}, cell {self.cell_ref(row, col_index)}"


def open_sheet(
    data: Data, *, file_name: str, sheet: str | int | None = None, skip_empty: bool = True
) -> SheetRows:
    """Open one sheet of a workbook given as a path or as its bytes (stdin).

    ``sheet`` is a sheet's name, or its 1-based position (an int, or a string of digits that is
    not the name of a sheet: a sheet named ``2019`` is found by its name). By default the first
    visible sheet that holds a table: one with at least two rows of two or more filled cells (a
    cover or notes sheet, a single column of text, is passed over); failing that, the first
    visible sheet with any data. An unknown sheet is an :class:`AidcalcError` listing the sheets.

    Errors found while reading (an error cell, a formula with no saved value) are raised by the
    ``rows`` iterator when it reaches them, with ``file`` set to ``"FILE, sheet NAME, cell D7"``.
    """
    from aidcalc.reader.calamine_guard import guarded
    from aidcalc.reader.workbook_scan import Prescan

    pre = Prescan(data, _format_of(data), file_name)  # limits, before calamine loads anything
    try:
        wb = _load(data, file_name)
        with guarded(file_name):
            names = list(wb.sheet_names)
        name, calamine_sheet = _choose(wb, names, sheet, file_name, pre)
        ws = _SheetReader(calamine_sheet, name, file_name, pre.sheet(name), skip_empty)
    finally:
        pre.close()
    return SheetRows(
        name=name,
        file_name=file_name,
        rows=ws.rows(),
        first_column=ws.first_col,
        width=ws.width,
        sheets=names,
    )


def _format_of(data: Data) -> str | None:
    if isinstance(data, bytes):
        head = data[:4096]
    else:
        try:
            with open(data, "rb") as f:
                head = f.read(4096)
        except OSError:
            return None
    kind = workbook_format(head)
    if kind is None and head.startswith(ZIP_MAGIC):
        kind = "xlsx"  # a ZIP whose first entries did not show; calamine decides
    return kind


def _choose(
    wb: CalamineWorkbook, names: list[str], sheet: str | int | None, file_name: str, pre: Prescan
) -> tuple[str, CalamineSheet]:
    if not names:
        raise AidcalcError("the workbook has no sheets", file=file_name)
    if sheet is None:
        from python_calamine import SheetVisibleEnum

        from aidcalc.reader.calamine_guard import guarded

        with guarded(file_name):
            metadata = list(wb.sheets_metadata)
        visible = [
            m.name for m in metadata if m.visible == SheetVisibleEnum.Visible and m.name in names
        ] or names
        fallback: tuple[str, CalamineSheet] | None = None
        for n in visible:
            ws = _get(wb, n, file_name, pre)
            if ws.start is None:
                continue
            if _holds_table(ws, file_name):
                return n, ws
            if fallback is None:
                fallback = n, ws
        if fallback is None:
            raise AidcalcError("no sheet of the workbook holds any data", file=file_name)
        return fallback
    if isinstance(sheet, str) and sheet in names:
        return sheet, _get(wb, sheet, file_name, pre)
    position = sheet if isinstance(sheet, int) else int(sheet) if sheet.isdigit() else None
    if position is not None and 1 <= position <= len(names):
        n = names[position - 1]
        return n, _get(wb, n, file_name, pre)
    listed = ", ".join(f"{i} {n}" for i, n in enumerate(names, 1))
    raise AidcalcError(f"no such sheet; the sheets are: {listed}", file=file_name, value=str(sheet))


def _get(wb: CalamineWorkbook, name: str, file_name: str, pre: Prescan) -> CalamineSheet:
    from aidcalc.reader.calamine_guard import sheet

    pre.sheet(name)  # measured and checked against the limits before it is loaded
    return sheet(wb, name, file_name)


def _holds_table(ws: CalamineSheet, file_name: str) -> bool:
    from aidcalc.reader.calamine_guard import guarded

    wide = 0
    with guarded(file_name):
        for row in ws.iter_rows():
            if sum(1 for c in row if c != "") >= 2:
                wide += 1
                if wide >= 2:
                    return True
    return False


# ---------------------------------------------------------------------------------------------
# Rows

_Range = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


def _is_figure(text: str) -> bool:
    """Whether a cell's text reads as an amount (``1,000``, ``'1,000``, ``£5m``): merged over
    several cells it is one figure, not one per cell."""
    if _NUMERIC.fullmatch(text):
        return True
    if not text or not any(c.isdigit() for c in text):
        return False
    from aidcalc.core.figures import normalize, parse_cell

    try:
        parse_cell(normalize(text))
    except (AidcalcError, ValueError, ArithmeticError):
        return False
    return True


class _SheetReader:
    def __init__(
        self, ws: CalamineSheet, name: str, file_name: str, scan: SheetScan, skip_empty: bool
    ) -> None:
        self.ws = ws
        self.name = name
        self.file_name = file_name
        self.bad = scan.bad
        self.marks = scan.marks
        self.skip_empty = skip_empty
        start, end = ws.start, ws.end
        if start is None or end is None:
            self.first_col, self.data_end, self.width, self.merged = 0, -1, 0, []
            return
        self.first_col = start[1]
        self.width = end[1] - start[1] + 1
        self.data_end = end[0]
        self.merged = self._merged(start, end)

    def _merged(self, start: tuple[int, int], end: tuple[int, int]) -> list[_Range]:
        """The merged ranges that start at a cell of the data, cut to the data's extent: the
        cells past it hold nothing, and filling them would cost the range, not the data. Ranges
        that together cover more cells than the data has overlap: a damaged file."""
        from aidcalc.reader.calamine_guard import guarded

        with guarded(self.file_name):
            ranges = self.ws.merged_cell_ranges or []
        merged = []
        area = 0
        for (r0, c0), (r1, c1) in ranges:
            if start[0] <= r0 <= end[0] and start[1] <= c0 <= end[1]:
                r1, c1 = min(r1, end[0]), min(c1, end[1])
                area += (r1 - r0 + 1) * (c1 - c0 + 1)
                merged.append((r0, c0, r1, c1))
        if area > (end[0] + 1) * self.width:
            raise AidcalcError(
                f"the merged ranges of sheet {self.name} overlap: a damaged file",
                file=self.file_name,
            )
        return sorted(merged)

    def where(self, row: int, col: int) -> str:
        return f"{self.file_name}, sheet {self.name}, cell {cell_ref(row + 1, col)}"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        from aidcalc.reader.calamine_guard import damaged, is_panic

        if self.data_end < 0:
            return
        try:
            yield from self._rows()
        except BaseException as e:
            if is_panic(e):
                raise damaged(e, self.file_name) from None
            raise

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        width = self.width
        convert = self._convert
        bad = self.bad
        marks = self.marks
        merged = self.merged
        active: list[tuple[int, int, int, str]] = []  # (last row, first col, last col, value)
        m = 0
        r = -1
        # python-calamine's iter_rows yields rows from row 1 of the sheet (empty rows above the
        # used range included) and columns from the first used column.
        for r, raw in enumerate(self.ws.iter_rows()):
            cells = raw if len(raw) == width else raw + [""] * (width - len(raw))
            texts = [
                c if type(c) is str and (not c or c[0] not in "#E") else convert(c, r, i)
                for i, c in enumerate(cells)
            ]
            if r in bad:
                self._raise_bad(r, bad[r])
            if r in marks:
                self._mark(cells, texts, marks[r])
            if merged or active:
                m = self._fill(r, texts, m, active)
            if self.skip_empty and not any(texts):
                continue
            yield r + 1, texts
        if r != self.data_end:
            raise AidcalcError(
                f"python-calamine gave {r + 1} rows for sheet {self.name}, not {self.data_end + 1}:"
                " this version of python-calamine is not supported",
                file=self.file_name,
            )

    def _mark(self, cells: list[Any], texts: list[str], marks: dict[int, str]) -> None:
        """Number cells whose format shows a currency or a percentage, written with it."""
        from aidcalc.reader.number_formats import marked

        for col, mark in marks.items():
            i = col - self.first_col
            if 0 <= i < len(cells) and type(cells[i]) in (float, int) and texts[i]:
                texts[i] = marked(texts[i], mark)

    def _fill(
        self, r: int, texts: list[str], m: int, active: list[tuple[int, int, int, str]]
    ) -> int:
        first = self.first_col
        while m < len(self.merged) and self.merged[m][0] == r:
            _, c0, r1, c1 = self.merged[m]
            value = texts[c0 - first]
            if not _is_figure(value):  # a figure merged over cells is left where it is
                active.append((r1, c0, c1, value))
            m += 1
        if active:
            active[:] = [a for a in active if a[0] >= r]
            for _, c0, c1, value in active:
                for c in range(c0 - first, c1 - first + 1):
                    texts[c] = value
        return m

    def _raise_bad(self, r: int, cols: dict[int, str]) -> None:
        col = min(cols)
        raise AidcalcError(cols[col], file=self.where(r, col))

    def _convert(self, v: Any, r: int, i: int) -> str:
        t = type(v)
        if t is float:
            try:
                return number_text(v)
            except ValueError:
                raise AidcalcError(
                    "not a finite number (a number cell holding infinity or NaN)",
                    file=self.where(r, self.first_col + i),
                    value=repr(v),
                ) from None
        if t is str:
            s: str = v
            if s in ERROR_LITERALS:
                raise AidcalcError(
                    "an error value, not a figure", file=self.where(r, self.first_col + i), value=s
                )
            return s
        if t is bool:
            return "TRUE" if v else "FALSE"
        if t is int:
            return str(v)
        if t is datetime.date:
            return str(v.isoformat())
        if t is datetime.datetime:
            if v.time() == datetime.time():
                return str(v.date().isoformat())
            return str(v.isoformat())
        if t is datetime.time:
            return str(v.isoformat())
        raise AidcalcError(
            f"a {'duration' if t is datetime.timedelta else t.__name__}, not an amount or a name",
            file=self.where(r, self.first_col + i),
            value=str(v),
        )
