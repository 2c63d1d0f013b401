"""Exact ranges and verdicts (aidcalc.checker.exact), against the issue's cases and against brute force."""

from __future__ import annotations

from decimal import Context, Decimal
from fractions import Fraction as F

import pytest
from exact_cases import BILLION, Names, at, corners, given_figure, grid, inside, var, variables
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcalc.checker.exact import (
    Add,
    Const,
    Expr,
    Inv,
    Literal,
    Max,
    Min,
    Mul,
    Neg,
    Outcome,
    Pow,
    Var,
    cagr,
    decide,
    div,
    point_value,
    to_expr,
    value_range,
)
from aidcalc.checker.formula import Num, parse
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import Figure
from aidcalc.core.intervals import Interval

# ---------------------------------------------------------------------------------------------
# Brute force: exact evaluation at a point, on a grid


def test_x_over_x_plus_x_is_half_whatever_x_is():
    x = given_figure("x", F(2 * BILLION), F(BILLION) / 2)  # "2 billion": 1.5 to 2.5 billion
    expr = to_expr(parse("x / (x + x)"), Names(x=x))
    d = decide(expr, F("0.295"), F("0.305"))  # "30%"
    assert d.outcome is Outcome.INCONSISTENT
    d = decide(expr, F("0.495"), F("0.505"))  # "50%"
    assert d.outcome is Outcome.CONSISTENT
    assert d.witness is not None and at(expr, d.witness) == F(1, 2)
    assert d.range.lo <= F(1, 2) <= d.range.hi
    assert d.range.hi - d.range.lo <= F(2, 10**4)  # each end to within a 100th of the target
    # plain interval arithmetic, as today, would have accepted 30%
    xi = Interval(x.lo, x.hi)
    assert (xi / (xi + xi)).lo == F("0.3")


def test_two_equal_literals_are_two_figures():
    expr = to_expr(parse("2 billion / (2 billion + 2 billion)"), Names())
    assert set(variables(expr)) == {Literal(i, F(2 * BILLION)) for i in (1, 2, 3)}
    r = value_range(expr)
    assert r.exact and (r.lo, r.hi) == (F("1.5") / 5, F("2.5") / 3)
    assert decide(expr, F("0.295"), F("0.305")).outcome is Outcome.CONSISTENT


def test_a_minus_a_is_zero():
    a = given_figure("a", F(1), F("0.05"))  # "1.0"
    expr = to_expr(parse("a - a"), Names(a=a))
    r = value_range(expr)
    assert (r.lo, r.hi, r.exact) == (0, 0, True)
    assert decide(expr, F("0.085"), F("0.095")).outcome is Outcome.INCONSISTENT  # "0.09"
    assert decide(expr, F("-0.05"), F("0.05")).outcome is Outcome.CONSISTENT


def test_a_share_shares_its_part_with_the_total():
    half = F(BILLION) / 2000  # 1.435 billion: ± 0.5 million
    poor = given_figure("severely poor", F("1.435") * BILLION, half)
    other = given_figure("other partner", F("1.396") * BILLION, half)
    env = Names()
    env.tables[("total", "2018.csv", (("group", "severely poor", True),))] = poor
    env.tables[("total", "2018.csv", ())] = Add((poor, other))
    expr = to_expr(parse('total(2018.csv[group="severely poor"]) / total(2018.csv)'), env)
    r = value_range(expr)
    assert r.exact
    assert r.lo == F("1.4345") / F("2.831")  # 50.671%
    assert r.hi == F("1.4355") / F("2.831")  # 50.707%
    assert at(expr, r.lo_at) == r.lo and at(expr, r.hi_at) == r.hi
    d = decide(expr, F("0.50655"), F("0.50665"))  # "50.66%"
    assert d.outcome is Outcome.INCONSISTENT and d.boxes == 1
    d = decide(expr, F("0.50685"), F("0.50695"))  # "50.69%"
    assert d.outcome is Outcome.CONSISTENT
    assert d.witness is not None and inside(at(expr, d.witness), F("0.50685"), F("0.50695"))
    # plain interval arithmetic would accept 50.66%
    assert F("1.4345") / F("2.832") < F("0.50665")


def test_one_sided_and_open_targets():
    a, b = var("a", 2, 3), var("b", 1, 2)
    expr = Add((a, Neg(b)))  # 0 to 2
    assert decide(expr, F(2), None, lo_open=True).outcome is Outcome.INCONSISTENT
    assert decide(expr, F(2), None).outcome is Outcome.CONSISTENT
    assert decide(expr, None, F(0), hi_open=True).outcome is Outcome.INCONSISTENT
    d = decide(expr, None, F(0))
    assert d.outcome is Outcome.CONSISTENT and d.witness == {"a": 2, "b": 2}
    assert decide(expr, F(1), F(1)).outcome is Outcome.CONSISTENT  # a single point
    assert decide(expr, F(1), F(1), lo_open=True).outcome is Outcome.INCONSISTENT  # empty


