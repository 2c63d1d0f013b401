"""A table inside a document, read as a :class:`~aidcalc.reader.Table`.

The table's rows (:meth:`~aidcalc.reader.documents.grid.Grid.rows`: the title and unit lines above
it, its header made one row, its body, the notes below) go through the same steps as a sheet of a
workbook (:func:`aidcalc.reader.table.find_table`, ``columns_of``, ``checked_batch``), so unit
lines, merged cells and total rows are read as in a spreadsheet. A table is named in messages as
``report.pdf, page 1, table 1``, and its rows are numbered from 1 as they stand in the table.
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.documents import tables_of
from aidcalc.reader.documents.grid import Grid
from aidcalc.reader.table import Source, Table, checked_batch, columns_of, find_table

if TYPE_CHECKING:
    from aidcalc.core.result import Cell, Result

__all__ = ["choose", "describe", "open_document_table", "tables_result"]


def choose(grids: list[Grid], name: str, page: int | None, table: int | None) -> Grid:
    """Table ``table`` (1-based) of the page, or of the document; by default the first."""
    where = f"page {page}" if page is not None else "the document"
    if not grids:
        raise AidcalcError(f"no table found in {where} (aidcalc tables FILE lists them)", file=name)
    k = table or 1
    if not 1 <= k <= len(grids):
        raise AidcalcError(
            f"--table {k}: {where} has {len(grids)} table{'s' if len(grids) > 1 else ''}"
            " (aidcalc tables FILE lists them)",
            file=name,
        )
    return grids[k - 1]


def describe(grid: Grid) -> str:
    """``page 1, table 1`` or ``table 2``: how a table is named."""
    return (
        f"page {grid.page}, table {grid.index}" if grid.page is not None else f"table {grid.index}"
    )


def open_document_table(
    source: Source,
    data: bytes,
    *,
    page: int | None = None,
    table: int | None = None,
    header_row: int | None = None,
) -> Table:
    """The chosen table of a document, with its header found."""
    grids = tables_of(data, source.name, page)
    grid = choose(grids, source.name, page, table)
    where = f"{source.name}, {describe(grid)}"
    rows = grid.rows()
    records = [(i, cells) for i, cells in enumerate(rows, 1)]
    found = find_table(records, where, header_row)
    columns = columns_of(found.header, where, found.header_line)
    first = checked_batch(found.rows, found.lines, len(columns), where)
    result = Table(
        Source(where, source.path), columns, chain([first] if first else []), found.header_line
    )
    result.preamble = found.preamble
    result.notes.extend(grid.notes)
    if table is None and len(grids) > 1:
        result.notes.append(
            f"read {describe(grid)}; {'the page' if page else 'the document'} has {len(grids)}"
            " tables (--table K reads another; aidcalc tables FILE lists them)"
        )
    return result


def tables_result(grids: list[Grid]) -> Result:
    """One row per table: page, table, position, rows × columns, its first header cells."""
    from aidcalc.core.result import ColumnKind, Result, ResultColumn

    columns = [
        ResultColumn("page", "page", ColumnKind.TEXT),
        ResultColumn("table", "table", ColumnKind.COUNT),
        ResultColumn("position", "position", ColumnKind.TEXT),
        ResultColumn("rows", "rows", ColumnKind.COUNT),
        ResultColumn("columns", "columns", ColumnKind.COUNT),
        ResultColumn("header", "first header cells", ColumnKind.TEXT),
    ]
    rows: list[list[Cell]] = []
    for g in grids:
        n_rows, n_cols = g.size
        grid = g.grid()
        cells = [c for c in grid[0] if c] if grid else []
        shown = " | ".join(dict.fromkeys(cells[:4])) + (" …" if len(cells) > 4 else "")
        rows.append(
            ["" if g.page is None else str(g.page), g.index, g.position, n_rows, n_cols, shown]
        )
    return Result(columns, rows)
