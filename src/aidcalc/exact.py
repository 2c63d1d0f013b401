"""Exact ranges of formulas, and verdicts decided exactly: ``consistent`` only with proof.

Plain interval arithmetic widens a quantity each time it appears: with ``x`` anywhere from 1.5 to
2.5 billion, ``x / (x + x)`` comes out as 30% to 83%, though every value of ``x`` gives 50%. Here
each input is **one variable** however often it appears, ranging over its own closed interval, and
a claim is consistent if and only if some values of the inputs give a value inside the reported
interval.

A formula becomes a small expression tree (:func:`to_expr`, independent of the parser). Its range
over the box of all inputs is found by proving monotonicity: forward-mode differentiation in
interval arithmetic encloses every partial derivative over the box, and where each one is ``>= 0``
or ``<= 0`` the minimum and maximum sit at corners chosen by those signs, evaluated exactly with
Fractions. Sums, differences, ratios, shares, growth ``a/b - 1``, CAGR and means of figures
rounded to a few digits are all proven monotone at once. Otherwise the box is split (the variable
of unknown sign that has been split least), best first, separately for the minimum and the
maximum; each sub-box is bounded by the tighter of plain interval arithmetic and the mean-value
form, and probed at its midpoint. A formula is continuous on its box (a denominator that can be
zero is an error), so its range is the whole interval from its minimum to its maximum.

=================================  ===========================================================
``to_expr(node, env)``             a parsed formula as an :data:`Expr` (literals: own variables)
``point_value(expr)``              the value from the figures as written
``value_range(expr)``              :class:`Range`: ``lo``, ``hi`` and whether they are exact
``decide(expr, lo, hi, …)``        :class:`Decision`: consistent, inconsistent or undecided
=================================  ===========================================================

**The limit.** At most ``limit`` boxes (default :data:`LIMIT`, 1000) are examined per formula,
shared by the search for the minimum and the maximum; a usual formula needs one. Past it the
verdict is ``undecided``, never a guess, and the range is a sound enclosure marked inexact. The
limit counts boxes, not seconds, so the verdict is the same on every machine; each box costs
time in proportion to the formula's size times its number of inputs.

**Non-integer powers** are irrational: there, values are enclosed to about 35 significant digits
with bounds rounded outward (the true value always lies inside), so an "exact" range is the true
minimum and maximum to that precision. Everything else is exact rational arithmetic.

>>> x = Var("x", Fraction(3, 2), Fraction(5, 2), Fraction(2))
>>> r = value_range(Add((x, Neg(x))))
>>> (r.lo, r.hi, r.exact)
(Fraction(0, 1), Fraction(0, 1), True)
>>> a = Var("a", Fraction(14345, 10), Fraction(14355, 10), Fraction(1435))
>>> b = Var("b", Fraction(13955, 10), Fraction(13965, 10), Fraction(1396))
>>> share = Mul((a, Inv(Add((a, b)))))
>>> r = value_range(share)
>>> r.exact, r.lo == Fraction(14345, 28310), r.hi == Fraction(14355, 28310)
(True, True, True)
>>> decide(share, Fraction(50655, 100000), Fraction(50665, 100000)).outcome
<Outcome.INCONSISTENT: 'inconsistent'>
"""

from __future__ import annotations

import contextlib
import enum
import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, DecimalException
from fractions import Fraction
from typing import Protocol

from aidcalc import formula
from aidcalc.errors import AidcalcError
from aidcalc.formatting import format_exact
from aidcalc.intervals import Interval, approx_power, check_exponent, power
from aidcalc.query import Condition

__all__ = [
    "LIMIT",
    "Add",
    "Const",
    "Decision",
    "Expr",
    "ExprEnvironment",
    "Inv",
    "Literal",
    "Max",
    "Min",
    "Mul",
    "Neg",
    "Outcome",
    "Pow",
    "Range",
    "Var",
    "cagr",
    "decide",
    "div",
    "point_value",
    "to_expr",
    "value_range",
]

LIMIT = 1000  # boxes examined per formula, for the minimum and the maximum together
WITNESS_STEPS = 100  # bisection steps along a segment when looking for a witness


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


# ---------------------------------------------------------------------------------------------
# From the parse tree


