"""Boxes of inputs and the best-first search for a formula's minimum and maximum over them:
the machinery behind :func:`aidcalc.checker.exact.value_range` and
:func:`aidcalc.checker.exact.decide`.

A box is analysed once: its enclosure (the tighter of plain interval arithmetic and the
mean-value form), its value at the midpoint, and, where every partial derivative has a known
sign, the corners where the minimum and maximum sit. Boxes of unknown sign are split.
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from aidcalc.checker.enclosure import Box, Evaluator, fit
from aidcalc.checker.expr import Add, Expr, Inv, Max, Min, Mul, Neg, Pow, TooLarge, Var
from aidcalc.core.intervals import Interval

__all__ = ["Point", "Problem", "Range", "Target"]

WITNESS_STEPS = 100  # bisection steps along a segment when looking for a witness


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


@dataclass
class Target:
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
    # where split: the faces of the box holding its minimum and its maximum (each variable of
    # known sign at the end its sign chooses), which the two searches split instead of the box
    faces: tuple[Box, Box] | None = None


class Problem:
    def __init__(self, expr: Expr, limit: int) -> None:
        self.vars = _variables(expr)
        self.index = {v.key: i for i, v in enumerate(self.vars)}
        self.root_box: Box = tuple(Interval(v.lo, v.hi) for v in self.vars)
        self.evaluator = Evaluator(expr, self.index)
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
            mean_value = mean_value + fit(d * Interval(box[i].lo - mid[i], box[i].hi - mid[i]))
        lo, hi = max(value.lo, mean_value.lo), min(value.hi, mean_value.hi)
        enclosure = Interval(lo, hi) if lo <= hi else value
        unknown = [i for i, d in grad.items() if d.lo < 0 < d.hi]
        if unknown:
            root = self.root_box

            def share(i: int) -> Fraction:
                return (box[i].hi - box[i].lo) / (root[i].hi - root[i].lo)

            probes, faces = [], []
            for sign in (1, -1):  # the minimum's side, then the maximum's
                # Where f is monotone in a variable all over the box, its extreme lies at that
                # variable's end whatever the others are: the search goes on in that face only
                # (sound, and that variable's share of the enclosure's width is gone).
                face = tuple(
                    iv if i in unknown else Interval.point(_end(iv, grad.get(i), sign))
                    for i, iv in enumerate(box)
                )
                faces.append(face)
                at = tuple((iv.lo + iv.hi) / 2 for iv in face)  # a value found: for the best
                if at != mid:
                    with contextlib.suppress(TooLarge):
                        probes.append((at, self.evaluate(at)))
            split = max(unknown, key=share)
            return _Box(
                box,
                enclosure,
                mid,
                mid_value,
                split,
                probes=tuple(probes),
                faces=(faces[0], faces[1]),
            )
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

    def children(self, b: _Box, sign: int) -> list[_Box]:
        """The two halves of the face of ``b`` holding the minimum of ``sign * f``."""
        assert b.split is not None and b.faces is not None
        i = b.split
        face = b.faces[0 if sign > 0 else 1]
        iv = face[i]
        m = (iv.lo + iv.hi) / 2
        out = []
        for part in (Interval(iv.lo, m), Interval(m, iv.hi)):
            box = (*face[:i], part, *face[i + 1 :])
            try:
                out.append(self.analyse(box))
            except TooLarge:  # split so often that numbers grew too large: keep it unrefined
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

    def settle(self, target: Target) -> tuple[bool | None, bool | None]:
        """Whether the minimum is at most the target's upper end, and whether the maximum is at
        least its lower end (None: not decided within the limit). The two searches take turns,
        each only while its answer is unknown, and stop as soon as one answer is no."""
        sides = (
            (self.lows, target.hi, target.hi_open),
            (self.highs, None if target.lo is None else -target.lo, target.lo_open),
        )
        while True:
            low, high = (s.verdict(theta, strict) for s, theta, strict in sides)
            if low is False or high is False:
                return low, high
            moving = [s for (s, _, _), v in zip(sides, (low, high)) if v is None and s.can_step()]
            if not moving or self.spent:
                return low, high
            for s in moving:
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

    def witness(self, target: Target) -> Point | None:
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
        except TooLarge:
            return None
        return None


def _end(iv: Interval, d: Interval | None, sign: int) -> Fraction:
    """Where in ``iv`` the minimum of ``sign * f`` lies, given ``d``, the enclosure of f's
    derivative there, of one sign; ``None``: f does not vary with it (any value does)."""
    if d is None:
        return (iv.lo + iv.hi) / 2
    return iv.lo if (d.lo >= 0) == (sign > 0) else iv.hi


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

    def step(self, problem: Problem) -> None:
        self.update()
        if self.done or self.stalled:
            return
        _, _, b = heapq.heappop(self.heap)
        for child in problem.children(b, self.sign):
            self.push(child)

    def verdict(self, theta: Fraction | None, strict: bool) -> bool | None:
        """Whether the minimum of ``sign * f`` is ``<= theta`` (``< theta`` if ``strict``), as
        far as known now; None if not yet known."""
        if theta is None:
            return True
        if self.best < theta or (not strict and self.best == theta):
            return True
        low = self.lower()
        if low > theta or (strict and low == theta):
            return False
        return None

    def can_step(self) -> bool:
        self.update()
        return not (self.done or self.stalled)
