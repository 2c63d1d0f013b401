"""The expression tree of a formula's arithmetic, and its value as written.

A parsed formula (:mod:`aidcalc.checker.formula`) becomes one of these small immutable trees
(:func:`aidcalc.checker.exact.to_expr`); :mod:`aidcalc.checker.exact` finds its exact range. Each
input is one :class:`Var` however often it appears.

>>> point_value(div(Const(Fraction(1435)), Const(Fraction(25))))
Fraction(287, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from aidcalc.checker import formula
from aidcalc.core.errors import AidcalcError
from aidcalc.core.intervals import approx_power, check_exponent

__all__ = [
    "Add",
    "Const",
    "Expr",
    "Inv",
    "Literal",
    "Max",
    "Min",
    "Mul",
    "Neg",
    "Pow",
    "TooLarge",
    "Var",
    "cagr",
    "div",
    "fits",
    "inv",
    "neg",
    "point_value",
    "power_too_big",
]

# ---------------------------------------------------------------------------------------------
# The expression tree


@dataclass(frozen=True)
class Const:
    """An exact number (a literal written without rounding, a count of rows)."""

    value: Fraction


@dataclass(frozen=True)
class Var:
    """One input: any value from ``lo`` to ``hi``; ``point`` is the value as written. Every
    occurrence with the same ``key`` is the same variable (and must carry the same bounds)."""

    key: object
    lo: Fraction
    hi: Fraction
    point: Fraction


@dataclass(frozen=True)
class Add:
    terms: tuple[Expr, ...]


@dataclass(frozen=True)
class Mul:
    factors: tuple[Expr, ...]


@dataclass(frozen=True)
class Neg:
    operand: Expr


@dataclass(frozen=True)
class Inv:
    """``1 / operand``; a division ``a / b`` is ``Mul((a, Inv(b)))`` (see :func:`div`)."""

    operand: Expr


@dataclass(frozen=True)
class Pow:
    """``base ^ exponent``: any base for an exact integer exponent, else a positive base."""

    base: Expr
    exponent: Expr


@dataclass(frozen=True)
class Min:
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Max:
    args: tuple[Expr, ...]


Expr = Const | Var | Add | Mul | Neg | Inv | Pow | Min | Max


@dataclass(frozen=True)
class Literal:
    """The key of a rounded literal in a formula: the ``index``-th literal, left to right.
    Two equal literals written twice are two figures, so two variables."""

    index: int
    value: Fraction


def div(a: Expr, b: Expr) -> Expr:
    """``a / b``."""
    return Mul((a, Inv(b)))


def cagr(first: Expr, last: Expr, years: Expr) -> Expr:
    """``(last / first) ^ (1 / years) - 1``."""
    return Add((Pow(div(last, first), inv(years)), Const(Fraction(-1))))


def neg(x: Expr) -> Expr:
    return Const(-x.value) if isinstance(x, Const) else Neg(x)


def inv(x: Expr) -> Expr:
    if isinstance(x, Const):
        if not x.value:
            raise AidcalcError("division by zero")
        return Const(1 / x.value)
    return Inv(x)


class TooLarge(AidcalcError):
    def __init__(self) -> None:
        super().__init__(formula.TOO_LARGE)


def _fraction_too_big(x: Fraction) -> bool:
    return max(abs(x.numerator).bit_length(), x.denominator.bit_length()) > formula.MAX_BITS


def fits(x: Fraction) -> Fraction:
    if _fraction_too_big(x):
        raise TooLarge()
    return x


def power_too_big(base: Fraction, n: int) -> bool:
    """Whether ``base ** n`` would have more bits than allowed (checked before computing it)."""
    bits = max(abs(base.numerator).bit_length(), base.denominator.bit_length())
    return bits > 1 and (bits - 1) * abs(n) > formula.MAX_BITS


# ---------------------------------------------------------------------------------------------
# The value as written


def point_value(expr: Expr) -> Fraction:
    """The value from the figures as written (each :class:`Var` at its ``point``); exact, but
    for non-integer powers, which are computed to 40 digits.

    >>> point_value(Pow(Const(Fraction(4)), Const(Fraction(1, 2))))
    Fraction(2, 1)
    """
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Var):
        return expr.point
    if isinstance(expr, Add):
        return sum((point_value(t) for t in expr.terms), Fraction(0))
    if isinstance(expr, Mul):
        acc = Fraction(1)
        for f in expr.factors:
            acc *= point_value(f)
            fits(acc)
        return acc
    if isinstance(expr, Neg):
        return -point_value(expr.operand)
    if isinstance(expr, Inv):
        v = point_value(expr.operand)
        if not v:
            raise AidcalcError("division by zero")
        return 1 / v
    if isinstance(expr, Pow):
        base, exponent = point_value(expr.base), point_value(expr.exponent)
        if exponent.denominator == 1:
            check_exponent(int(exponent))
            if base and power_too_big(base, int(exponent)):
                raise TooLarge()
        return fits(approx_power(base, exponent))
    values = [point_value(a) for a in expr.args]
    return min(values) if isinstance(expr, Min) else max(values)
