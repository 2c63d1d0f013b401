"""What to read: which columns hold what, how to group, which rows count.

=========================  ===========================================================
``Condition``              ``COL=VALUE`` or ``COL!=VALUE``: one parser for ``--where`` and for
                           the filters of data functions in formulas
``Query``                  the reading options, before any file is opened
``Layout``                 a query resolved once against one table's header: column indexes
``Keys``                   the group key of a row, always a tuple of strings
=========================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import Enum
from operator import itemgetter

from aidcalc.errors import AidcalcError
from aidcalc.reader import Table, normalize_name
from aidcalc.units import Unit, parse_unit

__all__ = [
    "FILE",
    "Condition",
    "Counting",
    "Keys",
    "Layout",
    "Query",
    "parse_conditions",
    "unquote",
]


class Counting(Enum):
    """How counties are known: a column of counts per row, or distinct names in a column."""

    COUNTS = "counties"
    NAMES = "county"


@dataclass(frozen=True)
class Condition:
    """``COL=VALUE`` (``equal``) or ``COL!=VALUE``; a value may be quoted (``g="a, b"``)."""

    column: str
    value: str
    equal: bool = True

    @classmethod
    def parse(cls, text: str) -> Condition:
        """
        >>> Condition.parse('group != "severely poor"')
        Condition(column='group', value='severely poor', equal=False)
        """
        for op, equal in (("!=", False), ("=", True)):
            col, sep, value = text.partition(op)
            if sep:
                if not col.strip():
                    raise AidcalcError("a filter needs a column name", value=text.strip())
                return cls(col.strip(), unquote(value.strip()), equal)
        raise AidcalcError("a filter is COLUMN=VALUE or COLUMN!=VALUE", value=text.strip())


def parse_conditions(text: str) -> tuple[Condition, ...]:
    """Conditions separated by commas outside quotes, all of which must hold.

    >>> [c.value for c in parse_conditions('group="a, b", year!=2016')]
    ['a, b', '2016']
    """
    return tuple(Condition.parse(part) for part in _split_outside_quotes(text))


def _split_outside_quotes(text: str) -> list[str]:
    parts, cur, quote = [], "", ""
    for c in text:
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == ",":
            parts.append(cur)
            cur = ""
            continue
        cur += c
    parts.append(cur)
    return [p for p in parts if p.strip()]


def unquote(text: str) -> str:
    """A value without the quotes around it: ``"a, b"`` → ``a, b``."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


@dataclass(frozen=True)
class Query:
    """Which columns hold what, how to group and which rows count."""

    amount: str = "amount"
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

    def resolve(self, table: Table, prefix: tuple[str, ...] = ()) -> Layout:
        """Find every column the query names in ``table``'s header, once."""
        name = table.source.name
        counting, count_idx = self._counting(table)
        amount = table.column(self.amount, "amount column")
        if self.in_unit is not None:
            unit_exp = self.in_unit.exp
        elif amount.unit:
            unit_exp = _unit_of_header(amount.unit, name, table.header_line, amount.text)
        else:
            unit_exp = 0
        keys: list[int] = []
        if self.year is not None:
            if not table.has(self.year):
                raise AidcalcError(
                    f"no year column {self.year!r} here; name it with --year COL, or give one"
                    " file per year with the year in its name (2017.csv 2018.csv)",
                    file=name,
                    line=table.header_line,
                )
            keys.append(table.column(self.year).index)
        keys.extend(_index(table, b) for b in self.by)
        conditions = tuple((_index(table, c.column), c.value, c.equal) for c in self.where)
        return Layout(
            file=name,
            amount=amount.index,
            amount_col=amount.text,
            unit_exp=unit_exp,
            keys=tuple(keys),
            prefix=prefix,
            conditions=conditions,
            counting=counting,
            count_idx=count_idx,
            count_col=table.columns[count_idx].text if count_idx >= 0 else "",
            skip_blank=self.skip_blank,
        )

    def _counting(self, table: Table) -> tuple[Counting | None, int]:
        """How counties are counted here, and the column that says so (-1 for none)."""
        if not self.count_counties:
            return None, -1
        if self.counties and self.county:
            raise AidcalcError("use --counties or --county, not both")
        if self.counties:
            return Counting.COUNTS, table.column(self.counties, "counties column").index
        if self.county:
            return Counting.NAMES, table.column(self.county, "county column").index
        has_counties, has_county = table.has("counties"), table.has("county")
        if has_counties and has_county:
            raise AidcalcError(
                "both a 'counties' and a 'county' column: say which counts with --counties or"
                " --county",
                file=table.source.name,
                line=table.header_line,
            )
        if has_counties:
            return Counting.COUNTS, table.column("counties").index
        if has_county:
            return Counting.NAMES, table.column("county").index
        return None, -1


FILE = -1  # a key or condition "column" that stands for the input file's name


def _index(table: Table, column: str) -> int:
    """The column's index; ``file`` means the input file, unless the table has such a column."""
    if normalize_name(column) == "file" and not table.has("file"):
        return FILE
    return table.column(column).index


def _unit_of_header(unit: str, name: str, line: int, column: str) -> int:
    try:
        return parse_unit(unit).exp
    except AidcalcError as e:
        raise AidcalcError(
            f"unknown unit in the header; give the unit of bare numbers with --in-unit"
            f" ({e.reason})",
            file=name,
            line=line,
            column=column,
            value=unit,
        ) from None


@dataclass(frozen=True)
class Layout:
    """A :class:`Query` resolved against one table: where the amount, keys and counties are."""

    file: str
    amount: int
    amount_col: str
    unit_exp: int
    keys: tuple[int, ...]  # columns of the group key, in order; FILE for the file name
    prefix: tuple[str, ...]  # key parts before the columns (the year of a file)
    conditions: tuple[tuple[int, str, bool], ...]  # (column, value, equal)
    counting: Counting | None
    count_idx: int
    count_col: str
    skip_blank: bool = False

    @property
    def unit_rounded(self) -> bool:
        """Bare numbers in a unit above yuan (万, million) stand for a rounded figure."""
        return self.unit_exp > 0

    def keeps(self, row: list[str]) -> bool:
        """Whether ``row`` passes every condition."""
        return all(
            ((self.file if i == FILE else row[i].strip()) == v) == eq
            for i, v, eq in self.conditions
        )


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
                self._file if i == FILE else str(next(cells)).strip() for i in self._columns
            )
            self._cache[raw] = key
        return key

    def of(self, row: list[str]) -> tuple[str, ...]:
        return self.decode(self.raw(row))


def _none(row: list[str]) -> None:
    return None
