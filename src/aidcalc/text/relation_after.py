"""Relations read after the others, because they lean on one the words state: what is still to
be paid (the whole and the part of the rate before), an amount larger in the same breath as a
multiple, points since a rate of a year earlier, one average a percentage below another.

Each reader takes ``out``, the relations read so far (:func:`aidcalc.text.relations.read_relations`
calls them last, for the figures still without a formula)."""

from __future__ import annotations

import re

from aidcalc.core.figures import Kind
from aidcalc.text.cues import AFTER, FIG, MORE_AFTER, PREVIOUS, UNDONE_AFTER, UNDONE_STEMS
from aidcalc.text.relation_figures import Stated, _is_average, _spot, _subject, _unchecked
from aidcalc.text.relation_rates import _direction
from aidcalc.text.sentences import Doc, Spot


def _leftover(doc: Doc, out: dict[int, Stated], s: Spot) -> Stated | None:
    """``尚有⟦k⟧未拨付到位`` · ``That leaves ⟦k⟧ still to be paid``: the whole less the part done,
    the two of the latest rate before it (拨付率, per cent of the … committed) whose part's words
    name the same verb."""
    m = UNDONE_AFTER.match(doc.after(s))
    if not m or not s.amount_like:
        return None
    cue = m.group().strip()
    rates = [
        (doc.by_row[r], st)
        for r, st in out.items()
        if st.family in ("share", "completion")
        and st.shape == "ratio"
        and r in doc.by_row
        and doc.by_row[r].start < s.start
    ]
    if not rates:
        return _unchecked("difference", cue, "the whole and the part done are not in the text")
    rate, st = max(rates, key=lambda x: x[0].start)
    done, whole = (doc.by_row.get(r) for r in st.rows)
    if done is None or whole is None or s.row in st.rows:
        return None
    stems = UNDONE_STEMS.get((m.group("verb") or "").casefold(), (m.group("zh") or "",))
    words = (doc.words(done) + " " + doc.words(rate)).casefold()
    if done.kind is not s.kind or whole.kind is not s.kind or not any(x in words for x in stems):
        return _unchecked("difference", cue, "the part done is not said for sure")
    larger = [
        o
        for o in doc.spots
        if o.start < s.start
        and o.row not in (done.row, whole.row, s.row)
        and o.kind is s.kind
        and o.rep.value > done.rep.value
        and any(x in doc.words(o).casefold() for x in stems)
    ]
    if larger:  # in 2024 alone, of a larger amount paid in all: which is done is not said
        return _unchecked("difference", cue, "two amounts done it could be after")
    return Stated("difference", cue, "diff", (whole.row, done.row))


def _larger(doc: Doc, out: dict[int, Stated], s: Spot) -> Stated | None:
    """``Nunavut's payment is 1.37 times Yukon's and ⟦k⟧ larger``: the difference of the two
    figures of the multiple it is joined to by "and"."""
    m = MORE_AFTER.match(doc.after(s))
    if not m or m.group().strip().casefold() == "added" or s.role != "increment":
        return None
    for r, st in out.items():
        o = doc.by_row.get(r)
        if o is None or st.family != "multiple" or not st.shape or o.sentence != s.sentence:
            continue
        between = doc.masked[s.sentence][o.mend : s.mstart]
        if o.mend <= s.mstart and re.fullmatch(r"[^,.;，。；]{0,30}?\band\s*", between):
            new, base = st.rows
            cue = "times … and … " + m.group().strip()
            return Stated(
                "difference", cue, "diff", (base, new) if m.group("less") else (new, base)
            )
    return _unchecked("difference", m.group().strip(), "what it is compared with is not said")


def _points_since(doc: Doc, out: dict[int, Stated], s: Spot) -> Stated | None:
    """``A year earlier the payment rate was ⟦a⟧, so it rose by ⟦k⟧ percentage points``: the one
    percentage of its sentence before it, named as of the period before, and the one rate the
    words state before that sentence (a share or a completion rate)."""
    if not (s.kind is Kind.POINTS or AFTER["points"].match(doc.after(s))):
        return None
    earlier = [o for o in doc.in_sentence(s.sentence) if o.mstart < s.mstart and o.percent_like]
    if len(earlier) != 1:
        return None
    base = earlier[0]
    if not (base.previous or PREVIOUS.search(re.sub(FIG, " ", doc.before(base)))):
        return None
    rates = [
        doc.by_row[r]
        for r, st in out.items()
        if st.family in ("share", "completion")
        and st.shape == "ratio"
        and r in doc.by_row
        and doc.by_row[r].sentence < s.sentence
        and doc.by_row[r].kind is base.kind
    ]
    d = _direction(doc, s)
    cue = (d[1].group().strip() + " … " if d else "") + "个百分点/percentage points"
    if len({o.rep.text for o in rates}) != 1:
        return _unchecked("points", cue, "needs the later percentage, not said for sure")
    new = rates[0]
    down = d is not None and d[0] == "fall"
    return Stated("points", cue, "diff", (base.row, new.row) if down else (new.row, base.row))


def _than(doc: Doc, out: dict[int, Stated], s: Spot) -> Stated | None:
    """``Florida's per-child amount is 4.1 percent below the national figure``: a decline (or,
    above, a growth) of one average against another per the same unit, the base the one with
    the words' first (national) before it in its sentence, the new the one other; both averages
    the words state (``out``), so that neither becomes a given the search no longer explains."""
    m = AFTER["than"].match(doc.after(s))
    if not m or not s.percent_like:
        return None
    way = "decline" if m.group("less") else "growth"
    cue = re.sub(FIG, "…", m.group()).strip()
    if m.group("base"):
        base = _spot(doc, m.group("base"))
        new = _subject(doc, s, exclude=(base.row,) if base else (), current=True)
        if base is None or new is None or base.kind is not new.kind:
            return None
        return Stated(way, cue, way, (new.row, base.row))
    unit = re.search(r"\bper[-\s]+([a-z]+)", doc.clause_before(s), re.IGNORECASE)
    key = (m.group("words") or "").split()[0].casefold()[:5]
    if unit is None or len(key) < 4:
        return None  # not per a unit: left to the search (31% higher than the average funds)
    per = unit.group(1).casefold()
    averages = [
        o
        for o in doc.spots
        if o.start < s.start
        and o.kind is Kind.AMOUNT
        and _is_average(doc, o)
        and per in doc.text[o.end : o.end + 48].casefold()  # the words as written, figures too
        and o.row in out
        and out[o.row].family == "average"
        and bool(out[o.row].shape)
    ]
    said = [o for o in averages if key in re.sub(FIG, " ", doc.before(o)).casefold()]
    others = [o for o in averages if o not in said]
    if not averages:
        return None
    if len(said) != 1 or len(others) != 1:
        return _unchecked(way, cue, "the two averages compared are not said for sure")
    return Stated(way, cue, way, (others[0].row, said[0].row))
