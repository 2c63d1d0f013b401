"""Interval values of an expression over a box of inputs, with enclosures of its partial
derivatives (forward-mode differentiation in interval arithmetic): what :mod:`aidcalc.checker.exact`
proves monotonicity with.

>>> from aidcalc.checker.expr import Var, Add, Mul
>>> x = Var("x", Fraction(1), Fraction(2), Fraction(1))
>>> value, grad = Evaluator(Mul((x, x)), {"x": 0}).with_grad((Interval(Fraction(1), Fraction(2)),))
>>> (value.lo, value.hi, grad[0].lo, grad[0].hi)
(Fraction(1, 1), Fraction(4, 1), Fraction(2, 1), Fraction(4, 1))
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Decimal, DecimalException
from fractions import Fraction

from aidcalc.checker.expr import (
    Add,
    Const,
    Expr,
    Inv,
    Max,
    Min,
    Mul,
    Neg,
    Pow,
    TooLarge,
    Var,
    fits,
    power_too_big,
)
from aidcalc.core.errors import AidcalcError
from aidcalc.core.formatting import format_exact
from aidcalc.core.intervals import Interval, check_exponent, power

__all__ = ["Box", "Evaluator", "Grad", "fit", "hull", "show"]

Grad = dict[int, Interval]
Box = tuple[Interval, ...]

_ONE = Interval.point(1)
_ZERO = Interval.point(0)


def fit(iv: Interval) -> Interval:
    fits(iv.lo)
    fits(iv.hi)
    return iv


def _add_grads(acc: Grad, g: Grad, scale: Interval | None = None) -> None:
    for k, v in g.items():
        w = v if scale is None else fit(v * scale)
        acc[k] = acc[k] + w if k in acc else w


def hull(a: Interval, b: Interval) -> Interval:
    return Interval(min(a.lo, b.lo), max(a.hi, b.hi))


def show(iv: Interval) -> str:
    return f"{format_exact(iv.lo, 6)} to {format_exact(iv.hi, 6)}"


class Evaluator:
    """Interval values of ``expr`` over a box, with enclosures of the partial derivatives of the
    variables that are not fixed (``grad``), by forward-mode differentiation."""

    def __init__(self, expr: Expr, index: Mapping[object, int]) -> None:
        self.expr = expr
        self.index = index

    def value(self, box: Box) -> Interval:
        return self._eval(self.expr, box, False)[0]

    def with_grad(self, box: Box) -> tuple[Interval, Grad]:
        return self._eval(self.expr, box, True)

    def _eval(self, e: Expr, box: Box, grad: bool) -> tuple[Interval, Grad]:
        if isinstance(e, Const):
            return Interval.point(e.value), {}
        if isinstance(e, Var):
            i = self.index[e.key]
            iv = box[i]
            return iv, ({i: _ONE} if grad and not iv.exact else {})
        if isinstance(e, Neg):
            v, g = self._eval(e.operand, box, grad)
            return -v, {k: -d for k, d in g.items()}
        if isinstance(e, Add):
            total, acc = _ZERO, Grad()
            for t in e.terms:
                v, g = self._eval(t, box, grad)
                total = fit(total + v)
                _add_grads(acc, g)
            return total, acc
        if isinstance(e, Mul):
            return self._mul([self._eval(f, box, grad) for f in e.factors])
        if isinstance(e, Inv):
            v, g = self._eval(e.operand, box, grad)
            if v.lo <= 0 <= v.hi:
                raise AidcalcError(f"division by a value that can be zero ({show(v)})")
            r = fit(Interval(1 / v.hi, 1 / v.lo))
            acc = Grad()
            if g:
                _add_grads(acc, g, -fit(r * r))
            return r, acc
        if isinstance(e, Pow):
            return self._pow(self._eval(e.base, box, grad), self._eval(e.exponent, box, grad))
        return self._min_max(e, [self._eval(a, box, grad) for a in e.args])

    @staticmethod
    def _mul(parts: list[tuple[Interval, Grad]]) -> tuple[Interval, Grad]:
        n = len(parts)
        if not any(g for _, g in parts):
            value = _ONE
            for v, _ in parts:
                value = fit(value * v)
            return value, {}
        prefix = [_ONE]  # prefix[j] = v0 * … * v(j-1)
        for v, _ in parts:
            prefix.append(fit(prefix[-1] * v))
        acc: Grad = {}
        suffix = _ONE  # v(j+1) * … * v(n-1)
        for j in range(n - 1, -1, -1):
            v, g = parts[j]
            if g:
                _add_grads(acc, g, fit(prefix[j] * suffix))
            suffix = fit(suffix * v)
        return prefix[n], acc

    @staticmethod
    def _pow(base: tuple[Interval, Grad], exponent: tuple[Interval, Grad]) -> tuple[Interval, Grad]:
        (b, bg), (e, eg) = base, exponent
        if e.exact and e.lo.denominator == 1:
            check_exponent(int(e.lo))
            if any(power_too_big(x, int(e.lo)) for x in (b.lo, b.hi)):
                raise TooLarge()
        value = fit(power(b, e))  # raises where the power is undefined somewhere in the box
        acc: Grad = {}
        if e.exact:  # the exponent is constant over the box: only the base moves
            n = e.lo
            if bg and n:
                if n.denominator == 1 and n > 0:
                    d = Interval.point(n) * power(b, Interval.point(n - 1))
                elif n.denominator == 1:  # b excludes zero here
                    d = Interval.point(n) * value / b
                else:
                    d = Interval.point(n) * power(b, Interval.point(n - 1))
                _add_grads(acc, bg, fit(d))
            return value, acc
        # b > 0 here: d(b^e) = e b^(e-1) db + b^e ln(b) de
        if bg:
            _add_grads(acc, bg, fit(e * power(b, e - _ONE)))
        if eg:
            _add_grads(acc, eg, fit(value * _ln(b)))
        return value, acc

    @staticmethod
    def _min_max(e: Min | Max, parts: list[tuple[Interval, Grad]]) -> tuple[Interval, Grad]:
        if isinstance(e, Min):
            value = Interval(min(v.lo for v, _ in parts), min(v.hi for v, _ in parts))
            live = [g for v, g in parts if v.lo <= value.hi]  # the args that can be the least
        else:
            value = Interval(max(v.lo for v, _ in parts), max(v.hi for v, _ in parts))
            live = [g for v, g in parts if v.hi >= value.lo]
        # Where one argument is the extreme, the derivative is that argument's: the hull of
        # theirs (zero where a variable is absent) encloses it everywhere.
        acc: Grad = {}
        keys = {k for g in live for k in g}
        for k in keys:
            ds = [g.get(k, _ZERO) for g in live]
            d = ds[0]
            for x in ds[1:]:
                d = hull(d, x)
            acc[k] = d
        return value, acc


def _ln(iv: Interval) -> Interval:
    """Natural logarithm of a positive interval, bounds rounded outward."""
    return Interval(_decimal_ln(iv.lo, -1), _decimal_ln(iv.hi, 1))


def _decimal_ln(x: Fraction, direction: int) -> Fraction:
    ctx = Context(prec=45)
    try:
        d = ctx.divide(Decimal(x.numerator), Decimal(x.denominator))
        value = Fraction(d.ln(ctx))
    except DecimalException:
        raise AidcalcError("a logarithm too large or too small to compute") from None
    # ln is correctly rounded to 45 digits, and x was rounded to 45 digits (an absolute error
    # of about 1e-45 after ln): the slack covers both many times over.
    slack = abs(value) / 10**35 + Fraction(1, 10**40)
    return value + direction * slack
