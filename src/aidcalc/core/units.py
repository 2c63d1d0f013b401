"""Units of amounts: scale words as powers of ten, and the display units of ``--unit``.

=========================  ===========================================================
``SCALES``                 scale words a number may carry (``million`` → 6, ``亿`` → 8)
``UNITS``                  display units for ``--unit`` and ``--in-unit``
``Unit``                   a unit by name, with its power of ten
``parse_unit(name)``       ``"万元"`` → ``Unit("万元", 4)``; an error names the known units
=========================  ===========================================================
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from aidcalc.core.errors import AidcalcError

__all__ = ["SCALES", "UNITS", "YUAN", "Unit", "parse_unit", "unit_exponent"]

#: Scale words and suffixes a number may carry, as powers of ten. Keys are lower case.
SCALES: dict[str, int] = {
    "thousand": 3,
    "thousands": 3,
    "k": 3,
    "千": 3,
    "wan": 4,
    "万": 4,
    "million": 6,
    "millions": 6,
    "m": 6,
    "mn": 6,
    "百万": 6,
    "千万": 7,
    "yi": 8,
    "亿": 8,
    "billion": 9,
    "billions": 9,
    "bn": 9,
    "trillion": 12,
    "trillions": 12,
    "万亿": 12,
}

#: Units accepted by ``--unit`` and ``--in-unit`` (display units), as powers of ten.
UNITS: dict[str, int] = {
    "yuan": 0,
    "元": 0,
    "thousand": 3,
    "千": 3,
    "wan": 4,
    "万": 4,
    "million": 6,
    "百万": 6,
    "yi": 8,
    "亿": 8,
    "billion": 9,
}


@dataclass(frozen=True)
class Unit:
    """A unit of amounts as written (``万元``, ``£m``), its power of ten and its currency (an ISO
    code, or None where none is named)."""

    name: str
    exp: int
    currency: str | None = None

    @property
    def rounded(self) -> bool:
        """Bare numbers in a unit above one (万元, £m) stand for everything that rounds to them."""
        return self.exp > 0


YUAN = Unit("yuan", 0)


def parse_unit(name: str) -> Unit:
    """The unit called ``name``; an error names the known units.

    >>> parse_unit("million"), parse_unit("万元").exp
    (Unit(name='million', exp=6, currency=None), 4)
    """
    key = unicodedata.normalize("NFKC", name).strip().lower()
    if key.endswith("元") and len(key) > 1:
        key = key[:-1]
    exp = UNITS.get(key, SCALES.get(key))
    if exp is None:
        known = ", ".join(u for u in UNITS)
        raise AidcalcError(f"unknown unit; use one of {known}", value=name)
    return Unit(name, exp)


def unit_exponent(name: str) -> int:
    """The power of ten of a unit (``million`` → 6)."""
    return parse_unit(name).exp
