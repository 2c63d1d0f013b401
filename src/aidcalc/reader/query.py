"""What to read: which columns hold what, how to group, which rows count.

=========================  ===========================================================
``Counting``               how counties are known: a column of counts, or distinct names
``Query``                  the reading options, before any file is opened
``Layout``                 a query resolved once against one table's header: column indexes
``Keys``                   the group key of a row, always a tuple of strings
=========================  ===========================================================
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum
from operator import itemgetter

from aidcalc.core.errors import AidcalcError
from aidcalc.core.units import SCALES, Unit, parse_unit
from aidcalc.published.tablewords import (
    COUNT_UNITS,
    COUNTIES_COLUMN_NAMES,
    COUNTY_BRACKETS,
    COUNTY_COLUMN_NAMES,
    CURRENCY_COLUMN_NAMES,
)
from aidcalc.published.unitlines import amount_candidates, header_unit
from aidcalc.reader import Column, Table, normalize_name
from aidcalc.reader.filters import Condition, Op, cell_value

__all__ = [
    "FILE",
    "Counting",
    "Keys",
    "Layout",
    "Query",
]


class Counting(Enum):
    """How counties are known: a column of counts per row, or distinct names in a column."""

    COUNTS = "counties"
    NAMES = "county"


@dataclass(frozen=True, repr=False)
class Query:
    """Which columns hold what, how to group and which rows count."""

    amount: str | None = None  # None: a column named amount, 金额, funding …, or with a money unit
    in_unit: Unit | None = None
    counties: str | None = None
    county: str | None = None
    by: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    skip_blank: bool = False
    year: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    count_counties: bool = True  # False when no statistic needs counties: saves their tracking
    sheet: str | None = None  # a workbook's sheet, by name or number
    header_row: int | None = None  # the header's line, when it cannot be found
    page: int | None = None  # a PDF's page holding the table
    table: int | None = None  # which table of a document (of the page, for a PDF)
    fill_down: tuple[str, ...] = ()  # columns whose blank cells mean "same as above"
    keep_totals: bool = False  # read total and subtotal rows as ordinary rows
    confirm_totals: bool = False  # rows whose arithmetic makes them totals are totals, unasked
    wide: bool = False  # years as columns: each year column an amount
    per: str | None = None  # a column to divide by (population, households)

    def resolve(self, table: Table, prefix: tuple[str, ...] = ()) -> Layout:
        """Find every column the query names in ``table``'s header, once."""
        name = table.source.name
        notes: list[str] = []
        counting, count_idx = self._counting(table, notes)
        wide: tuple[tuple[int, str], ...] = ()
        if self.wide or (self.year is not None and not table.has(self.year) and not prefix):
            wide = _year_columns(table, required=self.wide)
        first = table.columns[wide[0][0]] if wide else None
        amount = first or _amount_column(table, self.amount, notes)
        unit = _unit_of(table, amount, self.in_unit, notes)
        units = tuple(_unit_of(table, table.columns[i], self.in_unit, []) for i, _ in wide)
        currencies = {u.currency for u in units if u is not None and u.currency}
        if len(currencies) > 1:
            raise AidcalcError(
                f"the year columns are in different currencies ({', '.join(sorted(currencies))})",
                file=name,
                line=table.header_line,
            )
        keys: list[int] = []
        if self.year is not None and not wide:
            if not table.has(self.year):
                raise AidcalcError(
                    f"no year column {self.year!r} here; name it with --year COL, or give one"
                    " file per year with the year in its name (2017.csv 2018.csv)",
                    file=name,
                    line=table.header_line,
                )
            keys.append(table.column(self.year).index)
        by = [b for b in self.by if not (wide and normalize_name(b) == "year")]
        keys.extend(_index(table, b) for b in by)
        conditions = tuple((_index(table, c.column), c) for c in self.where)
        per_idx, per_exp = -1, 0
        if self.per is not None:
            per = table.column(self.per, "column to divide by (--per)")
            per_idx, per_exp = per.index, _count_scale(per.unit)
        currency_idx = next((c.index for c in table.columns if c.name in CURRENCY_COLUMN_NAMES), -1)
        if currency_idx in keys:
            currency_idx = -1  # grouped by: each group is in its own currency
        return Layout(
            currency_idx=currency_idx,
            file=name,
            amount=amount.index,
            amount_col=amount.text,
            unit_exp=unit.exp if unit else 0,
            keys=tuple(keys),
            key_names=tuple(table.columns[i].text if i != FILE else "file" for i in keys),
            prefix=prefix,
            conditions=conditions,
            counting=counting,
            count_idx=count_idx,
            count_col=table.columns[count_idx].text if count_idx >= 0 else "",
            skip_blank=self.skip_blank,
            unit=unit,
            wide=wide,
            wide_units=units,
            per_idx=per_idx,
            per_exp=per_exp,
            fill_down=tuple(table.column(c, "column to fill down").index for c in self.fill_down),
            keep_totals=self.keep_totals,
            confirm_totals=self.confirm_totals,
            notes=tuple(notes),
            sheet=table.sheet,
            first_column=table.first_column,
            columns=tuple(c.text for c in table.columns),
        )

    def _counting(self, table: Table, notes: list[str]) -> tuple[Counting | None, int]:
        """How counties are counted here, and the column that says so (-1 for none)."""
        if not self.count_counties:
            return None, -1
        if self.counties and self.county:
            raise AidcalcError("use --counties or --county, not both")
        if self.counties:
            return Counting.COUNTS, table.column(self.counties, "counties column").index
        if self.county:
            return Counting.NAMES, table.column(self.county, "county column").index
        counts = [c for c in table.columns if _counts_counties(c.name, c.unit)]
        names = [c for c in table.columns if _names_counties(c.name, c.unit)]
        literal = [c for c in [*counts, *names] if c.name in ("county", "counties")]
        if len(counts) + len(names) > 1 and len(literal) == 2:
            raise AidcalcError(
                "both a 'counties' and a 'county' column: say which counts with --counties or"
                " --county",
                file=table.source.name,
                line=table.header_line,
            )
        if len(literal) == 1:  # a column called county or counties: taken as it always was
            counts, names = [c for c in counts if c in literal], [c for c in names if c in literal]
        elif len(counts) + len(names) != 1:
            return None, -1  # none, or two that could be: the summary's note asks
        found = (counts or names)[0]
        said = found.name not in ("county", "counties") or found.unit is not None
        if counts:
            if said:
                notes.append(
                    f"counties per row are read from the column {found.text!r}; name another"
                    " with --counties (or --county for a column of county names)"
                )
            return Counting.COUNTS, found.index
        if said:
            notes.append(
                f"counties are counted by their names in the column {found.text!r}; name another"
                " with --county (or --counties for a number of counties per row)"
            )
        return Counting.NAMES, found.index