def test_past_the_limit_the_verdict_is_undecided():
    x = var("x", -1, 2)
    square = Mul((x, x))  # its minimum, 0, is at no midpoint of the boxes split from [-1, 2]
    d = decide(square, F(-1), F(0), limit=50)
    assert d.outcome is Outcome.UNDECIDED and d.boxes <= 50
    assert d.range.lo <= 0 and not d.range.exact
    assert decide(square, F(-1), F(-1, 1000), limit=50).outcome is Outcome.INCONSISTENT
    assert decide(square, F(-1), F(1, 1000), limit=50).outcome is Outcome.CONSISTENT


def test_growth_cagr_and_means_are_exact():
    first, last = given_figure("first", F(3273), F(1, 2)), given_figure("last", F(6828), F(1, 2))
    growth = Add((div(last, first), Const(F(-1))))
    r = value_range(growth)
    assert r.exact and (r.lo, r.hi) == (
        F("6827.5") / F("3273.5") - 1,
        F("6828.5") / F("3272.5") - 1,
    )
    mean = div(Add((first, last, var("c", 10, 20))), Const(F(3)))
    r = value_range(mean)
    assert r.exact and (r.lo, r.hi) == (F(10110) / 3, F(10122) / 3)
    rate = cagr(first, last, Const(F(5)))  # irrational: exact to ~35 digits, bounds outward
    r = value_range(rate)
    assert r.exact
    ctx = Context(prec=60)
    low = F(ctx.power(ctx.divide(Decimal("6827.5"), Decimal("3273.5")), ctx.divide(1, 5))) - 1
    high = F(ctx.power(ctx.divide(Decimal("6828.5"), Decimal("3272.5")), ctx.divide(1, 5))) - 1
    assert r.lo <= low <= r.lo + F(1, 10**30)
    assert r.hi - F(1, 10**30) <= high <= r.hi


def test_variable_exponents():
    base, exponent = var("b", 2, 3), var("e", F(1, 2), F(3, 2))
    r = value_range(Pow(base, exponent))
    assert r.exact
    two_root = F(Context(prec=60).sqrt(Decimal(2)))
    assert r.lo <= two_root <= r.lo + F(1, 10**30)
    three_power = F(Context(prec=60).power(Decimal(3), Decimal("1.5")))
    assert r.hi - F(1, 10**30) <= three_power <= r.hi
    # below one, a larger exponent gives a smaller value
    r = value_range(Pow(var("b", F(1, 4), F(1, 2)), exponent))
    assert r.exact and r.lo <= F(1, 8) <= r.lo + F(1, 10**30)


def test_min_and_max_are_monotone():
    a, b = var("a", 1, 3), var("b", 2, 4)
    r = value_range(Max((a, b)))
    assert r.exact and (r.lo, r.hi) == (2, 4)
    r = value_range(Add((Min((a, b)), Neg(a))))  # min(a, b) - a: from 2 - 3 to 0
    assert r.lo <= -1 and r.hi >= 0
    assert all(r.lo <= v <= r.hi for _, v in grid(Add((Min((a, b)), Neg(a)))))


def test_errors():
    x = var("x", -1, 1)
    with pytest.raises(AidcalcError, match="division by a value that can be zero"):
        value_range(Inv(x))
    with pytest.raises(AidcalcError, match="non-integer power"):
        value_range(Pow(x, Const(F(1, 2))))
    with pytest.raises(AidcalcError, match="exponent over 1000"):
        value_range(Pow(var("y", 2, 3), Const(F(1001))))
    with pytest.raises(AidcalcError, match="too large"):
        value_range(Pow(Pow(var("y", 2, 3), Const(F(1000))), Const(F(1000))))
    with pytest.raises(AidcalcError, match="division by zero"):
        to_expr(parse("1 / 0"), Names())
    with pytest.raises(AidcalcError, match="one-sided"):
        to_expr(Num(Figure(5, 0, False, bound=">")), Names())


def test_point_value_is_the_value_as_written():
    a = given_figure("a", F(2), F(1, 2))
    assert point_value(div(a, Add((a, Const(F(2)))))) == F(1, 2)
    root = point_value(Pow(Const(F(2)), Const(F(1, 2))))
    assert abs(root - F(Context(prec=60).sqrt(Decimal(2)))) < F(1, 10**39)


# ---------------------------------------------------------------------------------------------
# Against brute force


@st.composite
def boxes(draw: st.DrawFn, positive: bool = False, n: int = 0) -> list[Var]:
    n = n or draw(st.integers(1, 3))
    out = []
    for i in range(n):
        lo = F(draw(st.integers(4, 40) if positive else st.integers(-8, 8)), 4)
        width = F(draw(st.integers(0 if not positive else 1, 4)), 8)
        out.append(Var(f"v{i}", lo, lo + width, lo + width / 2))
    return out


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    several = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.one_of(
        several.map(Add),
        several.map(Mul),
        children.map(Neg),
        children.map(Inv),
        st.tuples(children, st.integers(-2, 3)).map(lambda t: Pow(t[0], Const(F(t[1])))),
        several.map(Min),
        several.map(Max),
    )


