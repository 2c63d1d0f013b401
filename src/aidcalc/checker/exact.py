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
rounded to a few digits are all proven monotone at once. Otherwise, best first and separately
for the minimum and the maximum, each variable of known sign is fixed at the end its sign
chooses (the extreme lies on that face whatever the others are) and the face is split in the
variable of unknown sign that has been split least; each sub-box is bounded by the tighter of
plain interval arithmetic and the mean-value form, and probed at its midpoint. A formula is
continuous on its box (a denominator that can be zero is an error), so its range is the whole
interval from its minimum to its maximum.

=================================  ===========================================================
``to_expr(node, env)``             a parsed formula as an :data:`Expr` (literals: own variables)
``point_value(expr)``              the value from the figures as written
``value_range(expr)``              :class:`Range`: ``lo``, ``hi`` and whether they are exact
``decide(expr, lo, hi, …)``        :class:`Decision`: consistent, inconsistent or undecided
=================================  ===========================================================

**The limit.** At most ``limit`` boxes (default :data:`LIMIT`, 1000) are examined per formula,
shared by the search for the minimum and the maximum; a usual formula needs one. The verdict
comes first (each end searched only as far as it needs), the range shown is refined with what
is left. Past the limit the verdict is ``undecided``, never a guess, and the range is a sound
enclosure marked inexact. The limit counts boxes, not seconds, so the verdict is the same on
every machine; each box costs time in proportion to the formula's size times its number of
inputs.

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

import enum
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from aidcalc.checker import formula
from aidcalc.checker.boxes import Point, Problem, Range, Target
from aidcalc.checker.enclosure import show
from aidcalc.checker.expr import (
    Add,
    Const,
    Expr,
    Inv,
    Literal,
    Max,
    Min,
    Mul,
    Neg,
    Pow,
    Var,
    cagr,
    div,
    inv,
    neg,
    point_value,
)
from aidcalc.core.errors import AidcalcError
from aidcalc.core.intervals import Interval
from aidcalc.reader.filters import Condition

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

    >>> from aidcalc.checker.formula import parse
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
            return neg(self.build(node.operand))
        if isinstance(node, formula.Chain):
            first = self.build(node.first)
            rest = [(op, self.build(x)) for op, x in node.rest]
            if node.rest[0][0] in "+-":
                return Add((first, *(x if op == "+" else neg(x) for op, x in rest)))
            return Mul((first, *(x if op == "*" else inv(x) for op, x in rest)))
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
                    f" (here {show(Interval(years.lo, years.hi))})"
                )
            return cagr(*args)
        return self.env.data(node.function, node.path, node.where)


# ---------------------------------------------------------------------------------------------
# Results


class Outcome(enum.Enum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNDECIDED = "undecided"


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
    problem = Problem(expr, limit)
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
    target = Target(lo, hi, lo_open, hi_open)
    problem = Problem(expr, limit)
    if target.empty:
        return Decision(Outcome.INCONSISTENT, problem.range(), None, problem.boxes)
    # First the verdict, each end only as far as it needs …
    low, high = problem.settle(target)
    # … then the range, to a precision finer than the reported interval, for showing it.
    if lo is not None and hi is not None and hi > lo:
        tolerance: Fraction | None = (hi - lo) / 100
    else:  # one-sided, or a single value: to six significant digits of it
        bound = lo if lo is not None else hi
        tolerance = abs(bound) / 10**6 if bound else None
    problem.refine(tolerance)
    rng = problem.range()
    if low is False or high is False:
        return Decision(Outcome.INCONSISTENT, rng, None, problem.boxes)
    if low is None or high is None:
        return Decision(Outcome.UNDECIDED, rng, None, problem.boxes)
    witness = problem.witness(target)
    return Decision(Outcome.CONSISTENT, rng, witness, problem.boxes)
