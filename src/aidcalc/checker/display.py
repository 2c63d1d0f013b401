"""Showing checked claims: the columns of ``check``'s table, the computed value in the reported
figure's notation, how far an inconsistent figure is off, and the summary line.

==============================  =============================================================
``cells(checked)``              one checked claim as the cells of :data:`COLUMNS`
``summary(rows)``               ``37 figures: 12 consistent, 2 inconsistent, 23 unchecked (why: …)``
``computed_text(v, rep, verdict)``  ``46% (45.8%–46.1%)``
``how_far(rep, v)``             ``off by +0.3 percentage points``
==============================  =============================================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from aidcalc.checker.claims import Verdict
from aidcalc.checker.formula import Value
from aidcalc.checker.wording import Qualifier, Reported
from aidcalc.core.figures import Kind
from aidcalc.core.formatting import Rounding, format_fixed, format_like
from aidcalc.core.intervals import Interval
from aidcalc.core.result import Audience, Cell, ColumnKind, ResultColumn

if TYPE_CHECKING:
    from aidcalc.checker.verdicts import Checked

__all__ = ["COLUMNS", "cells", "computed_text", "gap", "how_far", "summary"]

# ---------------------------------------------------------------------------------------------
# Showing verdicts


_MACHINES, _PEOPLE = Audience.MACHINES, Audience.PEOPLE
COLUMNS = [
    ResultColumn("line", "line", ColumnKind.COUNT, where=_MACHINES),
    ResultColumn("name", "name", ColumnKind.TEXT, optional=True),
    ResultColumn("claim", "claim", ColumnKind.TEXT, optional=True),
    ResultColumn("reported", "reported", ColumnKind.TEXT),
    ResultColumn("formula", "formula", ColumnKind.TEXT, where=_MACHINES),
    ResultColumn("computed", "computed", ColumnKind.TEXT, where=_PEOPLE),
    ResultColumn("value", "value", ColumnKind.NUMBER, where=_MACHINES),
    ResultColumn("low", "low", ColumnKind.LOWER, where=_MACHINES),
    ResultColumn("high", "high", ColumnKind.UPPER, where=_MACHINES),
    ResultColumn("verdict", "verdict", ColumnKind.TEXT),
    ResultColumn("off_by", "off by", ColumnKind.NUMBER, where=_MACHINES),
    ResultColumn("mistake", "mistake", ColumnKind.TEXT, where=_MACHINES),
    ResultColumn("mistake_value", "mistake value", ColumnKind.NUMBER, where=_MACHINES),
    ResultColumn("reason", "why", ColumnKind.TEXT),
    ResultColumn("fix", "fix", ColumnKind.TEXT, where=_MACHINES),
    ResultColumn("fix_value", "fix value", ColumnKind.NUMBER, where=_MACHINES),
]


def cells(r: Checked) -> list[Cell]:
    v, rep = r.value, r.reported
    c = r.claim
    off = gap(rep, v.interval) if r.verdict is Verdict.INCONSISTENT and v and rep else None
    m = r.mistaken
    return [
        c.line,
        c.name,
        c.claim,
        c.reported,
        c.formula,
        r.computed,
        v.point if v else None,
        v.interval.lo if v else None,
        v.interval.hi if v else None,
        r.verdict.value,
        off,
        m.name if m else c.mistake,
        m.value.point if m else None,
        r.reason,
        r.fix.line if r.fix else None,
        r.fix.value if r.fix else None,
    ]


MAX_EXTRA = 8  # digits beyond the reported figure's, at most, to show the value apart from it


def computed_text(v: Value, rep: Reported, verdict: Verdict) -> str:
    """``46% (45.8%–46.1%)``: the value in the reported notation, then the range one digit finer,
    rounded outward so the shown range contains the true one. The value gets more digits while
    it prints like the reported figure though inconsistent, or unlike a plainly rounded figure
    though consistent (then the range straddles a rounding boundary of its notation)."""
    f = rep.figure
    written = format_like(rep.value, f)
    extra = 0
    if verdict is Verdict.INCONSISTENT:
        while extra < MAX_EXTRA and format_like(v.point, f, extra) == written:
            extra += 1
    elif (
        verdict is Verdict.CONSISTENT
        and rep.qualifier is Qualifier.PLAIN
        and format_like(v.point, f) != written
    ):
        extra = 1
    point = format_like(v.point, f, extra)
    if v.interval.exact:
        return point
    lo = format_like(v.interval.lo, f, extra + 1, rounding=Rounding.FLOOR)
    hi = format_like(v.interval.hi, f, extra + 1, rounding=Rounding.CEILING)
    return f"{point} ({lo}–{hi})"


def how_far(rep: Reported, v: Value) -> str:
    f = rep.figure
    iv = v.interval
    limit = format_like(rep.value, f)
    q = rep.qualifier
    if q in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        return f"computed is at most {_apart(iv.hi, rep, Rounding.CEILING)}, not {q.value} {limit}"
    if q in (Qualifier.LESS_THAN, Qualifier.AT_MOST):
        return f"computed is at least {_apart(iv.lo, rep, Rounding.FLOOR)}, not {q.value} {limit}"
    diff = gap(rep, v.interval)
    sign = "-" if diff < 0 else "+"
    if rep.kind in (Kind.PERCENT, Kind.POINTS, Kind.FRACTION):
        pts = _nonzero(lambda n: format_fixed(abs(diff) * 100, n), f.decimals + 1)
        return f"off by {sign}{pts} percentage points"
    text = sign + _nonzero(lambda n: format_like(abs(diff), f, n), 1)
    if rep.value:
        pct = _nonzero(lambda n: format_fixed(abs(diff / rep.value) * 100, n), 1)
        text += f" ({sign}{pct}%)"
    return f"off by {text}"


def gap(rep: Reported, computed: Interval) -> Fraction:
    """How far the computed range lies from the reported one: the stretch between them, negative
    when the computed values are below the reported ones (0 when they meet). The one number the
    table's ``why``, the machine formats' ``off_by`` and the page's picture all give.

    >>> from aidcalc.checker.wording import read_reported
    >>> gap(read_reported("12142"), Interval(Fraction(21410, 10), Fraction(21430, 10)))
    Fraction(-9999, 1)
    """
    if rep.lo is not None and computed.hi < rep.lo:
        return computed.hi - rep.lo
    if rep.hi is not None and computed.lo > rep.hi:
        return computed.lo - rep.hi
    return Fraction(0)


def _apart(x: Fraction, rep: Reported, rounding: Rounding) -> str:
    """``x`` rounded toward the reported bound, with digits enough to print unlike it."""
    f = rep.figure
    extra = 1
    while extra < MAX_EXTRA and format_like(x, f, extra, rounding) == format_like(
        rep.value, f, extra
    ):
        extra += 1
    return format_like(x, f, extra, rounding)


def _nonzero(show: Callable[[int], str], digits: int) -> str:
    """``show(n)`` with the fewest extra digits ``n >= digits`` that make it show a non-zero
    figure (up to 12 more), so a tiny difference never prints as 0."""
    text = ""
    for n in range(max(digits, 0), max(digits, 0) + 13):
        text = show(n)
        if any(c in "123456789" for c in text):
            break
    return text


def summary(rows: Sequence[Checked]) -> str:
    """What was checked and what was not: ``12 figures: 3 consistent, 1 inconsistent, 8 unchecked
    (why: 6 given, 2 needs the figure for 2017)``, then errors and undecided rows if any. The
    reasons are the most common first, at most four."""
    counts = Counter(r.verdict for r in rows)
    unchecked = counts[Verdict.GIVEN] + counts[Verdict.UNCHECKED]
    text = f"{len(rows)} {'figure' if len(rows) == 1 else 'figures'}:"
    if counts[Verdict.CONSISTENT] + counts[Verdict.INCONSISTENT]:
        text += (
            f" {counts[Verdict.CONSISTENT]} consistent, {counts[Verdict.INCONSISTENT]}"
            f" inconsistent, {unchecked} unchecked"
        )
    else:
        text += f" none checked, {unchecked} unchecked"
    if unchecked:
        why = Counter(_short_reason(r) for r in rows if r.verdict is Verdict.UNCHECKED)
        parts = [f"{counts[Verdict.GIVEN]} given"] if counts[Verdict.GIVEN] else []
        common = why.most_common()
        parts += [f"{n} {reason}" for reason, n in common[:4]]
        if len(common) > 4:
            parts.append(f"{sum(n for _, n in common[4:])} other")
        text += f" (why: {', '.join(parts)})"
    for v in (Verdict.UNDECIDED, Verdict.ERROR):
        if counts[v]:
            text += f", {counts[v]} {v.value}"
    return text


def _short_reason(r: Checked) -> str:
    """A reason to count in the summary: up to its first colon or semicolon."""
    reason = r.reason or "no relation found"
    for stop in (";", ":", " ("):
        reason = reason.split(stop, 1)[0]
    return reason.strip()
