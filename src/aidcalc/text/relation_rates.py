"""Relations of percentages and multiples: completion rates, shares, growth and decline (from
two levels or a level and its change), CAGR, percentage points, multiples."""

from __future__ import annotations

import re

from aidcalc.core.figures import Kind
from aidcalc.text.cues import AFTER, BEFORE, FIG, OF_WHOLE_FIRST, TOGETHER, TOGETHER_BARE
from aidcalc.text.relation_figures import (
    Stated,
    _bare_change,
    _base,
    _by_initials,
    _cue,
    _fig,
    _from_to,
    _headline,
    _is_average,
    _level_after,
    _named,
    _owner,
    _previous_level,
    _right_after,
    _spot,
    _subject,
    _unchecked,
)
from aidcalc.text.relation_lists import _list_total
from aidcalc.text.sentences import Doc, Spot

# ---------------------------------------------------------------------------------------------
# Percentages


def _completion(doc: Doc, s: Spot) -> Stated | None:
    m = BEFORE["completion"].search(doc.before(s))
    after = AFTER["budget"].match(doc.after(s))
    if not m and not after:
        return None
    cue = _cue(doc, s, m) or (after.group().strip() if after else "")
    budget_row = _fig(m.group("base") or "") if m else None
    budget = doc.by_row.get(budget_row) if budget_row is not None else None
    if budget is None:
        budgets = [o for o in doc.spots if o.role == "budget" and o.amount_like]
        if len(budgets) != 1:
            why = "needs the budget, not in the text" if not budgets else "two budgets"
            return _unchecked("completion", cue, why)
        budget = budgets[0]
    actual = _subject(doc, s, exclude=(budget.row,))
    if actual is None:
        return _unchecked("completion", cue, "no actual figure before the rate")
    return Stated("completion", cue, "ratio", (actual.row, budget.row))


def _share(doc: Doc, s: Spot) -> Stated | None:
    before = doc.before(s)
    zh = BEFORE["share"].search(before)
    share_of = re.search(
        r"share\s+of\s+(?:the\s+)?(" + FIG + r")[^,.;]{0,60}?\b(?:is|was|at|stands\s+at)\s*$",
        before,
        re.IGNORECASE,
    )
    of_whole = AFTER["of_whole"].match(doc.after(s))
    en = BEFORE["share_en"].search(before)
    if share_of:
        of = _spot(doc, share_of.group(1))
        owner = _headline(doc, s, money=of.rep.currency if of else None)
        if of is None or owner is None:
            return _unchecked("share", "share of", "cannot tell whose share it is")
        return Stated("share", _cue(doc, s, share_of), "ratio", (owner.row, of.row))
    if not (zh or of_whole or en):
        return None
    words = ""
    if zh:
        words = zh.group("whole") or ""
    if of_whole:
        words = of_whole.group("whole") + (
            " " + of_whole.group(0) if of_whole.group("base") else ""
        )
    cue = " … ".join(x for x in (_cue(doc, s, zh), _cue(doc, s, en), _cue(doc, s, of_whole)) if x)
    part = (
        _subject(doc, s, exclude=(_fig(words) or -1,), scoped=True)
        or _owner(doc, s)
        or _by_initials(doc, s)
    )
    after = AFTER["part_after"].match(doc.after(s))
    if part is None and after and not doc.clause_before(s).strip(" ,"):
        part = _spot(doc, after.group("part"))  # Two thirds of the money, £416 million, goes …
    if part is None:
        return _unchecked("share", cue, "no part figure before the share")
    whole: Spot | str | None
    if words.strip() or of_whole:
        whole = _named(doc, s, words, part)
    else:
        whole = _list_total(doc, part) or _headline(doc, s, part)
    if whole == "ambiguous":
        return _unchecked("share", cue, f"two figures could be the whole ({words.strip()})")
    if whole is None or isinstance(whole, str) or whole.row == part.row:
        return _unchecked(
            "share", cue, f"the whole ({words.strip() or 'total'}) is not in the text"
        )
    if "increase" in words.casefold() and whole.role != "increment":
        return _unchecked("share", cue, "the increase is not in the text")
    return Stated("share", cue, "ratio", (part.row, whole.row))


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _together(doc: Doc, s: Spot) -> Stated | None:
    """``Together the three account for ⟦k⟧`` (of the whole its words name, or the headline):
    the last three levels named before it (after the headline, none the whole), when they are
    not cut from a list that goes on."""
    m = TOGETHER.search(doc.before(s))
    bare = None if m else TOGETHER_BARE.search(doc.before(s))
    if bare is not None:  # …, together ⟦58%⟧ of the total: the amounts listed in its sentence
        listed = [o for o in doc.in_sentence(s.sentence) if o.mend <= s.mstart]
        n = len([o for o in listed if o.kind is Kind.AMOUNT and o.role == "level"])
        if n < 2:
            return _unchecked("share", bare.group().strip(), "which parts are together")
        m = bare
    if not m:
        return None
    if bare is None:
        n = _NUMBERS.get(m.group("n").casefold()) or int(m.group("n"))
    cue = re.sub(r"\s+", " ", m.group().strip())
    of_whole = AFTER["of_whole"].match(doc.after(s))
    whole: Spot | str | None  # the whole first: the parts are none of it (nor before a headline)
    whole = _named(doc, s, of_whole.group("whole"), None) if of_whole else _headline(doc, s)
    if not isinstance(whole, Spot) or whole.kind is not Kind.AMOUNT:
        return _unchecked("share", cue, "the whole is not in the text")
    if bare is not None and whole.sentence == s.sentence and whole.mstart < s.mstart:
        n -= 1  # Of the £W, A gets X, B Y and C Z, together …: the whole is no part
    levels = [
        o
        for o in doc.spots
        if o.start < s.start
        and o.row != whole.row
        and (of_whole or o.start > whole.start)
        and o.kind is Kind.AMOUNT
        and o.role == "level"
        and not o.previous
        and not o.scope
        and not _is_average(doc, o)
    ]
    if len(levels) < n:
        return _unchecked("share", cue, f"needs the {n} parts, not in the text")
    parts = levels[-n:]
    if len(levels) > n and levels[-n - 1].sentence == parts[0].sentence:
        return _unchecked("share", cue, f"which {n} of the parts named is not said")
    if len({p.rep.currency for p in parts} | {whole.rep.currency}) > 1:
        return _unchecked("share", cue, "the parts are in two currencies")
    return Stated("share", cue, "share_of_sum", (*(p.row for p in parts), whole.row))


