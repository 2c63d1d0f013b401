"""The format-neutral view of an input: its source, its columns, and its rows as batches.

Every reader (CSV today, spreadsheets beside it) yields a :class:`Table`; everything above the
reader — the query, the tally, the checker — sees only this module.

=========================  ===========================================================
``Source``                 an input: a path, or an open binary stream (stdin)
``Column``                 a header cell: name for matching, unit, text as written, index
``Batch``                  up to ``BATCH_ROWS`` consecutive records, with their lines
``Table``                  the columns, and the records as a one-shot stream of batches
``Splittable``             what a reader offers when its file can be shared by two processes
``columns_of(header)``     header cells → columns; blank or duplicated names are errors
``normalize_name(text)``   how column names are matched (NFKC, trimmed, lower case, no unit)
=========================  ===========================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from aidcalc.core.errors import AidcalcError
from aidcalc.published.tablewords import is_footer_start
from aidcalc.published.unitlines import Preamble, find_header

__all__ = [
    "BATCH_ROWS",
    "Batch",
    "Column",
    "Source",
    "Splittable",
    "Table",
    "checked_batch",
    "columns_of",
    "find_table",
    "line_numbers",
    "normalize_name",
    "split_unit",
]

BATCH_ROWS = 1024
#: How many rows at the top of a table are searched for its header (past titles and unit lines).
PREAMBLE_ROWS = 30
_UNIT = re.compile(r"^(.*?)\s*[\(\[]([^()\[\]]*)[\)\]]$")


@dataclass(frozen=True, repr=False)
class Source:
    """An input: a path, or an already open binary stream (stdin) shown as ``name``."""

    name: str
    path: str | None = None
    stream: BinaryIO | None = field(default=None, compare=False)

    @classmethod
    def file(cls, path: str) -> Source:
        return cls(name=path, path=path)


@dataclass(frozen=True, repr=False)
class Column:
    """A header cell: its name for matching (lower case, no unit), its unit, its text."""

    name: str
    unit: str | None
    text: str
    index: int


class Batch:
    """Up to ``BATCH_ROWS`` consecutive records, every one as wide as the header.

    Line numbers are worked out only when asked for (an error is being reported): records are
    usually one line each, and otherwise the line breaks inside quoted fields are counted.
    """

    __slots__ = ("_lines", "cells", "first_line", "last_line", "plain", "rows")

    def __init__(
        self, rows: list[list[str]], first_line: int, last_line: int, lines: list[int] | None
    ) -> None:
        self.rows = rows
        self.first_line = first_line
        self.last_line = last_line
        self._lines = lines
        # amount columns already read as plain numbers (by the sifting of published tables), so
        # that the batched path does not read them again: column → fastpath.Plain
        self.plain: dict[int, Any] = {}
        # the distinct cells of label columns, already gathered by the sifting: column → set
        self.cells: dict[int, set[str]] = {}

    def line(self, i: int) -> int:
        """The line on which record ``i`` of this batch starts."""
        if self._lines is None:
            if self.last_line - self.first_line + 1 == len(self.rows):
                return self.first_line + i
            self._lines = line_numbers(self.rows, self.first_line)
        return self._lines[i]


class Splittable(Protocol):
    """A table whose file can be split at a record boundary and read by two processes."""

    def split_point(self, min_bytes: int) -> int | None:
        """A byte offset near the middle where a record starts, or None when the file should
        not be split (small, or a quoted field might hold a line break)."""

    def stop_at(self, offset: int) -> None:
        """Hand out no bytes past ``offset``: another process reads from there."""

    def scale_progress(self, factor: float) -> None:
        """Report progress multiplied by ``factor`` (this process reads only a part)."""

    def part(self, start: int, end: int) -> AbstractContextManager[Table]:
        """The records from byte ``start`` to ``end``, as a table with the same columns."""

    def lines_before(self, offset: int) -> int:
        """How many lines the file has before byte ``offset``."""


@dataclass(repr=False, eq=False)
class Table:
    """An open input: its columns, and its records as a one-shot stream of batches."""

    source: Source
    columns: list[Column]
    batches: Iterator[Batch]
    header_line: int = 1
    splittable: Splittable | None = field(default=None, repr=False)
    preamble: Preamble | None = None  # title rows and unit line above the header
    sheet: str | None = None  # for a workbook: the sheet read
    first_column: int = 0  # for a workbook: the sheet column of the table's first column
    notes: list[str] = field(default_factory=list)  # how it was read, for stderr

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line, cells)`` one record at a time, for callers that do not need speed."""
        for batch in self.batches:
            for i, row in enumerate(batch.rows):
                yield batch.line(i), row

    def column(self, name: str, what: str = "column") -> Column:
        """The column called ``name`` (any case, unit ignored); an error lists the columns."""
        key = normalize_name(name)
        for c in self.columns:
            if c.name == key:
                return c
        raise AidcalcError(
            f"no {what} {name!r} here; the columns are: {self.column_list()}",
            file=self.source.name,
            line=self.header_line,
        )

    def column_list(self, limit: int = 20) -> str:
        """The column names as written, the first ``limit`` of them and how many are left out."""
        names = [c.text for c in self.columns[:limit]]
        more = len(self.columns) - limit
        return ", ".join(names) + (f" … and {more} more" if more > 0 else "")

    def has(self, name: str) -> bool:
        key = normalize_name(name)
        return any(c.name == key for c in self.columns)