def _counts_counties(name: str, unit: str | None) -> bool:
    """A column of the number of counties of each row, by its header (``counties``, ``县数``,
    ``县（个）``, ``County (number)``)."""
    county = name in ("county", "县") or name in COUNTY_COLUMN_NAMES
    if name == "counties" or name in COUNTIES_COLUMN_NAMES:
        return unit is None or unit in COUNT_UNITS
    return county and unit in COUNT_UNITS


def _names_counties(name: str, unit: str | None) -> bool:
    """A column naming each row's county, by its header (``county``, ``县（市、区）``, ``区县``);
    a bare ``县`` may hold names or numbers, and is left for --county to say."""
    if name == "county" or name in COUNTY_COLUMN_NAMES:
        return unit is None
    return name == "县" and unit in COUNTY_BRACKETS


FILE = -1  # a key or condition "column" that stands for the input file's name


def _index(table: Table, column: str) -> int:
    """The column's index; ``file`` means the input file, unless the table has such a column."""
    if normalize_name(column) == "file" and not table.has("file"):
        return FILE
    return table.column(column).index


def _amount_column(table: Table, wanted: str | None, notes: list[str]) -> Column:
    """The amount column: as named, or a column named ``amount``, or the one column named like an
    amount (金额, funding …) or carrying a money unit; two such columns are an error."""
    if wanted is not None:
        return table.column(wanted, "amount column")
    if table.has("amount"):
        return table.column("amount")
    found = amount_candidates([c.text for c in table.columns])
    if len(found) == 1:
        column = table.columns[found[0]]
        notes.append(
            f"amounts are read from the column {column.text!r}; name another with --amount"
        )
        return column
    if len(found) > 1:
        names = " and ".join(repr(table.columns[i].text) for i in found)
        raise AidcalcError(
            f"two columns could hold the amounts, {names}: name one with --amount",
            file=table.source.name,
            line=table.header_line,
        )
    if not table.has("amount"):
        years = _year_columns(table, required=False)
        if len(years) >= 2:  # a wide table: which sum is meant is for the user to say
            raise AidcalcError(
                f"no amount column: the amounts stand in year columns ({years[0][1]} …"
                f" {years[-1][1]}); give --wide for a total per year, or --amount"
                f" {years[-1][1]!r} for one year",
                file=table.source.name,
                line=table.header_line,
            )
    return table.column("amount", "amount column")


