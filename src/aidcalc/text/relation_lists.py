"""Lists of parts: a total and its parts said in one sentence (其中, including, made up of), or
listed in the sentence after it (分年度看, ``Nunavut receives A, the Northwest Territories B and
Yukon C``, ``X accounts for A … Z for the remaining C``)."""

from __future__ import annotations

import re

from aidcalc.checker.wording import Qualifier
from aidcalc.core.figures import Kind
from aidcalc.text.cues import (
    BREAKDOWN,
    FIG,
    LIST_COMPLETE,
    LIST_PARTIAL,
    NOT_A_NAME,
    PART_ASIDE,
    PART_ITEM,
    PART_SPLIT,
    PART_VERB,
    PERIOD_FROM,
    PREVIOUS,
    mask,
)
from aidcalc.text.relation_figures import Stated, _is_average, _named, _spot, _unchecked
from aidcalc.text.sentences import Doc, Spot


def _lists(doc: Doc) -> dict[int, Stated]:
    out: dict[int, Stated] = {}
    for n, sentence in enumerate(doc.masked):
        for pattern, complete in ((LIST_COMPLETE, True), (LIST_PARTIAL, False)):
            for m in pattern.finditer(sentence):
                found = _list_at(doc, n, m.start(), m.end(), complete, m.group())
                if found is not None:
                    out.setdefault(found[0], found[1])
    return out


def _list_at(
    doc: Doc, n: int, a: int, b: int, complete: bool, cue: str
) -> tuple[int, Stated] | None:
    here = doc.in_sentence(n)
    before = [o for o in here if o.mend <= a]

    listed = [o.kind for o in here if o.mstart >= b and o.role == "level" and o.amount_like]
    # a list of amounts is of an amount, one of counts of a count; as many of each (其中3个县
    # 6380万元): of an amount, the count names whose (never the order of a set: its hash varies)
    kind = max(listed, key=lambda k: (listed.count(k), k is Kind.AMOUNT)) if listed else None

    def can_total(o: Spot) -> bool:
        return (
            o.role == "level"
            and o.amount_like
            and not o.scope
            and not o.previous
            and not _is_average(doc, o)
            and (kind is None or o.kind is kind)
        )

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
    # …，其中中央资金30亿元；2023年下达资金50亿元，其中…: the next 其中 is another list's
    nxt = re.search(r"[；;](?=[^；;]*其中)", doc.masked[n][b:])
    if nxt is not None and (stop is None or nxt.start() < stop.start()):
        stop = nxt
    end = b + stop.start() if stop else len(doc.masked[n])
    parts = [
        o
        for o in here
        if b <= o.mstart < end
        and o.role == "level"
        and o.kind is total.kind
        and not _is_average(doc, o)
        and (o.rep.currency or total.rep.currency) == (total.rep.currency or o.rep.currency)
        and not o.previous  # 其中税收收入380亿元，上年为350亿元: a comparison, no part
        and (o.year is None or total.year is None or o.year == total.year)
    ]
    family = "parts"
    if total.rep.lo is None or total.rep.hi is None:
        return total.row, _unchecked(family, cue, "the total is one-sided")
    stages = {_stage(doc, o) for o in (total, *parts)}
    if len(stages) > 1 and stages != {""} and len(parts) >= 1 and _stage(doc, total) != "":
        # 已拨付70亿元…其中教育项目安排40亿元，已拨付32亿元: parts of other stages
        return total.row, _unchecked(family, cue, "the parts are of other stages of payment")
    if len({_stage(doc, o) for o in parts}) > 1:
        return total.row, _unchecked(family, cue, "the parts are of other stages of payment")
    if complete:
        if len(parts) < 2:
            return None
        if any(p.rep.lo is None or p.rep.hi is None for p in parts):
            return total.row, _unchecked(family, cue, "a part is one-sided")
        return total.row, Stated(family, cue, "sum", (total.row, *(p.row for p in parts)))
    parts = [p for p in parts if p.rep.lo is not None and p.rep.hi is not None]  # 超过2.5万亿
    if not parts:  # (without a one-sided part, the others still may not exceed the total)
        return None
    if total.rep.qualifier is not Qualifier.PLAIN:
        return total.row, _unchecked(family, cue, "the total is approximate, the list incomplete")
    return total.row, Stated(family, cue, "at_least", (total.row, *(p.row for p in parts)))


_STAGES = re.compile(r"(已拨付|未拨付|已下达|未下达|已支出|已使用|未使用|已到位|结余|结转)")


def _stage(doc: Doc, o: Spot) -> str:
    """The stage of payment its clause names (已拨付, 尚有…未拨付 …), or ""."""
    after = re.split(r"[，,。；;：:]", doc.after(o), maxsplit=1)[0]
    m = _STAGES.search(doc.clause_before(o)[-12:] + after[:6])
    return m.group() if m else ""


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


