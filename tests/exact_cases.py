"""Helpers for the tests of exact ranges (tests/checker): evaluating an expression at a point,
its variables, a grid and its corners, named inputs as a check gives them."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

from aidcalc.checker.exact import (
    Add,
    Const,
    Expr,
    Inv,
    Max,
    Min,
    Mul,
    Neg,
    Pow,
    Var,
)
from aidcalc.reader.filters import Condition

# ---------------------------------------------------------------------------------------------
# Brute force: exact evaluation at a point, on a grid


def at(e: Expr, point: dict[object, F]) -> F:
    """The exact value at a point (integer powers only)."""
    if isinstance(e, Const):
        return e.value
    if isinstance(e, Var):
        return point[e.key]
    if isinstance(e, Add):
        return sum((at(t, point) for t in e.terms), F(0))
    if isinstance(e, Mul):
        acc = F(1)
        for f in e.factors:
            acc *= at(f, point)
        return acc
    if isinstance(e, Neg):
        return -at(e.operand, point)
    if isinstance(e, Inv):
        return 1 / at(e.operand, point)
    if isinstance(e, Pow):
        exponent = at(e.exponent, point)
        assert exponent.denominator == 1
        return at(e.base, point) ** int(exponent)
    values = [at(a, point) for a in e.args]
    return min(values) if isinstance(e, Min) else max(values)


def variables(e: Expr) -> dict[object, Var]:
    found: dict[object, Var] = {}
    if isinstance(e, Var):
        found[e.key] = e
    for child in _children(e):
        found.update(variables(child))
    return found


def _children(e: Expr) -> tuple[Expr, ...]:
    if isinstance(e, Add):
        return e.terms
    if isinstance(e, Mul):
        return e.factors
    if isinstance(e, (Neg, Inv)):
        return (e.operand,)
    if isinstance(e, Pow):
        return (e.base, e.exponent)
    if isinstance(e, (Min, Max)):
        return e.args
    return ()


def grid(e: Expr, steps: int = 4) -> list[tuple[dict[object, F], F]]:
    """Every point of a grid over the box (its corners included) with its exact value."""
    vs = list(variables(e).values())
    axes = [[v.lo + (v.hi - v.lo) * k / steps for k in range(steps + 1)] for v in vs]
    out = []
    for xs in itertools.product(*axes):
        point = {v.key: x for v, x in zip(vs, xs)}
        out.append((point, at(e, point)))
    return out


def corners(e: Expr) -> list[F]:
    vs = list(variables(e).values())
    return [
        at(e, {v.key: x for v, x in zip(vs, xs)})
        for xs in itertools.product(*[(v.lo, v.hi) for v in vs])
    ]


def inside(v: F, lo: F | None, hi: F | None, lo_open: bool = False, hi_open: bool = False) -> bool:
    if lo is not None and (v < lo or (lo_open and v == lo)):
        return False
    return not (hi is not None and (v > hi or (hi_open and v == hi)))


def var(key: str, lo: F | int | str, hi: F | int | str) -> Var:
    lo, hi = F(lo), F(hi)
    return Var(key, lo, hi, (lo + hi) / 2)


def given_figure(key: str, value: F, half_width: F) -> Var:
    return Var(key, value - half_width, value + half_width, value)


BILLION = 10**9

# ---------------------------------------------------------------------------------------------
# The cases


class Names:
    """An environment for to_expr: names of given rows, and data functions as sums of Vars."""

    def __init__(self, **names: Expr) -> None:
        self.names = names
        self.tables: dict[tuple[str, str, tuple[tuple[str, str, bool], ...]], Expr] = {}

    def name(self, name: str) -> Expr:
        return self.names[name]

    def data(self, function: str, path: str, where: tuple[Condition, ...]) -> Expr:
        return self.tables[(function, path, tuple((c.column, c.value, c.equal) for c in where))]
