"""Claims: reported figures, one per row of a claims file, and their verdicts.

=========================  ===========================================================
``Claim``                  one row: name, the sentence, the figure as printed, formula, precision
``Verdict``                given, consistent, inconsistent, error
``read_claims(table)``     the claims of an open claims table, in order
``write_claims(claims)``   claims as CSV text, in the columns ``check`` reads
=========================  ===========================================================

Checking them is :mod:`aidcalc.verdicts`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from aidcalc.errors import AidcalcError
from aidcalc.reader import Table

__all__ = ["COLUMNS", "Claim", "Verdict", "read_claims", "write_claims"]

#: The columns of a claims file, in the order they are written.
COLUMNS = ("name", "claim", "reported", "formula", "precision")


class Verdict(str, Enum):
    """What a claim's check found."""

    GIVEN = "given"  # no formula: a figure later formulas can use by its name
    CONSISTENT = "consistent"  # some reading of the inputs gives a value the figure allows
    INCONSISTENT = "inconsistent"  # no reading of the inputs does
    ERROR = "error"  # the row could not be checked


@dataclass(frozen=True)
class Claim:
    """One reported figure, with how it follows from others (its formula) if it does."""

    reported: str
    formula: str = ""
    name: str = ""
    claim: str = ""
    precision: str = ""
    line: int | None = None
    why: str = ""  # what ``explain`` found wrong with the figure (a misstated row)


def read_claims(table: Table) -> Iterator[Claim]:
    """The claims in an open claims table, in order; it needs a ``reported`` column."""
    cols = {c.name: c.index for c in table.columns}
    if "reported" not in cols:
        table.column("reported")  # raises, listing the columns there are

    def cell(row: list[str], name: str) -> str:
        i = cols.get(name)
        return row[i].strip() if i is not None else ""

    for line, row in table.rows:
        yield Claim(
            reported=cell(row, "reported"),
            formula=cell(row, "formula"),
            name=cell(row, "name"),
            claim=cell(row, "claim"),
            precision=cell(row, "precision"),
            line=line,
            why=cell(row, "why"),
        )


def write_claims(claims: Iterable[Claim]) -> str:
    """Claims as CSV text with the header ``name,claim,reported,formula,precision``.

    >>> print(write_claims([Claim("39.33 million", "total / counties", name="average")]), end="")
    name,claim,reported,formula,precision
    average,,39.33 million,total / counties,
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for c in claims:
        w.writerow([c.name, c.claim, c.reported, c.formula, c.precision])
    return buf.getvalue()


def check_name(name: str, used: Iterable[str]) -> None:
    """A claim's name must be a name (letters, digits, _) and not used by an earlier row."""
    if not (name[0].isalpha() or name[0] == "_") or not all(c.isalnum() or c == "_" for c in name):
        raise AidcalcError(f"the name {name!r} is not a name: use letters, digits and _")
    if name.casefold() in used:
        raise AidcalcError(f"the name {name!r} is already used by an earlier row")
