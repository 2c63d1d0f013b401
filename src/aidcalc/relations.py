"""The relations a report's words state: for each figure, what the sentence says it is.

A share of a named whole (占…的, of the total, accounts for), the parts of a total (其中,
including, made up of), a growth or decline between two levels or from a level and its change
(同比增长Z%，增收W: Z = W / (L − W)), an average per unit counted in the text (县均, per pupil),
a multiple (是…的N倍, N times), a difference in points (个百分点), a completion rate (完成预算的),
a CAGR (年均增长). The formula is written whether or not the figures fit it: ``check`` decides.

When the words name a relation but its other figure cannot be found for sure (none, or two
candidates of one kind and period, or one of another period or scope), the figure is
**unchecked** with that reason, never given a guessed formula: a misread sentence must not raise
a false alarm. Cue words are in :mod:`aidcalc.cues`, formula shapes in :mod:`aidcalc.shapes`.

=========================  ================================================================
``Stated``                 a figure's relation: family, cue words, shape and rows, or why not
``read_relations(doc)``    row → ``Stated`` for every figure whose words state a relation
=========================  ================================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from aidcalc.cues import AFTER, BEFORE, FIG, LIST_COMPLETE, LIST_PARTIAL, REAL, REST, THAT_IS, UNITS
from aidcalc.figures import Kind
from aidcalc.text_figures import Doc, Spot
from aidcalc.wording import Qualifier

__all__ = ["Stated", "read_relations"]


@dataclass(frozen=True)
class Stated:
    """What the words say a figure is: ``shape`` over ``rows`` (in the order the shape takes
    them), with ``cue`` the words that say so; or, with no shape, ``why`` it stays unchecked."""

    family: str
    cue: str
    shape: str = ""
    rows: tuple[int, ...] = ()
    extra: str = ""  # a shape's constant: CAGR's years, the total as printed
    why: str = ""
    mistake: str = ""  # a mistake the wording itself shows (percent for percentage points)
    mistake_shape: str = ""


def _unchecked(family: str, cue: str, why: str) -> Stated:
    return Stated(family, cue, why=why)


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
    return out


def _one_clause(doc: Doc, row: int, st: Stated) -> bool:
    clause = doc.by_row[row].clause
    return all(doc.by_row[r].clause == clause for r in st.rows if r in doc.by_row)


def _blamed_part(doc: Doc, out: dict[int, Stated], total: int, st: Stated) -> tuple[int, Stated] | None:
    """When a list's parts do not fit its total, but the total and a part are tied by a share the
    words state (``税收收入6958万元，占74.4%``) and that share fits, the misfit is the other parts':
    the relation goes on the last part not so tied (``non_tax = revenue - tax``)."""
    if st.shape not in ("sum", "at_least"):
        return None
    t = doc.by_row[total]
    parts = [doc.by_row[r] for r in st.rows[1:]]
    if any(p.rep.lo is None or p.rep.hi is None for p in parts) or t.rep.lo is None or t.rep.hi is None:
        return None
    lo = sum((p.rep.lo for p in parts if p.rep.lo is not None), Fraction(0))
    hi = sum((p.rep.hi for p in parts if p.rep.hi is not None), Fraction(0))
    fits = lo <= t.rep.hi and (st.shape == "at_least" or hi >= t.rep.lo)
    if fits:
        return None

    def tied(p: Spot) -> bool:
        for row, other in out.items():
            if other.family == "share" and other.rows == (p.row, total):
                share = doc.by_row[row].rep
                if share.lo is None or share.hi is None or t.rep.lo <= 0:
                    continue
                if p.rep.lo / t.rep.hi <= share.hi and p.rep.hi / t.rep.lo >= share.lo:
                    return True
        return False

    free = [p for p in parts if not tied(p)]
    if not free or len(free) == len(parts):
        return None
    u = free[-1]
    others = tuple(p.row for p in parts if p.row != u.row)
    shape = "rest" if st.shape == "sum" else "rest_at_most"
    return u.row, Stated("parts", st.cue, shape, (total, *others))


def _read_one(doc: Doc, s: Spot) -> Stated | None:
    if s.kind is Kind.POINTS or AFTER["points"].match(doc.after(s)):
        return _points(doc, s)
    if s.percent_like and REAL.search(re.sub(FIG, " ", doc.clause_before(s) + doc.clause_after(s))):
        return _unchecked("growth", "real terms", "a change in real terms needs the prices, not in the text")
    if s.percent_like:
        return (
            _completion(doc, s) or _share(doc, s) or _annual(doc, s) or _change(doc, s)
            or _apposition(doc, s)
        )  # fmt: skip
    if s.kind is Kind.MULTIPLE:
        return _multiple(doc, s)
    if s.amount_like:
        return _average(doc, s) or _rest(doc, s) or _difference(doc, s)
    return None


# ---------------------------------------------------------------------------------------------
# Finding the other figures


def _levels(doc: Doc, s: Spot, *, amount: bool = True, current: bool = False) -> list[Spot]:
    """Levels of the figure's part of its sentence (after the last ；) before it, nearest first;
    with ``current``, none named as of the previous period."""
    start = _segment_start(doc, s)
    return [
        o for o in reversed(doc.in_sentence(s.sentence))
        if start <= o.mstart < s.mstart and o.role == "level" and not o.scope
        and (o.amount_like if amount else o.percent_like) and not (current and o.previous)
        and o.rep.lo is not None and o.rep.hi is not None
    ]  # fmt: skip


def _segment_start(doc: Doc, s: Spot) -> int:
    before = doc.before(s)
    return max(before.rfind("；"), before.rfind(";")) + 1


def _subject(doc: Doc, s: Spot, exclude: tuple[int, ...] = (), *, amount: bool = True,
             current: bool = False) -> Spot | None:
    """The figure the clause is about: a named one (税收收入占…) or the nearest level before."""
    clause = doc.clause_before(s)
    name = re.match(r"\s*(?:其中，?)?([\u4e00-\u9fff]{2,12}?)(?:占|的比重)", clause)
    levels = [o for o in _levels(doc, s, amount=amount, current=current) if o.row not in exclude]
    if name and amount:
        named = [o for o in _all_levels(doc, s) if o.row not in exclude and name.group(1) in doc.words(o)]
        if named:
            return named[-1]
    if levels:
        return levels[0]
    start = _segment_start(doc, s)
    if start > 0 and THAT_IS.match(doc.before(s)[start:]):  # …; that is a change of
        earlier = [o for o in doc.in_sentence(s.sentence) if o.mstart < start and o.role == "level"
                   and o.amount_like and o.row not in exclude]  # fmt: skip
        return earlier[-1] if earlier else None
    return None  # "That is …" reaches the sentence before only through its from … to


def _all_levels(doc: Doc, s: Spot) -> list[Spot]:
    return [o for o in doc.spots if o.start < s.start and o.role == "level" and o.amount_like
            and not o.scope]  # fmt: skip


def _headline(doc: Doc, s: Spot, above: Spot | None = None, money: str | None = None) -> Spot | None:
    """The paragraph's headline before the figure: the level of its latest year (the first
    such), larger than ``above``."""
    levels = [o for o in doc.spots if o.start < s.start and o.role in ("level", "whole") and o.amount_like
              and not o.scope and not o.previous and o.rep.qualifier is not Qualifier.MORE_THAN
              and not _is_average(doc, o)]
    if above is not None:
        levels = [o for o in levels if o.row != above.row and o.rep.value > above.rep.value
                  and o.kind is above.kind]  # fmt: skip
    else:
        levels = [o for o in levels if o.kind is Kind.AMOUNT]
    money = money or (above or s).rep.currency
    if money:  # a headline in another currency is another report's
        levels = [o for o in levels if o.rep.currency in (None, money)]
    if not levels:
        return None
    latest = max((o.year or 0) for o in levels)
    return next(o for o in levels if (o.year or 0) == latest)


def _fig(text: str) -> int | None:
    m = re.search(FIG, text)
    return int(m.group(1)) if m else None


def _spot(doc: Doc, text: str | None) -> Spot | None:
    """The figure a masked piece of text holds (its first)."""
    row = _fig(text or "")
    return doc.by_row.get(row) if row is not None else None


def _named(doc: Doc, s: Spot, words: str, part: Spot | None) -> Spot | None | str:
    """The figure a phrase names (``一般公共预算收入``, ``the state's allocation``): the one
    figure whose clause has its head words; ``"ambiguous"`` for two of one period."""
    row = _fig(words)
    if row is not None:
        return doc.by_row.get(row)
    plain = re.sub(FIG, " ", words).strip()
    plain = re.sub(r"^(?:the|its|this|that|their|all|全县|全省|全市|全区|全国|本级)\s*", "", plain,
                   flags=re.IGNORECASE)  # fmt: skip
    plain = re.sub(r"^(?:state's|province's|country's|national|nation's)\s+", "", plain,
                   flags=re.IGNORECASE)  # fmt: skip
    proper = re.match(r"([A-Z][\w-]+)(?:'s)?\b", plain)
    if proper and not re.fullmatch(r"[A-Z][A-Z]+", proper.group(1)):
        return _right_after(doc, s, proper.group(1), part)
    if not plain or re.fullmatch(r"(?i)total|总额|总量|合计", plain):
        return _headline(doc, s, part)
    key = plain if re.search(r"[\u4e00-\u9fff]", plain) else plain.split()[-1].rstrip("s").casefold()
    if key in ("increase", "rise", "uplift", "growth", "increment"):
        roles: tuple[str, ...] = ("increment",)
    else:
        roles = ("level", "whole")
    def names(o: Spot) -> bool:
        words = doc.words(o).casefold()
        if key in words or roles == ("increment",):
            return True
        return len(key) >= 3 and not key.isascii() and _in_order(key, words)

    found = [
        o for o in doc.spots
        if o.row != s.row and (part is None or o.row != part.row) and o.amount_like
        and o.role in roles and not o.previous and names(o)
    ]  # fmt: skip
    if part is not None:
        found = [o for o in found if o.kind is part.kind]
    values = {o.rep.text for o in found}
    if len(values) > 1:
        return "ambiguous"
    return found[0] if found else None


def _in_order(key: str, words: str) -> bool:
    """Whether the characters of a Chinese name appear in the words in order (抽查资金 in
    抽查了12个县的涉农资金): a name a report shortens."""
    at = 0
    for c in key:
        at = words.find(c, at) + 1
        if not at:
            return False
    return True


def _right_after(doc: Doc, s: Spot, name: str, part: Spot | None = None) -> Spot | None | str:
    """The amount written right after a name (``Texas receives ⟦k⟧``, ``and Yukon ⟦k⟧``):
    ``"ambiguous"`` for two of other values."""
    found = [
        o for o in doc.spots
        if o.kind is Kind.AMOUNT and o.row != s.row and (part is None or o.row != part.row)
        and o.role in ("level", "whole") and name in re.split(FIG, doc.before(o))[-1]
    ]  # fmt: skip
    if len({o.rep.text for o in found}) > 1:
        return "ambiguous"
    return found[0] if found else None


def _cue(doc: Doc, s: Spot, m: re.Match[str] | None, after: bool = False) -> str:
    if m is None:
        return ""
    return re.sub(FIG, "…", m.group()).strip(" ，,")


# ---------------------------------------------------------------------------------------------
# Percentages


def _completion(doc: Doc, s: Spot) -> Stated | None:
    m = BEFORE["completion"].search(doc.before(s))
    after = AFTER["budget"].match(doc.after(s))
    if not m and not after:
        return None
    cue = _cue(doc, s, m) or after.group().strip() if (m or after) else ""
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
    share_of = re.search(r"share\s+of\s+(?:the\s+)?(" + FIG + r")[^,.;]{0,60}?\b(?:is|was|at|stands\s+at)\s*$",
                         before, re.IGNORECASE)  # fmt: skip
    of_whole = AFTER["of_whole"].match(doc.after(s))
    en = BEFORE["share_en"].search(before)
    if share_of:
        whole = _spot(doc, share_of.group(1))
        part = _headline(doc, s, money=whole.rep.currency if whole else None)
        if whole is None or part is None:
            return _unchecked("share", "share of", "cannot tell whose share it is")
        return Stated("share", _cue(doc, s, share_of), "ratio", (part.row, whole.row))
    if not (zh or of_whole or en):
        return None
    words = ""
    if zh:
        words = zh.group("whole") or ""
    if of_whole:
        words = of_whole.group("whole") + (" " + of_whole.group(0) if of_whole.group("base") else "")
    cue = " … ".join(x for x in (_cue(doc, s, zh), _cue(doc, s, en), _cue(doc, s, of_whole)) if x)
    part = _subject(doc, s, exclude=(_fig(words) or -1,)) or _owner(doc, s)
    if part is None:
        return _unchecked("share", cue, "no part figure before the share")
    if words.strip() or of_whole:
        whole = _named(doc, s, words, part)
    else:
        whole = _list_total(doc, part) or _headline(doc, s, part)
    if whole == "ambiguous":
        return _unchecked("share", cue, f"two figures could be the whole ({words.strip()})")
    if whole is None or isinstance(whole, str) or whole.row == part.row:
        return _unchecked("share", cue, f"the whole ({words.strip() or 'total'}) is not in the text")
    if "increase" in words.casefold() and whole.role != "increment":
        return _unchecked("share", cue, "the increase is not in the text")
    return Stated("share", cue, "ratio", (part.row, whole.row))


def _apposition(doc: Doc, s: Spot) -> Stated | None:
    """``$3,319 million, or 48.6 per cent`` · ``(39.5 per cent)``: a share of the headline, or
    after an increase, the growth it makes."""
    m = BEFORE["apposition"].search(doc.before(s))
    if not m:
        return None
    prev = [o for o in doc.in_sentence(s.sentence) if o.mend <= s.mstart]
    if not prev or not prev[-1].amount_like:
        return None
    p = prev[-1]
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
    last = _subject(doc, s) or _headline(doc, s)
    if last is None or last.year is None:
        return _unchecked("cagr", cue, "needs the last level and its year")
    firsts = [o for o in doc.spots if o.amount_like and o.year is not None and o.year < last.year
              and o.kind is last.kind and o.role in ("level", "base") and not o.scope]
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
            new = _headline(doc, s, base)
    # from a level and its change
    pair = [o for o in doc.in_sentence(s.sentence)
            if o.role in ("increment", "decrement") and abs(doc.spots.index(o) - doc.spots.index(s)) == 1
            and _bare_change(doc, o)]
    fromto = _from_to(doc, s)
    if base is None and fromto is None and pair and not minus:
        w = pair[0]
        level = _subject(doc, w if w.mstart < s.mstart else s, exclude=(w.row,), current=True)
        if level is None:
            level = _level_after(doc, s)
        if level is None:
            return _unchecked(family, cue, "the level the change is of is not in the text")
        shape = "growth_increment" if w.role == "increment" else "decline_increment"
        family = "growth" if w.role == "increment" else "decline"
        return Stated(family, cue + " … " + re.sub(FIG, "", doc.clause_before(w)).strip()[-6:],
                      shape, (w.row, level.row))  # fmt: skip
    if base is None and fromto is not None:
        old, new = fromto
    elif base is not None:
        old = base
    else:
        old = _previous_level(doc, s, new)
        if isinstance(old, str):
            return _unchecked(family, cue, old)
    if new is None:
        return _unchecked(family, cue, "the new level is not in the text")
    if old.kind is not new.kind and not (old.percent_like and new.percent_like):
        return _unchecked(family, cue, "the base is of another kind")
    if old.scope != new.scope:
        return _unchecked(family, cue, f"the base is of another scope ({old.scope or new.scope})")
    if old.percent_like and s.kind is Kind.PERCENT:  # a change of a share printed in percent
        shape = "growth" if way == "rise" else "decline"
        return Stated("points", cue, shape, (new.row, old.row), mistake="percent for percentage points",
                      mistake_shape="diff" if way == "rise" else "diff_down")  # fmt: skip
    shape = "growth" if way == "rise" else "decline"
    return Stated(family, cue, shape, (new.row, old.row))


_CHANGE_WORDS = re.compile(
    r"比上年同期|较上年同期|比上年|较上年|比去年|同比|that\s+is|this\s+is|which\s+is|or|and|an?"
    r"|up|down|by|of|increase|decrease|rise|fall|uplift|cut|增收|减收|多收|少收|增加|减少|增长|下降",
    re.IGNORECASE,
)


def _bare_change(doc: Doc, w: Spot) -> bool:
    """Whether a change (增收W, an increase of W) is the change of the clause's own subject: its
    clause says nothing but the change (not 主要是…收入减少W, a part's change)."""
    words = _CHANGE_WORDS.sub("", re.sub(FIG, "", doc.clause_before(w)))
    return not re.search(r"[\w\u4e00-\u9fff]", words)


def _base(doc: Doc, s: Spot) -> Spot | None:
    """An explicit base: 比…⟦k⟧…增长 before the figure, ``from ⟦k⟧``/``on the ⟦k⟧`` after it, or
    与⟦k⟧相比 earlier in the sentence."""
    m = BEFORE["base"].search(doc.before(s))
    if m:
        return _spot(doc, m.group("base"))
    a = AFTER["base_en"].match(doc.after(s))
    if a and a.group("base") and not re.search(r"[,;]", a.group("words") or ""):
        return _spot(doc, a.group("base"))
    segment = doc.before(s)[_segment_start(doc, s) :]
    m2 = re.search(r"与[^，,。；;]{0,20}?(" + FIG + r")[^，,。；;]{0,6}?相比", segment)
    if m2:
        return _spot(doc, m2.group(1))
    m3 = re.search(r"(?:比|较)[^比较，,。；;]{0,20}?(" + FIG + r")的?(?:水平)?(?:高出|低于|高|低|多|少)",
                   segment)  # fmt: skip
    if m3:
        return _spot(doc, m3.group(1))
    return None


def _level_after(doc: Doc, s: Spot) -> Spot | None:
    """The level a change goes to, written after it: ``rises by $940 million, or 3.9 per cent,
    to $24.9 billion``."""
    m = re.match(r"^[^.;。；]{0,40}?\bto\s+(" + FIG + ")", doc.after(s), re.IGNORECASE)
    return _spot(doc, m.group(1)) if m else None


def _from_to(doc: Doc, s: Spot) -> tuple[Spot, Spot] | None:
    """``from ⟦a⟧ … to ⟦b⟧`` in the sentence, or in the one before when this one refers to it."""
    sentences = [s.sentence]
    if THAT_IS.match(doc.masked[s.sentence]) and s.sentence > 0:
        sentences.append(s.sentence - 1)
    for n in sentences:
        m = re.search(r"\bfrom\s+(" + FIG + r")[^.;]{0,40}?\bto\s+(" + FIG + ")", doc.masked[n],
                      re.IGNORECASE)  # fmt: skip
        if m and (n != s.sentence or m.end() <= s.mstart):
            a, b = _spot(doc, m.group(1)), _spot(doc, m.group(3))
            if a is not None and b is not None:
                return a, b
    return None


def _previous_level(doc: Doc, s: Spot, new: Spot | None) -> Spot | str:
    """The base of 比上年 / from the previous year: the one level of the year before."""
    text = doc.clause_before(s) + doc.clause_after(s)
    if new is None or new.year is None:
        return "needs the level it is compared with, not in the text"
    if not re.search(r"上年|去年|同比|previous|a\s+year\s+(?:earlier|ago)|last\s+year", text + doc.after(s)[:60],
                     re.IGNORECASE):  # fmt: skip
        return "needs the level it is compared with, not in the text"
    year = new.year - 1
    found = [o for o in doc.spots if o.amount_like and o.year == year and o.kind is new.kind
             and o.role in ("level", "base") and o.row != new.row]
    if any(o.scope != new.scope for o in found):
        found = [o for o in found if o.scope == new.scope]
    if not found:
        return f"needs the figure for {year}, not in the text"
    if len({o.rep.text for o in found}) > 1:
        return f"two figures for {year}"
    return found[0]


def _points(doc: Doc, s: Spot) -> Stated | None:
    d = _direction(doc, s)
    cue = (d[1].group().strip() + " … " if d else "") + "个百分点/percentage points"
    base = _base(doc, s)
    if base is None:
        a = re.match(r"^[^,.;，。；]{0,30}?\bon\s+(?:its|the)\s+(" + FIG + ")", doc.after(s), re.IGNORECASE)
        base = _spot(doc, a.group(1)) if a else None
    if base is None or not base.percent_like:
        return _unchecked("points", cue, "needs the earlier percentage, not in the text")
    news = [o for o in reversed(doc.in_sentence(s.sentence))
            if o.mstart < s.mstart and o.percent_like and o.row != base.row]
    if not news:
        return _unchecked("points", cue, "needs the later percentage, not in the text")
    down = d is not None and d[0] == "fall"
    return Stated("points", cue, "diff", (base.row, news[0].row) if down else (news[0].row, base.row))


# ---------------------------------------------------------------------------------------------
# Multiples and amounts


def _multiple(doc: Doc, s: Spot) -> Stated | None:
    before, after = doc.before(s), doc.after(s)
    m = BEFORE["multiple"].search(before)
    t = AFTER["times"].match(after)
    base: Spot | None = None
    cue = ""
    if m:
        cue = _cue(doc, s, m) + "…倍"
        row = _fig(m.group("base") or "")
        if row is not None:
            base = doc.by_row.get(row)
        else:
            years = re.findall(r"(?:19|20)\d\d", m.group("words") or "")
            if years:
                found = [o for o in doc.spots if o.amount_like and o.year == int(years[0])
                         and o.role in ("level", "base")]
                if len({o.rep.text for o in found}) != 1:
                    return _unchecked("multiple", cue, f"needs the figure for {years[0]}, not in the text"
                                      if not found else f"two figures for {years[0]}")
                base = found[0]
    elif t and t.group("base") and not re.search(r"\b(?:and|or)\b", t.group("lead") or ""):
        cue = "times " + re.sub(FIG, "…", t.group()).strip()
        base = _spot(doc, t.group("base"))
    elif t and (key := re.match(r"\s*(?:the\s+)?([A-Z][\w-]*)", t.group("words") or "")):
        cue = "times " + t.group("words").strip()
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
    new = _owner(doc, s) or _subject(doc, s, exclude=(base.row,)) or _headline(doc, s, base)
    if new is None or new.row == base.row:
        return _unchecked("multiple", cue, "the figure that is the multiple is not in the text")
    return Stated("multiple", cue, "ratio", (new.row, base.row))


def _average(doc: Doc, s: Spot) -> Stated | None:
    before, after = doc.before(s), doc.after(s)
    m = BEFORE["average"].search(re.sub(FIG + r"[^，,。；;]{0,14}?(?=[县户人生校村乡镇省市区]均)", "", before)
                                 if False else before)  # fmt: skip
    per = AFTER["per"].match(after)
    each = AFTER["each"].match(after)
    if not (m or per or each):
        return None
    unit = ""
    each = re.search(r"\beach\s+(?:of\s+(?:the\s+|its\s+)?)?((?:[a-z]+\s+){0,2}[a-z]+)", before[-60:],
                     re.IGNORECASE)  # fmt: skip
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
    if total is None:
        total = next((o for o in _levels(doc, s, current=True) if o.kind is Kind.AMOUNT
                      and o.row != counts.row and not _is_average(doc, o)), None)  # fmt: skip
    if total is None:
        total = _headline(doc, s)
    if total is None:
        return _unchecked("average", cue, "the total is not in the text")
    return Stated("average", cue, "ratio", (total.row, counts.row))


def _owner(doc: Doc, s: Spot) -> Spot | None:
    """The amount a sentence is about when it names it: ``the increase averages`` (the one
    increase), ``Cleveland's $19.8 million … per person`` (the figure whose clause names
    Cleveland)."""
    sentence = doc.masked[s.sentence]
    if re.search(r"\bthe\s+(?:increase|rise|uplift)\b", doc.before(s), re.IGNORECASE):
        ups = [o for o in doc.spots if o.role == "increment" and o.kind is Kind.AMOUNT]
        return ups[0] if len(ups) == 1 else None
    m = re.match(r"\s*([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)'s\b", sentence) or re.search(
        r"(?:^|\band\s+|,\s*)([A-Z][\w-]+)'s\b", doc.clause_before(s)
    )
    if not m:
        return None
    named = _right_after(doc, s, m.group(1))
    return named if isinstance(named, Spot) else None


def _counts(doc: Doc, s: Spot, unit: str) -> Spot | str:
    """The count an average divides by: of its unit, this period's, in its sentence first."""
    words = UNITS.get(unit, ())
    counts = [o for o in doc.spots if o.kind is Kind.COUNT and o.row != s.row and not o.previous
              and o.rep.lo is not None and o.rep.lo > 0]
    if words:
        def counted(o: Spot) -> bool:
            follow = re.sub(FIG, " ", doc.after(o)[:24]).casefold()
            lead = re.sub(FIG, " ", doc.clause_before(o))[-10:]
            return any(w in re.findall(r"[a-z]+", follow) or (not w.isascii() and (w in follow[:14] or w in lead))
                       for w in words)  # fmt: skip

        counts = [o for o in counts if counted(o)]
    near = [o for o in counts if o.sentence == s.sentence and o.start < s.start]
    if near:
        return near[-1]
    if not words:
        return "needs the count it is an average over"
    if len({o.rep.text for o in counts}) == 1:
        return counts[0]
    return "needs the count it is an average over" if not counts else "two counts it could be over"


def _difference(doc: Doc, s: Spot) -> Stated | None:
    """An increase between two stated levels: ``from ⟦a⟧ to ⟦b⟧ … an increase of ⟦w⟧`` is
    b - a; ``比⟦a⟧高出⟦w⟧`` is the subject less a."""
    if s.role not in ("increment", "decrement"):
        return None
    cue = re.sub(FIG, "…", doc.clause_before(s)).strip()[-24:]
    fromto = _from_to(doc, s)
    if fromto is not None:
        old, new = fromto
    else:
        old = _base(doc, s)
        if old is None:
            return None
        new = _subject(doc, s, exclude=(old.row,), current=True)
        if new is None:
            return None
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
    parts = [o for o in doc.spots if o.start < s.start and o.row != total.row
             and o.role in ("level", "whole") and o.kind is s.kind and o.sentence >= s.sentence - 1
             and not _is_average(doc, o) and o.rep.value < total.rep.value
             and not LIST_PARTIAL.search(doc.clause_before(o))]  # fmt: skip
    if not parts:
        return _unchecked("parts", m.group(), "the other parts are not in the text")
    return Stated("parts", m.group().strip(), "rest", (total.row, *(p.row for p in parts)))


def _is_average(doc: Doc, o: Spot) -> bool:
    return bool(BEFORE["average"].search(doc.before(o)) or AFTER["per"].match(doc.after(o))
                or AFTER["each"].match(doc.after(o)))  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Lists of parts


def _lists(doc: Doc) -> dict[int, Stated]:
    out: dict[int, Stated] = {}
    for n, sentence in enumerate(doc.masked):
        for pattern, complete in ((LIST_COMPLETE, True), (LIST_PARTIAL, False)):
            for m in pattern.finditer(sentence):
                found = _list_at(doc, n, m.start(), m.end(), complete, m.group())
                if found is not None:
                    out.setdefault(found[0], found[1])
    return out


def _list_at(doc: Doc, n: int, a: int, b: int, complete: bool, cue: str) -> tuple[int, Stated] | None:
    here = doc.in_sentence(n)
    before = [o for o in here if o.mend <= a]
    def can_total(o: Spot) -> bool:
        return (o.role == "level" and o.amount_like and not o.scope and not o.previous
                and not _is_average(doc, o))  # fmt: skip

    listed = [o.kind for o in here if o.mstart >= b and o.role == "level" and o.amount_like]
    if listed:  # a list of amounts is of an amount, one of counts of a count
        kind = max(set(listed), key=listed.count)

        def can_total(o: Spot, f: Callable[[Spot], bool] = can_total) -> bool:
            return f(o) and o.kind is kind

    if before:
        total = next((o for o in reversed(before) if can_total(o)), None)
    elif n > 0:
        total = next((o for o in reversed(doc.in_sentence(n - 1)) if can_total(o)), None)
    else:
        total = None
    if total is None:
        return None
    stop = re.search(r"主要是|主要原因|mainly|due\s+to", doc.masked[n][b:])
    if not complete and cue.isascii():  # including …: its own clause
        stop = re.search(r"[,;]\s*(?:and\s+)?(?![\d" + FIG[0] + "])", doc.masked[n][b:]) or stop
    end = b + stop.start() if stop else len(doc.masked[n])
    parts = [o for o in here if b <= o.mstart < end and o.role == "level" and o.kind is total.kind
             and not _is_average(doc, o)
             and (o.rep.currency or total.rep.currency) == (total.rep.currency or o.rep.currency)]
    family = "parts"
    if total.rep.lo is None or total.rep.hi is None:
        return total.row, _unchecked(family, cue, "the total is one-sided")
    if complete:
        if len(parts) < 2:
            return None
        return total.row, Stated(family, cue, "sum", (total.row, *(p.row for p in parts)))
    if not parts:
        return None
    if total.rep.qualifier is not Qualifier.PLAIN:
        return total.row, _unchecked(family, cue, "the total is approximate, the list incomplete")
    return total.row, Stated(family, cue, "at_least", (total.row, *(p.row for p in parts)))


def _list_total(doc: Doc, part: Spot) -> Spot | None:
    """The total of the 其中 list the figure is a part of, if it is in one."""
    before = doc.masked[part.sentence][: part.mstart]
    if not LIST_PARTIAL.search(before) and not LIST_COMPLETE.search(before):
        return None
    stated = _list_at(doc, part.sentence, *_last_cue(before), False, "")
    if stated is None:
        return None
    return doc.by_row.get(stated[0])


def _last_cue(text: str) -> tuple[int, int]:
    spans = [m.span() for p in (LIST_PARTIAL, LIST_COMPLETE) for m in p.finditer(text)]
    return max(spans)