class ExprEnvironment(Protocol):
    """What a formula's names and data functions stand for: an earlier row's figure is a
    :class:`Var`; data functions over one file share variables for their common rows."""

    def name(self, name: str) -> Expr: ...

    def data(self, function: str, path: str, where: tuple[Condition, ...]) -> Expr: ...


def to_expr(node: formula.Node, env: ExprEnvironment) -> Expr:
    """A parsed formula as an expression; each rounded literal is its own :class:`Var` keyed by
    a :class:`Literal`, an exact literal is a :class:`Const`.

    >>> from aidcalc.formula import parse
    >>> e = to_expr(parse("2 billion - 2 billion"), None)  # type: ignore[arg-type]
    >>> value_range(e).hi
    Fraction(1000000000, 1)
    """
    return _Builder(env).build(node)


class _Builder:
    def __init__(self, env: ExprEnvironment) -> None:
        self.env = env
        self.literals = 0

    def build(self, node: formula.Node) -> Expr:
        if isinstance(node, formula.Num):
            f = node.figure
            if f.bound is not None:
                raise AidcalcError("a one-sided figure ('more than …') cannot be computed with")
            if not f.half_width:
                return Const(f.value)
            self.literals += 1
            v, h = f.value, f.half_width
            return Var(Literal(self.literals, v), v - h, v + h, v)
        if isinstance(node, formula.Ref):
            return self.env.name(node.name)
        if isinstance(node, formula.Neg):
            return _neg(self.build(node.operand))
        if isinstance(node, formula.Chain):
            first = self.build(node.first)
            rest = [(op, self.build(x)) for op, x in node.rest]
            if node.rest[0][0] in "+-":
                return Add((first, *(x if op == "+" else _neg(x) for op, x in rest)))
            return Mul((first, *(x if op == "*" else _inv(x) for op, x in rest)))
        if isinstance(node, formula.Pow):
            return Pow(self.build(node.base), self.build(node.exponent))
        if isinstance(node, formula.Call):
            args = tuple(self.build(a) for a in node.args)
            if node.function == "sum":
                return Add(args)
            if node.function == "min":
                return Min(args)
            if node.function == "max":
                return Max(args)
            years = value_range(args[2])
            if years.lo <= 0:
                raise AidcalcError(
                    "cagr(first, last, years) needs a positive span of years"
                    f" (here {_show(Interval(years.lo, years.hi))})"
                )
            return cagr(*args)
        return self.env.data(node.function, node.path, node.where)


def cagr(first: Expr, last: Expr, years: Expr) -> Expr:
    """``(last / first) ^ (1 / years) - 1``."""
    return Add((Pow(div(last, first), _inv(years)), Const(Fraction(-1))))


def _neg(x: Expr) -> Expr:
    return Const(-x.value) if isinstance(x, Const) else Neg(x)


def _inv(x: Expr) -> Expr:
    if isinstance(x, Const):
        if not x.value:
            raise AidcalcError("division by zero")
        return Const(1 / x.value)
    return Inv(x)


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
            _fits(acc)
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
            if base and _too_big(base, int(exponent)):
                raise _TooLarge()
        return _fits(approx_power(base, exponent))
    values = [point_value(a) for a in expr.args]
    return min(values) if isinstance(expr, Min) else max(values)


# ---------------------------------------------------------------------------------------------
# Results