def _apposition(doc: Doc, s: Spot) -> Stated | None:
    """``$3,319 million, or 48.6 per cent`` · ``(39.5 per cent)``: a share of the headline, or
    after an increase, the growth it makes."""
    m = BEFORE["apposition"].search(doc.before(s))
    bare = None
    if not m and s.kind is Kind.FRACTION:  # £10.7 billion, more than half: a fraction is a share
        m = bare = re.search(FIG + r"(\s*,\s*)$", doc.before(s))
    if not m:
        return None
    prev = [o for o in doc.in_sentence(s.sentence) if o.mend <= s.mstart]
    if not prev or not prev[-1].amount_like:
        return None
    p = prev[-1]
    first = OF_WHOLE_FIRST.match(doc.masked[s.sentence])
    opened = _spot(doc, first.group("whole")) if first else None
    if opened is not None and opened.row != p.row and p.role == "level":  # Of the ⟦w⟧ …, ⟦p⟧
        if opened.kind is not p.kind:
            return _unchecked("share", "of … ,", "the whole is of another kind")
        return Stated("share", "of … ,", "ratio", (p.row, opened.row))
    if bare:  # the headline would be a guess: the sentence names no whole
        return _unchecked("share", "…, fraction", "the whole it is a share of is not named")
    if p.role in ("increment", "decrement"):
        return _change(doc, s, force="rise" if p.role == "increment" else "fall")
    if p.role != "level":
        return None
    whole = _list_total(doc, p) or _headline(doc, s, p)
    if whole is None:
        return _unchecked("share", _cue(doc, s, m), "the whole is not in the text")
    return Stated("share", _cue(doc, s, m), "ratio", (p.row, whole.row))


def _annual(doc: Doc, s: Spot) -> Stated | None:
    m = BEFORE["annual"].search(doc.before(s)) or AFTER["annual"].match(doc.after(s))
    if not m:
        return None
    cue = _cue(doc, s, m)
    span = re.search(
        r"\b(?:between|from)\s+((?:19|20)\d\d)\S*\s+(?:and|to)\s+((?:19|20)\d\d)",
        doc.masked[s.sentence],
        re.IGNORECASE,
    )
    fromto = _from_to(doc, s)
    if span and fromto:  # Between 2015-16 and 2024-25 … grew from ⟦a⟧ to ⟦b⟧ … a year
        years = int(span.group(2)) - int(span.group(1))
        if years > 0:
            return Stated("cagr", cue, "cagr", (fromto[0].row, fromto[1].row), extra=str(years))
    last = _subject(doc, s) or _headline(doc, s)
    if last is None or last.year is None:
        return _unchecked("cagr", cue, "needs the last level and its year")
    firsts = [
        o
        for o in doc.spots
        if o.amount_like
        and o.year is not None
        and o.year < last.year
        and o.kind is last.kind
        and o.role in ("level", "base")
        and not o.scope
    ]
    in_sentence = [o for o in firsts if o.sentence == s.sentence]
    firsts = in_sentence or firsts
    if len({o.rep.text for o in firsts}) != 1:
        why = "needs the first level and its year" if not firsts else "two first levels"
        return _unchecked("cagr", cue, why)
    first = firsts[0]
    assert first.year is not None
    return Stated("cagr", cue, "cagr", (first.row, last.row), extra=str(last.year - first.year))


