"""One pass over the rows: per group, the number of rows, the exact total, its rounding, counties.

``tally(sources, query)`` reads every row of every source once and returns a
:class:`~aidcalc.calc.groups.Tally`. Memory grows with the number of groups, never with the number
of rows. Rows arrive in batches (:mod:`aidcalc.reader`); a batch whose amounts share one plain shape
takes the batched path (:mod:`aidcalc.calc.fastpath`), any other goes row by row here.
:class:`Tuning` chooses between these paths; they give identical results
(``tests/calc/test_paths.py``). Large tidy inputs are DuckDB's (:mod:`aidcalc.calc.engine`), which
hands this module whatever it cannot vouch for.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from operator import itemgetter

from aidcalc.calc.fastpath import FastSums
from aidcalc.calc.groups import Group, Tally, year_of
from aidcalc.calc.guards import Currencies, Filters
from aidcalc.calc.sift import Sift
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import parse_amount, parse_cell, scaled
from aidcalc.published.tablewords import is_missing_marker
from aidcalc.reader import Batch, Source, Table, normalize_name, open_table
from aidcalc.reader.filters import cell_value
from aidcalc.reader.query import Counting, Keys, Layout, Query

__all__ = ["Tuning", "tally"]

GroupOf = Callable[[tuple[str, ...]], Group]


@dataclass(frozen=True, repr=False)
class Tuning:
    """Which reading paths may be taken: for tests that compare them, and for benchmarks."""

    batched: bool = True  # the batched path for batches of plainly written amounts


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
    notes: list[str] = []
    mismatches: list[str] = []
    currencies = Currencies()
    filters = Filters(query)
    years: dict[str, str] = {}
    for n, source in enumerate(sources):
        prefix: tuple[str, ...] = ()
        if year_from_names:
            year = year_of(source.name)
            if year in years:
                raise AidcalcError(
                    f"two files give the year {year}: {years[year]} and {source.name}; give one"
                    " file per year, or one file with a year column",
                    file=source.name,
                )
            years[year] = source.name
            prefix = (year,)
        with open_table(
            source,
            delimiter=query.delimiter,
            encoding=query.encoding,
            progress=progress,
            sheet=query.sheet,
            header_row=query.header_row,
            page=query.page,
            table_number=query.table,
        ) as table:
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
            currencies.expect(layout)
            sift = Sift(table, layout)
            skipped += _read(table, layout, groups, tuning.batched, sift, currencies, filters)
            found = sift.finish()
            released = sift.release()
            if released is not None:
                skipped += _read(
                    _Rows(table, released),
                    layout,
                    groups,
                    tuning.batched,
                    None,
                    currencies,
                    filters,
                )
            for key in [k for k, g in groups.items() if not g.rows]:
                del groups[key]  # made for a first row that was a total
            skipped += found.skipped
            unit_name = layout.unit.name if layout.unit else ""
            where = f"{source.name}: " if len(sources) > 1 else ""
            notes += [where + note for note in (*table.notes, *layout.notes)]
            notes += [where + note for note in found.notes(layout.unit_exp, unit_name)]
            mismatches += [
                f"{table.source.name}, {m}" for m in found.mismatches(layout.unit_exp, unit_name)
            ]
    filters.check(sources)
    by = query.by
    if query.wide:  # the year leads every key
        by = ("year", *(b for b in query.by if normalize_name(b) != "year"))
    return Tally(
        by,
        groups,
        counting,
        skipped,
        notes,
        mismatches,
        currencies.shown(),
        query.per,
    )


class _Rows(Table):
    """Rows already sifted, as a table of one batch."""

    def __init__(self, table: Table, batch: Batch) -> None:
        super().__init__(table.source, table.columns, iter([batch]), table.header_line)


def _read(
    table: Table,
    layout: Layout,
    groups: dict[tuple[str, ...], Group],
    batched: bool,
    sift: Sift | None,
    currencies: Currencies,
    filters: Filters,
) -> int:
    """Add the data rows of one table to ``groups``; returns how many blank amounts were skipped.

    Each batch is sifted (total rows, notes and headings of a published table taken out), then
    takes the batched path when its amounts all have one plain shape; any other batch goes row
    by row, which also finds and names the first bad cell. A wide table is read once per year
    column, the year leading the key.
    """
    names = layout.counting is Counting.NAMES

    def group(key: tuple[str, ...]) -> Group:
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(names)
        return g

    views = [layout]
    if layout.wide:
        views = [
            replace(
                layout,
                amount=i,
                amount_col=table.columns[i].text,
                prefix=(*layout.prefix, y),
                unit=unit,
                unit_exp=unit.exp if unit else 0,
            )
            for (i, y), unit in zip(layout.wide, layout.wide_units)
        ]
    readers = [(v, Keys(v), FastSums(v, Keys(v)) if batched else None) for v in views]
    # columns whose filter names the blank value itself (COL="" or COL!=""): blanks are meant
    blank_ok = {i for i, c in layout.conditions if "" in c.values}
    skipped = 0
    for batch in _sifted(table, sift, readers, group, layout, currencies):
        rows, index = batch.rows, None
        if layout.conditions:
            _no_blank_filtered(layout, batch, blank_ok)
            index = [i for i, row in enumerate(rows) if layout.keeps(row)]
            filters.batch(layout, rows, len(index))
            rows = [rows[i] for i in index]
            if not rows:
                continue
        if layout.currency_idx >= 0:
            currencies.column(layout, batch, rows, index)
        for view, keys, fast in readers:
            if fast is not None:
                plain = batch.plain.get(view.amount) if index is None else None
                county_cells = batch.cells.get(view.count_idx) if index is None else None
                if fast.add(rows, plain, county_cells):
                    continue
                fast.flush(group)  # groups stay in the order they were first seen
            skipped += _row_by_row(view, keys, batch, rows, index, group, currencies)
    for _, _, fast in readers:
        if fast is not None:
            fast.flush(group)
    return skipped


def _sifted(
    table: Table,
    sift: Sift | None,
    readers: list[tuple[Layout, Keys, FastSums | None]],
    group: GroupOf,
    layout: Layout,
    currencies: Currencies,
) -> Iterator[Batch]:
    """The data rows of each batch, as the sift lets them through (``sift`` None: already
    sifted). The first row of a table is held back until the end (it may be a total above its
    rows): its group is made now, so that groups keep the order they are first seen in."""
    if sift is None:
        yield from table.batches
        return
    batches = iter(table.batches)
    ahead = next(batches, None)  # one batch ahead: the last batch of a table holds its last row
    while ahead is not None:
        batch, ahead = ahead, next(batches, None)
        held = sift.first
        out = sift.sift(batch, last=ahead is None, after=ahead)
        if held is None and sift.first is not None:
            _first_in_place(sift.first, readers, group, layout, currencies)
        yield from out


def _first_in_place(
    first: tuple[list[str], int],
    readers: list[tuple[Layout, Keys, FastSums | None]],
    group: GroupOf,
    layout: Layout,
    currencies: Currencies,
) -> None:
    """What the first row, held back, would have done in its place: make its group (groups keep
    the order they are first seen in) and show its currency (the first cell in another currency
    is the one named)."""
    row, line = first
    if not layout.keeps(row):
        return
    for view, keys, _ in readers:
        key = keys.of(row)
        if "" not in key:
            group(key)
        cell = row[view.amount]
        try:
            currency = parse_cell(cell, view.unit_exp, view.unit_rounded)[3]
        except AidcalcError:
            continue  # named when the row is read
        if currency is not None:
            currencies.seen(currency, f"line {line}", view, line, view.amount, cell)


def _no_blank_filtered(layout: Layout, batch: Batch, blank_ok: set[int]) -> None:
    """A blank cell in a filtered column is refused: in a table laid out for print it means "the
    same as above", and a filter would silently drop the row (``--fill-down`` fills it)."""
    for i, _ in layout.conditions:
        if i < 0 or i in blank_ok:
            continue
        cells = list(map(str.strip, map(itemgetter(i), batch.rows)))
        if "" in cells:
            line = batch.line(cells.index(""))
            name = layout.columns[i]
            err = AidcalcError(
                f"a blank value in the filtered column; if it means the same as the row above,"
                f" say so with --fill-down {name!r}; to mean a blank, name it in the filter"
                f' ({name}="" or {name}!="")',
                value="",
            )
            raise layout.located(err, line, i)


