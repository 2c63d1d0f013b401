"""The output contract: a table of exact values with typed columns, and notes.

Every command's core function returns a :class:`Result`; :mod:`aidcalc.output.render` turns it into
text (rounding there, once). ``Result.records()`` gives plain dictionaries of exact values for
scripts, and ``Result.to_pandas()`` a DataFrame when pandas happens to be installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import Any

__all__ = ["Audience", "Cell", "ColumnKind", "Result", "ResultColumn"]


class ColumnKind(Enum):
    """How a column's values are printed."""

    TEXT = "text"
    COUNT = "count"  # a whole number: rows, counties
    AMOUNT = "amount"  # money, in the display unit
    SHARE = "share"  # a fraction of 1, shown as a percentage
    CHANGE = "change"  # a relative change, shown as a signed percentage
    MULTIPLE = "multiple"  # a ratio, shown with ×
    NUMBER = "number"  # any other exact value
    LOWER = "lower"  # the lower bound of an interval: rounded down
    UPPER = "upper"  # the upper bound of an interval: rounded up


class Audience(Enum):
    """Where a column is shown."""

    BOTH = "both"
    PEOPLE = "people"  # tables and markdown only
    MACHINES = "machines"  # csv, tsv, json, jsonl only


@dataclass(frozen=True, repr=False)
class ResultColumn:
    """A column of a result: machine name, title for people, kind (how to print it)."""

    key: str
    title: str
    kind: ColumnKind
    where: Audience = Audience.BOTH
    optional: bool = False  # left out of tables when every cell is empty


Cell = Fraction | int | str | None


@dataclass(repr=False, eq=False)
class Result:
    """A table of exact values, with notes to print under it."""

    columns: list[ResultColumn]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    bar: str | None = None  # the key of a share column to draw as bars in tables
    currency: str | None = None  # of the amount columns, when not yuan (named in their headers)
    # what the table was made from (a CheckReport, a report.sources object), for formats that
    # show more than the table (``--format html``); tables and machine formats ignore it
    source: object = field(default=None, repr=False, compare=False)

    def render(
        self,
        format: str = "table",
        *,
        unit: str = "yuan",
        digits: int = 2,
        tablefmt: str = "simple",
        header: bool = True,
    ) -> str:
        """The text the command line prints for this result (``format`` as ``--format``).

        The renderers live in the output layer, above this contract: they are found by name on
        first use, as the output layer finds its own plugins (the html page), so that nothing
        here imports the layer that imports it.
        """
        import importlib

        from aidcalc.core.units import parse_unit

        rendering = importlib.import_module("aidcalc.output.render")
        out = rendering.Output(format, tablefmt, parse_unit(unit), digits, header)
        text: str = rendering.render(self, out).stdout
        return text

    def records(self) -> list[dict[str, Cell]]:
        """The rows as dictionaries keyed by column name, values exact (Fractions, ints, text).

        >>> from aidcalc.core.result import Result, ResultColumn, ColumnKind
        >>> r = Result([ResultColumn("total", "total", ColumnKind.AMOUNT)], [[Fraction(5, 2)]])
        >>> r.records()
        [{'total': Fraction(5, 2)}]
        """
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row)) for row in self.rows]

    def to_pandas(self) -> Any:
        """A pandas DataFrame of :meth:`records` (exact values as Python objects); pandas is
        not a dependency of aidcalc, so this works only where it is installed."""
        import importlib

        try:
            pandas = importlib.import_module("pandas")
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pandas.DataFrame.from_records(self.records(), columns=[c.key for c in self.columns])
