"""The extent of an ``.xlsx`` sheet, from the references of its cells, one chunk of XML at a time.

python-calamine builds a dense grid from the first to the last cell that holds a value, so that
extent is what :data:`~aidcalc.reader.workbook_limits.MAX_CELLS` is checked against. It must be
exact (a far cell anywhere counts) and cheap (a sheet of a million rows has millions of cells).

**The fast way** (:func:`plain_extent`). Nearly every writer writes each cell as
``<c r="B7" ...>``, the reference first, rows and columns in order. So the extent of a chunk is
guessed from the cells already seen and the chunk's first and last cells holding a value, and one
regular expression, compiled for that guess (:func:`span_pattern` writes a range of rows or
columns as a pattern), looks for any cell tag that would prove the guess wrong: a reference
outside it, a tag written any other way (another attribute first, single quotes, ``$``, no
reference, white space other than one space), or a second ``r`` attribute (python-calamine takes
the last). A cell holding a value found outside widens the guess (a ragged row, a row out of
order), a few times at most; a blank cell (``<c r="…" s="1"/>``, left out by python-calamine) is
looked past. When nothing is left, the guess is the chunk's extent: each of its bounds is a real
cell's, and no cell lies outside. A namespace prefix (``<x:c``) is found by a search for the
single byte ``:`` first, which costs almost nothing when absent. A comment or CDATA can only hide
a cell from python-calamine, never from this search: such a cell is counted (the safe side).

On the 200,000-row bench workbook the whole scan of a sheet (decompression included) costs 0.46 s
of CPU where reading every reference in Python cost 0.97 s (docs/benchmarks.md, workbook section).

**The careful way** (:func:`careful_extent`), for a chunk the fast way cannot vouch for: every row
and cell tag is read in order; a cell without a reference follows the one before it in its row.
A cell tag that does not parse (a ``<`` or an unclosed quote inside it), or a cell or row with two
``r`` attributes, is refused as damage.

Attribute values are read quote-aware: ``<c r="XFD1048576" a="/>">`` holds a value (python-calamine
reads the quotes), and is counted.
"""

from __future__ import annotations

import re

from aidcalc.reader.workbook_limits import SheetScan

__all__ = ["ATTRS", "EQ", "NS", "chunk_extent", "column", "span_pattern"]

#: an optional namespace prefix (x:c)
NS = rb"(?:[A-Za-z_][\w.-]*:)?"
#: XML allows spaces around the = of an attribute
EQ = rb"\s*=\s*"
#: a tag's attributes, quotes honoured: a ``>`` or ``/>`` inside a quoted value ends nothing
ATTRS = rb"""[^>"'<]*(?:(?:"[^"<]*"|'[^'<]*')[^>"'<]*)*"""
_ROW_OR_CELL = re.compile(rb"<" + NS + rb"(row|c)(?=[\s>/])(" + ATTRS + rb")>|</" + NS + rb"row>")
#: every row and cell tag, well formed or not, to count against the tags read
_TAG_START = re.compile(rb"<" + NS + rb"(?:row|c)(?=[\s>/])")
_CELL_START = re.compile(rb"<" + NS + rb"c(?=[\s>/])")
_R = re.compile(rb"\sr" + EQ + rb"[\"']\$?([A-Za-z]{0,3})\$?(\d{1,9})[\"']")
_PLAIN = re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d{0,8})"(' + ATTRS + rb")>")
#: the rest of a cell tag after its reference, with no other attribute named ``r`` (python-calamine
#: takes the last of two: ``<c r="A1" r="XFD1048576">`` is a cell at XFD1048576): an ``r``
#: outside quotes must not be followed by ``=`` or white space
_NO_OTHER_R = rb"""[^>r"']*(?:(?:"[^"<]*"|'[^'<]*'|r(?![\s=]))[^>r"']*)*>"""
_R_ATTR = re.compile(rb"\sr\s*=")
#: a blank cell with a plain reference (python-calamine leaves it out, wherever it is)
_BLANK_REST = rb' r="[A-Z]{1,3}[1-9]\d{0,8}"' + ATTRS + rb"/>"
#: a prefix (``<x:c``): the fast way looks for ``<c`` only; ``:`` is searched for first, as a
#: single byte search costs almost nothing
_PREFIX = (b":", b":c")
#: blank cells at the end of a chunk looked past for the last cell holding a value
_MAX_BLANK_TAIL = 64
#: cells outside the guessed extent that widen it, in a chunk, before it is read the careful way
_MAX_WIDEN = 16