def _row_by_row(
    layout: Layout,
    keys: Keys,
    batch: Batch,
    rows: list[list[str]],
    index: list[int] | None,
    group: GroupOf,
    currencies: Currencies,
) -> int:
    """Add a batch one row at a time; the first bad cell raises an error naming its line."""
    skipped = 0
    for j, row in enumerate(rows):
        cell = row[layout.amount]
        if layout.skip_blank and (not cell.strip() or is_missing_marker(cell)):
            skipped += 1
            continue
        line = batch.line(index[j] if index is not None else j)
        try:
            m, e, r, currency = parse_cell(cell, layout.unit_exp, layout.unit_rounded)
        except AidcalcError as err:
            why = err
            if is_missing_marker(cell):
                why = AidcalcError(
                    "a mark for a missing figure, not an amount (not zero either); --skip-blank"
                    " skips such rows",
                    value=cell,
                )
            raise _at(layout, why, line, layout.amount, layout.amount_col) from None
        if currency is not None:
            currencies.seen(currency, f"line {line}", layout, line, layout.amount, cell)
        key = keys.of(row)
        if "" in key:
            at = key.index("", len(layout.prefix)) - len(layout.prefix)
            col, col_name = layout.keys[at], layout.key_names[at]
            raise _at(
                layout,
                AidcalcError(
                    "a blank group value; if it means the same as the row above, say so with"
                    f" --fill-down {col_name!r}",
                    value="",
                ),
                line,
                col,
                col_name,
            )
        g = group(key)
        g.add(e, m, 1, r)
        if layout.per_idx >= 0:
            g.per += _per(row[layout.per_idx], layout, line)
        if layout.counting is Counting.COUNTS:
            g.counties += _count(row[layout.count_idx], layout, line)
        elif layout.counting is Counting.NAMES:
            county = cell_value(row[layout.count_idx])  # NFKC, as group values
            if not county:
                raise _at(
                    layout,
                    AidcalcError("blank county name", value=""),
                    line,
                    layout.count_idx,
                    layout.count_col,
                )
            assert g.county_set is not None
            g.county_set.add(county)
    return skipped


def _at(layout: Layout, err: AidcalcError, line: int, column: int, name: str) -> AidcalcError:
    """``err`` at a cell: file, line and column name (or a workbook's sheet and cell)."""
    return layout.located(err, line, column)


def _per(cell: str, layout: Layout, line: int) -> Fraction:
    try:
        m, e, _ = parse_amount(cell, layout.per_exp)
    except AidcalcError as err:
        raise _at(layout, err, line, layout.per_idx, "--per column") from None
    return scaled(m, e)


def _count(cell: str, layout: Layout, line: int) -> int:
    try:
        m, e, _ = parse_amount(cell)
    except AidcalcError as err:
        raise _at(layout, err, line, layout.count_idx, layout.count_col) from None
    value = scaled(m, e)
    if value.denominator != 1 or value < 0:
        why = AidcalcError("a number of counties must be a whole number, 0 or more", value=cell)
        raise _at(layout, why, line, layout.count_idx, layout.count_col)
    return int(value)
