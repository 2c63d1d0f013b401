"""Reading spreadsheets (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) as rows of cell text.

The rest of aidcalc reads CSV cells, which are text. This module turns a worksheet into the same
thing, so a workbook is read exactly like the CSV Excel would save from it:

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
  ``0.30000000000000004`` is ``"0.3"``, ``1e20`` is ``"100000000000000000000"``. The number
  format (``#,##0.00``, ``0.0,,``) only changes what is shown and is ignored. No float leaves
  this module.
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
  and ``.xls``; python-calamine does not report merged ranges of ``.ods`` files). A number merged
  over several cells stays in the top-left one only: an amount merged over two rows is one amount,
  not two, and a year merged down a column is filled only when ``--fill-down`` says so.

Rows are numbered as in the spreadsheet (1-based), fully empty rows are skipped, every row has
the same width, and the first column is the sheet's first used column
(:attr:`SheetRows.first_column`).
"""

from __future__ import annotations

import datetime
import io
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import TYPE_CHECKING, Any, Union
from xml.etree import ElementTree

from aidcalc.errors import AidcalcError

if TYPE_CHECKING:
    from python_calamine import CalamineSheet, CalamineWorkbook

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

_DIGITS15 = Context(prec=15, rounding=ROUND_HALF_EVEN)


# ---------------------------------------------------------------------------------------------
# Numbers


def number_text(x: float) -> str:
    """A number cell as the figure Excel shows: the shortest decimal that gives back ``x``, cut
    to 15 significant digits (half to even), without an exponent.

    >>> number_text(0.1 + 0.2)
    '0.3'
    >>> number_text(1435000000.0), number_text(1234.5), number_text(-0.0)
    ('1435000000', '1234.5', '0')
    >>> number_text(1e20), number_text(1.5e-7)
    ('100000000000000000000', '0.00000015')
    >>> number_text(123456789.12345678)
    '123456789.123457'
    """
    if x.is_integer() and -1e15 < x < 1e15:
        return str(int(x))  # at most 15 digits; -0.0 is "0"
    r = repr(x)
    if r in ("nan", "inf", "-inf"):
        raise ValueError(f"not a finite number: {r}")
    if "e" not in r and len(r) - (r[0] == "-") - 1 <= 15:
        return r  # at most 15 digits besides sign and point (leading zeros only make fewer)
    d = _DIGITS15.plus(Decimal(r))
    if d.is_zero():
        return "0"
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


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


