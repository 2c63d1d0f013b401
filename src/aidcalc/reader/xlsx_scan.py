"""Scanning an ``.xlsx`` sheet's XML before python-calamine loads it.

The sheet part is read in chunks of a megabyte (never whole), and gives:

- its **extent**, from the reference of every cell that holds a value (``<c r="XFD1048576">``):
  python-calamine builds a dense grid from the first to the last such cell, so this is what is
  checked against :data:`~aidcalc.reader.workbook_limits.MAX_CELLS`. (The ``<dimension>``
  element is not: calamine does not size the grid by it, and blank formatted cells widen it.)
  A cell without a reference follows the one before it in its row;
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

import os
import re
import zipfile
from xml.etree import ElementTree

from aidcalc.reader.number_formats import BUILTIN_PERCENT, format_mark
from aidcalc.reader.workbook_limits import SheetScan

__all__ = ["ref_position", "scan_xlsx", "sheet_part", "style_marks"]

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix (x:c)
_EQ = rb"\s*=\s*"  # XML allows spaces around the = of an attribute

_HINT = re.compile(rb"<" + _NS + rb"f[\s>/]|\st" + _EQ + rb"[\"']e[\"']")
_CELL = re.compile(rb"<" + _NS + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _NS + rb"c>)", re.S)
_ATTR = re.compile(rb"\s([\w:]+)" + _EQ + rb"""["']([^"']*)["']""")
_VALUE = re.compile(rb"<" + _NS + rb"v\s*(/>|>(.*?)<)", re.S)
_FORMULA = re.compile(rb"<" + _NS + rb"f[\s>/]")
#: every cell tag: its reference (letters, digits; both empty when it has none) and whether it is
#: self-closing (a blank cell, which python-calamine leaves out)
_REF = re.compile(
    rb"<" + _NS + rb"c(?=[\s>/])(?:[^>]*?\sr" + _EQ + rb"[\"']\$?([A-Za-z]{1,3})\$?(\d{1,9})[\"'])?"
    rb"[^>]*?(/?)>"
)
_ROW_OR_CELL = re.compile(rb"<" + _NS + rb"(row|c)(?=[\s>/])([^>]*?)(/?)>|</" + _NS + rb"row>")
_R = re.compile(rb"\sr" + _EQ + rb"[\"']\$?([A-Za-z]{0,3})\$?(\d{1,9})[\"']")
_S = re.compile(rb"\ss" + _EQ + rb"[\"'](\d+)[\"']")


def ref_position(ref: str) -> tuple[int, int]:
    """``"D7"`` as a 0-based (row, column)."""
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref)
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)) - 1, _column(m.group(1).encode())


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col - 1


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


def scan_xlsx(z: zipfile.ZipFile, part: str, marks: dict[int, str]) -> SheetScan:
    """The sheet's extent, error cells, formulas without a value and marked number cells."""
    scan = SheetScan()
    with z.open(part) as f:
        rest = b""
        row, col = -1, -1  # where the last cell was, for cells without a reference
        while True:
            chunk = f.read(1 << 20)
            buf = rest + chunk
            if chunk:
                cut = _cell_end(buf)
                if cut <= 0:
                    rest = buf
                    continue
                text, rest = buf[:cut], buf[cut:]
            else:
                text, rest = buf, b""
            row, col = _extent(text, scan, row, col)
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


#: a cell tag as nearly every writer writes it: ``<c r="AB12"``, the reference first
_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,9})"')
#: what could hide a cell tag from :data:`_PLAIN_REF` and from counting ``<c `` (other white
#: space, a prefix, no attribute) or show one that is no tag (a comment, CDATA, a processing
#: instruction): byte searches, fast
_ODD = (b"\t", b"\n", b"\r", b"<c>", b"<c/", b":c", b"<!", b"<?")