def _direction(doc: Doc, s: Spot) -> tuple[str, re.Match[str]] | None:
    before = doc.clause_before(s)
    plain = re.sub(FIG, "", before)
    for name in ("fall", "rise"):
        m = BEFORE[name].search(plain)
        if m:
            return name, m
    return None


def _change(doc: Doc, s: Spot, force: str = "") -> Stated | None:
    """A growth or decline: from an explicit base, a level's change, from … to, or the
    previous period's level."""
    d = _direction(doc, s)
    if d is None and not force:
        return None
    way = force or (d[0] if d else "rise")
    cue = d[1].group().strip() if d else way
    family = "growth" if way == "rise" else "decline"
    minus = s.rep.value < 0
    if minus:
        way, family = "rise", "growth"  # a printed minus: new / old - 1 says it
    base = _base(doc, s)
    if base is not None and base.percent_like:
        new = _subject(doc, s, exclude=(base.row,), amount=False)
    else:
        new = _subject(doc, s, exclude=(base.row,) if base else (), current=True)
        if new is None:
            new = _level_after(doc, s)
        if new is None and base is not None:  # The allocation is up 6.7 percent from ⟦k⟧
            new = _headline(doc, s, money=base.rep.currency)
            if new is not None and (new.row == base.row or new.kind is not base.kind):
                new = None
    # from a level and its change
    pair = [
        o
        for o in doc.in_sentence(s.sentence)
        if o.role in ("increment", "decrement")
        and abs(doc.spots.index(o) - doc.spots.index(s)) == 1
        and (_bare_change(doc, o) or (o.mstart < s.mstart and _level_after(doc, s) is not None))
    ]  # X rises by W, or Z, to L: the change of the level it goes to
    fromto = _from_to(doc, s)
    if base is None and fromto is None and pair and not minus:
        w = pair[0]
        level = _subject(doc, w if w.mstart < s.mstart else s, exclude=(w.row,), current=True)
        if level is None:
            level = _level_after(doc, s)
        if level is None:
            return _unchecked(family, cue, "the level the change is of is not in the text")
        if w.kind is not level.kind:  # rises by 1.5 points, or 10%, to 16.5%
            return _unchecked(family, cue, "the change and the level are in other units")
        shape = "growth_increment" if w.role == "increment" else "decline_increment"
        family = "growth" if w.role == "increment" else "decline"
        return Stated(
            family,
            cue + " … " + re.sub(FIG, "", doc.clause_before(w)).strip()[-6:],
            shape,
            (w.row, level.row),
        )
    if base is None and fromto is not None:
        old, new = fromto
    elif base is not None:
        old = base
    else:
        previous = _previous_level(doc, s, new)
        if isinstance(previous, str):
            return _unchecked(family, cue, previous)
        old = previous
    if new is None:
        return _unchecked(family, cue, "the new level is not in the text")
    if old.kind is not new.kind and not (old.percent_like and new.percent_like):
        return _unchecked(family, cue, "the base is of another kind")
    if old.scope != new.scope:
        return _unchecked(family, cue, f"the base is of another scope ({old.scope or new.scope})")
    if old.percent_like and s.kind is Kind.PERCENT:  # a change of a share printed in percent
        shape = "growth" if way == "rise" else "decline"
        return Stated(
            "points",
            cue,
            shape,
            (new.row, old.row),
            mistake="percent for percentage points",
            mistake_shape="diff" if way == "rise" else "diff_down",
        )
    shape = "growth" if way == "rise" else "decline"
    return Stated(family, cue, shape, (new.row, old.row))


def _points(doc: Doc, s: Spot) -> Stated | None:
    d = _direction(doc, s)
    cue = (d[1].group().strip() + " … " if d else "") + "个百分点/percentage points"
    base = _base(doc, s)
    if base is None:
        a = re.match(
            r"^[^,.;，。；]{0,30}?\bon\s+(?:its|the)\s+(" + FIG + ")", doc.after(s), re.IGNORECASE
        )
        base = _spot(doc, a.group(1)) if a else None
    if base is None or not base.percent_like:
        return _unchecked("points", cue, "needs the earlier percentage, not in the text")
    news = [
        o
        for o in reversed(doc.in_sentence(s.sentence))
        if o.mstart < s.mstart and o.percent_like and o.row != base.row
    ]
    if not news:
        return _unchecked("points", cue, "needs the later percentage, not in the text")
    down = d is not None and d[0] == "fall"
    return Stated(
        "points", cue, "diff", (base.row, news[0].row) if down else (news[0].row, base.row)
    )


