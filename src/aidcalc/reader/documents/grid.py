"""A table found in a document, as cells with their spans, made into rows of cell text.

Every document reader (PDF, web page, Word) gives its tables as :class:`Grid`: cells placed at
a row and column, each spanning rows and columns, plus the lines just above the table (its
title and unit line, when the document sets them outside the table) and just below (notes).
:meth:`Grid.rows` lays the cells out as rows, the way :mod:`aidcalc.reader.workbook` lays out a
sheet, so the rows go through the same sifting as a spreadsheet's:

- a merged cell of text gives its text to every cell it covers (a region written once for its
  block); a merged number below the first row stays in its first cell only (one amount, not
  two), while one in the first row is a heading (``2018``) and covers its columns;
- a header of two levels (``2018年`` over ``县数 | 金额``) becomes one header row: each column
  is named by its lowest header cell, with the cells above put in front only where two columns
  would otherwise have the same name (``2017年 金额``, ``2018年 金额``); :attr:`Grid.notes` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["MAX_CELLS", "Cell", "Grid"]

#: A table with more cells than this (rows × columns, spans counted) is refused.
MAX_CELLS = 1_000_000
_NUMBER = re.compile(r"[-+(（]?[\d,，.．\s]+[)）%％]?")


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """One table of a document."""

    cells: list[Cell]
    page: int | None = None  # 1-based, for a PDF
    index: int = 1  # 1-based: on its page for a PDF, in the document otherwise
    position: str = ""  # where it is: "top 155 pt" on a PDF page
    above: list[str] = field(default_factory=list)  # title and unit lines set above it
    below: list[str] = field(default_factory=list)  # notes set under it
    notes: list[str] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        rows = max((c.row + c.rowspan for c in self.cells), default=0)
        cols = max((c.col + c.colspan for c in self.cells), default=0)
        return rows, cols

    def grid(self) -> list[list[str]]:
        """The cells laid out: merged text repeated over its span, merged numbers once."""
        n_rows, n_cols = self.size
        out = [[""] * n_cols for _ in range(n_rows)]
        for c in self.cells:
            text = " ".join(c.text.split())
            out[c.row][c.col] = text
            if (c.rowspan == 1 and c.colspan == 1) or (c.row > 0 and _NUMBER.fullmatch(text)):
                continue
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    out[r][k] = text
        return out

    def rows(self) -> list[list[str]]:
        """The rows the table reader sifts: the lines above as one-cell rows, the header
        levels as one row, the body, then the notes below as one-cell rows."""
        grid = self.grid()
        width = len(grid[0]) if grid else 0
        levels = self._header_levels(grid)
        if levels > 1:
            grid = [self._one_header(grid, levels), *grid[levels:]]
        pad = [""] * max(width - 1, 0)
        return [
            *([line, *pad] for line in self.above),
            *grid,
            *([line, *pad] for line in self.below),
        ]

    def _header_levels(self, grid: list[list[str]]) -> int:
        """How many rows the header takes: the first row, and the rows its cells span down
        into when those rows hold no number."""
        first = min((c.row for c in self.cells), default=0)
        if first != 0 or not grid:
            return 1
        depth = max((c.rowspan for c in self.cells if c.row == 0), default=1)
        depth = min(depth, len(grid) - 1)
        for r in range(1, depth):
            if any(_NUMBER.fullmatch(t) for t in grid[r] if t):
                return r
        return max(depth, 1)

    def _one_header(self, grid: list[list[str]], levels: int) -> list[str]:
        lowest = [grid[levels - 1][k] for k in range(len(grid[0]))]
        names: list[str] = []
        for k, low in enumerate(lowest):
            upper = [grid[r][k] for r in range(levels - 1) if grid[r][k] and grid[r][k] != low]
            same = sum(1 for x in lowest if x == low) > 1
            names.append(" ".join([*dict.fromkeys(upper), low]) if same else low)
        under: dict[str, list[str]] = {}
        for k, low in enumerate(lowest):
            tops = [grid[r][k] for r in range(levels - 1) if grid[r][k] and grid[r][k] != low]
            if tops and names[k] == low:
                under.setdefault(" ".join(dict.fromkeys(tops)), []).append(low)
        for top, lows in under.items():
            self.notes.append(f"a header of {levels} rows: {', '.join(lows)} stand under {top!r}")
        return names
