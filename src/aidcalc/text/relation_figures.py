"""Finding the other figures of a relation the words state: the level a clause is about, the
paragraph's headline, a whole named by its words, a comparison's base, a count to divide by.

Each finder returns one figure, or nothing (or a reason) when it cannot be sure: the relation
is then left unchecked (:mod:`aidcalc.text.relations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aidcalc.checker.wording import Qualifier
from aidcalc.core.figures import Kind
from aidcalc.text.cues import AFTER, BACK_PERIOD, BEFORE, FIG, GENERIC_WHOLE, THAT_IS, UNITS
from aidcalc.text.sentences import Doc, Spot


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


# ---------------------------------------------------------------------------------------------
# Finding the other figures


def _levels(
    doc: Doc, s: Spot, *, amount: bool = True, current: bool = False, scoped: bool = False
) -> list[Spot]:
    """Levels of the figure's part of its sentence (after the last ；) before it, nearest first;
    with ``current``, none named as of the previous period; with ``scoped``, those of another
    scope too (累计: a share or an average of a cumulative total is still its share)."""
    start = _segment_start(doc, s)
    return [
        o
        for o in reversed(doc.in_sentence(s.sentence))
        if start <= o.mstart < s.mstart
        and o.role == "level"
        and (scoped or not o.scope)
        and (o.amount_like if amount else o.percent_like)
        and not (current and o.previous)
        and o.rep.lo is not None
        and o.rep.hi is not None
    ]


def _segment_start(doc: Doc, s: Spot) -> int:
    before = doc.before(s)
    return max(before.rfind("；"), before.rfind(";")) + 1


def _subject(
    doc: Doc,
    s: Spot,
    exclude: tuple[int, ...] = (),
    *,
    amount: bool = True,
    current: bool = False,
    scoped: bool = False,
) -> Spot | None:
    """The figure the clause is about: a named one (税收收入占…) or the nearest level before."""
    clause = doc.clause_before(s)
    name = re.match(r"\s*(?:其中，?)?([\u4e00-\u9fff]{2,12}?)(?:占|的比重)", clause)
    levels = [
        o
        for o in _levels(doc, s, amount=amount, current=current, scoped=scoped)
        if o.row not in exclude
    ]
    if name and amount:
        named = [
            o for o in _all_levels(doc, s) if o.row not in exclude and name.group(1) in doc.words(o)
        ]
        if named:
            return named[-1]
    if levels:
        return levels[0]
    start = _segment_start(doc, s)
    if start > 0 and THAT_IS.match(doc.before(s)[start:]):  # …; that is a change of
        earlier = [
            o
            for o in doc.in_sentence(s.sentence)
            if o.mstart < start and o.role == "level" and o.amount_like and o.row not in exclude
        ]
        return earlier[-1] if earlier else None
    return None  # "That is …" reaches the sentence before only through its from … to


def _all_levels(doc: Doc, s: Spot) -> list[Spot]:
    return [
        o
        for o in doc.spots
        if o.start < s.start and o.role == "level" and o.amount_like and not o.scope
    ]


def _headline(
    doc: Doc, s: Spot, above: Spot | None = None, money: str | None = None
) -> Spot | None:
    """The paragraph's headline before the figure: the level of its latest year (the first
    such), larger than ``above``."""
    levels = [
        o
        for o in doc.spots
        if o.start < s.start
        and o.role in ("level", "whole")
        and o.amount_like
        and o.scope == (above.scope if above is not None else "")
        and not o.previous
        and o.rep.qualifier is not Qualifier.MORE_THAN
        and not _is_average(doc, o)
    ]
    if above is not None:
        levels = [
            o
            for o in levels
            if o.row != above.row and o.rep.value > above.rep.value and o.kind is above.kind
        ]
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


def _named(doc: Doc, s: Spot, words: str, part: Spot | None) -> Spot | str | None:
    """The figure a phrase names (``一般公共预算收入``, ``the state's allocation``): the one
    figure whose clause has its head words; ``"ambiguous"`` for two of one period."""
    row = _fig(words)
    if row is not None:
        return doc.by_row.get(row)
    plain = re.sub(FIG, " ", words).strip()
    plain = re.sub(
        r"^(?:the|its|this|that|their|all|全县|全省|全市|全区|全国|本级)\s*",
        "",
        plain,
        flags=re.IGNORECASE,
    )
    plain = re.sub(
        r"^(?:state's|province's|country's|national|nation's)\s+", "", plain, flags=re.IGNORECASE
    )
    proper = re.match(r"([A-Z][\w-]+)(?:'s)?\b", plain)
    if proper and not re.fullmatch(r"[A-Z][A-Z]+", proper.group(1)):
        after = _right_after(doc, s, proper.group(1), part)
        if after is not None:
            return after
        # of all Title I money: the one whole (of the ⟦w⟧ appropriated for Title I) it names
        phrase = re.match(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}", plain)
        said = re.compile(rf"\b{re.escape(phrase.group() if phrase else plain)}\b")
        wholes = [o for o in doc.spots if o.role == "whole" and said.search(doc.words(o))]
        return wholes[0] if len({o.rep.text for o in wholes}) == 1 else None
    if not plain or re.fullmatch(r"(?i)total|总额|总量|合计|总[\u4e00-\u9fff]{1,4}", plain):
        return _headline(doc, s, part)
    key = (
        plain if re.search(r"[\u4e00-\u9fff]", plain) else plain.split()[-1].rstrip("s").casefold()
    )
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
        o
        for o in doc.spots
        if o.row != s.row
        and (part is None or o.row != part.row)
        and o.amount_like
        and o.role in roles
        and not o.previous
        and names(o)
    ]
    if part is not None:
        found = [o for o in found if o.kind is part.kind]
    if not found and GENERIC_WHOLE.fullmatch(key):  # of the money: the paragraph's headline
        headline = _headline(doc, s, part)
        return headline if headline is not None and headline.kind is Kind.AMOUNT else None
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


def _right_after(doc: Doc, s: Spot, name: str, part: Spot | None = None) -> Spot | str | None:
    """The amount written right after a name (``Texas receives ⟦k⟧``, ``and Yukon ⟦k⟧``):
    ``"ambiguous"`` for two of other values."""
    found = [
        o
        for o in doc.spots
        if o.kind is Kind.AMOUNT
        and o.row != s.row
        and (part is None or o.row != part.row)
        and o.role in ("level", "whole")
        and name in re.split(FIG, doc.before(o))[-1]
    ]
    if len({o.rep.text for o in found}) > 1:
        return "ambiguous"
    return found[0] if found else None


def _by_initials(doc: Doc, s: Spot) -> Spot | None:
    """The figure of the name its clause calls by initials (``The ERDF alone accounts for`` ·
    ``€41.2 billion from the European Regional Development Fund``): the one amount whose words
    have a capitalised name with those initials."""
    m = re.search(r"\b([A-Z]{2,6})\b", re.sub(FIG, " ", doc.clause_before(s)))
    if m is None:
        return None
    found = []
    for o in doc.spots:
        if o.row == s.row or o.kind is not Kind.AMOUNT or o.role not in ("level", "whole"):
            continue
        names = re.findall(
            r"[A-Z][\w-]*(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][\w-]*){1,6}", doc.words(o)
        )
        initials = {"".join(w[0] for w in n.split() if w[0].isupper()) for n in names}
        if m.group(1) in initials:
            found.append(o)
    return found[0] if len({o.rep.text for o in found}) == 1 else None


def _cue(doc: Doc, s: Spot, m: re.Match[str] | None, after: bool = False) -> str:
    if m is None:
        return ""
    return re.sub(FIG, "…", m.group()).strip(" ，,")


_CHANGE_WORDS = re.compile(
    r"比上年同期|较上年同期|比上年|较上年|比去年|同比|执行数|决算数|完成数|that\s+is|this\s+is"
    r"|which\s+is|or|and|an?"
    r"|up|down|by|of|increase|decrease|rise|fall|uplift|cut|增收|减收|多收|少收|增支|减支|多支|少支"
    r"|增加|减少|增长|下降"
    r"|cash|nominal|overall|total|net",
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
    m3 = re.search(
        r"(?:比|较)[^比较，,。；;]{0,20}?(" + FIG + r")的?(?:水平)?(?:高出|低于|高|低|多|少)",
        segment,
    )
    if m3:
        return _spot(doc, m3.group(1))
    # "€24.6 billion …, against €22.1 billion in 2014-2020, an increase of 11.3 per cent": the one
    # base the words name in the clause chain before it
    bases = [
        o
        for o in doc.in_sentence(s.sentence)
        if o.role == "base" and o.mstart < s.mstart and o.mstart >= _segment_start(doc, s)
    ]
    if len(bases) == 1 and not re.search(r"\bto\b", doc.before(s)[bases[0].mend :]):
        return bases[0]
    return None


def _level_after(doc: Doc, s: Spot) -> Spot | None:
    """The level a change goes to, written after it: ``rises by $940 million, or 3.9 per cent,
    to $24.9 billion``."""
    m = re.match(r"^[^.;。；]{0,40}?\bto\s+(" + FIG + ")", doc.after(s), re.IGNORECASE)
    return _spot(doc, m.group(1)) if m else None


def _from_to(doc: Doc, s: Spot) -> tuple[Spot, Spot] | None:
    """``from ⟦a⟧ … to ⟦b⟧`` in the sentence, or in the one before when this one refers to it."""
    sentences = [s.sentence]
    back = BACK_PERIOD.search(doc.clause_after(s)) and s.role in ("increment", "decrement")
    if (THAT_IS.match(doc.masked[s.sentence]) or back) and s.sentence > 0:
        sentences.append(s.sentence - 1)
    pattern = re.compile(r"\bfrom\s+(" + FIG + r")[^.;]{0,40}?\bto\s+(" + FIG + ")", re.IGNORECASE)
    for n in sentences:
        if back and n != s.sentence and len(pattern.findall(doc.masked[n])) > 1:
            return None  # two changes in the sentence before: which one's period is not said
        m = pattern.search(doc.masked[n])
        # before the change, or right after it (falls by 14.8 per cent, from ⟦a⟧ to ⟦b⟧)
        if m is None:
            continue
        right_after = n == s.sentence and 0 <= m.start() - s.mend <= 3
        between = doc.masked[n][m.end() : s.mstart] if n == s.sentence else ""
        if re.search(r"\b(?:while|whereas|but|and)\b|[;；]", between, re.IGNORECASE):
            continue  # A falls from a to b, while B falls by ⟦c⟧: another change's from … to
        if n != s.sentence or m.end() <= s.mstart or right_after:
            a, b = _spot(doc, m.group(1)), _spot(doc, m.group(3))
            if a is not None and b is not None:
                return a, b
    return None


def _previous_level(doc: Doc, s: Spot, new: Spot | None) -> Spot | str:
    """The base of 比上年 / from the previous year: the one level of the year before."""
    text = doc.before(s)[_segment_start(doc, s) :] + doc.clause_after(s)
    if new is None or new.year is None:
        return "needs the level it is compared with, not in the text"
    if not re.search(
        r"上年|去年|同比|previous|a\s+year\s+(?:earlier|ago)|last\s+year",
        text + doc.after(s)[:60],
        re.IGNORECASE,
    ):
        return "needs the level it is compared with, not in the text"
    year = new.year - 1
    found = [
        o
        for o in doc.spots
        if o.amount_like
        and o.year == year
        and o.kind is new.kind
        and o.role in ("level", "base")
        and o.row != new.row
    ]
    if any(o.scope != new.scope for o in found):
        found = [o for o in found if o.scope == new.scope]
    if not found:
        return f"needs the figure for {year}, not in the text"
    if len({o.rep.text for o in found}) > 1:
        return f"two figures for {year}"
    return found[0]


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
    counts = [
        o
        for o in doc.spots
        if o.kind is Kind.COUNT
        and o.row != s.row
        and not o.previous
        and o.rep.lo is not None
        and o.rep.lo > 0
    ]
    every = list(counts)
    if words:

        def counted(o: Spot) -> bool:
            follow = re.sub(FIG, " ", doc.after(o)[:24]).casefold()
            lead = re.sub(FIG, " ", doc.clause_before(o))
            return any(
                w in re.findall(r"[a-z]+", follow)
                or (not w.isascii() and (w in follow[:14] or w in lead))
                for w in words
            )

        counts = [o for o in counts if counted(o)]
    near = [o for o in counts if o.sentence == s.sentence and o.start < s.start]
    if not words and len({o.rep.text for o in near}) > 1:  # each receives: which count's?
        return "two counts it could be over"
    if near:
        return near[-1]
    in_sentence = [o for o in every if o.sentence == s.sentence and o.start < s.start]
    if len(in_sentence) == 1:  # 25个深度贫困地区…县均达: the one count of its sentence
        return in_sentence[0]
    if not words:
        return "needs the count it is an average over"
    if len({o.rep.text for o in counts}) == 1:
        return counts[0]
    return "needs the count it is an average over" if not counts else "two counts it could be over"


def _is_average(doc: Doc, o: Spot) -> bool:
    return bool(
        BEFORE["average"].search(doc.before(o))
        or AFTER["per"].match(doc.after(o))
        or AFTER["each"].match(doc.after(o))
    )