# ---------------------------------------------------------------------------------------------
# Multiples and amounts


def _multiple(doc: Doc, s: Spot) -> Stated | None:
    before, after = doc.before(s), doc.after(s)
    m = BEFORE["multiple"].search(before)
    t = AFTER["times"].match(after)
    than = re.search(r"比\s*((?:19|20)\d\d)年?(?:的)?\s*$", re.split(FIG, before)[-1])
    base: Spot | None = None
    new: Spot | None = None
    cue = ""
    if than:  # 2023年投入比2021年翻了一番: the levels of the two years
        cue = "比…年"
        base, new = _of_year(doc, int(than.group(1))), _of_year(doc, _year_before(doc, s))
        if base is None or new is None:
            return _unchecked(
                "multiple", cue, f"needs one figure for {than.group(1)} and one for now"
            )
    elif m:
        cue = _cue(doc, s, m) + "…倍"
        row = _fig(m.group("base") or "")
        if row is not None:
            base = doc.by_row.get(row)
        else:
            years = re.findall(r"(?:19|20)\d\d", m.group("words") or "")
            if years:
                found = [
                    o
                    for o in doc.spots
                    if o.amount_like and o.year == int(years[0]) and o.role in ("level", "base")
                ]
                if len({o.rep.text for o in found}) != 1:
                    return _unchecked(
                        "multiple",
                        cue,
                        f"needs the figure for {years[0]}, not in the text"
                        if not found
                        else f"two figures for {years[0]}",
                    )
                base = found[0]
            elif (m.group("words") or "").strip():  # 是东部地区的6.7倍: a whole named by its words
                named = _named(doc, s, m.group("words"), None)
                if not isinstance(named, Spot):
                    return _unchecked("multiple", cue, "needs the figure it is a multiple of")
                base = named
    elif t and t.group("base") and not re.search(r"\b(?:and|or)\b", t.group("lead") or ""):
        cue = "times " + re.sub(FIG, "…", t.group()).strip()
        base = _spot(doc, t.group("base"))
    elif t and (
        key := re.match(r"\s*(?:the\s+)?([A-Z][\w-]*)", t.group("words") or t.group("lead") or "")
    ):
        cue = "times " + key.group().strip()
        named = _right_after(doc, s, key.group(1))
        if not isinstance(named, Spot):
            return _unchecked("multiple", cue, "needs the figure it is a multiple of")
        base = named
    else:
        base = _base(doc, s)
        cue = "与…相比…倍" if base else ""
    if base is None:
        if cue:
            return _unchecked("multiple", cue, "needs the figure it is a multiple of")
        return None
    lead = re.match(
        r"\s*([\u4e00-\u9fff]{2,8}?)(?:获得|得到|安排|投入|的|是|为)",
        re.split(FIG, doc.clause_before(s))[0],
    )
    if new is None and lead and not _levels_before(doc, s):  # 中西部地区获得的资金是…的6.7倍
        subject = _named(doc, s, lead.group(1), base)
        if not isinstance(subject, Spot):
            return _unchecked("multiple", cue, f"needs the figure of {lead.group(1)}")
        new = subject
    new = new or _owner(doc, s) or _subject(doc, s, exclude=(base.row,)) or _headline(doc, s, base)
    if new is None or new.row == base.row:
        return _unchecked("multiple", cue, "the figure that is the multiple is not in the text")
    return Stated("multiple", cue, "ratio", (new.row, base.row))


def _of_year(doc: Doc, year: int | None) -> Spot | None:
    """The one level of that year, if the text has exactly one: those whose year is written by
    them first (2021年投入⟦k⟧, not the 2021年以来 of a sentence's cumulative total)."""
    found = [o for o in doc.spots if o.kind is Kind.AMOUNT and o.year == year and o.role == "level"]
    found = [o for o in found if o.year_written] or found
    return found[0] if year is not None and len({o.rep.text for o in found}) == 1 else None


def _year_before(doc: Doc, s: Spot) -> int | None:
    """The year written last in the figure's clause before it (2023年投入比…)."""
    years = re.findall(r"((?:19|20)\d\d)年", re.sub(FIG, " ", doc.clause_before(s)))
    return int(years[0]) if years else None


def _levels_before(doc: Doc, s: Spot) -> bool:
    """Whether the figure's clause has a level before it."""
    return any(
        o.mstart < s.mstart and o.role == "level"
        for o in doc.in_sentence(s.sentence)
        if o.mstart >= doc.before(s).rfind(doc.clause_before(s))
    )
