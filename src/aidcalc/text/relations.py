"""The relations a report's words state: for each figure, what the sentence says it is.

A share of a named whole (占…的, of the total, accounts for), the parts of a total (其中,
including, made up of), a growth or decline between two levels or from a level and its change
(同比增长Z%，增收W: Z = W / (L − W)), an average per unit counted in the text (县均, per pupil),
a multiple (是…的N倍, N times), a difference in points (个百分点), a completion rate (完成预算的),
a CAGR (年均增长); a total's parts listed in the sentence after it (分年度看, ``X receives A, Y B
and Z C``), the share of several parts together, what is still to be paid of a whole. The
formula is written whether or not the figures fit it: ``check`` decides.

When the words name a relation but its other figure cannot be found for sure (none, or two
candidates of one kind and period, or one of another period or scope), the figure is
**unchecked** with that reason, never given a guessed formula: a misread sentence must not raise
a false alarm. Cue words are in :mod:`aidcalc.text.cues`, formula shapes in
:mod:`aidcalc.text.shapes`; the readers of each family in :mod:`aidcalc.text.relation_rates` and
:mod:`aidcalc.text.relation_amounts`, lists of parts in :mod:`aidcalc.text.relation_lists`, those
that lean on another relation in :mod:`aidcalc.text.relation_after`, and how they find the other
figures in :mod:`aidcalc.text.relation_figures`.

=========================  ================================================================
``Stated``                 a figure's relation: family, cue words, shape and rows, or why not
``read_relations(doc)``    row → ``Stated`` for every figure whose words state a relation
=========================  ================================================================
"""

from __future__ import annotations

import re
from fractions import Fraction

from aidcalc.core.figures import Kind
from aidcalc.text.cues import AFTER, FIG, REAL
from aidcalc.text.relation_after import _larger, _leftover, _points_since, _than
from aidcalc.text.relation_amounts import _average, _difference, _rest
from aidcalc.text.relation_figures import Stated, _unchecked
from aidcalc.text.relation_lists import _breakdowns, _lists
from aidcalc.text.relation_rates import (
    _annual,
    _apposition,
    _change,
    _completion,
    _multiple,
    _points,
    _share,
    _together,
)
from aidcalc.text.sentences import Doc, Spot

__all__ = ["Stated", "read_relations"]


def read_relations(doc: Doc) -> dict[int, Stated]:
    """Row → the relation its words state, for every figure that has one."""
    out: dict[int, Stated] = {}
    for s in doc.spots:
        found = _read_one(doc, s)
        if found is not None:
            out[s.row] = found
    if doc.rebuilt:  # the words between clauses are lost: only relations within a clause
        out = {r: st for r, st in out.items() if st.shape and _one_clause(doc, r, st)}
    for row, stated in _lists(doc).items():
        if row in out:
            continue
        moved = _blamed_part(doc, out, row, stated)
        if moved is None:
            out[row] = stated
        else:
            out[moved[0]] = moved[1]
    for row, stated in _breakdowns(doc, out).items():
        if row in out:
            continue
        out[row] = stated  # on the total: the rest the list ends with is then one of its parts
        for r in stated.rows[1:]:
            if r in out and out[r].shape == "rest" and out[r].rows[:1] == (row,):
                del out[r]
    for s in doc.spots:  # the relations that lean on a rate, a multiple or averages read above
        if s.row not in out or not out[s.row].shape:
            found = (
                _leftover(doc, out, s)
                or _larger(doc, out, s)
                or _points_since(doc, out, s)
                or _than(doc, out, s)
            )
            if found is not None and (s.row not in out or found.shape):
                out[s.row] = found
    return out


def _one_clause(doc: Doc, row: int, st: Stated) -> bool:
    """Whether a relation's figures stand in the figure's clause or the one next to it (in a
    text rebuilt from clauses, the words between farther clauses are lost)."""
    starts = sorted({s.clause for s in doc.spots})
    at = {c: i for i, c in enumerate(starts)}
    here = at[doc.by_row[row].clause]
    return all(abs(at[doc.by_row[r].clause] - here) <= 1 for r in st.rows if r in doc.by_row)


def _blamed_part(
    doc: Doc, out: dict[int, Stated], total: int, st: Stated
) -> tuple[int, Stated] | None:
    """When a list's parts do not fit its total, but the total and a part are tied by a share the
    words state (``税收收入6958万元，占74.4%``) and that share fits, the misfit is the other parts':
    the relation goes on the one part not so tied (``non_tax = revenue - tax``); with two or more
    not tied, which is wrong is not said, and it stays on the total."""
    if st.shape not in ("sum", "at_least"):
        return None
    t = doc.by_row[total]
    parts = [doc.by_row[r] for r in st.rows[1:]]
    t_lo, t_hi = t.rep.lo, t.rep.hi
    if any(p.rep.lo is None or p.rep.hi is None for p in parts) or t_lo is None or t_hi is None:
        return None
    lo = sum((p.rep.lo for p in parts if p.rep.lo is not None), Fraction(0))
    hi = sum((p.rep.hi for p in parts if p.rep.hi is not None), Fraction(0))
    if lo <= t_hi and (st.shape == "at_least" or hi >= t_lo):
        return None  # the parts fit

    def tied(p: Spot) -> bool:
        for row, other in out.items():
            if other.family == "share" and other.rows == (p.row, total):
                share = doc.by_row[row].rep
                if share.lo is None or share.hi is None or p.rep.lo is None or p.rep.hi is None:
                    continue
                if t_lo > 0 and p.rep.lo / t_hi <= share.hi and p.rep.hi / t_lo >= share.lo:
                    return True
        return False

    free = [p for p in parts if not tied(p)]
    if len(free) != 1 or len(parts) < 2:  # two parts not tied: which one is wrong is not said
        return None
    u = free[-1]
    others = tuple(p.row for p in parts if p.row != u.row)
    shape = "rest" if st.shape == "sum" else "rest_at_most"
    return u.row, Stated("parts", st.cue, shape, (total, *others))


def _read_one(doc: Doc, s: Spot) -> Stated | None:
    if s.kind is Kind.POINTS or AFTER["points"].match(doc.after(s)):
        return _points(doc, s)
    if s.percent_like and REAL.search(re.sub(FIG, " ", doc.clause_before(s) + doc.clause_after(s))):
        return _unchecked(
            "growth", "real terms", "a change in real terms needs the prices, not in the text"
        )
    if s.percent_like:
        return (
            _completion(doc, s)
            or _together(doc, s)
            or _share(doc, s)
            or _annual(doc, s)
            or _change(doc, s)
            or _apposition(doc, s)
        )
    if s.kind is Kind.MULTIPLE:
        return _multiple(doc, s)
    if s.amount_like:
        return _average(doc, s) or _rest(doc, s) or _difference(doc, s)
    return None