def column_letters(index: int) -> str:
    """The letters of a 0-based column index.

    >>> column_letters(0), column_letters(3), column_letters(25), column_letters(26)
    ('A', 'D', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """The reference of the cell in 1-based ``row`` and 0-based ``column``: ``cell_ref(7, 3)``
    is ``"D7"``."""
    return f"{column_letters(column)}{row}"


def _ref_position(ref: str) -> tuple[int, int]:
    """``"D7"`` as a 0-based (row, column)."""
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref)
    if m is None:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# ---------------------------------------------------------------------------------------------
# Opening


def _load(data: Data, file_name: str) -> CalamineWorkbook:
    import python_calamine

    try:
        if isinstance(data, bytes):
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return python_calamine.CalamineWorkbook.from_path(os.fspath(data))
    except python_calamine.PasswordError:
        raise AidcalcError("the workbook is protected by a password", file=file_name) from None
    except (python_calamine.CalamineError, OSError, ValueError) as e:
        raise AidcalcError(f"cannot read the workbook: {e}", file=file_name) from None


def sheet_names(data: Data, *, file_name: str = "workbook") -> list[str]:
    """The names of the sheets of a workbook (a path or its bytes), in workbook order."""
    return list(_load(data, file_name).sheet_names)


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
    kind = _format_of(data)
    wb = _load(data, file_name)
    names = list(wb.sheet_names)
    name, calamine_sheet = _choose(wb, names, sheet, file_name)
    bad = _bad_cells(data, kind, name, file_name)
    ws = _SheetReader(calamine_sheet, name, file_name, bad, skip_empty)
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
    wb: CalamineWorkbook, names: list[str], sheet: str | int | None, file_name: str
) -> tuple[str, CalamineSheet]:
    if not names:
        raise AidcalcError("the workbook has no sheets", file=file_name)
    if sheet is None:
        from python_calamine import SheetVisibleEnum

        visible = [
            m.name
            for m in wb.sheets_metadata
            if m.visible == SheetVisibleEnum.Visible and m.name in names
        ] or names
        fallback: tuple[str, CalamineSheet] | None = None
        for n in visible:
            ws = _get(wb, n, file_name)
            if ws.start is None:
                continue
            if _holds_table(ws):
                return n, ws
            if fallback is None:
                fallback = n, ws
        if fallback is None:
            raise AidcalcError("no sheet of the workbook holds any data", file=file_name)
        return fallback
    if isinstance(sheet, str) and sheet in names:
        return sheet, _get(wb, sheet, file_name)
    position = sheet if isinstance(sheet, int) else int(sheet) if sheet.isdigit() else None
    if position is not None and 1 <= position <= len(names):
        n = names[position - 1]
        return n, _get(wb, n, file_name)
    listed = ", ".join(f"{i} {n}" for i, n in enumerate(names, 1))
    raise AidcalcError(f"no such sheet; the sheets are: {listed}", file=file_name, value=str(sheet))


def _get(wb: CalamineWorkbook, name: str, file_name: str) -> CalamineSheet:
    import python_calamine

    try:
        return wb.get_sheet_by_name(name)
    except python_calamine.CalamineError as e:
        raise AidcalcError(f"cannot read sheet {name}: {e}", file=file_name) from None


def _holds_table(ws: CalamineSheet) -> bool:
    wide = 0
    for row in ws.iter_rows():
        if sum(1 for c in row if c != "") >= 2:
            wide += 1
            if wide >= 2:
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Rows


class _SheetReader:
    def __init__(
        self,
        ws: CalamineSheet,
        name: str,
        file_name: str,
        bad: dict[int, dict[int, str]],
        skip_empty: bool,
    ) -> None:
        self.ws = ws
        self.name = name
        self.file_name = file_name
        self.bad = bad
        self.skip_empty = skip_empty
        start, end = ws.start, ws.end
        merged = [
            (r0, c0, r1, c1)
            for (r0, c0), (r1, c1) in (ws.merged_cell_ranges or [])
            if start is not None
            and end is not None
            and start[0] <= r0 <= end[0]
            and start[1] <= c0 <= end[1]  # a merged range with a value starts at a filled cell
        ]
        self.merged = sorted(merged)
        if start is None or end is None:
            self.first_col, self.last_row, self.data_end, self.width = 0, -1, -1, 0
            return
        self.first_col = start[1]
        last_col = max([end[1]] + [c1 for _, _, _, c1 in merged])
        self.width = last_col - start[1] + 1
        self.data_end = end[0]
        self.last_row = max([end[0]] + [r1 for _, _, r1, _ in merged])

    def where(self, row: int, col: int) -> str:
        return f"{self.file_name}, sheet {self.name}, cell {cell_ref(row + 1, col)}"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        if self.last_row < 0:
            return
        width = self.width
        convert = self._convert
        bad = self.bad
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
        for r in range(self.data_end + 1, self.last_row + 1):
            texts = [""] * width
            m = self._fill(r, texts, m, active)
            if self.skip_empty and not any(texts):
                continue
            yield r + 1, texts

    def _fill(
        self, r: int, texts: list[str], m: int, active: list[tuple[int, int, int, str]]
    ) -> int:
        first = self.first_col
        while m < len(self.merged) and self.merged[m][0] == r:
            _, c0, r1, c1 = self.merged[m]
            value = texts[c0 - first]
            if not _NUMERIC.fullmatch(value):  # a number merged over cells is left where it is
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
            return number_text(v)
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


# ---------------------------------------------------------------------------------------------
# Error cells and formulas without a saved value, which python-calamine shows as empty cells


def _bad_cells(
    data: Data, kind: str | None, name: str, file_name: str
) -> dict[int, dict[int, str]]:
    """{0-based row: {0-based column: reason}} for the cells of the sheet that are errors."""
    try:
        if kind == "xlsx":
            return _xlsx_bad_cells(data, name)
        if kind == "xls":
            return _xls_bad_cells(data, name)
    except (
        OSError,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        ElementTree.ParseError,
        struct.error,
    ) as e:
        raise AidcalcError(f"cannot read sheet {name}: {e}", file=file_name) from None
    return {}


_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx_sheet_part(z: zipfile.ZipFile, name: str) -> str:
    wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rid = None
    for el in wb.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet" and el.get("name") == name:
            rid = el.get(f"{{{_REL_NS}}}id")
            break
    if rid is None:
        raise KeyError(f"sheet {name} not in xl/workbook.xml")
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for el in rels:
        if el.get("Id") == rid:
            target = el.get("Target", "")
            if target.startswith("/"):
                return target[1:]
            return os.path.normpath("xl/" + target).replace(os.sep, "/")
    raise KeyError(f"sheet {name} not in xl/_rels/workbook.xml.rels")


_XLSX_HINT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]|\st=[\"']e[\"']")
_XLSX_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>)", re.S
)
_XLSX_ATTR = re.compile(rb"""\s([\w:]+)=["']([^"']*)["']""")
_XLSX_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v\s*(/>|>(.*?)<)", re.S)
_XLSX_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _xlsx_bad_cells(data: Data, name: str) -> dict[int, dict[int, str]]:
    bad: dict[int, dict[int, str]] = {}
    src: Any = io.BytesIO(data) if isinstance(data, bytes) else os.fspath(data)
    with zipfile.ZipFile(src) as z:
        part = _xlsx_sheet_part(z, name)
        with z.open(part) as f:
            rest = b""
            while True:
                chunk = f.read(1 << 20)
                buf = rest + chunk
                if chunk:
                    cut = buf.rfind(b"row>") + 4  # after </row> (or </x:row>)
                    if cut < 4:
                        rest = buf
                        continue
                    text, rest = buf[:cut], buf[cut:]
                else:
                    text, rest = buf, b""
                if _may_hold_bad_cells(text):
                    _scan_xlsx_cells(text, bad)
                if not chunk:
                    break
    return bad


def _may_hold_bad_cells(text: bytes) -> bool:
    """Whether a piece of sheet XML may hold a formula or an error cell: three byte searches,
    much faster than a regular expression over every tag. A formula holds ``</f>`` or is a
    shared one (``<f t="shared" si="0"/>``); an error cell's value starts with ``#``. Matches
    elsewhere only cost a closer look."""
    return text.find(b"f>") >= 0 or text.find(b"shared") >= 0 or text.find(b"v>#") >= 0


def _scan_xlsx_cells(text: bytes, bad: dict[int, dict[int, str]]) -> None:
    seen: set[int] = set()
    end = text.find(b"sheetData>", text.find(b"sheetData") + 9)
    for hint in _XLSX_HINT.finditer(text, 0, end if end >= 0 else len(text)):
        start = max(text.rfind(b"<c ", 0, hint.start()), text.rfind(b":c ", 0, hint.start()))
        if start < 0:
            continue
        if text[start] != ord("<"):
            start = text.rfind(b"<", 0, start)
        if start in seen:
            continue
        seen.add(start)
        m = _XLSX_CELL.match(text, start)
        if m is None:
            continue
        attrs = {k.split(b":")[-1]: v for k, v in _XLSX_ATTR.findall(m.group(1))}
        body = m.group(2) or b""
        kind = attrs.get(b"t", b"n")
        v = _XLSX_VALUE.search(body)
        value = None if v is None else (v.group(2) or b"")
        reason = None
        if kind == b"e":
            shown = value.decode("utf-8", "replace") if value else "an error"
            reason = f"the error value {shown}, not a figure"
        elif _XLSX_FORMULA.search(body) and (
            value is None or (value == b"" and kind not in (b"str", b"inlineStr"))
        ):
            reason = "a formula with no saved value (open and save the file in a spreadsheet)"
        if reason is None:
            continue
        ref = attrs.get(b"r")
        if ref is None:
            raise ValueError(f"{reason}, in a cell with no reference")
        row, col = _ref_position(ref.decode("ascii"))
        bad.setdefault(row, {})[col] = reason


# .xls: an OLE2 compound file holding the BIFF8 "Workbook" stream.

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


def _xls_bad_cells(data: Data, name: str) -> dict[int, dict[int, str]]:
    if not isinstance(data, bytes):
        with open(data, "rb") as f:
            data = f.read()
    stream = _ole_stream(data, ("Workbook", "Book"))
    # BOUNDSHEET records (0x85) give each sheet's name and the offset of its BOF record.
    offset = None
    pos = 0
    while pos + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, pos)
        if rtype == 0x85 and size >= 8:
            n, flags = stream[pos + 10], stream[pos + 11]
            raw = stream[pos + 12 : pos + 4 + size]
            sheet = raw[: 2 * n].decode("utf-16-le") if flags & 1 else raw[:n].decode("latin-1")
            if sheet == name:
                (offset,) = struct.unpack_from("<I", stream, pos + 4)
                break
        elif rtype == 0x0A:  # EOF of the workbook globals
            break
        pos += 4 + size
    bad: dict[int, dict[int, str]] = {}
    if offset is None:
        return bad  # a BIFF5 name in a code page, say: python-calamine's values stand
    pos = offset
    while pos + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + size]
        if rtype == 0x0A:  # EOF of the sheet
            break
        code = None
        if rtype == 0x0006 and len(body) >= 14:  # FORMULA: row, col, xf, result
            if body[12:14] == b"\xff\xff" and body[6] == 2:
                code = body[8]
        elif rtype == 0x0205 and len(body) >= 8 and body[7] == 1:  # BOOLERR holding an error
            code = body[6]
        if code is not None:
            row, col = struct.unpack_from("<HH", body, 0)
            shown = _XLS_ERRORS.get(code, f"error {code}")
            bad.setdefault(row, {})[col] = f"the error value {shown}, not a figure"
        pos += 4 + size
    return bad


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes:
    """The named stream of an OLE2 compound file (enough of the format for a workbook)."""
    if not data.startswith(OLE2_MAGIC):
        raise ValueError("not an OLE2 file")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
    size = 1 << sector_shift
    mini_size = 1 << mini_shift
    (n_fat, dir_start, _, mini_cutoff, mini_fat_start, n_mini_fat, difat_start, n_difat) = (
        struct.unpack_from("<IIIIIIII", data, 44)
    )

    def sector(i: int) -> bytes:
        return data[(i + 1) * size : (i + 2) * size]

    fat_sectors = list(struct.unpack_from("<109I", data, 76))[: min(n_fat, 109)]
    d = difat_start
    for _ in range(n_difat):
        difat = struct.unpack(f"<{size // 4}I", sector(d))
        fat_sectors.extend(difat[:-1])
        d = difat[-1]
    fat_sectors = fat_sectors[:n_fat]
    fat: list[int] = []
    for s in fat_sectors:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(s)))

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        while start < 0xFFFFFFFA and len(out) <= len(table):
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(s) for s in chain(dir_start, fat))
    entries = []
    for off in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, off + 64)[0]
        entry_name = directory[off : off + max(0, name_len - 2)].decode("utf-16-le", "replace")
        kind = directory[off + 66]
        start, stream_size = struct.unpack_from("<II", directory, off + 116)
        entries.append((entry_name, kind, start, stream_size))
    root = next(e for e in entries if e[1] == 5)
    for entry_name, kind, start, stream_size in entries:
        if kind == 2 and entry_name in names:
            if stream_size >= mini_cutoff:
                return b"".join(sector(s) for s in chain(start, fat))[:stream_size]
            mini_fat: list[int] = []
            for s in chain(mini_fat_start, fat)[:n_mini_fat]:
                mini_fat.extend(struct.unpack(f"<{size // 4}I", sector(s)))
            mini_stream = b"".join(sector(s) for s in chain(root[2], fat))
            return b"".join(
                mini_stream[s * mini_size : (s + 1) * mini_size] for s in chain(start, mini_fat)
            )[:stream_size]
    raise KeyError("no Workbook stream")
