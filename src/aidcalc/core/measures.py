"""The two derived measures that more than one module needs, defined once.

``mean_per(total, n)`` is a total divided by a count (per county, per person); ``cagr(first,
last, years)`` is the compound annual growth rate, (last / first)^(1 / years) − 1.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["cagr", "mean_per"]


def mean_per(total: Fraction, n: int | Fraction | None) -> Fraction | None:
    """``total / n``, or None when there is nothing to divide by.

    >>> mean_per(Fraction(2831000000), 72)
    Fraction(353875000, 9)
    >>> mean_per(Fraction(5), 0) is None
    True
    """
    return total / n if n else None


def cagr(first: Fraction, last: Fraction, years: Fraction | int) -> Fraction:
    """(last / first)^(1 / years) − 1: exact when the root is rational, else to 40 digits.

    >>> cagr(Fraction(100), Fraction(400), 2)
    Fraction(1, 1)
    """
    from aidcalc.core.intervals import approx_power  # decimal is slow to import: only here

    if last == 0:
        return Fraction(-1)
    return approx_power(last / first, Fraction(1) / Fraction(years)) - 1