class Outcome(enum.Enum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNDECIDED = "undecided"


Point = dict[object, Fraction]


@dataclass(frozen=True)
class Range:
    """Every value the formula takes lies in ``[lo, hi]`` (always). ``exact``: ``lo`` and ``hi``
    are the true minimum and maximum (to ~35 digits where there are non-integer powers).
    ``lo_at`` and ``hi_at`` are the inputs of the lowest and highest values found."""

    lo: Fraction
    hi: Fraction
    exact: bool
    lo_at: Point
    hi_at: Point


@dataclass(frozen=True)
class Decision:
    """The verdict, the range found on the way, and for ``CONSISTENT`` the inputs of a value
    inside the reported interval (``None`` only where that value is irrational or the reported
    interval a single point: then the verdict rests on continuity alone)."""

    outcome: Outcome
    range: Range
    witness: Point | None
    boxes: int


def value_range(expr: Expr, limit: int = LIMIT, *, tolerance: Fraction | None = None) -> Range:
    """The range of ``expr`` over the box of its variables: exact when it can be proven within
    ``limit`` boxes, else a sound enclosure. With ``tolerance``, refining stops once each end is
    known to within it (the result is then marked inexact unless it happens to be exact).

    >>> x = Var("x", Fraction(1), Fraction(2), Fraction(1))
    >>> r = value_range(Add((Mul((x, x)), Neg(x))))  # x² - x: monotone on [1, 2]
    >>> (r.lo, r.hi, r.exact)
    (Fraction(0, 1), Fraction(2, 1), True)

    An extreme inside the box is approached but not reached: the range is then a sound
    enclosure, marked inexact.

    >>> x = Var("x", Fraction(-1), Fraction(2), Fraction(0))
    >>> r = value_range(Mul((x, x)), limit=100)
    >>> r.exact, -Fraction(1, 10**6) < r.lo <= 0, r.hi
    (False, True, Fraction(4, 1))
    """
    problem = _Problem(expr, limit)
    problem.refine(tolerance)
    return problem.range()


def decide(
    expr: Expr,
    lo: Fraction | None,
    hi: Fraction | None,
    lo_open: bool = False,
    hi_open: bool = False,
    limit: int = LIMIT,
) -> Decision:
    """Whether some values of the inputs give a value in the reported interval from ``lo`` to
    ``hi`` (``None``: unbounded on that side; ``*_open``: that end excluded). ``CONSISTENT``
    and ``INCONSISTENT`` are proven; ``UNDECIDED`` past ``limit`` boxes. Errors (a denominator
    that can be zero, a non-integer power of a value that can be negative, numbers beyond
    3,600 digits) are :class:`AidcalcError`.

    >>> x = Var("x", Fraction(3, 2), Fraction(5, 2), Fraction(2))
    >>> half = div(x, Add((x, x)))
    >>> decide(half, Fraction(295, 1000), Fraction(305, 1000)).outcome.value
    'inconsistent'
    >>> d = decide(half, Fraction(495, 1000), Fraction(505, 1000))
    >>> d.outcome.value, d.witness
    ('consistent', {'x': Fraction(2, 1)})
    """
    target = _Target(lo, hi, lo_open, hi_open)
    problem = _Problem(expr, limit)
    if target.empty:
        return Decision(Outcome.INCONSISTENT, problem.range(), None, problem.boxes)
    # First the range, to a precision finer than the reported interval (for showing it) …
    if lo is not None and hi is not None and hi > lo:
        tolerance: Fraction | None = (hi - lo) / 100
    else:  # one-sided, or a single value: to six significant digits of it
        bound = lo if lo is not None else hi
        tolerance = abs(bound) / 10**6 if bound else None
    problem.refine(tolerance)
    # … then only as far as the verdict needs.
    low = problem.lows.settle(target.hi, target.hi_open, problem)
    high = problem.highs.settle(None if lo is None else -lo, lo_open, problem)
    rng = problem.range()
    if low is False or high is False:
        return Decision(Outcome.INCONSISTENT, rng, None, problem.boxes)
    if low is None or high is None:
        return Decision(Outcome.UNDECIDED, rng, None, problem.boxes)
    witness = problem.witness(target)
    return Decision(Outcome.CONSISTENT, rng, witness, problem.boxes)


# ---------------------------------------------------------------------------------------------
# Interval evaluation with derivatives

Grad = dict[int, Interval]
Box = tuple[Interval, ...]

_ONE = Interval.point(1)
_ZERO = Interval.point(0)


class _TooLarge(AidcalcError):
    def __init__(self) -> None:
        super().__init__(formula.TOO_LARGE)


def _too_big_fraction(x: Fraction) -> bool:
    return max(abs(x.numerator).bit_length(), x.denominator.bit_length()) > formula.MAX_BITS


def _fits(x: Fraction) -> Fraction:
    if _too_big_fraction(x):
        raise _TooLarge()
    return x


def _too_big(base: Fraction, n: int) -> bool:
    """Whether ``base ** n`` would have more bits than allowed (checked before computing it)."""
    bits = max(abs(base.numerator).bit_length(), base.denominator.bit_length())
    return bits > 1 and (bits - 1) * abs(n) > formula.MAX_BITS


def _fit(iv: Interval) -> Interval:
    _fits(iv.lo)
    _fits(iv.hi)
    return iv


def _add_grads(acc: Grad, g: Grad, scale: Interval | None = None) -> None:
    for k, v in g.items():
        w = v if scale is None else _fit(v * scale)
        acc[k] = acc[k] + w if k in acc else w


def _hull(a: Interval, b: Interval) -> Interval:
    return Interval(min(a.lo, b.lo), max(a.hi, b.hi))


def _show(iv: Interval) -> str:
    return f"{format_exact(iv.lo, 6)} to {format_exact(iv.hi, 6)}"


class _Evaluator:
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
                total = _fit(total + v)
                _add_grads(acc, g)
            return total, acc
        if isinstance(e, Mul):
            return self._mul([self._eval(f, box, grad) for f in e.factors])
        if isinstance(e, Inv):
            v, g = self._eval(e.operand, box, grad)
            if v.lo <= 0 <= v.hi:
                raise AidcalcError(f"division by a value that can be zero ({_show(v)})")
            r = _fit(Interval(1 / v.hi, 1 / v.lo))
            acc = Grad()
            if g:
                _add_grads(acc, g, -_fit(r * r))
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
                value = _fit(value * v)
            return value, {}
        prefix = [_ONE]  # prefix[j] = v0 * … * v(j-1)
        for v, _ in parts:
            prefix.append(_fit(prefix[-1] * v))
        acc: Grad = {}
        suffix = _ONE  # v(j+1) * … * v(n-1)
        for j in range(n - 1, -1, -1):
            v, g = parts[j]
            if g:
                _add_grads(acc, g, _fit(prefix[j] * suffix))
            suffix = _fit(suffix * v)
        return prefix[n], acc

    @staticmethod
    def _pow(base: tuple[Interval, Grad], exponent: tuple[Interval, Grad]) -> tuple[Interval, Grad]:
        (b, bg), (e, eg) = base, exponent
        if e.exact and e.lo.denominator == 1:
            check_exponent(int(e.lo))
            if any(_too_big(x, int(e.lo)) for x in (b.lo, b.hi)):
                raise _TooLarge()
        value = _fit(power(b, e))  # raises where the power is undefined somewhere in the box
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
                _add_grads(acc, bg, _fit(d))
            return value, acc
        # b > 0 here: d(b^e) = e b^(e-1) db + b^e ln(b) de
        if bg:
            _add_grads(acc, bg, _fit(e * power(b, e - _ONE)))
        if eg:
            _add_grads(acc, eg, _fit(value * _ln(b)))
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
                d = _hull(d, x)
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


# ---------------------------------------------------------------------------------------------
# Boxes and the search


@dataclass
class _Target:
    lo: Fraction | None
    hi: Fraction | None
    lo_open: bool
    hi_open: bool

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def where(self, v: Interval) -> int | None:
        """-1: every value of ``v`` is below the target; 1: above; 0: inside; None: unclear."""
        lo, hi = self.lo, self.hi
        if lo is not None and (v.hi < lo or (self.lo_open and v.hi == lo)):
            return -1
        if hi is not None and (v.lo > hi or (self.hi_open and v.lo == hi)):
            return 1
        above_lo = lo is None or v.lo > lo or (not self.lo_open and v.lo == lo)
        below_hi = hi is None or v.hi < hi or (not self.hi_open and v.hi == hi)
        return 0 if above_lo and below_hi else None


@dataclass
class _Box:
    box: Box
    enclosure: Interval  # every value over the box
    mid: tuple[Fraction, ...]
    mid_value: Interval  # encloses the value at mid (a point when rational)
    split: int | None  # the variable to split; None when monotone in every variable
    low: tuple[tuple[Fraction, ...], Interval] | None = None  # min corner, value there
    high: tuple[tuple[Fraction, ...], Interval] | None = None
    stuck: bool = False  # numbers grew too large: this box cannot be refined
    # where split: the variables of known sign at their best corners, the others at mid
    probes: tuple[tuple[tuple[Fraction, ...], Interval], ...] = ()


class _Problem:
    def __init__(self, expr: Expr, limit: int) -> None:
        self.vars = _variables(expr)
        self.index = {v.key: i for i, v in enumerate(self.vars)}
        self.root_box: Box = tuple(Interval(v.lo, v.hi) for v in self.vars)
        self.evaluator = _Evaluator(expr, self.index)
        self.limit = limit
        self.boxes = 0
        root = self.analyse(self.root_box)
        self.lows = _Search(root, 1)
        self.highs = _Search(root, -1)

    def analyse(self, box: Box) -> _Box:
        """Bounds over ``box``, its midpoint's value, and either the variable to split or, where
        every partial derivative has one sign, the corners of the minimum and the maximum."""
        self.boxes += 1
        value, grad = self.evaluator.with_grad(box)
        mid = tuple((iv.lo + iv.hi) / 2 for iv in box)
        mid_value = self.evaluate(mid)
        mean_value = mid_value
        for i, d in grad.items():
            mean_value = mean_value + _fit(d * Interval(box[i].lo - mid[i], box[i].hi - mid[i]))
        lo, hi = max(value.lo, mean_value.lo), min(value.hi, mean_value.hi)
        enclosure = Interval(lo, hi) if lo <= hi else value
        unknown = [i for i, d in grad.items() if d.lo < 0 < d.hi]
        if unknown:
            root = self.root_box

            def share(i: int) -> Fraction:
                return (box[i].hi - box[i].lo) / (root[i].hi - root[i].lo)

            probes = []
            for sign in (1, -1):  # a probe for the minimum, then one for the maximum
                at = tuple(
                    m if i not in grad or i in unknown
                    else (iv.lo if (grad[i].lo >= 0) == (sign > 0) else iv.hi)
                    for i, (iv, m) in enumerate(zip(box, mid))
                )  # fmt: skip
                if at != mid:
                    with contextlib.suppress(_TooLarge):
                        probes.append((at, self.evaluate(at)))
            split = max(unknown, key=share)
            return _Box(box, enclosure, mid, mid_value, split, probes=tuple(probes))
        up = [not (i in grad and grad[i].hi <= 0) for i in range(len(box))]
        low_corner = tuple(iv.lo if u else iv.hi for iv, u in zip(box, up))
        high_corner = tuple(iv.hi if u else iv.lo for iv, u in zip(box, up))
        low_value, high_value = self.evaluate(low_corner), self.evaluate(high_corner)
        enclosure = Interval(low_value.lo, max(low_value.lo, high_value.hi))
        return _Box(
            box,
            enclosure,
            mid,
            mid_value,
            None,
            (low_corner, low_value),
            (high_corner, high_value),
        )

    def evaluate(self, point: Sequence[Fraction]) -> Interval:
        return self.evaluator.value(tuple(Interval.point(x) for x in point))

    def children(self, b: _Box) -> list[_Box]:
        assert b.split is not None
        i = b.split
        iv = b.box[i]
        m = (iv.lo + iv.hi) / 2
        out = []
        for part in (Interval(iv.lo, m), Interval(m, iv.hi)):
            box = (*b.box[:i], part, *b.box[i + 1 :])
            try:
                out.append(self.analyse(box))
            except _TooLarge:  # split so often that numbers grew too large: keep it unrefined
                out.append(_Box(box, b.enclosure, b.mid, b.mid_value, None, stuck=True))
        return out

    @property
    def spent(self) -> bool:
        return self.boxes + 2 > self.limit

    def refine(self, tolerance: Fraction | None) -> None:
        searches = [self.lows, self.highs]
        while not self.spent:
            active = [s for s in searches if not s.settled(tolerance)]
            if not active:
                return
            for s in active:
                if not self.spent:
                    s.step(self)

    def range(self) -> Range:
        return Range(
            self.lows.bound(),
            self.highs.bound(),
            self.lows.exact() and self.highs.exact(),
            self.point(self.lows.best_at),
            self.point(self.highs.best_at),
        )

    def point(self, at: Sequence[Fraction]) -> Point:
        return {v.key: x for v, x in zip(self.vars, at)}

    def witness(self, target: _Target) -> Point | None:
        """Inputs whose value lies in the target, looked for between the lowest and the highest
        points found (the verdict does not depend on finding one)."""
        a, b = self.lows.best_at, self.highs.best_at
        try:
            va, vb = self.evaluate(a), self.evaluate(b)
            wa, wb = target.where(va), target.where(vb)
            if wa == 0:
                return self.point(a)
            if wb == 0:
                return self.point(b)
            if wa != -1 or wb != 1 or target.lo == target.hi:
                return None  # (a single value is rarely hit by bisection: continuity it is)
            ta, tb = Fraction(0), Fraction(1)
            for _ in range(WITNESS_STEPS):
                t = (ta + tb) / 2
                p = tuple(x + t * (y - x) for x, y in zip(a, b))
                w = target.where(self.evaluate(p))
                if w == 0:
                    return self.point(p)
                if w is None:
                    return None
                if w < 0:
                    ta = t
                else:
                    tb = t
        except _TooLarge:
            return None
        return None


def _variables(expr: Expr) -> list[Var]:
    found: dict[object, Var] = {}
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, Var):
            seen = found.setdefault(e.key, e)
            if (seen.lo, seen.hi) != (e.lo, e.hi):
                raise ValueError(f"the variable {e.key!r} has two different intervals")
            if not e.lo <= e.point <= e.hi:
                raise ValueError(f"the variable {e.key!r} has its point outside its interval")
        elif isinstance(e, Add):
            stack.extend(e.terms)
        elif isinstance(e, Mul):
            stack.extend(e.factors)
        elif isinstance(e, (Neg, Inv)):
            stack.append(e.operand)
        elif isinstance(e, Pow):
            stack.extend((e.base, e.exponent))
        elif isinstance(e, (Min, Max)):
            stack.extend(e.args)
    return list(found.values())


