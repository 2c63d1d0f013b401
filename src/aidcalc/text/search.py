"""explain's arithmetic search for one figure, under the guard of :mod:`aidcalc.text.chance`.

**Candidates.** For a figure, every formula of the shapes of :mod:`aidcalc.text.candidates` over the
other figures is a candidate, the kinds fitting (a percentage from two amounts or two counts, an
amount from amounts …). A candidate **matches** when :func:`aidcalc.checker.exact.decide` finds the
claim consistent. The match is an explanation only if ``m · p ≤ 0.05`` (:mod:`aidcalc.text.chance`).

**Cue words narrow the vocabulary**, and so ``m``: with ``average``/``each``/``per``/平均/县均,
only means are tried for an amount; with ``share``/占, only shares; with ``times``/倍, only
multiples; with ``up``/增长, only growth … A comparison names its base (``higher than the
average``, ``是2017年的``, ``比上年``); when the text has none the figure is unexplained for want
of it. Figures of one year are not mixed with another's except in comparisons.

**Misstatements.** When no correct candidate matches, known mistakes are tried, each the
mistaken form of a correct candidate: the wrong base, percent for points, a 万/亿 or
thousand/million slip, 增长N倍 for N times, a share of the wrong total. The same guard applies,
with ``m`` counting the correct and the mistaken candidates: for a slip, every candidate of the
figure's kind whose value, times 10³ or 10⁴, lies in the window, so round figures, which
coincide far more often, need far stronger evidence.

**Bounds.** Sums take figures of the target's kind in increasing order, in integers, stop as soon
as a partial sum passes 10·X, and at most ``SUM_LIMIT`` sums are looked at per figure. Once ``m``
passes ``0.05 / p_min`` nothing can pass the guard and the search for that figure stops.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING

from aidcalc.checker import exact
from aidcalc.checker.exact import Const, Mul, Outcome
from aidcalc.checker.wording import Kind, Reported
from aidcalc.core.errors import AidcalcError
from aidcalc.core.formatting import format_fixed, format_like
from aidcalc.text.candidates import (
    _SHAPES,
    OPS,
    A,
    F,
    P,
    _Cand,
    _cues,
    _enclosure,
    _expr,
    _Fig,
    _formula,
    _ks,
    _mistakes,
    _point,
    _Shape,
    _shapes,
)
from aidcalc.text.chance import LEVEL, WINDOW, chance_p, show

if TYPE_CHECKING:
    from aidcalc.text.explain import Row

SUM_LIMIT = 20000  # sums looked at per figure


class Status(str, Enum):
    """What explain found for a row without a formula (the values of ``status``)."""

    EXPLAINED = "explained"  # a formula gives the figure: stated by the words, or found
    MISSTATED = "misstated"  # no formula does, but a known mistake does
    GIVEN = "given"  # a level the text states; nothing computes it
    UNCHECKED = "unchecked"  # nothing checks it: why says what is missing
    UNEXPLAINED = "unexplained"  # the search found nothing (explain makes it given or unchecked)


@dataclass
class _Match:
    cand: _Cand
    p: Fraction
    lo: Fraction
    hi: Fraction
    alternative: bool = False  # matched the other reading of 增长N倍


@dataclass
class _Outcome:
    status: Status
    cand: _Cand | None = None
    chance: Fraction | None = None
    why: str = ""
    mistake: _Cand | None = None  # misstated: the mistaken candidate that fits


# ---------------------------------------------------------------------------------------------
# Explaining


@dataclass
class _State:
    rows: list[Row]
    reps: dict[int, Reported]
    figs: list[_Fig]
    deps: dict[int, set[int]] = field(default_factory=dict)  # row → rows its formula uses
    misstated: set[int] = field(default_factory=set)
    cache: dict[tuple[str, tuple[int, ...]], Fraction | None] = field(default_factory=dict)
    sums_looked: int = 0  # sums looked at for the current figure

    def depends(self, row: int, on: int) -> bool:
        """Whether ``row``'s formula uses ``on``, directly or through other rows."""
        seen, todo = set(), [row]
        while todo:
            r = todo.pop()
            if r == on:
                return True
            if r not in seen:
                seen.add(r)
                todo.extend(self.deps.get(r, ()))
        return False


def _has_cue(rep: Reported, row: Row) -> bool:
    cues = _cues(row.claim.claim, row.claim.reported)
    table = _SHAPES.get(rep.kind, {})
    return any(r in table for r in cues.roles)


