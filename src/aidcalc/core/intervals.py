"""Closed intervals of exact rationals, with sound arithmetic: the true value always lies inside.

``Interval(lo, hi)`` supports ``+ - * /``, negation and :func:`power`. Division by an interval
that contains zero is an error. Where a result is irrational (a non-integer power), its bounds are
computed to 40 significant digits and widened outward, so soundness survives the rounding: the
working precision grows with the size of the exponent, whose rounding error is multiplied by it.

Numbers stay below ``MAX_BITS`` bits (about 3,600 digits, far beyond any funding figure, and below
the 4,300 digits Python prints): an integer power is refused by the size it would have, before it
is computed, so nested powers cannot run for minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, DecimalException
from fractions import Fraction

from aidcalc.core.errors import AidcalcError
from aidcalc.core.formatting import format_exact

__all__ = ["MAX_BITS", "Interval", "approx_power", "check_exponent", "power", "too_big"]

_DIGITS = 40
MAX_INTEGER_EXPONENT = 1000
MAX_BITS = 12000  # about 3,600 digits
_TOO_LARGE = f"a number too large to handle (over {MAX_BITS * 3 // 10:,} digits)"


@dataclass(frozen=True)
class Interval:
    """Every rational from ``lo`` to ``hi``, both included."""

    lo: Fraction
    hi: Fraction

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    @classmethod
    def point(cls, x: Fraction | int) -> Interval:
        return cls(Fraction(x), Fraction(x))

    @classmethod
    def around(cls, x: Fraction, half_width: Fraction) -> Interval:
        return cls(x - half_width, x + half_width)

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        p = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(p), max(p))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise AidcalcError(f"division by a value that can be zero ({_show(other)})")
        return self * Interval(1 / other.hi, 1 / other.lo)


def power(base: Interval, exponent: Interval) -> Interval:
    """``base ^ exponent``: exact for an exact integer exponent, else bounds rounded outward."""
    if exponent.exact and exponent.lo.denominator == 1:
        return _integer_power(base, int(exponent.lo))
    if base.lo <= 0:
        raise AidcalcError(
            f"a non-integer power of a value that can be zero or negative ({_show(base)})"
        )
    corners = [(b, e) for b in (base.lo, base.hi) for e in (exponent.lo, exponent.hi)]
    lows = [_decimal_power(b, e, ROUND_FLOOR) for b, e in corners]
    highs = [_decimal_power(b, e, ROUND_CEILING) for b, e in corners]
    return Interval(min(lows), max(highs))


def approx_power(base: Fraction, exponent: Fraction) -> Fraction:
    """``base ^ exponent`` for a point value: exact for integer exponents, else 40 digits."""
    if exponent.denominator == 1:
        if base == 0 and exponent < 0:
            raise AidcalcError("division by zero (0 to a negative power)")
        check_exponent(int(exponent))
        _check_power_size(base, int(exponent))
        return base ** int(exponent)
    if base <= 0:
        raise AidcalcError("a non-integer power of a value that is zero or negative")
    return _decimal_power(base, exponent, None)


def _integer_power(base: Interval, n: int) -> Interval:
    check_exponent(n)
    if n < 0:
        if base.lo <= 0 <= base.hi:
            raise AidcalcError(f"division by a value that can be zero ({_show(base)})")
        return Interval.point(1) / _integer_power(base, -n)
    if n == 0:
        return Interval.point(1)
    _check_power_size(base.lo, n)
    _check_power_size(base.hi, n)
    a, b = base.lo**n, base.hi**n
    if n % 2 == 1:
        return Interval(a, b)
    if base.lo >= 0:
        return Interval(a, b)
    if base.hi <= 0:
        return Interval(b, a)
    return Interval(Fraction(0), max(a, b))


def check_exponent(n: int) -> None:
    """Refuse an integer exponent beyond ``MAX_INTEGER_EXPONENT``."""
    if abs(n) > MAX_INTEGER_EXPONENT:
        raise AidcalcError(f"an exponent over {MAX_INTEGER_EXPONENT} is beyond any funding figure")


def too_big(base: Fraction, n: int) -> bool:
    """Whether ``base ** n`` would have more than ``MAX_BITS`` bits (told before computing it).

    >>> too_big(Fraction(11, 10), 1000), too_big(Fraction(11, 10) ** 1000, 1000)
    (False, True)
    """
    bits = max(abs(base.numerator).bit_length(), base.denominator.bit_length())
    return bits > 1 and (bits - 1) * abs(n) > MAX_BITS


def _check_power_size(base: Fraction, n: int) -> None:
    if too_big(base, n):
        raise AidcalcError(_TOO_LARGE)


def _decimal_power(base: Fraction, exponent: Fraction, rounding: str | None) -> Fraction:
    """A correctly signed bound of ``base ^ exponent`` (base > 0), widened by a few units of the
    last of 40 digits in the direction ``rounding`` (``None``: nearest).

    ``b ^ e = exp(e ln b)``: rounding b and e to p digits moves ``e ln b`` by about
    ``10^-p |e| (1 + |ln b|)``, a relative error of the result as large; p grows with ``|e|`` and
    ``|ln b|`` so that error stays far below the slack. Results beyond ``MAX_BITS`` are refused.
    """
    magnitude = abs(exponent) * (1 + _log10_size(base) * 3)
    extra = len(str(int(magnitude))) if magnitude >= 1 else 0
    limit = MAX_BITS * 3 // 10
    ctx = Context(prec=_DIGITS + 5 + extra, Emax=limit, Emin=-limit)
    b = ctx.divide(Decimal(base.numerator), Decimal(base.denominator))
    e = ctx.divide(Decimal(exponent.numerator), Decimal(exponent.denominator))
    try:
        r = ctx.power(b, e)
    except DecimalException:
        raise AidcalcError("a power too large or too small to compute") from None
    value = Fraction(r)
    if rounding is None:
        return value
    # b and e were themselves rounded, and power() is not always correctly rounded: widen by a
    # relative 1e-35, far more than those errors and far less than any printed digit.
    slack = abs(value) / 10**35 + Fraction(1, 10**60)
    return value - slack if rounding == ROUND_FLOOR else value + slack


def _log10_size(x: Fraction) -> int:
    """Roughly ``|log10 x|`` for x > 0 (from the digits of numerator and denominator)."""
    return abs(abs(x.numerator).bit_length() - x.denominator.bit_length()) * 3 // 10 + 1


def _show(iv: Interval) -> str:
    return f"{format_exact(iv.lo, 6)} to {format_exact(iv.hi, 6)}"