class _Search:
    """Best-first search for the minimum of ``sign * f``: ``heap`` holds the unsettled boxes by
    their lower bound; ``best`` is the least upper bound of a value found at a point."""

    def __init__(self, root: _Box, sign: int) -> None:
        self.sign = sign
        self.heap: list[tuple[Fraction, int, _Box]] = []
        self.count = 0
        self.best = self.view(root.mid_value).hi
        self.best_at = root.mid
        self.done = False  # the least lower bound is the minimum (to rounding)
        self.stalled = False  # the least lower bound cannot be refined
        self.push(root)

    def view(self, v: Interval) -> Interval:
        return v if self.sign > 0 else -v

    def push(self, b: _Box) -> None:
        self.offer(b.mid, self.view(b.mid_value))
        for at, v in b.probes:  # values found at points of the box: sound for the best
            self.offer(at, self.view(v))
        corner = b.low if self.sign > 0 else b.high
        if corner is not None:
            at, v = corner
            value = self.view(v)
            self.offer(at, value)
            key = value.lo
        else:
            key = self.view(b.enclosure).lo
        self.count += 1
        heapq.heappush(self.heap, (key, self.count, b))

    def offer(self, at: tuple[Fraction, ...], v: Interval) -> None:
        if v.hi < self.best:
            self.best, self.best_at = v.hi, at

    def lower(self) -> Fraction:
        return self.heap[0][0]

    def bound(self) -> Fraction:
        return self.sign * self.lower()

    def exact(self) -> bool:
        self.update()
        return self.done

    def update(self) -> None:
        if self.done or self.stalled:
            return
        key, _, b = self.heap[0]
        if b.stuck:
            self.stalled = True
        elif (b.split is None and b.low is not None) or key >= self.best:
            self.done = True

    def settled(self, tolerance: Fraction | None) -> bool:
        self.update()
        if self.done or self.stalled:
            return True
        return tolerance is not None and self.best - self.lower() <= tolerance

    def step(self, problem: _Problem) -> None:
        self.update()
        if self.done or self.stalled:
            return
        _, _, b = heapq.heappop(self.heap)
        for child in problem.children(b):
            self.push(child)

    def settle(self, theta: Fraction | None, strict: bool, problem: _Problem) -> bool | None:
        """Whether the minimum of ``sign * f`` is ``<= theta`` (``< theta`` if ``strict``);
        None if that is not decided within the limit."""
        if theta is None:
            return True
        while True:
            if self.best < theta or (not strict and self.best == theta):
                return True
            low = self.lower()
            if low > theta or (strict and low == theta):
                return False
            self.update()
            if self.done or self.stalled or problem.spent:
                return None
            self.step(problem)