# ---------------------------------------------------------------------------------------------
# Breakdowns: a total, then its parts listed in the next sentence


def _breakdowns(doc: Doc, stated: dict[int, Stated]) -> dict[int, Stated]:
    """Total's row → its parts' sum, for the lists that break down the total just stated:
    ``分年度看，2021年投入A，2022年B，2023年C`` · ``Nunavut receives A, the Northwest Territories
    B and Yukon C`` · ``X accounts for A, Y for B and Z for the remaining C``.

    The list is complete (``sum``) when its words say so (the remaining; every year of the
    total's period), else its parts are at most the total (``at_least``). When two figures
    before it could be the total, each is left unchecked with that reason. A list that goes on
    from the sentences before (``The Canada Social Transfer adds A and …``) is read with them
    (:func:`_going_on`): ``stated`` are the relations read so far."""
    out: dict[int, Stated] = {}
    if doc.rebuilt:
        return out
    for n in range(len(doc.masked)):
        found = _part_list(doc, n) or _year_list(doc, n)
        if found is None:
            continue
        cue, parts, complete, of = found
        going = None
        if cue.casefold().startswith("add"):  # the parts named in the sentences before, too
            going = _going_on(doc, stated, n, parts)
            if going is None:
                continue
            if isinstance(going[1], str):
                out.setdefault(going[0].row, _unchecked("parts", cue, going[1]))
                continue
            parts = going[1]
        if not _good_parts(parts, doc):
            continue
        if going is not None:
            totals = [going[0]]
        elif of is not None:
            named = _named(doc, parts[0], of, parts[0])
            totals = [named] if isinstance(named, Spot) else []
            if not isinstance(named, Spot) and named is not None:
                continue  # the whole it names is ambiguous: nothing said
        else:
            totals = _total_candidates(doc, n, parts)
        if len({t.rep.text for t in totals}) > 1:
            for t in totals:
                out.setdefault(
                    t.row, _unchecked("parts", cue, "two totals the parts listed next could be of")
                )
            continue
        if not totals:
            continue
        total = totals[0]
        if total.rep.lo is None or total.rep.hi is None:
            out.setdefault(total.row, _unchecked("parts", cue, "the total is one-sided"))
            continue
        if any(p.rep.lo is None or p.rep.hi is None for p in parts):
            out.setdefault(total.row, _unchecked("parts", cue, "a part is one-sided"))
            continue
        if complete or _every_year(doc, total, parts):
            out.setdefault(
                total.row, Stated("parts", cue, "sum", (total.row, *(p.row for p in parts)))
            )
        elif total.rep.qualifier is Qualifier.PLAIN:
            out.setdefault(
                total.row, Stated("parts", cue, "at_least", (total.row, *(p.row for p in parts)))
            )
    return out


def _part_list(doc: Doc, n: int) -> tuple[str, list[Spot], bool, str | None] | None:
    """The parts of a list with its verb said once (``Nunavut receives A, the Northwest
    Territories B and Yukon C``), whether it says it is complete (the remaining) and the whole
    its first part names (``of the rise``); nothing unless the whole sentence (after its colon)
    is the list."""
    sentence = doc.masked[n]
    segment = sentence[max(sentence.rfind(":"), sentence.rfind("：")) + 1 :]
    m = PART_VERB.match(segment)
    if m is None:
        return None
    pieces = PART_SPLIT.split(segment[m.end() :])
    parts: list[Spot] = []
    complete, of = False, None
    for k, piece in enumerate(pieces):
        if k > 0 and PART_ASIDE.match(piece):
            aside = _spot(doc, piece)
            if piece.lstrip().startswith("or") and (aside is None or not aside.percent_like):
                return None  # ``or $X``: another figure of the part, not its share
            continue
        item = PART_ITEM.match(piece)
        part = _spot(doc, piece)
        if item is None or part is None:
            return None
        if (k == 0) != (item.group("name") is None) and not (k and item.group("rest")):
            return None  # a name for each part but the first (the verb's subject), or the rest
        if k and NOT_A_NAME.search(item.group("name") or ""):
            return None  # a clause of its own, not a part's name
        if complete:
            return None  # a part after the remaining one
        complete = item.group("rest") is not None
        of = of or (item.group("of") if k == 0 else None)
        shares = [doc.by_row.get(int(r)) for r in re.findall(FIG, piece)[1:]]
        if any(sh is None or not sh.percent_like for sh in shares):
            return None
        parts.append(part)
    return m.group("verb"), parts, complete, of


