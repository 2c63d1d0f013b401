"""Names of figures, from the words around them, and the role words that name them.

=============================  ==================================================================
``name_of(s, a, b, kind, …)``  the name of the figure ``s[a:b]`` from its clause, or None
``name_words(text)``           the naming words in a piece of text (used by :mod:`~.explain`)
``roles_in(text)``             the roles whose words are in a text (share, growth, average …)
``unique(names)``              names made unique with ``_2``, ``_3`` …
=============================  ==================================================================

**Names** come from the words around the figure, by these rules in order (else ``f1``, ``f2`` …,
the figure's place in the text, given by :mod:`aidcalc.text.extract`):

1. a comparison after a percentage or multiple, ``higher than the average`` or ``高于平均``:
   ``vs_average``;
2. for a count, the thing counted: the last word of the noun phrase after it (``25 severely
   poverty-stricken areas`` → ``areas``), or the first known noun after it in Chinese (县 counties,
   村 villages, 户 households, 人 people, 企业 enterprises, 地区 areas …);
3. a role word near the figure (six words before and four after in its clause; in Chinese
   fourteen characters before and six after), or in the figure itself: average (average,
   each, per, 平均, 县均 …), share (share, accounting for, 占, 比重 …), points, multiple (times,
   倍), growth (up, increase, 增长 …), decline, total (total, 共, 总 …);
4. for an amount, the last money noun before it in its clause (funds, investment, income, 资金,
   投入 …), else the noun phrase after it;

and a modifier from the sentence before the figure or the noun phrase after it goes in front:
severe (severely, 深度), central (中央), local (地方), rural (农村), urban, national (全国),
provincial, poor.
"""

from __future__ import annotations

import re

from aidcalc.checker.vocabulary import COUNTED_NOUNS, COUNTED_ZH, PLACES_ZH
from aidcalc.core.figures import Kind
from aidcalc.core.units import SCALES
from aidcalc.text.prose import cjk

__all__ = ["ROLES", "name_of", "name_words", "roles_in", "stated_sign", "unique"]


