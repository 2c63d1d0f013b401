"""Printing exact values: rounded once, half away from zero, for people and for machines.

=========================  ===========================================================
``format_fixed(x, n)``     a Fraction rounded to ``n`` decimals, with thousands separators
``format_exact(x)``        for machines: exact when it terminates, else 15 significant digits
``format_like(x, fig)``    ``x`` in the notation of a written figure (``39.32 million``)
``round_to_int(x)``        the nearest integer, halves away from zero
=========================  ===========================================================

``Rounding`` says which way: ``HALF`` for a value, ``FLOOR``/``CEILING`` for the bounds of an
interval, so that a printed interval always contains the true one.
"""

from __future__ import annotations

import math
from enum import Enum
from fractions import Fraction

from aidcalc.core.figures import Figure, scaled

__all__ = ["Rounding", "format_exact", "format_fixed", "format_like", "round_to_int"]


class Rounding(Enum):
    HALF = "half"  # to nearest, halves away from zero
    FLOOR = "floor"
    CEILING = "ceiling"


def round_to_int(x: Fraction) -> int:
    """Round to the nearest integer, halves away from zero (2.5 → 3, -2.5 → -3).

    >>> round_to_int(Fraction(5, 2)), round_to_int(Fraction(-5, 2))
    (3, -3)
    """
    n, d = abs(x.numerator), x.denominator
    q = (2 * n + d) // (2 * d)
    return -q if x < 0 else q


def _round(x: Fraction, rounding: Rounding) -> int:
    if rounding is Rounding.FLOOR:
        return math.floor(x)
    if rounding is Rounding.CEILING:
        return math.ceil(x)
    return round_to_int(x)


def format_fixed(
    x: Fraction, digits: int, *, grouping: bool = True, rounding: Rounding = Rounding.HALF
) -> str:
    """``x`` rounded to ``digits`` decimals (half away from zero; or floor/ceiling).

    >>> format_fixed(Fraction(2831000000, 72), 2)
    '39,319,444.44'
    >>> format_fixed(Fraction(-5, 2), 0)
    '-3'
    """
    q = _round(x * 10**digits, rounding)
    sign = "-" if q < 0 else ""
    s = str(abs(q)).rjust(digits + 1, "0")
    whole, frac = (s[:-digits], s[-digits:]) if digits > 0 else (s, "")
    if grouping:
        whole = f"{int(whole):,}"
    return sign + whole + ("." + frac if frac else "")


def format_exact(x: Fraction, significant: int = 15, rounding: Rounding = Rounding.HALF) -> str:
    """For machines: the exact decimal when ``x`` has one, else ``significant`` digits
    (rounded half away from zero, or floor/ceiling for the bounds of an interval).

    >>> format_exact(Fraction(2831000000)), format_exact(Fraction(1, 8))
    ('2831000000', '0.125')
    >>> format_exact(Fraction(1, 3))
    '0.333333333333333'
    >>> format_exact(Fraction(-5))
    '-5'
    """
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d == 1:
        return format_fixed(x, max(twos, fives), grouping=False)
    if x == 0:
        return "0"
    # digits before the point (or zeros after it) decide how many decimals give `significant`
    if abs(x) >= 1:
        decimals = max(significant - len(str(math.floor(abs(x)))), 0)
    else:
        decimals = significant + _leading_zeros(abs(x))
    text = format_fixed(x, decimals, grouping=False, rounding=rounding)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _leading_zeros(x: Fraction) -> int:
    """For 0 < x < 1: how many zeros follow the decimal point (0.00123 → 2)."""
    n = 0
    while x * 10 < 1:
        x *= 10
        n += 1
    return n


def format_like(
    x: Fraction, like: Figure, extra: int = 0, rounding: Rounding = Rounding.HALF
) -> str:
    """Show ``x`` in the notation of ``like``: ``39.32 million`` next to ``39.33 million``."""
    value = x / scaled(1, like.shift)
    text = format_fixed(value, like.decimals + extra, grouping=like.grouped, rounding=rounding)
    return text + like.suffix