def _explain_one(state: _State, t: int) -> _Outcome:
    rep = state.reps[t]
    row = state.rows[t]
    x = rep.value
    if x <= 0:
        return _Outcome(Status.UNEXPLAINED, why="only positive figures are searched")
    cues = _cues(row.claim.claim, row.claim.reported)
    shapes = _shapes(rep.kind, set(cues.roles))
    if not shapes:
        return _Outcome(Status.UNEXPLAINED, why=f"{rep.kind.noun} is not computed from others")
    base_year = cues.base_year
    if base_year is None and cues.previous_year and row.year is not None:
        base_year = row.year - 1
    usable = [
        f for f in state.figs
        if f.row is not None and f.row != t and f.row not in state.misstated
        and not state.depends(f.row, t)
    ]  # fmt: skip
    base_ids = _base(usable, cues.base_words)
    w_lo, w_hi = x / WINDOW, x * WINDOW
    p_min = chance_p(rep, x, x)  # no candidate's p is smaller
    budget = LEVEL / p_min if p_min else None  # with more candidates than this, none can pass
    correct: list[_Cand] = []
    wrong: list[_Cand] = []
    mistakes = True  # whether a misstatement could still pass the guard
    m = 0
    for shape in shapes:
        for cand in _candidates(state, shape, usable, row.year, base_year, base_ids, x):
            if w_lo <= cand.point <= w_hi:
                m += 1
                correct.append(cand)
                if budget is not None and m > budget:
                    return _crowded(m, p_min)
            if mistakes:
                wrong += _mistaken(state, shape, rep, cand, w_lo, w_hi)
                if budget is not None and m + len(wrong) > budget:
                    mistakes, wrong = False, []
        m += _unexamined(state, shape, usable, x)
    for f in state.figs:  # a data file's figures are candidates themselves
        if f.row is None and _same_kind(f.kind, rep.kind) and w_lo <= f.point <= w_hi:
            m += 1
            correct.append(_Cand("data", (f.id,), f.point))
    if budget is not None and m > budget:
        return _crowded(m, p_min)
    if (
        mistakes
        and rep.kind is P
        and ({"growth", "decline"} & cues.roles or not cues.roles & set(_SHAPES[P]))
    ):
        pp = _Shape("diff", (_ks(P), _ks(P)), 1, True)
        for cand in _candidates(state, pp, usable, row.year, base_year, base_ids, x):
            if w_lo <= cand.point <= w_hi:
                wrong.append(_Cand("pct_for_points", cand.ids, cand.point))
    matches = [mt for c in correct if (mt := _match(state, rep, c)) is not None]
    best = _best(matches, m)
    if best is not None and best[1] <= LEVEL:
        return _Outcome(Status.EXPLAINED, best[0].cand, best[1])
    if matches and best is not None:
        names = _formula_text(state, best[0].cand, printed=True)
        return _Outcome(
            Status.UNEXPLAINED, chance=best[1],
            why=f"{names} fits, but could be a coincidence (chance {show(best[1])} > 0.05)",
        )  # fmt: skip
    m_all = m + len(wrong)
    slips = [mt for c in wrong if (mt := _match(state, rep, c)) is not None]
    worst = _best(slips, m_all)
    if worst is not None and worst[1] <= LEVEL:
        return _misstated(state, rep, worst[0], worst[1])
    if base_year is not None and not any(f.year == base_year for f in usable):
        return _Outcome(
            Status.UNEXPLAINED, why=f"needs the figure for {base_year}, not in the text"
        )
    if worst is not None:
        return _Outcome(
            Status.UNEXPLAINED, chance=worst[1],
            why=f"maybe {_mistake_why(state, rep, worst[0])}; but that could be a coincidence"
                f" (chance {show(worst[1])} > 0.05)",
        )  # fmt: skip
    return _Outcome(Status.UNEXPLAINED, why="no arithmetic between the figures gives it")


def _mistaken(
    state: _State, shape: _Shape, rep: Reported, cand: _Cand, w_lo: Fraction, w_hi: Fraction
) -> list[_Cand]:
    """The mistaken forms of a candidate whose values lie in the window."""
    out = []
    for op in _mistakes(shape, rep.kind):
        pt = _cached(state, op, cand.ids)
        if pt is not None and w_lo <= pt <= w_hi:
            out.append(_Cand(op, cand.ids, pt))
    if rep.kind is A and _significant(rep) >= 3:  # 300万 is a thousandth of 30亿 too often
        for k in (-4, -3, 3, 4):
            pt = cand.point * _TEN**k
            if w_lo <= pt <= w_hi:
                out.append(_Cand(cand.op, cand.ids, pt, scale=k, years=cand.years))
    if rep.alternatives and w_lo <= cand.point <= w_hi:
        out.append(_Cand("times_for_growth", cand.ids, cand.point))
    return out


_TEN = Fraction(10)


def _significant(rep: Reported) -> int:
    """How many significant digits the figure is written with (``300万`` 1, ``28.31亿`` 4): a
    round figure coincides with a power of ten times another far more often than the guard's
    log-uniform figures, so no slip is claimed for one written with fewer than three."""
    return len(str(abs(rep.figure.mantissa)).rstrip("0"))


