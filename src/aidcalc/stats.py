"""Totals, per-county means, shares and year-over-year multiples, in one pass over the rows.

=============================  ==============================================================
``tally(sources, query)``      read every row once; per group: rows, exact total, its rounding,
                               counties
``summary(t)``                 rows, counties, total, mean per county, share — per group and all
``totals(t)``, ``means(t)``,   one statistic per group (``means`` adds the difference from the
``shares(t)``                  overall mean; ``shares`` sorts largest first)
``yoy(t)``                     amount, previous amount, multiple, change, CAGR over the span
=============================  ==============================================================

Results are :class:`Result` tables of exact values (Fractions, ints, text); nothing is rounded
here. Memory grows with the number of groups, never with the number of rows.
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from operator import itemgetter

from aidcalc.errors import AidcalcError
from aidcalc.numbers import parse_amount, scaled, unit_exponent
from aidcalc.reader import Batch, Source, Table, normalize_name, open_table

__all__ = [
    "Condition",
    "Group",
    "Query",
    "Result",
    "ResultColumn",
    "Tally",
    "means",
    "shares",
    "summary",
    "tally",
    "totals",
    "yoy",
]

ALL = "all"


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
    files: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Group:
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
            skipped += _read(table, query, prefix, groups, counting)
    return Tally(query.by, groups, counting, skipped, [s.name for s in sources])


def _counting(table: Table, query: Query) -> str | None:
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


def _read(
    table: Table,
    query: Query,
    prefix: tuple[str, ...],
    groups: dict[tuple[str, ...], Group],
    counting: str | None,
) -> int:
    """Add the rows of one table to ``groups``; returns how many blank amounts were skipped.

    Each batch of rows takes the fast path when its amounts all have one shape (integers, or the
    same number of decimals): they are checked with one regular expression over the joined
    column and converted by C code. Any other batch goes row by row, which also finds and names
    the first bad cell.
    """
    plan = _Plan(table, query, prefix, counting)
    skipped = 0
    for batch in table.batches:
        rows, index = batch.rows, None
        if plan.conds:
            index = [i for i, row in enumerate(rows) if plan.keeps(row)]
            rows = [rows[i] for i in index]
            if not rows:
                continue
        if not _bulk(plan, rows, groups):
            skipped += _row_by_row(plan, batch, rows, index, groups)
    return skipped


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
            key_cols.append(table.column(query.year, "year column").index)
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

    def keeps(self, row: list[str]) -> bool:
        return all(
            ((self.name if i < 0 else row[i].strip()) == v) == eq for i, v, eq in self.conds
        )

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
        one = r"-?[0-9]{1,280}" + (r"\.[0-9]{%d}" % decimals if decimals else "")
        _SHAPES[decimals] = re.compile(f"{one}(?:\n{one})*")
    return _SHAPES[decimals]


def _bulk(plan: _Plan, rows: list[list[str]], groups: dict[tuple[str, ...], Group]) -> bool:
    """Add a batch whose amounts share one plain shape; False (and nothing added) otherwise."""
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
    values = map(int, joined.replace(".", "").split("\n")) if decimals else map(int, cells)
    keys = list(map(plan.get_key, rows)) if plan.get_key is not None else None
    sums: dict[object, int] = {}
    n_rows: dict[object, int] = {}
    counties: dict[object, int] = {}
    names: dict[object, set[str]] = {}
    if keys is None:
        sums[None] = sum(values)
        n_rows[None] = len(rows)
        if counts_col:
            counties[None] = sum(map(int, counts_col))
    else:
        for k, v in zip(keys, values):
            sums[k] = sums.get(k, 0) + v
        n_rows = Counter(keys)
        if counts_col:
            for k, c in zip(keys, map(int, counts_col)):
                counties[k] = counties.get(k, 0) + c
    if plan.counting == "county":
        get = itemgetter(plan.count_idx)
        for k, row in zip(keys or [None] * len(rows), rows):
            names.setdefault(k, set()).add(get(row).strip())
        if any("" in s for s in names.values()):
            return False  # row by row names the blank cell
    exp = plan.unit_exp - decimals
    rounded = decimals > 0 or plan.unit_rounded
    for k, total in sums.items():
        g = plan.group(groups, k)
        g.rows += n_rows[k]
        g.sums[exp] = g.sums.get(exp, 0) + total
        if rounded:
            g.halves[exp] = g.halves.get(exp, 0) + n_rows[k]
        if counts_col:
            g.counties += counties[k]
        if names:
            assert g.county_set is not None
            g.county_set |= names[k]
    return True


def _row_by_row(
    plan: _Plan,
    batch: Batch,
    rows: list[list[str]],
    index: list[int] | None,
    groups: dict[tuple[str, ...], Group],
) -> int:
    """Add a batch one row at a time; the first bad cell raises an error naming its line."""
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


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class ResultColumn:
    """A column of a result: machine name, title for people, kind (how to print it)."""

    key: str
    title: str
    kind: str  # text | count | amount | share | change | multiple | number
    where: str = "both"  # both | people (tables only) | machines (csv, tsv, json only)
    optional: bool = False  # left out of tables when every cell is empty


Cell = Fraction | int | str | None


@dataclass
class Result:
    """A table of exact values, with notes to print under it."""

    columns: list[ResultColumn]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    bar: str | None = None  # the key of a share column to draw as bars in tables


def _key_columns(by: Iterable[str]) -> list[ResultColumn]:
    return [ResultColumn(normalize_name(b), normalize_name(b), "text") for b in by]


def _label(t: Tally, key: tuple[str, ...]) -> list[Cell]:
    return list(key)


def _all_label(t: Tally) -> list[Cell]:
    if not t.by:
        return []
    label: list[Cell] = [ALL]
    return label + [""] * (len(t.by) - 1)


def _rows_with_all(t: Tally) -> list[tuple[list[Cell], Group]]:
    """Each group with its label, then the ``all`` row (alone when there is no ``--by``)."""
    out: list[tuple[list[Cell], Group]] = []
    if t.by:
        out = [(_label(t, k), g) for k, g in t.groups.items()]
    out.append((_all_label(t), t.overall))
    return out


def _mean(t: Tally, g: Group) -> Fraction | None:
    n = t.counties_of(g)
    return g.total / n if n else None


def _share(part: Fraction, whole: Fraction) -> Fraction | None:
    return part / whole if whole else None


def _no_counties_note(t: Tally) -> list[str]:
    if t.counting is None:
        return [
            "mean per county: empty, because the data has neither a 'counties' column (counties"
            " per row) nor a 'county' column (one county per row); name one with --counties COL"
            " or --county COL"
        ]
    return []


def summary(t: Tally) -> Result:
    """Rows, counties, total, mean per county and share of the grand total, per group and all."""
    grand = t.overall.total
    cols = [
        *_key_columns(t.by),
        ResultColumn("rows", "rows", "count"),
        ResultColumn("counties", "counties", "count"),
        ResultColumn("total", "total", "amount"),
        ResultColumn("mean", "mean per county", "amount"),
        ResultColumn("share", "share", "share"),
    ]
    rows: list[list[Cell]] = []
    for label, g in _rows_with_all(t):
        total = g.total
        rows.append([*label, g.rows, t.counties_of(g), total, _mean(t, g), _share(total, grand)])
    notes = _no_counties_note(t)
    if not t.groups:
        notes.append("no rows: the total is 0 and there is nothing to average")
    elif not grand:
        notes.append("share: empty, because the grand total is 0")
    return Result(cols, rows, notes)


def totals(t: Tally) -> Result:
    """The exact total of each group, then all."""
    cols = [
        *_key_columns(t.by),
        ResultColumn("rows", "rows", "count"),
        ResultColumn("total", "total", "amount"),
    ]
    return Result(cols, [[*label, g.rows, g.total] for label, g in _rows_with_all(t)])


def means(t: Tally) -> Result:
    """Mean per county of each group, and how far it is from the overall mean per county."""
    if t.counting is None:
        raise AidcalcError(
            "a mean per county needs the number of counties: the data has neither a 'counties'"
            " nor a 'county' column; name one with --counties COL or --county COL"
        )
    overall = t.overall
    if not overall.rows:
        raise AidcalcError("no rows: there is nothing to average")
    base = _mean(t, overall)
    cols = [
        *_key_columns(t.by),
        ResultColumn("counties", "counties", "count"),
        ResultColumn("total", "total", "amount"),
        ResultColumn("mean", "mean per county", "amount"),
        ResultColumn("vs_mean", "vs overall mean", "change"),
    ]
    rows: list[list[Cell]] = []
    for label, g in _rows_with_all(t):
        m = _mean(t, g)
        diff = m / base - 1 if m is not None and base else None
        rows.append([*label, t.counties_of(g), g.total, m, diff])
    notes = []
    if base is None:
        notes.append("no counties were counted, so there is no mean")
    elif base == 0:
        notes.append("vs overall mean: empty, because the overall mean is 0")
    return Result(cols, rows, notes)


def shares(t: Tally) -> Result:
    """Each group's share of the grand total, largest first, then all."""
    grand = t.overall.total
    cols = [
        *_key_columns(t.by),
        ResultColumn("total", "total", "amount"),
        ResultColumn("share", "share", "share"),
    ]
    groups = [(label, g.total) for label, g in _rows_with_all(t)[:-1]] if t.by else []
    groups.sort(key=lambda lg: lg[1], reverse=True)
    rows: list[list[Cell]] = [[*label, total, _share(total, grand)] for label, total in groups]
    rows.append([*_all_label(t), grand, _share(grand, grand)])
    notes = ["share: empty, because the grand total is 0"] if not grand else []
    return Result(cols, rows, notes, bar="share")