def _unit_of(table: Table, amount: Column, given: Unit | None, notes: list[str]) -> Unit | None:
    """The unit of bare numbers in the amount column: --in-unit, else the unit in the column's
    header, else the table's unit line; a unit in the header that cannot be read is an error."""
    if given is not None:
        return given
    if amount.unit:
        unit = header_unit(amount.text)[1]
        if unit is None:
            try:
                unit = parse_unit(amount.unit)
            except AidcalcError as e:
                raise AidcalcError(
                    f"unknown unit in the header; give the unit of bare numbers with --in-unit"
                    f" ({e.reason})",
                    file=table.source.name,
                    line=table.header_line,
                    column=amount.text,
                    value=amount.unit,
                ) from None
        return unit
    pre = table.preamble
    if pre is not None and pre.unit is None and pre.unclear_unit is not None:
        raise AidcalcError(
            "a row above the header seems to name the unit of the amounts, but it cannot be read"
            " without a guess; give the unit of bare amounts with --in-unit (million, 万, …)",
            file=table.source.name,
            value=pre.unclear_unit,
        )
    if pre is not None and pre.unit is not None:
        line = pre.unit_row + 1 if pre.unit_row is not None else None
        where = f" on row {line}" if line else ""
        notes.append(f"bare amounts are in {pre.unit.name}, as the unit line{where} says")
        return pre.unit
    return None


def _year_columns(table: Table, *, required: bool) -> tuple[tuple[int, str], ...]:
    """The columns whose header is a year (``2017``, ``2017年``, ``2022-23``), for wide tables."""
    from aidcalc.published.years import year_columns

    found = year_columns([c.text for c in table.columns])
    if not found and required:
        raise AidcalcError(
            "--wide: no column here is headed by a year (2017, 2017年, 2022-23)",
            file=table.source.name,
            line=table.header_line,
        )
    return tuple((i, y.label) for i, y in found)


def _count_scale(unit: str | None) -> int:
    """The scale of a count column's unit: ``万人`` → 4, ``millions`` → 6, ``persons`` → 0.

    A scale word counts only as a whole word at the start (``million people``, ``万人``), so the
    ``m`` of ``mid-2020`` or the ``k`` of ``km2`` is no power of ten.

    >>> [_count_scale(u) for u in ["万人", "millions", "m", "million people", "mid-2020", "km2"]]
    [4, 6, 6, 6, 0, 0]
    """
    if not unit:
        return 0
    text = unicodedata.normalize("NFKC", unit).strip().lower()
    for word in sorted(SCALES, key=len, reverse=True):
        if not text.startswith(word):
            continue
        after = text[len(word) : len(word) + 1]
        if word.isascii() and after and (after.isalnum() or after in "-_."):
            continue  # "mid-2020", "km2": a longer word, not the scale word
        return SCALES[word]
    return 0