# Shapes over placeholder variables 0, 1, 2 (built once: building strategies is slow)
SHAPES = st.recursive(
    st.integers(0, 2).map(lambda i: Var(i, F(0), F(0), F(0)))
    | st.integers(-3, 3).map(lambda n: Const(F(n, 2))),
    _extend,
    max_leaves=6,
)


def substitute(e: Expr, vs: list[Var]) -> Expr:
    if isinstance(e, Var):
        assert isinstance(e.key, int)
        return vs[e.key % len(vs)]
    if isinstance(e, Add):
        return Add(tuple(substitute(t, vs) for t in e.terms))
    if isinstance(e, Mul):
        return Mul(tuple(substitute(t, vs) for t in e.factors))
    if isinstance(e, Neg):
        return Neg(substitute(e.operand, vs))
    if isinstance(e, Inv):
        return Inv(substitute(e.operand, vs))
    if isinstance(e, Pow):
        return Pow(substitute(e.base, vs), substitute(e.exponent, vs))
    if isinstance(e, Min):
        return Min(tuple(substitute(t, vs) for t in e.args))
    if isinstance(e, Max):
        return Max(tuple(substitute(t, vs) for t in e.args))
    return e


@st.composite
def formulas(draw: st.DrawFn) -> Expr:
    return substitute(draw(SHAPES), draw(boxes()))


@st.composite
def usual(draw: st.DrawFn) -> Expr:
    """Sums, differences, ratios, shares, growth, means, products of positive figures."""
    a, b, c = draw(boxes(positive=True, n=3))
    shape = draw(st.sampled_from(range(9)))
    return [
        Add((a, b, c)),
        Add((a, Neg(b))),
        div(a, b),
        div(a, Add((a, b))),
        Add((div(b, a), Const(F(-1)))),
        div(Add((a, b, c)), Const(F(3))),
        Mul((a, b, c)),
        div(Add((a, b)), Add((a, b, c))),
        Add((a, Neg(a), b)),
    ][shape]


@settings(max_examples=examples(120), deadline=None)
@given(expr=formulas(), data=st.data())
def test_range_and_verdict_against_brute_force(expr: Expr, data: st.DataObject) -> None:
    try:
        r = value_range(expr, limit=40)
    except AidcalcError:
        return  # a denominator that can be zero somewhere in the box
    points = grid(expr)
    values = [v for _, v in points]
    assert r.lo <= min(values) and max(values) <= r.hi
    assert at(expr, r.lo_at) >= r.lo and at(expr, r.hi_at) <= r.hi
    if r.exact:
        assert at(expr, r.lo_at) == r.lo and at(expr, r.hi_at) == r.hi
    # a target near the values, maybe one-sided, maybe open
    centre = data.draw(st.sampled_from(values)) + F(data.draw(st.integers(-4, 4)), 16)
    half = F(data.draw(st.integers(0, 3)), 32)
    lo = None if data.draw(st.integers(0, 5)) == 0 else centre - half
    hi = None if lo is not None and data.draw(st.integers(0, 5)) == 0 else centre + half
    lo_open, hi_open = data.draw(st.booleans()), data.draw(st.booleans())
    d = decide(expr, lo, hi, lo_open, hi_open, limit=40)
    if any(inside(v, lo, hi, lo_open, hi_open) for v in values):
        assert d.outcome is not Outcome.INCONSISTENT
    if d.outcome is Outcome.CONSISTENT and lo != hi:
        assert d.witness is not None
    if d.witness is not None:
        assert d.outcome is Outcome.CONSISTENT
        for v in variables(expr).values():
            assert v.lo <= d.witness[v.key] <= v.hi
        assert inside(at(expr, d.witness), lo, hi, lo_open, hi_open)


@settings(max_examples=examples(60), deadline=None)
@given(expr=usual(), data=st.data())
def test_usual_formulas_are_exact_at_the_corners(expr: Expr, data: st.DataObject) -> None:
    d = decide(expr, F(0), F(0))
    r = d.range
    assert r.exact  # at once for figures to a few digits; wide intervals may need a split
    ends = corners(expr)
    assert (r.lo, r.hi) == (min(ends), max(ends))
    assert all(r.lo <= v <= r.hi for _, v in grid(expr))
    lo = data.draw(st.sampled_from(ends)) + F(data.draw(st.integers(-8, 8)), 64)
    hi = lo + F(data.draw(st.integers(0, 4)), 64)
    d = decide(expr, lo, hi)
    expected = lo <= r.hi and hi >= r.lo
    assert d.outcome is (Outcome.CONSISTENT if expected else Outcome.INCONSISTENT)
