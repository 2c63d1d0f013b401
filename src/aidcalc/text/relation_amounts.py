"""Relations of amounts: averages per unit counted in the text, differences between stated
levels, the rest of a total (lists of parts are in :mod:`aidcalc.text.relation_lists`)."""

from __future__ import annotations

import re

from aidcalc.core.figures import Kind
from aidcalc.text.cues import (
    AFTER,
    BACK_PERIOD,
    BEFORE,
    FIG,
    LIST_PARTIAL,
    REST,
    UNITS,
)
from aidcalc.text.relation_figures import (
    Stated,
    _base,
    _counts,
    _cue,
    _from_to,
    _headline,
    _is_average,
    _levels,
    _named,
    _owner,
    _subject,
    _unchecked,
)
from aidcalc.text.sentences import Doc, Spot


def _average(doc: Doc, s: Spot) -> Stated | None:
    before, after = doc.before(s), doc.after(s)
    m = BEFORE["average"].search(before)
    per = AFTER["per"].match(after)
    each = AFTER["each"].match(after)
    if not (m or per or each):
        return None
    unit = ""
    each = re.search(
        r"\beach\s+(?:of\s+(?:the\s+|its\s+)?)?((?:[a-z]+\s+){0,2}[a-z]+)",
        before[-60:],
        re.IGNORECASE,
    )
    if m and (m.group("unit") or m.group("unit2")):
        unit = m.group("unit") or m.group("unit2")
    elif per or each:
        words = (per.group("unit") if per else each.group(1) if each else "").casefold().split()
        known = [w.rstrip("s") if w.rstrip("s") in UNITS else w for w in words]
        unit = next((w for w in known if w in UNITS), "")
        if not unit and per:
            return None
    cue = _cue(doc, s, m) or (per.group().strip() if per else "each")
    counts = _counts(doc, s, unit)
    if isinstance(counts, str):
        return _unchecked("average", cue, counts)
    total = _owner(doc, s)
    if total is None and counts.sentence != s.sentence:
        # the grant contributes £1.38 billion, so each county receives £66 million: the count
        # was stated before, the amount in the average's own sentence
        total = _sentence_amount(doc, s)
    named = total is not None
    if total is None:
        total = next(
            (
                o
                for o in _levels(doc, s, current=True, scoped=True)
                if o.kind is Kind.AMOUNT and o.row != counts.row and not _is_average(doc, o)
            ),
            None,
        )
    if total is None:  # before the ； of its sentence: the amount the count received
        total = next(
            (
                o
                for o in doc.in_sentence(s.sentence)[::-1]
                if o.mstart < s.mstart
                and o.kind is Kind.AMOUNT
                and o.role == "level"
                and o.start > counts.start
                and not _is_average(doc, o)
            ),
            None,
        )
    if total is None:
        total = _headline(doc, s)
    own = None if named else _counted_amount(doc, s, counts)
    if own is not None and (total is None or not _in_clause_of(doc, counts, total)):
        total = own  # the 30 districts have £0.9 billion … each district: not another's amount
    if total is None:
        return _unchecked("average", cue, "the total is not in the text")
    return Stated("average", cue, "ratio", (total.row, counts.row))


def _sentence_amount(doc: Doc, s: Spot) -> Spot | None:
    """The one amount stated earlier in the average's own sentence, if just one."""
    amounts = [
        o
        for o in doc.in_sentence(s.sentence)
        if o.mend <= s.mstart
        and o.kind is Kind.AMOUNT
        and o.role == "level"
        and not o.previous
        and not _is_average(doc, o)
    ]
    return amounts[0] if len(amounts) == 1 else None


def _in_clause_of(doc: Doc, counts: Spot, o: Spot) -> bool:
    """Whether the amount stands after the count in the count's own clause."""
    end = counts.mend + len(doc.clause_after(counts))
    return o.sentence == counts.sentence and counts.mend <= o.mstart <= end


def _counted_amount(doc: Doc, s: Spot, counts: Spot) -> Spot | None:
    """The amount the count's own clause gives it (the 30 districts have £0.9 billion), the
    average's own sentence left out."""
    return next(
        (
            o
            for o in doc.in_sentence(counts.sentence)
            if o.kind is Kind.AMOUNT
            and o.row != s.row
            and not o.previous
            and (o.sentence != s.sentence or o.mstart < s.mstart)
            and _in_clause_of(doc, counts, o)
            and not _is_average(doc, o)
        ),
        None,
    )


def _difference(doc: Doc, s: Spot) -> Stated | None:
    """An increase between two stated levels: ``from ⟦a⟧ to ⟦b⟧ … an increase of ⟦w⟧`` is
    b - a; ``比⟦a⟧高出⟦w⟧`` is the subject less a."""
    if s.role not in ("increment", "decrement"):
        return None
    cue = re.sub(FIG, "…", doc.clause_before(s)).strip()[-24:]
    fromto = _from_to(doc, s)
    if fromto is None:
        base = _base(doc, s)
        subject = _subject(doc, s, exclude=(base.row,), current=True) if base else None
        if base is None or subject is None:
            if BACK_PERIOD.search(doc.clause_after(s)):
                return _unchecked("difference", cue, "the levels of the period are not said")
            return None
        last = max(base.mend, subject.mend)
        if (
            base.sentence == s.sentence
            and last <= s.mstart
            and re.search(
                r"\b(?:while|whereas|but|and)\b|[;；]",
                doc.masked[s.sentence][last : s.mstart],
                re.I,
            )
        ):  # A falls to a from b, while B falls by ⟦c⟧: another change's levels
            return _unchecked("difference", cue, "the levels said are another change's")
        fromto = base, subject
    old, new = fromto
    if old.kind is not new.kind or old.kind is not s.kind:
        return None
    rows = (new.row, old.row) if s.role == "increment" else (old.row, new.row)
    return Stated("difference", cue, "diff", rows)


def _rest(doc: Doc, s: Spot) -> Stated | None:
    """``The other $29.8 million`` · ``the remaining $820 million``: the total less the parts
    named before it."""
    m = REST.search(re.sub(FIG, "", doc.clause_before(s)))
    if not m or s.role != "level":
        return None
    of = re.search(r"\bof\s+(the\s+\w+)", doc.before(s))
    named = _named(doc, s, of.group(1), s) if of else None
    total = named if isinstance(named, type(s)) else _headline(doc, s, s)
    if total is None or isinstance(named, str):
        return _unchecked("parts", m.group(), "the total is not in the text")
    earlier = [
        o
        for o in doc.spots
        if total.start < o.start < s.start
        or (o.start < s.start and o.sentence >= s.sentence - 1 and o.row != total.row)
    ]
    parts = [
        o
        for o in earlier
        if o.role in ("level", "whole")
        and o.kind is s.kind
        and not _is_average(doc, o)
        and o.rep.value < total.rep.value
        and not LIST_PARTIAL.search(doc.clause_before(o))
    ]
    if any(o.sentence == s.sentence for o in parts):  # A for X, B for Y and the remaining C
        parts = [o for o in parts if o.sentence == s.sentence]  # (not what was added before)
    if len({o.sentence for o in parts if o.sentence != s.sentence}) > 1:  # which are the others
        return _unchecked("parts", m.group(), "the other parts are named in two places")
    if not parts:
        return _unchecked("parts", m.group(), "the other parts are not in the text")
    return Stated("parts", m.group().strip(), "rest", (total.row, *(p.row for p in parts)))