#: Role words, by the role they name: they make names here and narrow the search in explain.
ROLES: dict[str, tuple[str, ...]] = {
    "average": (
        *("average", "averaged", "averages", "averaging", "mean", "each", "per", "apiece"),
        *("平均", "县均", "人均", "户均", "村均", "生均", "校均", "亩均"),
    ),
    "share": (
        *("share", "shares", "accounting", "accounted", "accounts", "proportion"),
        *("占", "比重", "占比", "比例"),
    ),
    "points": ("points", "point", "pp", "百分点"),
    "multiple": ("times", "fold", "twice", "double", "doubled", "tripled", "倍", "翻"),
    "growth": (
        *("growth", "grew", "grow", "grown", "increase", "increased", "increases", "up", "rose"),
        *("rise", "risen", "higher", "增长", "增加", "提高", "上升", "高于", "高出", "增收"),
    ),
    "decline": (
        *("decline", "declined", "fell", "fall", "fallen", "down", "decrease", "decreased"),
        *("drop", "dropped", "lower", "下降", "减少", "降低", "低于", "减收", "回落"),
    ),
    "total": (
        *("total", "totalling", "totaling", "altogether", "combined", "overall"),
        *("合计", "总计", "累计", "共", "总"),
    ),
    "annual": ("annual", "annually", "yearly", "年均", "每年"),
}
_NAMING_ROLES = ("average", "share", "points", "multiple", "growth", "decline", "total")
_MODIFIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("severe", ("severely", "severe", "深度")),
    ("central", ("central", "中央")),
    ("local", ("local", "地方")),
    ("rural", ("rural", "农村")),
    ("urban", ("urban", "城镇")),
    ("national", ("national", "全国")),
    ("provincial", ("provincial", "省级")),
    ("poor", ("poor",)),
)
_MONEY_EN = {
    **dict.fromkeys(("funds", "fund", "funding"), "funds"),
    **dict.fromkeys(("investment", "investments", "invested"), "investment"),
    **dict.fromkeys(("grant", "grants"), "grants"),
    **dict.fromkeys(("subsidy", "subsidies"), "subsidies"),
    **{w: w for w in ("amount", "income", "spending", "budget", "aid", "revenue", "loans")},
    **{w: w for w in ("expenditure", "capital")},
}
#: Chinese words for money, as English names; where two end at one place the longer is the name
#: (非税收入 is non-tax revenue, not 收入).
_MONEY_ZH = (
    ("资金", "funds"),
    ("投资", "investment"),
    ("投入", "investment"),
    ("收入", "revenue"),
    ("支出", "spending"),
    ("预算", "budget"),
    ("补助", "subsidies"),
    ("贷款", "loans"),
    ("税收收入", "tax_revenue"),
    ("非税收入", "non_tax_revenue"),
    ("税收", "tax_revenue"),
    ("一般公共预算收入", "general_budget_revenue"),
    ("一般公共预算支出", "general_budget_spending"),
    ("政府性基金收入", "government_fund_revenue"),
    ("政府性基金支出", "government_fund_spending"),
    ("民生支出", "welfare_spending"),
    ("转移支付", "transfers"),
    ("调整预算", "adjusted_budget"),
    ("年初预算", "initial_budget"),
    ("问题金额", "problem_amount"),
    ("衔接资金", "link_funds"),
    ("补助资金", "subsidies"),
    ("专项资金", "special_funds"),
    ("债券", "bonds"),
    ("增收", "increase"),
    ("增支", "increase"),
    ("减收", "decrease"),
    ("减支", "decrease"),
)
_NOUNS_ZH = COUNTED_ZH
_STOP_EN = frozenset(
    (
        *("a", "an", "the", "in", "to", "of", "for", "from", "with", "and", "or", "were", "was"),
        *("are", "is", "be", "been", "that", "which", "who", "whom", "by", "at", "on", "as"),
        *("have", "has", "had", "will", "would", "than", "this", "these", "those", "their"),
        *("its", "it", "into", "over", "under", "per", "each", "all", "some", "more", "less"),
        *("about", "yuan", "got", "get", "gets", "received", "receive", "spent", "went", "saw"),
        *("gained", "benefited", "participated", "helped", "joined", "took", "had", "did"),
    )
)
_WHOLE = re.compile(r"\b(?:of|than)\s+(?:the|this|its|all|their)\b[^,;]*|占[^，；。,;]*的")
_TIER = re.compile(r"\blocal\s+(?:government|authorit)", re.IGNORECASE)
_PER_CENT = re.compile(r"\bper\s*cent\b|\bpercent(?:age)?\b", re.IGNORECASE)
_OF_THE_TOTAL = re.compile(r"\bof (?:the |this |its |all )?(?:[\w’']+ )?total\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)]


def name_words(text: str) -> list[str]:
    """The words of ``text`` that names are made of, in order: roles, money nouns, counted
    things (Chinese mapped to English) and the English words themselves.

    >>> name_words("全省平均水平")
    ['average']
    >>> name_words("the average funds")
    ['the', 'average', 'funds']
    """
    out = []
    for w in _words(text):
        out.append(_MONEY_EN.get(w, w))
        role = _ROLE_OF.get(w)
        if role is not None and role != w:
            out.append(role)
    for word, role in _ZH_ROLES:
        if word in text:
            out.append(role)
    for zh, en in (*_MONEY_ZH, *_NOUNS_ZH):
        if zh in text:
            out.append(en)
    return list(dict.fromkeys(out))


_ROLE_OF = {w: role for role, ws in ROLES.items() for w in ws if w.isascii()}
_ZH_ROLES = sorted(
    ((w, role) for role, ws in ROLES.items() for w in ws if not w.isascii()),
    key=lambda t: -len(t[0]),
)


def roles_in(text: str) -> set[str]:
    """The roles whose words are in ``text`` (English as words, Chinese as substrings).

    >>> sorted(roles_in("31% higher than the average"))
    ['average', 'growth']
    """
    # per cent is no "per", 负增长 no growth, 公共 (public) no 共 (in all)
    text = _PER_CENT.sub(" ", text).replace("负增长", "下降").replace("公共", "公")
    found = {_ROLE_OF[w] for w in _words(text) if w in _ROLE_OF}
    if _OF_THE_TOTAL.search(text):  # "51% of the total": a share
        found.add("share")
    found.update(role for word, role in _ZH_ROLES if word in text)
    return found


_RATIOS = (Kind.PERCENT, Kind.MULTIPLE, Kind.FRACTION, Kind.POINTS)
# Roles that name an amount or a count, and the name each gives it (an amount after "up" is an
# increase; "share" or "times" near an amount says nothing about the amount itself).
_AMOUNT_ROLES = {
    "average": "average",
    "total": "total",
    "growth": "increase",
    "decline": "decrease",
}
# The average role names a ratio only when the word says average (not "each" or "per").
_AVERAGE_WORD = re.compile(r"\baverag\w*|\bmean\b|平均|年均", re.IGNORECASE)


def name_of(
    s: str, a: int, b: int, kind: Kind, clause: tuple[int, int], sentence_start: int
) -> str | None:
    """The name of the figure ``s[a:b]`` of kind ``kind``, from the words of its clause and
    sentence (the rules of the module docstring), or None when none says what it is.

    >>> s = "非税收入2398万元，占10.5%"
    >>> name_of(s, 4, 10, Kind.AMOUNT, (0, 11), 0), name_of(s, 12, 17, Kind.PERCENT, (11, 17), 0)
    ('non_tax_revenue', 'share')
    """
    clause_start, clause_end = clause
    before, after = s[clause_start:a], s[b:clause_end]
    head = None
    phrase = _noun_phrase(after)
    if kind in _RATIOS:
        head = _comparison(after)
    if head is None and kind is Kind.COUNT:
        counted = re.search(r"\d.*\s([a-z]{3,})$", s[a:b])  # 7.17 million children
        head = counted.group(1) if counted else _counted_zh(s[a:b], before, after) or phrase
        if head is not None and _DECLINE_BEFORE.search(before[-30:]):  # 减少12.3万人
            head += "_decrease"
        elif head is not None and _GROWTH_BEFORE.search(before[-30:]):
            head += "_increase"
    if head is None and kind is Kind.PERCENT:
        head = _ratio_name(before, after)
    if head is None and kind is Kind.AMOUNT:
        head = _role_near(before, s[a:b], after, kind, ("average",))
        head = head or _subject(before) or _money_before(before)
    if head is None:
        head = _role_near(before, s[a:b], after, kind)
    if head is None and kind is Kind.AMOUNT:
        plural = phrase and (phrase.endswith("s") or phrase == "people") and phrase not in _VERBS
        things = phrase if plural else None
        head = _of_phrase(after) or things
    if head is None and kind in _RATIOS:  # "an increase of £3.9 billion, or 6.7 per cent"
        earlier = s[max(sentence_start, clause_start - 60) : clause_start]
        head = _role_near(earlier, "", "", kind, ("growth", "decline"))
    if head is None:
        return None
    own = after[:40] if phrase and not head.startswith("vs_") else ""
    modifier = _modifier(s[sentence_start:a] + " " + own)
    name = head if modifier is None or head.startswith(modifier) else f"{modifier}_{head}"
    name = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    return name if name[:1].isalpha() else None


# The words that start a clause and name its subject, before a verb: "Grant funding accounts
# for £2.3 billion", "Council tax is expected to raise £34.7 billion".
_SUBJECT = re.compile(
    r"""^\s*(?:and\s+|but\s+|while\s+)?(?:the\s+|its\s+|their\s+)?
        ((?:[A-Za-z][\w'’-]*\s+){0,3}?[A-Za-z][\w-]*)\s+
        (?:accounts?\s+for|is|are|was|were|will|would|makes?|made|adds?|added|goes|went
          |comes?|came|rises?|rose|fell|falls|totals?|totall?ed|reached|reaches|amounts?\s+to
          |receives?|received|gets?|got|has|had|provides?|provided|raises?|raised|for|at)\b""",
    re.IGNORECASE | re.VERBOSE,
)
# "Equalization of $24.9 billion": the subject, then "of", then the figure.
_OF_BEFORE = re.compile(r"\s*(?:the\s+)?((?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*)\s+of\s*")
# What follows a number of the figure before: its unit ("billion", "per cent") and marks.
_REST_OF_FIGURE = re.compile(
    r"^[^A-Za-z]*(?:(?:per\s*cent|percent|"
    + "|".join(w for w in SCALES if w.isascii() and w.isalpha())
    + r")\b[^A-Za-z]*)?",
    re.IGNORECASE,
)
# Verbs that end in s and follow an amount ("$24.9 billion goes to"): no things counted.
_VERBS = frozenset(
    ("goes", "comes", "makes", "adds", "rises", "falls", "accounts", "remains", "receives", "gets")
)
_NOT_SUBJECTS = frozenset(("it", "this", "that", "they", "there", "which", "these", "those"))


def _subject(before: str) -> str | None:
    """The subject that starts the clause (``Grant funding`` in "Grant funding accounts for"),
    or, after another figure, the words since it ("… and Territorial Formula Financing")."""
    digits = [k for k, c in enumerate(before) if c.isdigit()]
    if digits:  # a new subject after another figure starts with "and", "or" …
        rest = _REST_OF_FIGURE.sub("", before[digits[-1] + 1 :])
        before = re.sub(r"^(?:and|or|while|but)\s+", "", rest)
        if before == rest:
            return None
        proper = re.fullmatch(r"(?:(?:and|or)\s+)?(?:the\s+)?((?:[A-Z][\w-]*\s+){1,4})", before)
        if proper:
            before = proper.group(1) + "for "
    m = _SUBJECT.match(before) or _OF_BEFORE.fullmatch(before)
    if not m:
        return None
    words = [w for w in _words(m.group(1)) if w not in _STOP_EN]
    if not words or words[0] in _NOT_SUBJECTS or len(words) > 4:
        return None
    return "_".join(words)


def _of_phrase(after: str) -> str | None:
    """The thing an amount is of: "£61.8 billion of Core Spending Power" → core_spending_power."""
    m = re.match(r"\s+of\s+(?:the\s+)?((?:[A-Za-z][\w-]*\s*){1,3})", after)
    if not m:
        return None
    words = []
    for w in _words(m.group(1)):
        if w in _STOP_EN:
            break
        words.append(w)
    return "_".join(words) or None


def _comparison(after: str) -> str | None:
    m = re.match(
        r"\s*(?:(?:higher|lower|more|less|greater|smaller|above|below)\s+than|above|below)\s+"
        r"(.{0,40})",
        after,
        re.IGNORECASE,
    ) or re.match(r"\s*(?:高于|低于|高出|低出|多于|少于)(.{0,12})", after)
    if not m:
        return None
    for w in name_words(m.group(1)):
        if w in _NAMING_ROLES or w in _MONEY_EN.values() or w in dict(_NOUNS_ZH).values():
            return "vs_" + w
    nouns = _noun_phrase(re.sub(r"^\s*(?:the|this|its|their|a|an)\s+", "", m.group(1)), whole=True)
    return "vs_" + nouns if nouns else None


def _noun_phrase(after: str, *, whole: bool = False) -> str | None:
    """The thing counted after a count: ``severely poverty-stricken areas`` → ``areas``."""
    text = after.lstrip()
    if text[:1] and cjk(text[0]):
        best: tuple[int, str] | None = None
        for zh, en in _NOUNS_ZH:
            k = text.find(zh, 0, 14)
            if k >= 0 and (best is None or k < best[0]):
                best = (k, en)
        place = next((en for zh, en in PLACES_ZH if text.startswith(zh)), None)  # 六个省
        return place or (best[1] if best else None)
    phrase: list[str] = []
    for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*|\S", text)[:6]:
        low = w.lower()
        if not w[0].isalpha() or low in _STOP_EN or low in _ROLE_OF:
            break
        phrase.append(low)
    words = [w for w in phrase if len(w) >= 3]
    if whole:
        return "_".join(words[-3:]) or None
    things = [w for w in words if w.endswith("s") or w in COUNTED_NOUNS]  # not "served"
    chosen = things or words
    return chosen[-1] if chosen else None


# People counted by a measure word (20.7万人, 300名, 1.2万人次), and nouns of people after it.
_PEOPLE = {"人": "people", "名": "people", "人次": "person_times"}
_COUNTED_BY = {"户": "households", "村": "villages", "县": "counties", "所": "institutions"}
_PEOPLE_NOUNS = ("贫困人口", "学生", "干部", "教师", "劳动力", "农民工", "群众")


def _counted_zh(figure: str, before: str, after: str) -> str | None:
    """What a Chinese count counts: a measure word of people (``人``, ``名``, ``人次``), else the
    first known noun after it, else the last one before it (``协作县由上年的72个``)."""
    counter = next((c for c in sorted(_PEOPLE, key=len, reverse=True) if figure.endswith(c)), None)
    if counter is not None:
        noun = _noun_phrase(after)
        head = after.lstrip()[:4]
        return noun if noun and any(head.startswith(p) for p in _PEOPLE_NOUNS) else _PEOPLE[counter]
    if not (figure[-1:] and cjk(figure[-1])) or _noun_phrase(after):
        return None
    if figure[-1] in _COUNTED_BY:
        return _COUNTED_BY[figure[-1]]
    found = [(before.rfind(zh) + len(zh), en) for zh, en in _NOUNS_ZH if zh in before]
    return max(found)[1] if found else None


def _ratio_name(before: str, after: str) -> str | None:
    """A percentage of something (``56.1 per cent of Core Spending Power``) is a share; one of a
    budget (``为调整预算…的101.7%``, ``完成预算的``) a completion rate."""
    if re.match(r"\s*of\b", after, re.IGNORECASE) and not re.search(r"\byear\b", after[:20]):
        return "share"
    if re.search(
        r"(?:(?:完成|为|占)[^，。；]{0,16}预算(?!收入|支出)[^，。；]{0,12}的|完成)$", before
    ):
        return "completion"
    if re.search(r"\bchange\s+(?:of\s+)?$", before, re.IGNORECASE):
        return "change"  # a change of -2.5 percent: its sign is printed
    if re.search(r"(?:上年|去年)(?:同期)?的$", before) or re.match(
        r"\s*(?:a\s+year\s+(?:earlier|before)|the\s+(?:previous\s+)?year\s+before)",
        after,
        re.IGNORECASE,
    ):
        return "previous"  # 上年同期的63.8%, the 36.7 per cent a year earlier
    if re.search(r"年均|\bannual", before, re.IGNORECASE) or re.match(
        r"\s*(?:a|per)\s+year\b(?!\s+(?:earlier|before|ago))", after, re.IGNORECASE
    ):
        return "annual_growth"
    return None


def _role_near(
    before: str, figure: str, after: str, kind: Kind, only: tuple[str, ...] = ()
) -> str | None:
    if kind is Kind.MULTIPLE and not only:
        return "multiple"  # 2.7 times: whatever share or total is near
    near = " ".join(re.findall(r"\S+", before)[-6:]) + " " + " ".join(after.split()[:4])
    if any(cjk(c) for c in before[-1:] + after[:1]):  # Chinese role words come before their
        near = before[-14:]  # figure: 回落 after 63.8% is the next figure's
    near += " " + figure
    roles = roles_in(near)
    order = _NAMING_ROLES if kind in _RATIOS else ("average", "total", "growth", "decline")
    for role in order:
        if only and role not in only:
            continue
        if role not in roles:
            continue
        if kind not in _RATIOS:
            if role in _AMOUNT_ROLES:
                return _AMOUNT_ROLES[role]
        elif role != "average" or _AVERAGE_WORD.search(near):
            return role
    return None


def _money_before(before: str) -> str | None:
    """The last money word before the figure; of two ending at one place, the longer."""
    words = [m for m in re.finditer(r"[A-Za-z]+", before) if m.group().lower() in _MONEY_EN]
    found = [(m.end(), len(m.group()), _MONEY_EN[m.group().lower()]) for m in words]
    found += [(m.end(), len(zh), en) for zh, en in _MONEY_ZH for m in re.finditer(zh, before)]
    return max(found)[2] if found else None


def _modifier(text: str) -> str | None:
    text = _TIER.sub(" ", text)  # local government: a tier, not the figure's scope
    text = _WHOLE.sub(" ", text)  # of the national total: the whole's words, not the figure's
    words = set(_words(text))
    for name, spellings in _MODIFIERS:
        for w in spellings:
            if (w in words) if w.isascii() else (w in text):
                return name
    return None


def unique(names: list[str]) -> list[str]:
    """The names made unique in order, with ``_2``, ``_3`` … after a name already used."""
    used: set[str] = set()
    following: dict[str, int] = {}  # the next suffix to try for each name (linear, not n²)
    out = []
    for base in names:
        name, k = base, following.get(base, 2)
        while name in used:
            name, k = f"{base}_{k}", k + 1
        following[base] = k
        used.add(name)
        out.append(name)
    return out


# Words just before a figure that state its sign: a decline (下降5.5%, 负增长, fell by 3%, down 2
# per cent, a decrease of 4%) or a growth.
_DECLINE_BEFORE = re.compile(
    r"""(?:
        下降了?|减少了?|负增长|回落了?|降低了?|下滑了?|减收|缩减了?|下调了?     # 下降5.5%
      | \b(?:fell|dropped|declined|decreased|shrank|contracted|slipped)(?:\s+by)?
      | \bdown(?:\s+by)?
      | \b(?:a|the)\s+(?:decrease|decline|drop|fall|reduction|cut)\s+of
    )\s*(?:about|around|nearly|almost|some|约|近)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_GROWTH_BEFORE = re.compile(
    r"""(?:
        (?<!负)增长了?|增加了?|提高了?|上升了?|增收|增幅为?
      | \b(?:rose|grew|increased|climbed|gained)(?:\s+by)?
      | \bup(?:\s+by)?
      | \b(?:a|an|the)\s+(?:increase|rise|growth|gain)\s+of
    )\s*(?:about|around|nearly|almost|some|约|近)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def stated_sign(claim: str, reported: str) -> int:
    """The sign the words just before a figure state: -1 for a decline (``下降5.5%``,
    ``同比负增长5.5%``, ``fell by 3%``, ``a decrease of 4%``), +1 for a growth, 0 for neither.
    The figure is printed positive; its sign is in the words (a printed ``-2.5%`` is its own).

    >>> stated_sign("同比负增长5.5%", "5.5%"), stated_sign("up 3 per cent", "3 per cent")
    (-1, 1)
    """
    k = claim.find(reported)
    if k < 0:
        return 0
    before = claim[max(0, k - 30) : k]
    if _DECLINE_BEFORE.search(before):
        return -1
    return 1 if _GROWTH_BEFORE.search(before) else 0
