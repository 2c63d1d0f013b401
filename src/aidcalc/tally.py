"""One pass over the rows: per group, the number of rows, the exact total, its rounding, counties.

``tally(sources, query)`` reads every row of every source once and returns a :class:`Tally`:
groups by key, each a :class:`Group` of running figures. Memory grows with the number of groups,
never with the number of rows. Rows arrive in batches (see :mod:`aidcalc.reader`); a batch whose
amounts share one plain shape is checked and converted by C code, any other goes row by row,
and a large file is split between two processes.
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from operator import itemgetter
from typing import Any, NoReturn

from aidcalc.errors import AidcalcError
from aidcalc.numbers import parse_amount, scaled, unit_exponent
from aidcalc.reader import (
    SPLITTABLE,
    Batch,
    Source,
    Table,
    lines_before,
    normalize_name,
    open_part,
    open_table,
)

__all__ = ["Condition", "Group", "Query", "Tally", "tally"]


# ---------------------------------------------------------------------------------------------
# What to read


@dataclass(frozen=True)
class Condition:
    """``--where COL=VALUE`` (``equal``) or ``COL!=VALUE``."""

    column: str
    value: str
    equal: bool = True

    @classmethod
    def parse(cls, text: str) -> Condition:
        for op, equal in (("!=", False), ("=", True)):
            col, sep, value = text.partition(op)
            if sep and col.strip():
                return cls(col.strip(), value.strip(), equal)
        raise AidcalcError("a filter is COLUMN=VALUE or COLUMN!=VALUE", value=text)


@dataclass(frozen=True)
class Query:
    """Which columns hold what, how to group and which rows count."""

    amount: str = "amount"
    in_unit: str | None = None
    counties: str | None = None
    county: str | None = None
    by: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    skip_blank: bool = False
    year: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    count_counties: bool = True  # False when no statistic needs counties: saves their tracking


class Group:
    """Running figures of one group: rows, the exact total and its rounding, counties."""

    __slots__ = ("counties", "county_set", "halves", "rows", "sums")

    def __init__(self) -> None:
        self.rows = 0
        self.sums: dict[int, int] = {}  # exponent → sum of mantissas
        self.halves: dict[int, int] = {}  # exponent → how many rounded cells at that precision
        self.counties = 0
        self.county_set: set[str] | None = None

    def add(self, mantissa: int, exp: int, rounded: bool) -> None:
        self.rows += 1
        self.sums[exp] = self.sums.get(exp, 0) + mantissa
        if rounded:
            self.halves[exp] = self.halves.get(exp, 0) + 1

    def merge(self, other: Group) -> None:
        self.rows += other.rows
        for e, m in other.sums.items():
            self.sums[e] = self.sums.get(e, 0) + m
        for e, n in other.halves.items():
            self.halves[e] = self.halves.get(e, 0) + n
        self.counties += other.counties
        if other.county_set is not None:
            if self.county_set is None:
                self.county_set = set()
            self.county_set |= other.county_set

    @property
    def total(self) -> Fraction:
        """The exact sum of the amounts as written."""
        return sum((scaled(m, e) for e, m in self.sums.items()), Fraction(0))

    @property
    def slack(self) -> Fraction:
        """How far the true total may lie from :attr:`total`, by the rounding of its cells."""
        return sum((scaled(5 * n, e - 1) for e, n in self.halves.items()), Fraction(0))

    def county_count(self, counting: str | None) -> int | None:
        if counting == "counties":
            return self.counties
        if counting == "county":
            return len(self.county_set or ())
        return None


@dataclass
class Tally:
    """The outcome of one pass: groups by key, in first-seen order, and how counties are known."""

    by: tuple[str, ...]
    groups: dict[tuple[str, ...], Group]
    counting: str | None
    skipped_blank: int = 0

    @cached_property
    def overall(self) -> Group:
        """All groups together (the ``all`` row)."""
        g = Group()
        for sub in self.groups.values():
            g.merge(sub)
        return g

    def counties_of(self, g: Group) -> int | None:
        return g.county_count(self.counting)


# ---------------------------------------------------------------------------------------------
# Reading


def tally(
    sources: Sequence[Source],
    query: Query,
    *,
    year_from_names: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Tally:
    """Read every row of every source once and add it to its group.

    With ``query.year`` (or ``year_from_names``) the year is the first part of each group key.
    """
    # Rows are held only a batch at a time and make no reference cycles; the cyclic garbage
    # collector would only rescan them (a third of the reading time on large files).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _tally(sources, query, year_from_names, progress)
    finally:
        if collecting:
            gc.enable()


def _tally(
    sources: Sequence[Source],
    query: Query,
    year_from_names: bool,
    progress: Callable[[int], None] | None,
) -> Tally:
    groups: dict[tuple[str, ...], Group] = {}
    counting: str | None = None
    skipped = 0
    for n, source in enumerate(sources):
        with open_table(
            source, delimiter=query.delimiter, encoding=query.encoding, progress=progress
        ) as table:
            how = _counting(table, query)
            if n and how != counting:
                raise AidcalcError(
                    f"counties are counted differently here ({how or 'not at all'}) than in "
                    f"{sources[0].name} ({counting or 'not at all'})",
                    file=source.name,
                    line=1,
                )
            counting = how
            prefix = (_year_of(source.name),) if year_from_names else ()
            plan = _Plan(table, query, prefix, counting)
            skipped += _read_file(table, plan, groups, progress)
    return Tally(query.by, groups, counting, skipped)


def _counting(table: Table, query: Query) -> str | None:
    """How counties are counted: ``counties`` (a column of counts), ``county`` (distinct names)
    or None."""
    if not query.count_counties:
        return None
    if query.counties and query.county:
        raise AidcalcError("use --counties or --county, not both")
    if query.counties:
        table.column(query.counties, "counties column")
        return "counties"
    if query.county:
        table.column(query.county, "county column")
        return "county"
    has_counties, has_county = table.has("counties"), table.has("county")
    if has_counties and has_county:
        raise AidcalcError(
            "both a 'counties' and a 'county' column: say which counts with --counties or --county",
            file=table.source.name,
            line=1,
        )
    return "counties" if has_counties else "county" if has_county else None


def _year_of(name: str) -> str:
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", os.path.basename(name))
    if len(years) != 1:
        raise AidcalcError(
            "cannot tell the year from the file name (it needs exactly one four-digit number);"
            " use one file with a year column instead",
            file=name,
        )
    return str(years[0])


def _read(table: Table, plan: _Plan, groups: dict[tuple[str, ...], Group]) -> int:
    """Add the rows of one table to ``groups``; returns how many blank amounts were skipped.

    Each batch of rows takes the fast path when its amounts all have one shape (integers, or the
    same number of decimals): they are checked with one regular expression over the joined
    column and converted by C code. Any other batch goes row by row, which also finds and names
    the first bad cell.
    """
    skipped = 0
    for batch in table.batches:
        rows, index = batch.rows, None
        if plan.conds:
            index = [i for i, row in enumerate(rows) if plan.keeps(row)]
            rows = [rows[i] for i in index]
            if not rows:
                continue
        if not _bulk(plan, rows):
            skipped += _row_by_row(plan, batch, rows, index, groups)
    plan.flush(groups)
    return skipped


# ---------------------------------------------------------------------------------------------
# Two cores for a large file: this process reads the first half, a forked one the second


PARALLEL_MIN_BYTES = 8 * 1024 * 1024


def _read_file(
    table: Table,
    plan: _Plan,
    groups: dict[tuple[str, ...], Group],
    progress: Callable[[int], None] | None,
) -> int:
    """:func:`_read`, sharing a large file with a second process when that is safe."""
    split = _split_point(table)
    if split is None:
        return _read(table, plan, groups)
    size = os.path.getsize(table.source.path or "")
    table.stop_at(split)
    if progress is not None:  # this process sees only its half: report for both
        report, scale = progress, size / split
        table.stream.progress = lambda n: report(int(n * scale))
    worker = _Worker(table, plan, split, size)
    try:
        skipped = _read(table, plan, groups)
        theirs, their_skipped = worker.result()
    finally:
        worker.close()
    for key, g in theirs.items():
        mine = groups.get(key)
        if mine is None:
            groups[key] = g
        else:
            mine.merge(g)
    return skipped + their_skipped


def _split_point(table: Table) -> int | None:
    """Where to split the file: just after the newline nearest its middle, or None when the file
    is small, not a regular file, in an encoding where a newline byte may be part of a character,
    or has quotes (a quoted field may hold a newline); or when one core is all there is."""
    path = table.source.path
    if path is None or os.environ.get("AIDCALC_WORKERS") == "1":
        return None
    if table.encoding not in SPLITTABLE or (os.cpu_count() or 1) < 2:
        return None
    if not hasattr(os, "fork") or not os.path.isfile(path):
        return None
    size = os.path.getsize(path)
    if size < PARALLEL_MIN_BYTES:
        return None
    with open(path, "rb") as f:  # chunk by chunk: a memory map would count in the peak RSS
        while chunk := f.read(1 << 20):
            if b'"' in chunk:
                return None
        f.seek(size // 2)
        tail = f.read(1 << 20)
    newline = tail.find(b"\n")
    split = size // 2 + newline + 1
    if newline < 0 or split <= table.stream.position or split >= size:
        return None
    return split


class _Worker:
    """A forked process that tallies bytes ``split`` to ``end`` of the table's file and sends the
    groups back through a pipe (plain ``os.fork``: the multiprocessing package costs more to
    import than this needs)."""

    def __init__(self, table: Table, plan: _Plan, split: int, end: int) -> None:
        self.split = split
        self.table = table
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read_end)
            _work(write_end, table, plan, split, end)
        os.close(write_end)
        self.pipe = read_end

    def result(self) -> tuple[dict[tuple[str, ...], Group], int]:
        import pickle

        with os.fdopen(self.pipe, "rb") as f:
            data = f.read()
        self.pipe = -1
        os.waitpid(self.pid, 0)
        self.pid = 0
        if not data:
            raise AidcalcError("a worker process ended without an answer")
        kind, payload = pickle.loads(data)
        if kind == "ok":
            groups, skipped = payload
            return groups, skipped
        if kind == "error":
            reason, file, line, column, value = payload
            if line is not None:  # it counted lines from the split
                line += lines_before(self.table.source.path or "", self.split)
            raise AidcalcError(reason, file=file, line=line, column=column, value=value)
        raise RuntimeError(f"worker process failed: {payload}")

    def close(self) -> None:
        """Stop the worker if it is still running (this process failed first)."""
        if self.pid:
            import signal

            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1


def _work(fd: int, table: Table, plan: _Plan, start: int, end: int) -> NoReturn:
    """In the forked process: tally the part, write the groups or the error, and exit."""
    import pickle
    import signal

    answer: tuple[str, Any]
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        groups: dict[tuple[str, ...], Group] = {}
        with open_part(table, start, end) as part:
            skipped = _read(part, plan, groups)
        answer = ("ok", (groups, skipped))
    except AidcalcError as e:
        answer = ("error", (e.reason, e.file, e.line, e.column, e.value))
    except BaseException as e:
        answer = ("crash", f"{type(e).__name__}: {e}")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)


class _Plan:
    """Where one table keeps what the query needs, resolved once before its rows are read."""

    def __init__(
        self, table: Table, query: Query, prefix: tuple[str, ...], counting: str | None
    ) -> None:
        self.name = name = table.source.name
        amount = table.column(query.amount, "amount column")
        self.amount, self.amount_col = amount.index, amount.text
        unit = query.in_unit or amount.unit
        self.unit_exp = _unit_of_column(unit, name, amount.text) if unit else 0
        self.unit_rounded = self.unit_exp > 0
        self.skip_blank = query.skip_blank
        key_cols = []
        if query.year is not None:
            if not table.has(query.year):
                raise AidcalcError(
                    f"no year column {query.year!r} here; name it with --year COL, or give one"
                    " file per year with the year in its name (2017.csv 2018.csv)",
                    file=name,
                    line=1,
                )
            key_cols.append(table.column(query.year).index)
        for b in query.by:
            key_cols.append(-1 if _is_file(table, b) else table.column(b).index)
        self.key_cols = key_cols
        real = [i for i in key_cols if i >= 0]
        self.get_key: Callable[[list[str]], object] | None = itemgetter(*real) if real else None
        self.prefix = prefix
        self.conds = [
            (-1 if _is_file(table, c.column) else table.column(c.column).index, c.value, c.equal)
            for c in query.where
        ]
        self.counting = counting
        self.count_idx = -1
        if counting == "counties":
            self.count_idx = table.column(query.counties or "counties").index
        elif counting == "county":
            self.count_idx = table.column(query.county or "county").index
        self.count_col = table.columns[self.count_idx].text if self.count_idx >= 0 else ""
        self._full: dict[object, tuple[str, ...]] = {}
        # running figures of the fast path, by group key as written, until flush()
        self.sums: dict[int, dict[object, int]] = {}  # exponent → key → sum of mantissas
        self.rows: dict[int, Counter[object]] = {}  # exponent → key → rows
        self.rounded: set[int] = set()  # exponents at which the cells show rounding
        self.counties: Counter[object] = Counter()
        self.counties_seen: set[str] = set()  # county cells as written, all groups
        self.county_pairs: set[tuple[str, ...]] = set()  # (key cells…, county) as written
        self.get_pair_cols = real
        self.get_pair = itemgetter(*real, self.count_idx) if real and counting == "county" else None

    def keeps(self, row: list[str]) -> bool:
        return all(((self.name if i < 0 else row[i].strip()) == v) == eq for i, v, eq in self.conds)

    def full_key(self, raw: object) -> tuple[str, ...]:
        """The group key: the year prefix, then each --by cell trimmed (or the file name)."""
        key = self._full.get(raw)
        if key is None:
            parts = iter(raw if isinstance(raw, tuple) else () if raw is None else (raw,))
            key = self.prefix + tuple(
                self.name if i < 0 else str(next(parts)).strip() for i in self.key_cols
            )
            self._full[raw] = key
        return key

    def flush(self, groups: dict[tuple[str, ...], Group]) -> None:
        """Merge what the fast path summed into the groups, and start afresh."""
        for exp, sums in self.sums.items():
            n_rows = self.rows[exp]
            for k, total in sums.items():
                g = self.group(groups, k)
                g.rows += n_rows[k]
                g.sums[exp] = g.sums.get(exp, 0) + total
                if exp in self.rounded:
                    g.halves[exp] = g.halves.get(exp, 0) + n_rows[k]
        for k, n in self.counties.items():
            self.group(groups, k).counties += n
        self.sums.clear()
        self.rounded.clear()
        self.rows.clear()
        self.counties.clear()
        if self.counting != "county":
            return
        if self.get_pair is None:
            if self.counties_seen and None in self._full:
                county_set = self.group(groups, None).county_set
                assert county_set is not None
                county_set.update(c.strip() for c in self.counties_seen)
        else:
            single = len(self.get_pair_cols) == 1
            for pair in self.county_pairs:
                county_set = self.group(groups, pair[0] if single else pair[:-1]).county_set
                assert county_set is not None
                county_set.add(pair[-1].strip())
        self.county_pairs.clear()
        self.counties_seen.clear()

    def group(self, groups: dict[tuple[str, ...], Group], raw: object) -> Group:
        key = self.full_key(raw)
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group()
            if self.counting == "county":
                g.county_set = set()
        return g


_SHAPES: dict[int, re.Pattern[str]] = {}
_WHOLE_COUNTS = re.compile(r"[0-9]{1,18}(?:\n[0-9]{1,18})*")


def _shape(decimals: int) -> re.Pattern[str]:
    """A column of numbers that all have ``decimals`` decimals, one per line."""
    if decimals not in _SHAPES:
        one = r"-?[0-9]{1,280}" + (rf"\.[0-9]{{{decimals}}}" if decimals else "")
        _SHAPES[decimals] = re.compile(f"{one}(?:\n{one})*")
    return _SHAPES[decimals]


def _bulk(plan: _Plan, rows: list[list[str]]) -> bool:
    """Add a batch whose amounts share one plain shape to the plan's running sums (merged into
    the groups by :meth:`_Plan.flush`); False, and nothing added, when the batch does not fit."""
    cells = list(map(itemgetter(plan.amount), rows))
    first = cells[0]
    dot = first.find(".")
    decimals = 0 if dot < 0 else len(first) - dot - 1
    if decimals > 30:
        return False
    joined = "\n".join(cells)
    if not _shape(decimals).fullmatch(joined):
        return False
    counts_col: list[str] = []
    if plan.counting == "counties":
        counts_col = list(map(itemgetter(plan.count_idx), rows))
        if not _WHOLE_COUNTS.fullmatch("\n".join(counts_col)):
            return False
    elif plan.counting == "county":
        new = set(map(itemgetter(plan.count_idx), rows)).difference(plan.counties_seen)
        if new:
            if not all(c.strip() for c in new):
                return False  # row by row names the blank cell
            plan.counties_seen |= new
        if plan.get_pair is not None:
            plan.county_pairs.update(map(plan.get_pair, rows))
    # everything checked: from here on the batch is added
    values = map(int, joined.replace(".", "").split("\n")) if decimals else map(int, cells)
    exp = plan.unit_exp - decimals
    sums = plan.sums.setdefault(exp, {})
    n_rows = plan.rows.setdefault(exp, Counter())
    if decimals or plan.unit_rounded:
        plan.rounded.add(exp)
    if plan.get_key is None:
        sums[None] = sums.get(None, 0) + sum(values)
        n_rows[None] += len(rows)
        if counts_col:
            plan.counties[None] += sum(map(int, counts_col))
        return True
    keys = list(map(plan.get_key, rows))
    get = sums.get
    for k, v in zip(keys, values):
        sums[k] = get(k, 0) + v
    n_rows.update(keys)
    if counts_col:
        counties = plan.counties
        for k, c in zip(keys, map(int, counts_col)):
            counties[k] += c
    return True


def _row_by_row(
    plan: _Plan,
    batch: Batch,
    rows: list[list[str]],
    index: list[int] | None,
    groups: dict[tuple[str, ...], Group],
) -> int:
    """Add a batch one row at a time; the first bad cell raises an error naming its line."""
    plan.flush(groups)  # groups stay in the order they were first seen
    skipped = 0
    name = plan.name
    for j, row in enumerate(rows):
        cell = row[plan.amount]
        if plan.skip_blank and not cell.strip():
            skipped += 1
            continue
        line = batch.line(index[j] if index is not None else j)
        try:
            m, e, r = parse_amount(cell, plan.unit_exp, plan.unit_rounded)
        except AidcalcError as err:
            raise err.located(file=name, line=line, column=plan.amount_col) from None
        g = plan.group(groups, plan.get_key(row) if plan.get_key is not None else None)
        g.add(m, e, r)
        if plan.counting == "counties":
            g.counties += _count(row[plan.count_idx], name, line, plan.count_col)
        elif plan.counting == "county":
            county = row[plan.count_idx].strip()
            if not county:
                raise AidcalcError(
                    "blank county name", file=name, line=line, column=plan.count_col, value=""
                )
            assert g.county_set is not None
            g.county_set.add(county)
    return skipped


def _is_file(table: Table, column: str) -> bool:
    """``file`` groups by input file, unless the CSV has a column of that name."""
    return normalize_name(column) == "file" and not table.has("file")


def _unit_of_column(unit: str, name: str, column: str) -> int:
    try:
        return unit_exponent(unit)
    except AidcalcError as e:
        raise AidcalcError(
            f"unknown unit in the header; give the unit of bare numbers with --in-unit"
            f" ({e.reason})",
            file=name,
            line=1,
            column=column,
            value=unit,
        ) from None


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
