"""其中 ("of which") parts: rows inside the row above them, never summed.

After a ``其中：X`` / ``of which X`` row (itself a part) or a bare ``其中：`` row, the parts follow.
Indented rows are parts, and the first row not indented after them ends them. Rows not indented (a
workbook keeps indentation in the cell format, so a CSV of it shows none) are parts while they
complete the parts to the row above, within rounding (or, once they agree within rounding, make them
exact): a row that completes them is a part, a row past the row above is data, and a row that fits
but leaves the parts short is a question (where they end cannot be seen). A total word ends the
parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from fractions import Fraction

from aidcalc.core.figures import scaled
from aidcalc.published.totals import Amount

__all__ = ["Part", "Parts"]


class Part(Enum):
    """What a row after a 其中 row is."""

    PART = "indented row after 其中 (of which)"
    COMPLETES = "after 其中 (of which), completing the parts of the row above"
    SHORT = (
        "the row after 其中 (of which) is not indented and the parts do not yet add up to the row"
        " above: where the parts end is unclear"
    )
    UNCLEAR = "the row after 其中 (of which) is not indented: where the parts end is unclear"
    PAST = "past the parts"


def _half(v: Amount) -> Fraction:
    return scaled(5, v[1] - 1) if v[2] else Fraction(0)


class Parts:
    """The open 其中 block of a table, if any."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.state: bool | None = None  # None: no 其中 open; False: a bare 其中, no part yet
        self.parent: tuple[Amount | None, ...] = ()
        self.sums = [Fraction(0)] * width
        self.halves = [Fraction(0)] * width
        self.indented = False

    @property
    def open(self) -> bool:
        return self.state is not None

    def start(self, parent: tuple[Amount | None, ...], values: Sequence[Amount | None]) -> None:
        """A 其中 row under the row ``parent``; ``values``: its own amounts (empty when bare)."""
        self.state = bool(values)
        self.parent = parent
        self.sums = [Fraction(0)] * self.width
        self.halves = [Fraction(0)] * self.width
        self.indented = False
        self._add(values)

    def close(self) -> None:
        self.state = None

    def _add(self, values: Sequence[Amount | None]) -> None:
        for i, v in enumerate(values):
            if v is not None:
                self.sums[i] += scaled(v[0], v[1])
                self.halves[i] += _half(v)

    def _fits(self, values: Sequence[Amount | None], *, closed: bool) -> bool:
        """Whether the parts so far and ``values`` stay within (``closed``: reach) the row above."""
        if all(p is None for p in self.parent):
            return False
        for i, p in enumerate(self.parent):
            if p is None:
                continue
            v = values[i] if i < len(values) else None
            total = self.sums[i] + (scaled(v[0], v[1]) if v is not None else 0)
            half = self.halves[i] + (_half(v) if v is not None else 0) + _half(p)
            parent = scaled(p[0], p[1])
            if total > parent + half or (closed and total < parent - half):
                return False
        return True

    def _exact(self, values: Sequence[Amount | None]) -> bool:
        """Whether the parts so far and ``values`` add up to the row above exactly, as printed."""
        if all(p is None for p in self.parent):
            return False
        for i, p in enumerate(self.parent):
            v = values[i] if i < len(values) else None
            if p is not None and self.sums[i] + (scaled(v[0], v[1]) if v else 0) != scaled(*p[:2]):
                return False
        return True

    def _closed(self) -> bool:
        return self._fits((), closed=True)

    def row(self, indented: bool, word: bool, values: Sequence[Amount | None]) -> Part:
        """Classify a row with amounts while a 其中 block is open (``word``: a total word)."""
        if indented:
            self.state = True
            self.indented = True
            return Part.PART
        bare = self.state is False
        self.state = None
        if word or self.indented:
            return Part.PAST
        if not bare and self._closed():  # (within rounding: a row that makes them exact is one)
            if not self._exact(values):
                return Part.PAST
            self._add(values)
            self.state = True
            return Part.COMPLETES
        if self._fits(values, closed=False):
            self._add(values)
            if self._closed():
                self.state = True
                return Part.COMPLETES
            return Part.SHORT
        return Part.UNCLEAR if bare else Part.PAST