def normalize_name(text: str) -> str:
    """How column names are matched: NFKC, trimmed, lower case, without a trailing ``(unit)``."""
    return split_unit(text)[0]


def split_unit(text: str) -> tuple[str, str | None]:
    """``"Amount (万元)"`` → ``("amount", "万元")``."""
    s = unicodedata.normalize("NFKC", text).strip()
    m = _UNIT.match(s)
    if m and m.group(1).strip():
        return m.group(1).strip().lower(), m.group(2).strip() or None
    return s.lower(), None


def columns_of(header: list[str], name: str, line: int) -> list[Column]:
    """The columns of a header row; a blank or duplicated name is an error."""
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for i, text in enumerate(header):
        key, unit = split_unit(text)
        if not key and i == 0 and len(header) > 1 and any(c.strip() for c in header[1:]):
            key, text = "label", "label"  # the label column of a wide table, unnamed
        if not key:
            raise AidcalcError(
                f"column {i + 1} has no name in the header; name it or remove it",
                file=name,
                line=line,
                value=text,
            )
        if key in seen:
            raise AidcalcError(
                f"duplicated column name: columns {seen[key] + 1} and {i + 1} are both {key!r}",
                file=name,
                line=line,
                value=text,
            )
        seen[key] = i
        columns.append(Column(key, unit, text.strip(), i))
    return columns


def line_numbers(rows: list[list[str]], first_line: int) -> list[int]:
    """The starting line of each record, counting line breaks inside quoted fields."""
    lines = []
    line = first_line
    for row in rows:
        lines.append(line)
        line += 1 + sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in row)
    return lines


ProgressFn = Callable[[int], None]


@dataclass(repr=False, eq=False)
class Found:
    """Where a table starts: its header row, the preamble above it, the rows read after it."""

    header: list[str]
    header_line: int
    preamble: Preamble
    rows: list[list[str]]
    lines: list[int]


def find_table(
    records: list[tuple[int, list[str]]], name: str, header_row: int | None = None
) -> Found:
    """Find the header among the first records ``(line, cells)``: past title rows, unit lines
    and blank rows, or on line ``header_row``."""
    if not any(any(c.strip() for c in cells) for _, cells in records):
        raise AidcalcError("empty file: expected a header row", file=name)
    index = None
    if header_row is not None:
        index = next((i for i, (line, _) in enumerate(records) if line == header_row), None)
        if index is None:
            raise AidcalcError(
                f"--header-row {header_row}: the header is looked for in the first"
                f" {len(records)} rows (lines {records[0][0]} to {records[-1][0]})",
                file=name,
            )
    try:
        pre = find_header([cells for _, cells in records], None if index is None else index + 1)
    except AidcalcError as e:
        raise e.located(file=name) from None
    line, header = records[pre.header]
    after = [(n, cells) for n, cells in records[pre.body :] if cells]
    return Found(header, line, pre, [c for _, c in after], [n for n, _ in after])


def checked_batch(rows: list[list[str]], lines: list[int], width: int, name: str) -> Batch | None:
    """The records as a batch as wide as the header, or None when none is left. Empty records
    (blank lines) are dropped; a line of one note (``注：…``, ``Source: …``) is padded; empty
    cells past the header's width are dropped; any other record of another width is refused."""
    keep_rows: list[list[str]] = []
    keep_lines: list[int] = []
    for row, line in zip(rows, lines):
        if not row:
            continue
        if len(row) != width:
            filled = [c for c in row if c.strip()]
            if len(row) > width and not any(c.strip() for c in row[width:]):
                row = row[:width]
            elif len(row) == 1 and is_footer_start(row[0]):  # a note under the table
                row = row + [""] * (width - 1)
            elif not filled:
                row = [""] * width
            else:
                raise AidcalcError(
                    f"ragged row: {len(row)} fields where the header has {width}",
                    file=name,
                    line=line,
                    value=",".join(row),
                )
        keep_rows.append(row)
        keep_lines.append(line)
    if not keep_rows:
        return None
    return Batch(keep_rows, keep_lines[0], keep_lines[-1], keep_lines)
