"""Scanning an ``.xlsx`` sheet's XML before python-calamine loads it.

The sheet part is read in chunks of a megabyte (never whole), and gives:

- its **extent**, from the reference of every cell that holds a value (``<c r="XFD1048576">``):
  python-calamine builds a dense grid from the first to the last such cell, so this is what is
  checked against :data:`~aidcalc.reader.workbook_limits.MAX_CELLS` (how, cheaply: see
  :mod:`aidcalc.reader.xlsx_extent`). The ``<dimension>`` element is not: calamine does not size
  the grid by it, and blank formatted cells widen it;
- **error cells** (``t="e"``, also written ``t = "e"``) and **formulas with no saved value**,
  which python-calamine shows as empty cells;
- the **number format** of each number cell whose style (``s="3"``, through ``xl/styles.xml``)
  shows a currency or a percentage.

=============================  ==================================================================
``sheet_part(z, name)``        the path of a sheet's XML inside the package
``style_marks(z)``             {style index: mark} for the styles that show a currency or ``%``
``scan_xlsx(z, part, marks)``  a :class:`~aidcalc.reader.workbook_limits.SheetScan`
=============================  ==================================================================
"""

from __future__ import annotations

import bisect
import os
import re
import zipfile
from xml.etree import ElementTree

from aidcalc.reader.number_formats import BUILTIN_PERCENT, format_mark
from aidcalc.reader.workbook_limits import SheetScan
from aidcalc.reader.xlsx_extent import ATTRS, EQ, NS, chunk_extent, column

__all__ = ["ref_position", "scan_xlsx", "sheet_part", "style_marks"]

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS, _EQ, _ATTRS = NS, EQ, ATTRS

_HINT = re.compile(rb"<" + _NS + rb"f[\s>/]|\st" + _EQ + rb"[\"']e[\"']")
#: a whole cell: its attributes (quotes honoured; ending in ``/`` for a blank cell) and its body,
#: which stops at the next cell tag, so that a cell left open costs no search to the end
_BODY = rb"([^<]*(?:<(?!/?" + _NS + rb"c[\s>/])[^<]*)*)"  # up to the next cell tag, at most
_CELL = re.compile(
    rb"<" + _NS + rb"c(?=[\s>/])(" + _ATTRS + rb")>(?:(?<=/>)|" + _BODY + rb"</" + _NS + rb"c>)"
)
_ATTR = re.compile(rb"\s([\w:]+)" + _EQ + rb"""["']([^"']*)["']""")
_VALUE = re.compile(rb"<" + _NS + rb"v\s*(/>|>([^<]*)<)")
_CELL_TAG = re.compile(rb"<" + _NS + rb"c[\s>/]")
_FORMULA = re.compile(rb"<" + _NS + rb"f[\s>/]")
_R = re.compile(rb"\sr" + _EQ + rb"[\"']\$?([A-Za-z]{0,3})\$?(\d{1,9})[\"']")
_S = re.compile(rb"\ss" + _EQ + rb"[\"'](\d+)[\"']")
#: read at a time from the sheet's XML
CHUNK = 1 << 20
#: a piece of XML with no cell end in it this long is cut at a tag instead (no cell of a real
#: sheet is this long: Excel keeps 32,767 characters in a cell), so memory stays bounded
_MAX_PIECE = 4 << 20


def ref_position(ref: str) -> tuple[int, int]:
    """``"D7"`` as a 0-based (row, column)."""
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref)
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)) - 1, column(m.group(1).encode())


def sheet_part(z: zipfile.ZipFile, name: str) -> str:
    """The path of the XML of the sheet called ``name``."""
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


def style_marks(z: zipfile.ZipFile) -> dict[int, str]:
    """{index of a cell style (``s``): mark} for the styles whose number format shows a currency
    or a percentage."""
    try:
        root = ElementTree.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return {}
    codes: dict[int, str] = {}
    marks: dict[int, str] = {}
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "numFmts":
            for f in el:
                fid = f.get("numFmtId", "")
                if fid.isdigit():
                    codes[int(fid)] = f.get("formatCode", "")
        elif tag == "cellXfs":
            for i, xf in enumerate(el):
                fid = xf.get("numFmtId", "0")
                n = int(fid) if fid.isdigit() else 0
                mark = "%" if n in BUILTIN_PERCENT else format_mark(codes.get(n, ""))
                if mark is not None:
                    marks[i] = mark
    return marks


