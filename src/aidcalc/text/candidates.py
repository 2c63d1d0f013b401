"""The candidate formulas of explain's arithmetic search: figures, and one record per shape.

Each :class:`Op` holds all a shape is: its value at the figures as written (to place it in the
guard's window), its exact enclosure over the inputs' intervals (monotone shapes, every input
positive), its exact expression (for :func:`aidcalc.checker.exact.decide`), how it is written, and,
for a known mistake, the correct shape it is the mistaken form of and how ``why`` names it.
``_SHAPES`` says which shapes are tried for a figure of each kind, by the cue words of its claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from aidcalc.checker import exact
from aidcalc.checker.exact import Add, Const, Expr, Mul, Neg, Var, div
from aidcalc.checker.wording import Kind, Reported
from aidcalc.core import measures
from aidcalc.text.cues import PREVIOUS
from aidcalc.text.extract import name_words, roles_in

if TYPE_CHECKING:
    from aidcalc.text.explain import Row

A, C, P, F, M, PP = (Kind.AMOUNT, Kind.COUNT, Kind.PERCENT, Kind.FRACTION, Kind.MULTIPLE,
                     Kind.POINTS)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Figures


@dataclass
class _Fig:
    id: int
    row: int | None  # the row it comes from; None for a data figure
    text: str  # as printed (for why), or the data formula
    kind: Kind
    year: int | None
    point: Fraction
    lo: Fraction
    hi: Fraction
    expr: Expr
    stem: str = ""  # the row's name without a _2 suffix, for naming a comparison's base


def _row_figure(fig_id: int, i: int, row: Row, rep: Reported) -> _Fig | None:
    """Row ``i``'s figure as candidate ``fig_id``: rows without a positive, two-sided figure
    have none, so ids and rows differ after them (a figure is always named by its row)."""
    if rep.lo is None or rep.hi is None or rep.lo <= 0:
        return None
    point = min(max(rep.value, rep.lo), rep.hi)
    expr = Var(("row", i), rep.lo, rep.hi, point)
    stem = re.sub(r"_\d+$", "", row.claim.name.casefold())
    return _Fig(fig_id, i, row.claim.reported, rep.kind, row.year, point, rep.lo, rep.hi, expr,
                stem)  # fmt: skip


@dataclass(frozen=True)
class _Cand:
    op: str
    ids: tuple[int, ...]
    point: Fraction
    scale: int = 0  # a slip: the value times 10^scale
    years: int = 0  # CAGR: years between the two figures


# ---------------------------------------------------------------------------------------------
# Shapes


Bounds = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class Op:
    """A formula shape over figures ``a, b`` (or all of them, for a sum)."""

    name: str
    point: Callable[[list[Fraction], int], Fraction | None]  # at the figures as written
    enclosure: Callable[[list[_Fig]], Bounds | None]  # exact bounds; None: left to exact
    expr: Callable[[list[Expr], int], Expr]
    text: Callable[[list[str], int], str]  # written from the inputs' names, and CAGR's years
    mistake_of: str = ""  # a mistake: the correct shape it is the mistaken form of
    mistake: str = ""  # … and how ``why`` names it


def _ratio_bounds(f: list[_Fig]) -> Bounds:
    return f[0].lo / f[-1].hi, f[0].hi / f[-1].lo


def _rest_bounds(f: list[_Fig]) -> Bounds | None:  # a / (b - a) = 1 / (b/a - 1)
    a, b = f[0], f[-1]
    if b.lo <= a.hi:
        return None
    return a.lo / (b.hi - a.lo), a.hi / (b.lo - a.hi)


def _minus(x: Expr) -> Expr:
    return Neg(x)


_ONE, _MINUS_ONE = Const(Fraction(1)), Const(Fraction(-1))
OPS: dict[str, Op] = {
    op.name: op
    for op in (
        Op("data", lambda v, _: v[0], lambda f: (f[0].lo, f[0].hi), lambda x, _: x[0],
           lambda n, _: n[0]),
        Op("ratio", lambda v, _: v[0] / v[-1], _ratio_bounds, lambda x, _: div(x[0], x[1]),
           lambda n, _: f"{n[0]} / {n[1]}"),
        Op("product", lambda v, _: v[0] * v[-1], lambda f: (f[0].lo * f[-1].lo, f[0].hi * f[-1].hi),
           lambda x, _: Mul((x[0], x[1])), lambda n, _: f"{n[0]} * {n[1]}"),
        Op("sum", lambda v, _: sum(v, Fraction(0)),
           lambda f: (sum((x.lo for x in f), Fraction(0)), sum((x.hi for x in f), Fraction(0))),
           lambda x, _: Add(tuple(x)), lambda n, _: " + ".join(n)),
        Op("diff", lambda v, _: v[0] - v[-1], lambda f: (f[0].lo - f[-1].hi, f[0].hi - f[-1].lo),
           lambda x, _: Add((x[0], _minus(x[1]))), lambda n, _: f"{n[0]} - {n[1]}"),
        Op("growth", lambda v, _: v[0] / v[-1] - 1,
           lambda f: (_ratio_bounds(f)[0] - 1, _ratio_bounds(f)[1] - 1),
           lambda x, _: Add((div(x[0], x[1]), _MINUS_ONE)), lambda n, _: f"{n[0]} / {n[1]} - 1"),
        Op("decline", lambda v, _: 1 - v[0] / v[-1],
           lambda f: (1 - _ratio_bounds(f)[1], 1 - _ratio_bounds(f)[0]),
           lambda x, _: Add((_ONE, Neg(div(x[0], x[1])))), lambda n, _: f"1 - {n[0]} / {n[1]}"),
        Op("cagr", lambda v, y: measures.cagr(v[-1], v[0], y), lambda f: None,
           lambda x, y: exact.cagr(x[1], x[0], Const(Fraction(y))),
           lambda n, y: f"cagr({n[1]}, {n[0]}, {y})"),
        # mistakes, each the mistaken form of a correct shape
        Op("wrong_base", lambda v, _: (v[0] - v[-1]) / v[0],
           lambda f: (1 - f[-1].hi / f[0].lo, 1 - f[-1].lo / f[0].hi),
           lambda x, _: div(Add((x[0], Neg(x[1]))), x[0]),
           lambda n, _: f"({n[0]} - {n[1]}) / {n[0]}", "growth", "wrong base"),
        Op("pct_for_points", lambda v, _: v[0] - v[-1],
           lambda f: (f[0].lo - f[-1].hi, f[0].hi - f[-1].lo),
           lambda x, _: Add((x[0], Neg(x[1]))), lambda n, _: f"{n[0]} - {n[1]}", "growth",
           "percent for percentage points"),  # "rose 5%" of two percentages: a - b
        Op("rest", lambda v, _: v[0] / (v[-1] - v[0]) if v[-1] > v[0] else None, _rest_bounds,
           lambda x, _: div(x[0], Add((x[1], Neg(x[0])))),
           lambda n, _: f"{n[0]} / ({n[1]} - {n[0]})", "ratio",
           "share of the wrong total (of the rest)"),
        Op("added", lambda v, _: v[0] / (v[0] + v[-1]),
           lambda f: (f[0].lo / (f[0].lo + f[-1].hi), f[0].hi / (f[0].hi + f[-1].lo)),
           lambda x, _: div(x[0], Add((x[0], x[1]))), lambda n, _: f"{n[0]} / ({n[0]} + {n[1]})",
           "ratio", "share of the wrong total (part added to the total)"),
        Op("times_for_growth", lambda v, _: v[0] / v[-1], _ratio_bounds,
           lambda x, _: div(x[0], x[1]), lambda n, _: f"{n[0]} / {n[1]}", "ratio",
           "增长N倍 read as N times"),
    )
}  # fmt: skip


def _point(op: str, v: list[Fraction], years: int = 0) -> Fraction | None:
    return OPS[op].point(v, years)


def _enclosure(op: str, f: list[_Fig]) -> Bounds | None:
    return OPS[op].enclosure(f)


def _expr(op: str, f: list[_Fig], years: int) -> Expr:
    return OPS[op].expr([g.expr for g in f], years)


def _formula(op: str, names: list[str], years: int = 0) -> str:
    return OPS[op].text(names, years)


# ---------------------------------------------------------------------------------------------
# Which shapes, for which kinds and cue words


@dataclass(frozen=True)
class _Shape:
    op: str
    kinds: tuple[frozenset[Kind], ...]  # the kinds each input may have
    order: int = 0  # 1: a > b; -1: a < b (as written)
    comparison: bool = False  # a comparison: its base may be named, and of another year


def _ks(*kinds: Kind) -> frozenset[Kind]:
    return frozenset(kinds)


_AMOUNT, _COUNT, _PCT = _ks(A), _ks(C), _ks(P, F)
_SHAPES: dict[Kind, dict[str, list[_Shape]]] = {
    A: {
        "average": [_Shape("ratio", (_AMOUNT, _COUNT))],
        "total": [_Shape("sum", (_AMOUNT,)), _Shape("product", (_AMOUNT, _COUNT))],
        "share": [_Shape("product", (_AMOUNT, _PCT))],
        "multiple": [_Shape("product", (_AMOUNT, _ks(M))), _Shape("ratio", (_AMOUNT, _ks(M)))],
        "growth": [_Shape("diff", (_AMOUNT, _AMOUNT), 1, True)],
        "decline": [_Shape("diff", (_AMOUNT, _AMOUNT), 1, True)],
    },
    C: {
        "total": [_Shape("sum", (_COUNT,))],
        "share": [_Shape("product", (_COUNT, _PCT))],
        "growth": [_Shape("diff", (_COUNT, _COUNT), 1, True)],
        "decline": [_Shape("diff", (_COUNT, _COUNT), 1, True)],
    },
    P: {
        "share": [_Shape("ratio", (k, k), -1) for k in (_AMOUNT, _COUNT)],
        "growth": [_Shape("growth", (k, k), 1, True) for k in (_AMOUNT, _COUNT)],
        "annual": [_Shape("cagr", (k, k), 0, True) for k in (_AMOUNT, _COUNT)],
        "decline": [_Shape("decline", (k, k), -1, True) for k in (_AMOUNT, _COUNT)],
        "total": [_Shape("sum", (_ks(P),))],
    },
    F: {"share": [_Shape("ratio", (k, k), -1) for k in (_AMOUNT, _COUNT)]},
    PP: {r: [_Shape("diff", (_ks(P), _ks(P)), 1, True)] for r in ("points", "growth", "decline")},
    M: {
        r: [_Shape("ratio", (k, k), 1, True) for k in (_AMOUNT, _COUNT)]
        for r in ("multiple", "growth")
    },
}


def _shapes(kind: Kind, roles: set[str]) -> list[_Shape]:
    table = _SHAPES.get(kind, {})
    if kind is P and "share" in roles:
        roles = roles - {"total"}
    if kind is P and "annual" in roles:
        roles = roles - {"growth"}
    chosen = [r for r in table if r in roles] or list(table)
    out: list[_Shape] = []
    for r in chosen:
        out += [s for s in table[r] if s not in out]
    return out


def _mistakes(shape: _Shape, kind: Kind) -> list[str]:
    out = []
    if shape.op == "growth":
        out.append("wrong_base")
    if shape.op == "ratio" and kind in (P, F):
        out += ["rest", "added"]
    return out


# ---------------------------------------------------------------------------------------------
# Cue words of a claim


@dataclass(frozen=True)
class _Cues:
    roles: frozenset[str]
    base_words: tuple[str, ...]
    base_year: int | None
    previous_year: bool


_BASE_EN = re.compile(
    r"\b(?:than|that of|those of|compared (?:with|to)|over|against)\s+(?:in\s+)?([^,;.]{0,40})",
    re.IGNORECASE,
)
_BASE_ZH = re.compile(
    r"(?:比|较|是|为|相当于|高于|低于|高出)([^,，;；。]{1,12}?)(?:的|增长|增加|提高|下降|减少|降低|高|低|多|少|$)"
)


def _cues(claim: str, reported: str) -> _Cues:
    """Roles, and a comparison's base, in the claim (the figure itself left out).

    >>> c = _cues("31% higher than the average funds", "31%")
    >>> sorted(c.roles), c.base_words
    (['growth'], ('average', 'funds'))
    >>> _cues("是2017年的6倍", "6倍").base_year
    2017
    """
    text = claim.replace(reported, " ", 1)
    base = ""
    m = _BASE_EN.search(text) or _BASE_ZH.search(text)
    if m:
        base = m.group(1)
        text = text[: m.start(1)] + " " + text[m.end(1) :]
    year = re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", base)
    words = tuple(w for w in name_words(base) if w not in ("the", "of", "in", "a", "an"))
    return _Cues(
        frozenset(roles_in(text)),
        words,
        int(year.group()) if year else None,
        bool(PREVIOUS.search(claim)),
    )
