"""Running exact figures per group, and the outcome of one pass over the rows.

=========================  ===========================================================
``Group``                  rows, the exact total and its rounding, counties: one ``add``
                           for amounts, one ``merge`` for two groups
``Tally``                  the groups by key in first-seen order, and how counties are known
=========================  ===========================================================

Amounts are kept as sums of integer mantissas per power of ten, so adding never rounds and the
total is exact; ``halves`` counts the rounded cells at each precision, which gives how far the
true total may lie from the written one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import scaled
from aidcalc.reader.query import Counting

__all__ = ["Group", "Tally", "year_of"]


class Group:
    """Running figures of one group: rows, the exact total and its rounding, counties."""

    __slots__ = ("counties", "county_set", "halves", "per", "rows", "sums")

    def __init__(self, names: bool = False) -> None:
        self.rows = 0
        self.sums: dict[int, int] = {}  # exponent → sum of mantissas
        self.halves: dict[int, int] = {}  # exponent → how many rounded cells at that precision
        self.counties = 0  # counted from a column of counts
        self.county_set: set[str] | None = set() if names else None  # distinct county names
        self.per = Fraction(0)  # the sum of the --per column (population, households)

    def add(self, exp: int, mantissas: int, rows: int = 1, rounded: bool = False) -> None:
        """Add ``rows`` amounts at precision ``10^exp`` whose mantissas sum to ``mantissas``."""
        self.rows += rows
        self.sums[exp] = self.sums.get(exp, 0) + mantissas
        if rounded:
            self.halves[exp] = self.halves.get(exp, 0) + rows

    def merge(self, other: Group) -> None:
        self.rows += other.rows
        for e, m in other.sums.items():
            self.sums[e] = self.sums.get(e, 0) + m
        for e, n in other.halves.items():
            self.halves[e] = self.halves.get(e, 0) + n
        self.counties += other.counties
        self.per += other.per
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

    def county_count(self, counting: Counting | None) -> int | None:
        if counting is Counting.COUNTS:
            return self.counties
        if counting is Counting.NAMES:
            return len(self.county_set or ())
        return None


@dataclass(repr=False, eq=False)
class Tally:
    """The outcome of one pass: groups by key, in first-seen order, and how counties are known.

    ``notes`` say how the input was read (a unit line used, total rows passed over) and
    ``mismatches`` name the table's own total rows that disagree with the rows they cover: both
    for stderr, the second making the exit status 1.
    """

    by: tuple[str, ...]
    groups: dict[tuple[str, ...], Group]
    counting: Counting | None
    skipped_blank: int = 0
    notes: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    currency: str | None = None  # of the amounts, when a currency other than yuan is named
    per: str | None = None  # the name of the column divided by, with --per

    @cached_property
    def overall(self) -> Group:
        """All groups together (the ``all`` row)."""
        g = Group()
        for sub in self.groups.values():
            g.merge(sub)
        return g

    def counties_of(self, g: Group) -> int | None:
        return g.county_count(self.counting)


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