def column(letters: bytes) -> int:
    """``b"AB"`` as a 0-based column."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col - 1


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _between(lo: str, hi: str, low: str, top: str) -> str:
    """A pattern for the strings as long as ``lo`` and ``hi`` that sort between them, each
    character from ``low`` to ``top``."""
    if lo == hi:
        return lo
    n = len(lo) - 1
    a, b = lo[0], hi[0]
    if n == 0:
        return f"[{a}-{b}]"
    if a == b:
        return a + _between(lo[1:], hi[1:], low, top)
    if lo[1:] == low * n and hi[1:] == top * n:
        return f"[{a}-{b}][{low}-{top}]{{{n}}}"
    parts = [a + _between(lo[1:], top * n, low, top)]
    if ord(b) - ord(a) > 1:
        parts.append(f"[{chr(ord(a) + 1)}-{chr(ord(b) - 1)}][{low}-{top}]{{{n}}}")
    parts.append(b + _between(low * n, hi[1:], low, top))
    return "(?:" + "|".join(parts) + ")"


def span_pattern(lo: str, hi: str, first: str, low: str, top: str) -> str:
    """A pattern for the numerals from ``lo`` to ``hi``, where a shorter numeral is the smaller
    and numerals of one length sort as text: decimal row numbers without leading zeros
    (``first="1", low="0", top="9"``) or column letters (``"A", "A", "Z"``)."""
    if len(lo) == len(hi):
        return _between(lo, hi, low, top)
    # longest first: most references of a long sheet are as long as its last row's
    parts = [_between(first + low * (len(hi) - 1), hi, low, top)]
    if len(hi) - len(lo) > 1:
        parts.append(f"[{first}-{top}][{low}-{top}]{{{len(lo)},{len(hi) - 2}}}")
    parts.append(_between(lo, top * len(lo), low, top))
    return "(?:" + "|".join(parts) + ")"


def _guard(extent: tuple[int, int, int, int]) -> re.Pattern[bytes]:
    """The search for a cell tag that does not start with a plain reference inside ``extent``,
    or has another ``r`` attribute after it; blank cells with a plain reference pass anywhere."""
    r0, c0, r1, c1 = extent
    rows = span_pattern(str(r0 + 1), str(r1 + 1), "1", "0", "9")
    cols = span_pattern(_letters(c0), _letters(c1), "A", "A", "Z")
    inside = rf' r="{cols}{rows}"'.encode() + _NO_OTHER_R
    return re.compile(rb"<c(?=[\s>/])(?!" + inside + rb"|" + _BLANK_REST + rb")")


def _checked(text: bytes, guess: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The extent of the cells of ``text`` holding a value, given a ``guess`` made of real cells:
    every cell tag is checked to start with a plain reference inside it. A plain cell outside
    widens the guess (a wider row than the first, a row out of order), a few times at most; a
    blank cell with a plain reference passes. None when a tag is written another way."""
    guard = _guard(guess)
    at = 0
    widened = 0
    while True:
        m = guard.search(text, at)
        if m is None:
            return guess
        cell = _value_cell(text, m.start())
        if cell is None or widened == _MAX_WIDEN:
            return None
        widened += 1
        wider = _widen(guess, *cell)
        if wider == guess:  # inside, yet a tag the guard refused: another r, say
            return None
        guess = wider
        guard = _guard(guess)
        at = m.start()


def _value_cell(text: bytes, at: int) -> tuple[int, int] | None:
    """The (row, column) of the plain cell tag at ``at`` if it holds a value."""
    m = _PLAIN.match(text, at)
    if m is None or m.group(3).endswith(b"/"):
        return None
    return int(m.group(2)) - 1, column(m.group(1))


def chunk_extent(text: bytes, scan: SheetScan, row: int, col: int) -> tuple[int, int]:
    """Take a chunk's cells into ``scan``'s extent (the fast way when it can vouch for them);
    the (row, column) of its last cell, given those of the cell before the chunk."""
    if not plain_extent(text, scan):
        return careful_extent(text, scan, row, col)
    m = _PLAIN.match(text, max(0, text.rfind(b'<c r="')))
    return (row, col) if m is None else (int(m.group(2)) - 1, column(m.group(1)))


def plain_extent(text: bytes, scan: SheetScan) -> bool:
    """Take a chunk's cells into ``scan``'s extent the fast way; False when the chunk must be
    read the careful way (nothing taken)."""
    if _PREFIX[0] in text and _PREFIX[1] in text:
        return False
    first = text.find(b'<c r="')
    if first < 0:
        return _CELL_START.search(text) is None
    corners = [_value_cell(text, first)]
    last = len(text)
    for _ in range(_MAX_BLANK_TAIL):
        last = text.rfind(b'<c r="', 0, last)
        if last < 0:
            break
        corner = _value_cell(text, last)
        if corner is not None:
            corners.append(corner)
            break
    else:
        return False  # a long run of blank cells: the careful way
    guess = scan.extent
    for corner in corners:
        if corner is not None:
            r, c = corner
            guess = (r, c, r, c) if guess is None else _widen(guess, r, c)
    if guess is None:
        return False  # no cell holding a value at either end: no guess to check
    extent = _checked(text, guess)
    if extent is None:
        return False
    scan.cell(extent[0], extent[1])
    scan.cell(extent[2], extent[3])
    return True


def _widen(e: tuple[int, int, int, int], row: int, col: int) -> tuple[int, int, int, int]:
    return min(e[0], row), min(e[1], col), max(e[2], row), max(e[3], col)


def careful_extent(text: bytes, scan: SheetScan, row: int, col: int) -> tuple[int, int]:
    """Take every cell of a chunk into ``scan``'s extent, in order; the position of the last
    cell, for a next cell without a reference."""
    tags = 0
    for m in _ROW_OR_CELL.finditer(text):
        kind, attrs = m.group(1), m.group(2) or b""
        if kind is None:  # </row>
            continue
        tags += 1
        if len(_R_ATTR.findall(attrs)) > 1:
            raise ValueError("a cell or row with two references (r attributes)")
        r = _R.search(attrs)
        if kind == b"row":
            row = int(r.group(2)) - 1 if r is not None else row + 1
            col = -1
            continue
        if r is not None and r.group(1):
            row, col = int(r.group(2)) - 1, column(r.group(1))
        else:
            col += 1
        if not attrs.endswith(b"/"):
            scan.cell(max(row, 0), col)
    if tags != len(_TAG_START.findall(text)):
        raise ValueError("a cell tag that is not well formed (a < or an unclosed quote in it)")
    return row, col