def _crowded(m: int, p_min: Fraction) -> _Outcome:
    return _Outcome(
        Status.UNEXPLAINED,
        chance=m * p_min,
        why=f"{m} or more candidates for a figure written this coarsely: any fit could be a"
        f" coincidence (chance at least {show(m * p_min)})",
    )


def _same_kind(a: Kind, b: Kind) -> bool:
    percent = (P, F)
    return a is b or (a in percent and b in percent)


def _cached(state: _State, op: str, ids: tuple[int, ...]) -> Fraction | None:
    key = (op, ids)
    if key not in state.cache:
        try:
            state.cache[key] = _point(op, [state.figs[i].point for i in ids])
        except ZeroDivisionError:
            state.cache[key] = None
    return state.cache[key]


def _base(usable: list[_Fig], words: tuple[str, ...]) -> set[int] | None:
    """The figures a comparison's base may be: those named by its words, if any are."""
    if not words:
        return None
    exact_names = {f.id for f in usable if f.stem and f.stem in words}
    if exact_names:
        return exact_names
    ends = {f.id for f in usable if f.stem and any(f.stem.endswith("_" + w) for w in words)}
    return ends or None


def _candidates(
    state: _State,
    shape: _Shape,
    usable: list[_Fig],
    year: int | None,
    base_year: int | None,
    base_ids: set[int] | None,
    x: Fraction,
) -> Iterator[_Cand]:
    def same_time(f: _Fig) -> bool:
        return year is None or f.year is None or f.year == year

    if shape.op == "sum":
        yield from _sums(state, shape, [f for f in usable if same_time(f)], x)
        return
    firsts = [f for f in usable if f.kind in shape.kinds[0]]
    seconds = [f for f in usable if f.kind in shape.kinds[1]]
    if shape.comparison:
        firsts = [f for f in firsts if same_time(f) and (base_year is None or f.year != base_year)]
        if base_year is not None:
            seconds = [f for f in seconds if f.year == base_year]
        if base_ids is not None:
            seconds = [f for f in seconds if f.id in base_ids]
    else:
        firsts = [f for f in firsts if same_time(f)]
        seconds = [f for f in seconds if same_time(f)]
    for a in firsts:
        for b in seconds:
            if a.id == b.id or (shape.order > 0 and a.point <= b.point):
                continue
            if shape.order < 0 and a.point >= b.point:
                continue
            years = 0
            if shape.op == "cagr":
                if a.year is None or b.year is None or a.year <= b.year:
                    continue
                years = a.year - b.year
                pt: Fraction | None = _point("cagr", [a.point, b.point], years)
            else:
                pt = _cached(state, shape.op, (a.id, b.id))
            if pt is not None:
                yield _Cand(shape.op, (a.id, b.id), pt, years=years)


