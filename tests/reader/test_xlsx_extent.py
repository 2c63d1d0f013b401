"""The extent of an ``.xlsx`` sheet, read the fast way and the careful way (reader/xlsx_extent.py).

The fast way guesses a chunk's extent and checks every cell tag against the guess with one
search; these tests hold it to the exact extent of the cells holding a value, whatever their
order and spelling, in chunks small enough that every case crosses many of them.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from helpers import bad, csv_rows, examples
from hostile_files import replace, xlsx_with_sheet_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcalc.reader.xlsx_extent import _letters, span_pattern
from aidcalc.reader.xlsx_scan import scan_xlsx

# ---------------------------------------------------------------------------------------------
# The patterns for a range of rows or columns


@given(st.integers(1, 2_000_000), st.integers(1, 2_000_000), st.integers(0, 3_000_000))
def test_row_span_matches_exactly_the_rows_between(a: int, b: int, n: int) -> None:
    lo, hi = min(a, b), max(a, b)
    pattern = re.compile(span_pattern(str(lo), str(hi), "1", "0", "9"))
    assert (pattern.fullmatch(str(n)) is not None) == (lo <= n <= hi)
    assert pattern.fullmatch("0" + str(n)) is None  # a leading zero is no plain row


@given(st.integers(0, 16_383), st.integers(0, 16_383), st.integers(0, 20_000))
def test_column_span_matches_exactly_the_columns_between(a: int, b: int, n: int) -> None:
    lo, hi = min(a, b), max(a, b)
    pattern = re.compile(span_pattern(_letters(lo), _letters(hi), "A", "A", "Z"))
    assert (pattern.fullmatch(_letters(n)) is not None) == (lo <= n <= hi)


# ---------------------------------------------------------------------------------------------
# The extent of a sheet, against the cells it was written from

#: ways a cell tag is written; every one is a cell python-calamine reads at that reference
SPELLINGS = [
    '<c r="{ref}"{blank}',
    '<c r="{ref}" t="n"{blank}',
    '<c s="0" r="{ref}"{blank}',
    "<c r='{ref}'{blank}",
    '<c r="${ref}"{blank}',
    '<c\tr="{ref}"{blank}',
    '<c r="{ref}" a="/>"{blank}',
    '<c r="{ref}" a=">"{blank}',
    '<x:c r="{ref}"{blank}',
]


def _cell(row: int, col: int, blank: bool, spelling: int) -> str:
    ref = f"{_letters(col)}{row + 1}"
    tag = SPELLINGS[spelling].format(ref=ref, blank="/>" if blank else ">")
    if spelling == 4:
        tag = tag.replace(f"${ref}", f"${_letters(col)}${row + 1}")
    end = "</x:c>" if tag.startswith("<x:") else "</c>"
    return tag if blank else f"{tag}<v>1</v>{end}"


def _scan(xml: str, chunk_size: int) -> tuple[int, int, int, int] | None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("sheet.xml", xml)
    with zipfile.ZipFile(out) as z:
        return scan_xlsx(z, "sheet.xml", {}, chunk_size).extent


cells = st.tuples(
    st.integers(0, 1_100_000),
    st.integers(0, 16_383),
    st.booleans(),
    st.integers(0, len(SPELLINGS) - 1),
)


@settings(max_examples=examples(300), deadline=None)
@given(
    rows=st.integers(1, 60),
    cols=st.integers(1, 8),
    blanks=st.sets(st.integers(0, 500)),
    extra=st.lists(st.tuples(st.floats(0, 1), cells), max_size=4),
    chunk=st.integers(40, 3000),
)
def test_extent_is_that_of_the_cells_holding_a_value(
    rows: int,
    cols: int,
    blanks: set[int],
    extra: list[tuple[float, tuple[int, int, bool, int]]],
    chunk: int,
) -> None:
    """A plain table (some cells blank), with a few cells of any reference, value and spelling
    put anywhere in it (out of order), read in chunks of any size."""
    grid = [(r, c, r * cols + c in blanks, 0) for r in range(rows) for c in range(cols)]
    for where, cell in extra:
        grid.insert(int(where * len(grid)), cell)
    body = "".join(f'<row r="{r + 1}">{_cell(r, c, b, s)}</row>' for r, c, b, s in grid)
    xml = f'<?xml version="1.0"?>\n<worksheet xmlns:x="x"><sheetData>{body}</sheetData></worksheet>'
    filled = [(r, c) for r, c, b, _ in grid if not b]
    want = (
        None
        if not filled
        else (
            min(r for r, _ in filled),
            min(c for _, c in filled),
            max(r for r, _ in filled),
            max(c for _, c in filled),
        )
    )
    assert _scan(xml, chunk) == want


# ---------------------------------------------------------------------------------------------
# Through the CLI: cells python-calamine reads at a far reference, however hidden


def test_a_second_reference_in_a_cell_is_refused(tmp_path: Path) -> None:
    # python-calamine takes the last r: this cell is at XFD1048576 (an abort, unchecked)
    cell = b'<row r="9"><c r="A9" r="XFD1048576"><v>1</v></c></row>'
    path = xlsx_with_sheet_xml(tmp_path, replace(b"</sheetData>", cell + b"</sheetData>"))
    line = bad("total", path)
    assert "sheet s" in line and "two references (r attributes)" in line, line


def test_a_far_cell_with_a_quoted_end_of_tag_is_counted(tmp_path: Path) -> None:
    cell = b'<row r="9"><c r="XFD1048576" a="/>"><v>1</v></c></row>'
    path = xlsx_with_sheet_xml(tmp_path, replace(b"</sheetData>", cell + b"</sheetData>"))
    line = bad("total", path)
    assert "A1:XFD1048576" in line and "10,000,000 cells" in line, line


def test_a_cell_tag_holding_a_less_than_sign_is_refused(tmp_path: Path) -> None:
    cell = b'<row r="9"><c r="XFD1048576" a="<"><v>1</v></c></row>'
    path = xlsx_with_sheet_xml(tmp_path, replace(b"</sheetData>", cell + b"</sheetData>"))
    line = bad("total", path)
    assert "cannot read sheet s: a cell tag that is not well formed" in line, line


def _long_sheet(far: bytes) -> object:
    """An edit making the sheet 40,000 rows long (megabytes: many chunks), ``far`` in the middle."""
    rows = [
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c><c r="B{r}"><v>1</v></c></row>'
        for r in [*range(4, 20_004), *range(20_005, 40_005)]  # row 20,004 is ``far``'s
    ]
    body = "".join(rows[:20_000]).encode() + far + "".join(rows[20_000:]).encode()
    return replace(b"</sheetData>", body + b"</sheetData>")


@pytest.mark.parametrize(
    "far",
    [
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',  # a row out of order
        b'<row r="20004"><c r="XFD20004"><v>1</v></c></row>',  # a far column, in order
        b'<row r="20004"><c r="C20004" r="XFD1048576"><v>1</v></c></row>',
    ],
)
def test_a_far_cell_in_the_middle_of_a_long_sheet_is_found(tmp_path: Path, far: bytes) -> None:
    line = bad("total", xlsx_with_sheet_xml(tmp_path, _long_sheet(far)))
    assert "past the limit" in line or "two references" in line, line


def test_a_long_plain_sheet_is_read_whole(tmp_path: Path) -> None:
    blank = b'<row r="20004"><c r="XFD20004" s="0"/></row>'  # blank: not counted
    assert csv_rows("total", xlsx_with_sheet_xml(tmp_path, _long_sheet(blank)))[0]["total"] == (
        "40300"
    )


@pytest.mark.timeout(120)
def test_cells_left_open_cost_no_search_to_the_end() -> None:
    """Formula cells with a marked style that never close: each cell's body stops at the next
    cell tag, so the scan stays linear (a search to the end for each was quadratic: a hang)."""
    cells = "".join(f'<c r="A{r}" s="1"><f>1+1' for r in range(1, 100_001))
    xml = f"<worksheet><sheetData><row r='1'>{cells}</row></sheetData></worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("sheet.xml", xml)
    with zipfile.ZipFile(out) as z:
        scan = scan_xlsx(z, "sheet.xml", {1: "%"}, 1 << 16)
    assert scan.extent == (0, 0, 99_999, 0) and not scan.marks