def scan_xlsx(
    z: zipfile.ZipFile, part: str, marks: dict[int, str], chunk_size: int = CHUNK
) -> SheetScan:
    """The sheet's extent, error cells, formulas without a value and marked number cells."""
    scan = SheetScan()
    with z.open(part) as f:
        rest = b""
        row, col = -1, -1  # where the last cell was, for cells without a reference
        while True:
            chunk = f.read(chunk_size)
            buf = rest + chunk
            if chunk:
                cut = _cell_end(buf)
                if cut <= 0 and len(buf) > _MAX_PIECE:
                    cut = buf.rfind(b"<")  # a tag's start: no tag is cut
                    cut = cut if cut > 0 else len(buf)
                if cut <= 0:
                    rest = buf
                    continue
                text, rest = buf[:cut], buf[cut:]
            else:
                text, rest = buf, b""
            row, col = chunk_extent(text, scan, row, col)
            if marks:
                _marks(text, scan, marks)
            if _may_hold_bad_cells(text):
                _bad_cells(text, scan)
            if not chunk:
                break
    return scan


def _cell_end(buf: bytes) -> int:
    """Just after the last ``</c>`` or ``</row>`` of a chunk: where it can be cut with every cell
    whole (0 when it holds none yet)."""
    row = buf.rfind(b"row>") + 4
    i = buf.rfind(b"c>")
    while i > 0:
        before = buf.rfind(b"<", 0, i)
        if before >= 0 and buf[before + 1 : before + 2] == b"/":  # </c> or </x:c>
            return max(row, i + 2)
        i = buf.rfind(b"c>", 0, i)
    return row if row >= 4 else 0


def _marks(text: bytes, scan: SheetScan, marks: dict[int, str]) -> None:
    for m in _CELL.finditer(text):
        attrs = m.group(1)
        s = _S.search(attrs)
        if s is None or int(s.group(1)) not in marks or m.group(2) is None:
            continue
        t = dict(_ATTR.findall(attrs)).get(b"t", b"n")
        r = _R.search(attrs)
        if t == b"n" and r is not None and r.group(1):
            row, col = int(r.group(2)) - 1, column(r.group(1))
            scan.marks.setdefault(row, {})[col] = marks[int(s.group(1))]


def _may_hold_bad_cells(text: bytes) -> bool:
    """Whether a piece of sheet XML may hold a formula or an error cell, by byte searches (much
    faster than a regular expression over every tag): a formula starts with ``<f`` (``<x:f``
    with a prefix); an error cell's value starts with ``#``. Searches for one byte (``:``,
    ``#``), nearly free, go first. Matches elsewhere only cost a closer look."""
    return (
        text.find(b"<f") >= 0
        or (text.find(b":") >= 0 and text.find(b":f") >= 0)
        or (text.find(b"#") >= 0 and text.find(b"v>#") >= 0)
    )


def _bad_cells(text: bytes, scan: SheetScan) -> None:
    seen: set[int] = set()
    end = text.find(b"sheetData>", text.find(b"sheetData") + 9)
    end = end if end >= 0 else len(text)
    starts: list[int] | None = None  # where each cell tag starts, found once per chunk
    for hint in _HINT.finditer(text, 0, end):
        at = hint.start()
        if starts is None:
            starts = [m.start() for m in _CELL_TAG.finditer(text, 0, end)]
        i = bisect.bisect_right(starts, at) - 1  # the cell the hint is in
        if i < 0:
            continue
        start = starts[i]
        if start in seen:
            continue
        seen.add(start)
        m = _CELL.match(text, start)
        if m is None:
            continue
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(m.group(1))}
        body = m.group(2) or b""
        kind = attrs.get(b"t", b"n").strip()
        v = _VALUE.search(body)
        value = None if v is None else (v.group(2) or b"")
        reason = None
        if kind == b"e":
            shown = value.decode("utf-8", "replace") if value else "an error"
            reason = f"the error value {shown}, not a figure"
        elif _FORMULA.search(body) and (
            value is None or (value == b"" and kind not in (b"str", b"inlineStr"))
        ):
            reason = "a formula with no saved value (open and save the file in a spreadsheet)"
        if reason is None:
            continue
        ref = attrs.get(b"r")
        if ref is None:
            raise ValueError(f"{reason}, in a cell with no reference")
        row, col = ref_position(ref.decode("ascii"))
        scan.bad.setdefault(row, {})[col] = reason
