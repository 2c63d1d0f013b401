"""One pass over the rows: per group, the number of rows, the exact total, its rounding, counties.

``tally(sources, query)`` reads every row of every source once and returns a
:class:`~aidcalc.groups.Tally`. Memory grows with the number of groups, never with the number of
rows. Rows arrive in batches (:mod:`aidcalc.reader`); a batch whose amounts share one plain shape
takes the batched path (:mod:`aidcalc.fastpath`), any other goes row by row here, and a large
file is shared with a second process (:mod:`aidcalc.parallel`). :class:`Tuning` chooses among
these paths; they give identical results (``tests/test_paths.py``).
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aidcalc import parallel
from aidcalc.errors import AidcalcError
from aidcalc.fastpath import FastSums
from aidcalc.figures import parse_amount, scaled
from aidcalc.groups import Group, Tally
from aidcalc.query import Counting, Keys, Layout, Query
from aidcalc.reader import Batch, Source, Table, open_table

__all__ = ["Tuning", "tally", "year_of"]

GroupOf = Callable[[tuple[str, ...]], Group]


@dataclass(frozen=True)
class Tuning:
    """Which reading paths may be taken: for tests that compare them, and for benchmarks."""

    batched: bool = True  # the batched path for batches of plainly written amounts
    parallel: bool = True  # a second process for a large file (also AIDCALC_WORKERS=1 stops it)
    split_min_bytes: int = 8 * 1024 * 1024  # files smaller than this are read by one process


def tally(
    sources: Sequence[Source],
    query: Query,
    *,
    year_from_names: bool = False,
    progress: Callable[[int], None] | None = None,
    tuning: Tuning = Tuning(),
) -> Tally:
    """Read every row of every source once and add it to its group.

    With ``query.year`` (or ``year_from_names``) the year is the first part of each group key.
    """
    # Rows are held only a batch at a time and make no reference cycles; the cyclic garbage
    # collector would only rescan them (a third of the reading time on large files). It is
    # process-wide state, so it is switched back on the way out.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _tally(sources, query, year_from_names, progress, tuning)
    finally:
        if collecting:
            gc.enable()


def _tally(
    sources: Sequence[Source],
    query: Query,
    year_from_names: bool,
    progress: Callable[[int], None] | None,
    tuning: Tuning,
) -> Tally:
    groups: dict[tuple[str, ...], Group] = {}
    counting: Counting | None = None
    skipped = 0
    for n, source in enumerate(sources):
        with open_table(
            source, delimiter=query.delimiter, encoding=query.encoding, progress=progress
        ) as table:
            prefix = (year_of(source.name),) if year_from_names else ()
            layout = query.resolve(table, prefix)
            if n and layout.counting != counting:
                how = layout.counting.value if layout.counting else "not at all"
                was = counting.value if counting else "not at all"
                raise AidcalcError(
                    f"counties are counted differently here ({how}) than in"
                    f" {sources[0].name} ({was})",
                    file=source.name,
                    line=1,
                )
            counting = layout.counting
            skipped += _read_file(table, layout, groups, tuning)
    return Tally(query.by, groups, counting, skipped)


def year_of(name: str) -> str:
    """The year in a file's name (``funds-2018.csv`` → ``2018``): exactly one four-digit number."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", os.path.basename(name))
    if len(years) != 1:
        raise AidcalcError(
            "cannot tell the year from the file name (it needs exactly one four-digit number);"
            " use one file with a year column instead",
            file=name,
        )
    return str(years[0])


def _read_file(
    table: Table, layout: Layout, groups: dict[tuple[str, ...], Group], tuning: Tuning
) -> int:
    """:func:`_read`, sharing a large file with a second process when that is safe: this
    process reads the first half, a forked one the second."""
    split = table.splittable
    point = None
    if split is not None and tuning.parallel and parallel.available():
        point = split.split_point(tuning.split_min_bytes)
    if split is None or point is None:
        return _read(table, layout, groups, tuning.batched)
    size = os.path.getsize(table.source.path or "")
    split.stop_at(point)
    split.scale_progress(size / point)

    def second_half() -> tuple[dict[tuple[str, ...], Group], int]:
        theirs: dict[tuple[str, ...], Group] = {}
        with split.part(point, size) as part:
            return theirs, _read(part, layout, theirs, tuning.batched)

    worker = parallel.Forked(second_half)
    try:
        skipped = _read(table, layout, groups, tuning.batched)
        try:
            theirs, their_skipped = worker.result()
        except AidcalcError as e:
            if e.line is None:
                raise
            raise AidcalcError(  # the child counted lines from the split
                e.reason,
                file=e.file,
                line=e.line + split.lines_before(point),
                column=e.column,
                value=e.value,
            ) from None
    finally:
        worker.close()
    for key, g in theirs.items():
        mine = groups.get(key)
        if mine is None:
            groups[key] = g
        else:
            mine.merge(g)
    return skipped + their_skipped


def _read(table: Table, layout: Layout, groups: dict[tuple[str, ...], Group], batched: bool) -> int:
    """Add the rows of one table to ``groups``; returns how many blank amounts were skipped.

    Each batch takes the batched path when its amounts all have one plain shape; any other batch
    goes row by row, which also finds and names the first bad cell.
    """
    keys = Keys(layout)
    names = layout.counting is Counting.NAMES

    def group(key: tuple[str, ...]) -> Group:
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(names)
        return g

    fast = FastSums(layout, keys) if batched else None
    skipped = 0
    for batch in table.batches:
        rows, index = batch.rows, None
        if layout.conditions:
            index = [i for i, row in enumerate(rows) if layout.keeps(row)]
            rows = [rows[i] for i in index]
            if not rows:
                continue
        if fast is not None:
            if fast.add(rows):
                continue
            fast.flush(group)  # groups stay in the order they were first seen
        skipped += _row_by_row(layout, keys, batch, rows, index, group)
    if fast is not None:
        fast.flush(group)
    return skipped


def _row_by_row(
    layout: Layout,
    keys: Keys,
    batch: Batch,
    rows: list[list[str]],
    index: list[int] | None,
    group: GroupOf,
) -> int:
    """Add a batch one row at a time; the first bad cell raises an error naming its line."""
    skipped = 0
    name = layout.file
    for j, row in enumerate(rows):
        cell = row[layout.amount]
        if layout.skip_blank and not cell.strip():
            skipped += 1
            continue
        line = batch.line(index[j] if index is not None else j)
        try:
            m, e, r = parse_amount(cell, layout.unit_exp, layout.unit_rounded)
        except AidcalcError as err:
            raise err.located(file=name, line=line, column=layout.amount_col) from None
        g = group(keys.of(row))
        g.add(e, m, 1, r)
        if layout.counting is Counting.COUNTS:
            g.counties += _count(row[layout.count_idx], name, line, layout.count_col)
        elif layout.counting is Counting.NAMES:
            county = row[layout.count_idx].strip()
            if not county:
                raise AidcalcError(
                    "blank county name", file=name, line=line, column=layout.count_col, value=""
                )
            assert g.county_set is not None
            g.county_set.add(county)
    return skipped


def _count(cell: str, name: str, line: int, column: str) -> int:
    try:
        m, e, _ = parse_amount(cell)
    except AidcalcError as err:
        raise err.located(file=name, line=line, column=column) from None
    value = scaled(m, e)
    if value.denominator != 1 or value < 0:
        raise AidcalcError(
            "a number of counties must be a whole number, 0 or more",
            file=name,
            line=line,
            column=column,
            value=cell,
        )
    return int(value)