def _plain_extent(text: bytes, scan: SheetScan) -> bool:
    """The extent the fast way, when every cell tag of the chunk starts with its reference
    written plainly and none is blank (``<c r="A1" s="1"/>``, left out by python-calamine).
    The tags matched are counted against every ``<c `` of the chunk (``<`` cannot stand in XML
    text), so no cell can be missed. False when it cannot be used."""
    if b"/>" in text or any(odd in text for odd in _ODD):
        return False
    refs = _PLAIN_REF.findall(text)
    if len(refs) != text.count(b"<c "):
        return False
    if refs:
        letters = {x for x, _ in refs}
        rows = list(map(int, (d for _, d in refs)))
        scan.cell(min(rows) - 1, min(map(_column, letters)))
        scan.cell(max(rows) - 1, max(map(_column, letters)))
    return True


def _extent(text: bytes, scan: SheetScan, row: int, col: int) -> tuple[int, int]:
    if _plain_extent(text, scan):
        m = _PLAIN_REF.search(text, max(0, text.rfind(b"<c r=")))
        return (int(m.group(2)) - 1, _column(m.group(1))) if m else (row, col)
    refs = _REF.findall(text)
    if not refs:
        return row, col
    if all(r[0] for r in refs):  # every cell has its reference: the fast way
        filled = [(letters, digits) for letters, digits, blank in refs if not blank]
        if filled:
            rows = [int(d) for _, d in filled]
            letters = {x.upper() for x, _ in filled}
            scan.cell(min(rows) - 1, min(_column(x) for x in letters))
            scan.cell(max(rows) - 1, max(_column(x) for x in letters))
        last_letters, last_digits, _ = refs[-1]
        return int(last_digits) - 1, _column(last_letters)
    for m in _ROW_OR_CELL.finditer(text):  # a cell without a reference follows the one before
        kind, attrs, blank = m.group(1), m.group(2) or b"", m.group(3)
        if kind is None:  # </row>
            continue
        r = _R.search(attrs)
        if kind == b"row":
            row = int(r.group(2)) - 1 if r is not None else row + 1
            col = -1
            continue
        if r is not None and r.group(1):
            row, col = int(r.group(2)) - 1, _column(r.group(1))
        else:
            col += 1
        if not blank:
            scan.cell(max(row, 0), col)
    return row, col


def _marks(text: bytes, scan: SheetScan, marks: dict[int, str]) -> None:
    for m in _CELL.finditer(text):
        attrs = m.group(1)
        s = _S.search(attrs)
        if s is None or int(s.group(1)) not in marks or m.group(2) is None:
            continue
        t = dict(_ATTR.findall(attrs)).get(b"t", b"n")
        r = _R.search(attrs)
        if t == b"n" and r is not None and r.group(1):
            row, col = int(r.group(2)) - 1, _column(r.group(1))
            scan.marks.setdefault(row, {})[col] = marks[int(s.group(1))]


def _may_hold_bad_cells(text: bytes) -> bool:
    """Whether a piece of sheet XML may hold a formula or an error cell: three byte searches,
    much faster than a regular expression over every tag. A formula holds ``</f>`` or is a
    shared one (``<f t="shared" si="0"/>``); an error cell's value starts with ``#``. Matches
    elsewhere only cost a closer look."""
    return text.find(b"f>") >= 0 or text.find(b"shared") >= 0 or text.find(b"v>#") >= 0


def _bad_cells(text: bytes, scan: SheetScan) -> None:
    seen: set[int] = set()
    end = text.find(b"sheetData>", text.find(b"sheetData") + 9)
    for hint in _HINT.finditer(text, 0, end if end >= 0 else len(text)):
        at = hint.start()
        start = max(text.rfind(b"<c ", 0, at), text.rfind(b":c ", 0, at))
        start = max(start, text.rfind(b"<c\t", 0, at), text.rfind(b"<c\n", 0, at))
        if start < 0:
            continue
        if text[start] != ord("<"):
            start = text.rfind(b"<", 0, start)
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