@dataclass(frozen=True, repr=False)
class Layout:
    """A :class:`Query` resolved against one table: where the amount, keys and counties are."""

    file: str
    amount: int
    amount_col: str
    unit_exp: int
    keys: tuple[int, ...]  # columns of the group key, in order; FILE for the file name
    key_names: tuple[str, ...]  # their names as written
    prefix: tuple[str, ...]  # key parts before the columns (the year of a file)
    conditions: tuple[tuple[int, Condition], ...]  # (column, condition)
    counting: Counting | None
    count_idx: int
    count_col: str
    skip_blank: bool = False
    unit: Unit | None = None  # of bare amounts, with its currency
    wide: tuple[tuple[int, str], ...] = ()  # (column, year label) of each year column
    wide_units: tuple[Unit | None, ...] = ()  # the unit of each year column (2020 (亿元))
    per_idx: int = -1  # the column to divide by, or -1
    per_exp: int = 0  # its unit's power of ten (万人 → 4)
    fill_down: tuple[int, ...] = ()
    keep_totals: bool = False
    confirm_totals: bool = False
    notes: tuple[str, ...] = ()  # how the table was read, for stderr
    sheet: str | None = None
    first_column: int = 0
    columns: tuple[str, ...] = ()  # every column's name as written
    currency_idx: int = -1  # a column naming each row's currency, when not grouped by, or -1

    def located(self, err: AidcalcError, line: int, column: int) -> AidcalcError:
        """``err`` placed at a cell: the file and line (and the column's name), or for a
        workbook the sheet and cell (``D7``)."""
        if self.sheet is not None:
            from aidcalc.reader.cellrefs import cell_ref

            cell = cell_ref(line, self.first_column + column)
            return err.located(file=f"{self.file}, cell {cell}")
        name = self.file if column == FILE else self.columns[column]
        return err.located(file=self.file, line=line, column=name)

    _plain: tuple[tuple[int, str, bool], ...] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if all(c.op in (Op.EQ, Op.NE) for _, c in self.conditions):  # the fast common case
            plain = tuple((i, c.value, c.equal) for i, c in self.conditions)
            object.__setattr__(self, "_plain", plain)

    @property
    def unit_rounded(self) -> bool:
        """Bare numbers in a unit above yuan (万, million) stand for a rounded figure."""
        return self.unit_exp > 0

    def keeps(self, row: list[str]) -> bool:
        """Whether ``row`` passes every condition."""
        plain = self._plain
        if plain is not None:
            return all(
                ((self.file if i == FILE else cell_value(row[i])) == v) == eq for i, v, eq in plain
            )
        for i, c in self.conditions:
            try:
                if not c.holds(self.file if i == FILE else cell_value(row[i])):
                    return False
            except AidcalcError as e:
                raise e.located(file=self.file, column=c.column) from None
        return True


class Keys:
    """The group key of a row: the prefix, then each key cell trimmed (or the file name).

    :meth:`raw` is the fast part, a C ``itemgetter`` whose result is a cell, a tuple of cells or
    None by the number of key columns; :meth:`decode` turns that into the key tuple, once per
    distinct value. Nothing outside this class sees the raw shape.
    """

    __slots__ = ("_cache", "_columns", "_file", "_prefix", "raw")

    def __init__(self, layout: Layout) -> None:
        self._columns = layout.keys
        self._prefix = layout.prefix
        self._file = layout.file
        real = [i for i in layout.keys if i != FILE]
        getter: Callable[[list[str]], Hashable] = itemgetter(*real) if real else _none
        self.raw = getter
        self._cache: dict[Hashable, tuple[str, ...]] = {}

    def decode(self, raw: Hashable) -> tuple[str, ...]:
        key = self._cache.get(raw)
        if key is None:
            cells = iter(raw if isinstance(raw, tuple) else () if raw is None else (raw,))
            key = self._prefix + tuple(
                self._file if i == FILE else cell_value(str(next(cells))) for i in self._columns
            )
            self._cache[raw] = key
        return key

    def of(self, row: list[str]) -> tuple[str, ...]:
        return self.decode(self.raw(row))


def _none(row: list[str]) -> None:
    return None