def _year_list(doc: Doc, n: int) -> tuple[str, list[Spot], bool, str | None] | None:
    """The parts after 分年度看 (分项目看, 从地区看 …): one a clause, each clause a name (a year)
    and its figure, until a clause that is not (比…翻了一番); a share of the part (占…) is
    passed over."""
    sentence = doc.masked[n]
    m = BREAKDOWN.search(sentence)
    if m is None:
        return None
    parts: list[Spot] = []
    for piece in re.split(r"[，,；;、]", sentence[m.end() :]):
        piece = piece.strip().rstrip("。")
        rows = re.findall(FIG, piece)
        if len(rows) != 1:
            break
        spot = doc.by_row.get(int(rows[0]))
        if spot is None:
            break
        words = re.sub(FIG, "", piece)
        if words.startswith("占") and spot.percent_like:
            continue
        if not piece.endswith(mask(spot.row)) or re.search(r"比|较|增|减|降|占|均|超|同", words):
            break
        parts.append(spot)
    return m.group().rstrip("，,：: "), parts, False, None


def _good_parts(parts: list[Spot], doc: Doc) -> bool:
    """Two or more parts, levels of one kind and currency, none an average or of the year
    before."""
    if len(parts) < 2:
        return False
    first = parts[0]
    return all(
        p.amount_like
        and p.kind is first.kind
        and p.role == "level"
        and not p.previous
        and p.rep.currency == first.rep.currency
        and not _is_average(doc, p)
        for p in parts
    )


def _total_candidates(doc: Doc, n: int, parts: list[Spot]) -> list[Spot]:
    """The figures a list could break down: earlier in its sentence, else in the sentence before,
    levels of the parts' kind and currency larger than each part, of their period (not named as
    of the year before, nor of another year than theirs), not themselves parts of a list (其中,
    of which) nor averages, nor a sibling said with the list's verb (``Spain gets A. Italy gets B
    and Greece C``)."""
    first = parts[0]
    top = max(p.rep.value for p in parts)
    years = {p.year for p in parts}
    year = next(iter(years)) if len(years) == 1 else None  # the parts' one year (not by year)

    def of_years(o: Spot) -> bool:
        """A list by year is of a total over years: cumulative (累计) or since a year."""
        plain = re.sub(FIG, " ", doc.masked[o.sentence])
        return bool(len(years) < 2 or o.scope or PERIOD_FROM.search(plain))

    verb = PART_VERB.match(doc.masked[first.sentence])
    sibling = verb.group("verb").casefold() if verb else None

    def can(o: Spot) -> bool:
        before = doc.before(o)
        own = PART_VERB.match(doc.masked[o.sentence])
        return (
            not (own and sibling and own.group("verb").casefold() == sibling)  # Spain gets A.
            and o.kind is first.kind
            and of_years(o)
            and not PREVIOUS.search(re.sub(FIG, " ", before))  # Last year the fund totalled
            and (year is None or o.year is None or o.year == year)
            and o.role in ("level", "whole")
            and not o.previous
            and o.rep.currency in (None, first.rep.currency)
            and o.rep.value > top
            and not _is_average(doc, o)
            and not LIST_PARTIAL.search(before)
            and not LIST_COMPLETE.search(before)
        )

    here = [o for o in doc.in_sentence(n) if o.mstart < first.mstart and can(o)]
    if here or n == 0:
        return here
    return [o for o in doc.in_sentence(n - 1) if can(o)]


def _every_year(doc: Doc, total: Spot, parts: list[Spot]) -> bool:
    """Whether the parts are the total's every year: one each, from the year its period starts
    (2021年以来, since 2021) to the paragraph's latest."""
    years = [p.year for p in parts]
    if not all(p.year_written for p in parts) or None in years:
        return False
    first = years[0] or 0
    if years != list(range(first, first + len(years))) or years[-1] != doc.year:
        return False
    m = PERIOD_FROM.search(re.sub(FIG, " ", doc.masked[total.sentence]))
    return m is not None and int(next(g for g in m.groups() if g)) == first


def _going_on(
    doc: Doc, stated: dict[int, Stated], n: int, parts: list[Spot]
) -> tuple[Spot, list[Spot] | str] | None:
    """``The Canada Health Transfer, at A, makes up P of the total. Equalization of B goes to six
    provinces. The Canada Social Transfer adds C and Territorial Formula Financing D``: a list
    whose verb (adds) says it goes on from the parts named before. Its total is the whole of a
    share the words state of one of them; each sentence between names one part, none another
    figure of their kind."""
    if not parts:
        return None
    for row, st in stated.items():
        share = doc.by_row.get(row)
        if st.family != "share" or st.shape != "ratio" or share is None or share.sentence >= n:
            continue
        tied, total = (doc.by_row.get(r) for r in st.rows)
        if tied is None or total is None or not total.sentence < tied.sentence < n:
            continue
        earlier: list[Spot] = []
        for k in range(total.sentence + 1, n):
            named = [
                o for o in doc.in_sentence(k) if o.kind is parts[0].kind and not _is_average(doc, o)
            ]
            if len(named) != 1 or named[0].role != "level" or named[0].previous:
                return total, "which figures before the list are its parts is not said"
            earlier.append(named[0])
        if tied in earlier:
            return total, [*earlier, *parts]
    return None