def _sums(state: _State, shape: _Shape, usable: list[_Fig], x: Fraction) -> Iterator[_Cand]:
    """Sums of 2 to 4 figures in increasing order, in integers over a common denominator; a
    partial sum past the window's top ends that branch, as do ``SUM_LIMIT`` sums."""
    terms = sorted((f for f in usable if f.kind in shape.kinds[0]), key=lambda f: f.point)
    denominator = math.lcm(*(f.point.denominator for f in terms)) if terms else 1
    values = [f.point.numerator * (denominator // f.point.denominator) for f in terms]
    top = math.floor(x * WINDOW * denominator)
    looked = 0

    def grow(start: int, chosen: tuple[int, ...], total: int) -> Iterator[_Cand]:
        nonlocal looked
        for k in range(start, len(terms)):
            s = total + values[k]
            if s > top or looked >= SUM_LIMIT:
                return
            picked = (*chosen, k)
            if len(picked) >= 2:
                looked += 1
                yield _Cand("sum", tuple(terms[i].id for i in picked), Fraction(s, denominator))
            if len(picked) < 4:
                yield from grow(k + 1, picked, s)

    yield from grow(0, (), 0)
    state.sums_looked = looked


def _unexamined(state: _State, shape: _Shape, usable: list[_Fig], x: Fraction) -> int:
    """Sums left unexamined past SUM_LIMIT: all counted in m."""
    if shape.op != "sum":
        return 0
    looked, state.sums_looked = state.sums_looked, 0
    if looked < SUM_LIMIT:
        return 0
    n = sum(f.kind in shape.kinds[0] for f in usable)
    return sum(math.comb(n, k) for k in (2, 3, 4)) - SUM_LIMIT


def _match(state: _State, rep: Reported, cand: _Cand) -> _Match | None:
    """The candidate, if some reading of its inputs gives a value the figure allows."""
    figs = [state.figs[i] for i in cand.ids]
    op = cand.op if cand.op not in ("times_for_growth",) else "ratio"
    target = rep
    alternative = False
    if cand.op == "times_for_growth":
        target, alternative = rep.alternatives[0][1], True
    scale = Fraction(10) ** cand.scale
    enclosure = _enclosure(op, figs)
    if enclosure is not None:
        lo, hi = enclosure[0] * scale, enclosure[1] * scale
        if (target.lo is not None and hi < target.lo) or (target.hi is not None and lo > target.hi):
            return None
    expr = _expr(op, figs, cand.years)
    if cand.scale:
        expr = Mul((expr, Const(scale)))
    try:
        d = exact.decide(expr, target.lo, target.hi, target.lo_open, target.hi_open)
    except AidcalcError:
        return None
    if d.outcome is not Outcome.CONSISTENT:
        return None
    return _Match(cand, chance_p(target, d.range.lo, d.range.hi), d.range.lo, d.range.hi,
                  alternative)  # fmt: skip


def _best(matches: list[_Match], m: int) -> tuple[_Match, Fraction] | None:
    if not matches:
        return None
    best = min(matches, key=lambda mt: (mt.p, len(mt.cand.ids)))
    return best, max(m, 1) * best.p


def _misstated(state: _State, rep: Reported, mt: _Match, chance: Fraction) -> _Outcome:
    cand = mt.cand
    op = cand.op
    right = op if cand.scale else OPS[op].mistake_of  # a slip's shape is right, but its scale
    fixed = _Cand(right, cand.ids, cand.point, years=cand.years)
    why = _mistake_why(state, rep, mt)
    return _Outcome(Status.MISSTATED, fixed, chance, why=why, mistake=cand)


def _mistake_why(state: _State, rep: Reported, mt: _Match) -> str:
    cand = mt.cand
    printed = _formula_text(state, cand, printed=True)
    value = _point_value(state, cand)
    shown = _shown_like(value, rep)
    if cand.scale:
        what = _mistake_name(cand)
        decimals = max(rep.figure.decimals + 1 + cand.scale, 0)
        right = format_fixed(value / Fraction(10) ** rep.figure.shift, decimals, grouping=False)
        return f"{what}: {printed} = {right}{rep.figure.suffix}, printed as {rep.text}"
    if cand.op == "times_for_growth":
        n = _shown_like(rep.value, rep)
        return f"增长N倍 read as N times: {rep.text} means {n}, but {printed} = {shown}"
    if cand.op == "pct_for_points":
        points = format_fixed(value * 100, max(rep.figure.decimals, 0) + 1, grouping=False)
        return f"percent for percentage points: {printed} = {points} percentage points"
    return f"{_mistake_name(cand)}: {printed} = {shown}"


def _mistake_formula(state: _State, cand: _Cand, names: dict[int, str]) -> str:
    """The mistaken formula in the rows' names; a slip is the correct formula times its power of
    ten (all integers, so exact in ``check``)."""
    text = _formula_text(state, cand, printed=False, names=names)
    if cand.scale > 0:
        return f"({text}) * {10**cand.scale}"
    if cand.scale < 0:
        return f"({text}) / {10**-cand.scale}"
    return text


def _mistake_name(cand: _Cand) -> str:
    """The name of a mistaken candidate's mistake, as ``why`` begins and ``check`` shows it."""
    if cand.scale:
        return "a 万/亿 slip" if abs(cand.scale) == 4 else "a thousand/million slip"
    return OPS[cand.op].mistake


def _point_value(state: _State, cand: _Cand) -> Fraction:
    op = "ratio" if cand.op == "times_for_growth" else cand.op
    if op == "cagr":
        return exact.point_value(_expr(op, [state.figs[i] for i in cand.ids], cand.years))
    v = _point(op, [state.figs[i].point for i in cand.ids], cand.years)
    assert v is not None
    return v


def _shown_like(value: Fraction, rep: Reported) -> str:
    return format_like(value, rep.figure, extra=1)


def _formula_text(
    state: _State, cand: _Cand, printed: bool, names: dict[int, str] | None = None
) -> str:
    op = "ratio" if cand.op == "times_for_growth" else cand.op
    if op == "pct_for_points":
        op = "diff"
    parts = []
    for i in cand.ids:
        f = state.figs[i]
        if f.row is None:
            parts.append(f.text)
        elif printed:
            parts.append(_printed(f.text))
        else:
            assert names is not None
            parts.append(names[f.row])
    text = _formula(op, parts, cand.years)
    return text.replace(" - ", " − ") if printed else text


def _printed(text: str) -> str:
    """A figure as printed, without its currency (for why): ``57.4 million yuan`` → ``57.4
    million``."""
    return re.sub(r"\s*(?:yuan|元|人民币|rmb|cny)$", "", text, flags=re.IGNORECASE)