# ---------------------------------------------------------------------------------------------
# Year over year


def yoy(t: Tally) -> Result:
    """Per group and year: amount, previous year's amount, multiple, change, absolute change.

    The keys of ``t`` start with the year. With three or more years a group also gets a span row
    (``2012–2020``) comparing its last amount with its first, with the average annual growth.
    """
    by = t.by
    years = sorted({k[0] for k in t.groups}, key=_year_sort)
    per_group: dict[tuple[str, ...], dict[str, Fraction]] = {}
    for key, g in t.groups.items():
        per_group.setdefault(key[1:], {})[key[0]] = g.total
    cols = [
        *_key_columns(by),
        ResultColumn("year", "year", "text"),
        ResultColumn("amount", "amount", "amount"),
        ResultColumn("previous_year", "base year", "text"),
        ResultColumn("previous_amount", "base amount", "amount"),
        ResultColumn("multiple", "multiple", "multiple"),
        ResultColumn("change", "change", "change"),
        ResultColumn("abs_change", "abs change", "amount"),
        ResultColumn("cagr", "CAGR", "change"),
        ResultColumn("note", "note", "text"),
    ]
    rows: list[list[Cell]] = []
    for group, amounts in per_group.items():
        label: list[Cell] = list(group)
        prev_year: str | None = None
        for year in years:
            cur = amounts.get(year)
            prev = amounts.get(prev_year) if prev_year else None
            row = _compare(cur, prev, year, prev_year)
            rows.append([*label, year, cur, prev_year, prev, *row])
            prev_year = year
        present = [y for y in years if y in amounts]
        if len(present) >= 3:
            first, last = present[0], present[-1]
            a, b = amounts[first], amounts[last]
            span = _compare(b, a, last, first)
            span[3] = _cagr(a, b, int(last) - int(first)) if a > 0 and b >= 0 else None
            span[4] = (
                "" if span[3] is not None else "no growth rate: the first amount is not positive"
            )
            rows.append([*label, f"{first}–{last}", b, first, a, *span])
    notes = []
    if len(years) < 2:
        notes.append("only one year in the data: there is nothing to compare")
    return Result(cols, rows, notes)


def _year_sort(y: str) -> tuple[int, str]:
    return (int(y), y) if y.isdigit() else (1 << 62, y)


def _compare(
    cur: Fraction | None, prev: Fraction | None, year: str, prev_year: str | None
) -> list[Cell]:
    """multiple, change, absolute change, cagr (empty), note — or words where there is no number."""
    if prev_year is None:
        return [None, None, None, None, "first year" if cur is not None else f"not in {year}"]
    if cur is None and prev is None:
        return [None, None, None, None, f"in neither {prev_year} nor {year}"]
    if cur is None:
        return [None, None, None, None, f"not in {year}"]
    if prev is None:
        return [None, None, None, None, f"not in {prev_year}"]
    if prev == 0:
        return [None, None, cur - prev, None, f"zero in {prev_year}: no multiple"]
    multiple = cur / prev
    note = "" if prev > 0 else f"negative in {prev_year}"
    gap = int(year) - int(prev_year) if year.isdigit() and prev_year.isdigit() else 1
    if gap > 1:
        note = f"{gap} years since {prev_year}" + (f"; {note}" if note else "")
    return [multiple, multiple - 1, cur - prev, None, note]


def _cagr(first: Fraction, last: Fraction, years: int) -> Fraction | None:
    """(last / first)^(1 / years) − 1 to 40 significant digits (it is irrational in general)."""
    if years <= 0:
        return None
    with localcontext(Context(prec=40)):
        ratio = Decimal(last.numerator) / Decimal(last.denominator)
        ratio = ratio / (Decimal(first.numerator) / Decimal(first.denominator))
        if ratio == 0:
            return Fraction(-1)
        growth = ratio ** (Decimal(1) / Decimal(years)) - 1
    # the root is irrational: keep 15 significant digits, as machine output shows ratios
    return Fraction(Context(prec=15).plus(growth))
