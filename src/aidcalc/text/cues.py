"""The cue words by which a report states how a figure follows from others: one home for them.

Every pattern runs over a *masked* sentence, where each figure is replaced by ``FIG`` (``⟦3⟧``,
the row number between two private-use marks), so a pattern can say where the other figures
of a relation stand. Patterns that end in ``$`` read the words just before a figure (``占…的``),
those that start with ``^`` the words just after it (``of the total``). All are linear: no
nested quantifiers, every gap bounded. :mod:`aidcalc.text.relations` reads them; nothing else keeps
a list of these words.

=================  =========================================================================
``FIG``            a masked figure; its group is the row number
``mask(i)``        the mask of row ``i``
``BEFORE``         family → pattern on the words before a figure
``AFTER``          family → pattern on the words after it
``LIST_COMPLETE``  a list said to be complete (made up of, 由…组成): its parts sum to the total
``LIST_PARTIAL``   a list of some parts (其中, including, of which): parts at most the total
``REST``           the last part named as the rest (the other, the remaining, 其余)
``TOGETHER``       several parts named before, as one (together the three account for)
``MORE_AFTER``     words after an amount that make it a difference ($580 million larger)
``UNDONE_AFTER``   an amount of a whole still to be done (尚有…未拨付, still to be paid)
``BREAKDOWN``      a breakdown of the total just stated (分年度看, 分项目看): its parts follow
``PART_VERB``      a list of parts with its verb said once (A receives …, B … and C …)
``PART_ITEM``      one part of such a list (``the Northwest Territories ⟦k⟧``, ``Y for ⟦k⟧``)
``PART_ASIDE``     a piece of such a list that is not a part (``or ⟦k⟧``, ``including ⟦k⟧``)
``PERIOD_FROM``    the year a total's period starts (2021年以来, since 2021)
``SCOPE``          words that put a figure in another period or scope (累计, 同期, 预计, 计划)
``PREVIOUS``       words naming the previous period (上年, the previous year, a year earlier)
``THAT_IS``        a sentence that refers to the one before (That is, This is)
``BACK_PERIOD``    a sentence that takes the period of the one before (over the period)
``OF_WHOLE_FIRST`` a sentence that opens with its whole (Of the £18.8 billion added, …)
``GENERIC_WHOLE``  words for the paragraph's whole money (of the money, of the funding)
=================  =========================================================================
"""

from __future__ import annotations

import re

__all__ = [
    "AFTER",
    "BACK_PERIOD",
    "BEFORE",
    "BREAKDOWN",
    "FIG",
    "GENERIC_WHOLE",
    "LIST_COMPLETE",
    "LIST_PARTIAL",
    "MORE_AFTER",
    "NOT_A_NAME",
    "OF_WHOLE_FIRST",
    "PART_ASIDE",
    "PART_ITEM",
    "PART_SPLIT",
    "PART_VERB",
    "PERIOD_FROM",
    "PREVIOUS",
    "PREVIOUS_AFTER",
    "PREVIOUS_BEFORE",
    "REAL",
    "REST",
    "SCOPE",
    "THAT_IS",
    "TOGETHER",
    "TOGETHER_BARE",
    "UNDONE_AFTER",
    "UNDONE_STEMS",
    "UNITS",
    "YEAR",
    "mask",
]

OPEN, CLOSE = "\ue000", "\ue001"
FIG = f"{OPEN}(\\d+){CLOSE}"
_F = f"{OPEN}\\d+{CLOSE}"  # a figure, not captured
_X = re.VERBOSE | re.IGNORECASE


def mask(i: int) -> str:
    """The mask of row ``i`` in a masked sentence."""
    return f"{OPEN}{i}{CLOSE}"


def _words(pattern: str) -> str:
    """A VERBOSE pattern with ``FIG`` and ``F`` spelt out."""
    return pattern.replace("FIG", FIG).replace("ANY", _F)


#: A year as reports write it: ``2023``, ``2023年``, fiscal ``2024-25`` (any dash); group 1.
YEAR = re.compile(
    r"(?<![\d.])(?<!\d,)((?:19|20)\d\d)(?:\s*[-‐‑–—/]\s*\d{2}(?!\d)|年度?|财年)?(?![\d.,%])"
)

BEFORE: dict[str, re.Pattern[str]] = {
    # 完成年初预算103500万元的46.6% · 为调整预算9200万元的101.7% · 占年初预算…的45.6%
    "completion": re.compile(
        _words(r"""
        (?:完成|为|占|达到|是)了?                       # completed / is / takes
        (?P<scope>年初|调整后?|全年|年度)?的?            # which budget
        预算(?:数|目标)?                                # the budget
        (?:(?P<base>FIG))?                              # its figure, when printed here
        的?(?:比例)?(?:为|达)?\s*$
        """),
        _X,
    ),
    # 占一般公共预算收入的64.4% · 占抽查资金的14.3% · 占比超过 · 的比重为72.4% · 占近
    "share": re.compile(
        _words(r"""
        (?:占比 | 比重 | 所占比例                                   # unnamed whole
          | (?:拨付|支出|执行|到位|使用|支付)率                     # 拨付率: of the total
          | 占(?P<whole>[^占，,。；;]{0,40}?)的?(?:比重|比例|份额)?)  # 占 W 的 (比重)
        (?:为|达到?|约为?)?\s*$
        """),
        _X,
    ),
    # accounts for 55.6 per cent · makes up · represents · , or 48.6 per cent · (39.5 per cent)
    "share_en": re.compile(
        _words(r"""
        (?:accounts?\s+for|accounting\s+for|makes?\s+up|made\s+up|represents?
          |representing|comprises?)\s*$
        """),
        _X,
    ),
    "apposition": re.compile(r"(?:,\s*or|\(|—|–)\s*(?:about|around|some|nearly)?\s*$", _X),
    # 个百分点 and % alike: 较上年同期的69.2%提高 · 下降 · up … on its … share
    "rise": re.compile(
        _words(r"""
        (?:同比|比上年同期|较上年同期|比上年|较上年|比去年|较去年)?
        (?:增长|增加|上升|提高|增收|多收|上涨|高出|高|\bup|\brose|\brising|\bgrew|\bgrowing
          |\bincreased?|\bincreasing|\bhigher|growth\s+of|an?\s+(?:\w+\s+)?increase\s+of
          |a\s+(?:\w+\s+)?rise\s+of|a\s+change\s+of|changed?\s+by)
        (?:\s*(?:了|by|of))?\s*$  # rose by · 增长了 (a space before by)
        """),
        _X,
    ),
    "fall": re.compile(
        _words(r"""
        (?:同比|比上年同期|较上年同期|比上年|较上年)?
        (?:下降|减少|降低|回落|下滑|减收|负增长|低于|低|\bdown|\bfell|\bfalling|\bfalls?|\bdropped
          |\bdeclined?|\blower|\bcut|a\s+decrease\s+of|a\s+decline\s+of|a\s+fall\s+of
          |a\s+drop\s+of|a\s+cut\s+of)
        (?:\s*(?:了|by|of))?\s*$  # falls by · 下降了
        """),
        _X,
    ),
    # a comparison's base written before the change: 比2022年的44.3亿元增长 · 较上年同期的69.2%提高
    "base": re.compile(
        _words(r"""
        (?:比|较|与|同)(?P<words>[^比较，,。；;]{0,24}?)(?P<base>FIG)的?
        (?:相比|相较)?[^，,。；;]{0,8}$
        """),
        _X,
    ),
    # 年均增长24.6% · average annual growth of · a year on average (AFTER)
    "annual": re.compile(
        r"(?:年均|年平均)(?:增长|增速|增幅)?(?:为|达)?\s*$"
        r"|average\s+annual\s+(?:growth|increase|rise)\s+(?:rate\s+)?(?:of\s+)?\s*$",
        _X,
    ),
    # 是2019年的2.6倍 · 相当于上年的 · 为…的
    "multiple": re.compile(
        _words(r"""
        (?:是|为|相当于|达到)(?P<words>[^是，,。；;]{0,20}?)(?P<base>FIG)?的\s*$
        """),
        _X,
    ),
    # 县均7800万元 · 平均每县 · 户均 · 人均 · 生均 · an average of · each … will have
    "average": re.compile(
        _words(r"""
        (?P<zh>(?P<unit>[县户人生校村乡镇省市区])均|平均每(?:个|所|名)?(?P<unit2>[县户人生校村乡镇省市区]))
        [\u4e00-\u9fff]{0,10}?(?:获得|投入|安排|补助|资金|为|达|约)?\s*$  # 县均投入…资金数达
        | (?:an\s+)?average\s+of\s*$
        | averag(?:es|ing)\s*$
        | on\s+average\b[^,.;]{0,60}?\b(?:have|has|get|gets|receive|receives|spend)\s*$
        | \beach\b[^,.;]{0,40}?\b(?:have|has|get|gets|receive|receives)(?:\s+on\s+average)?\s*$
        | \b(?:comes|come|works?\s+out)\s+(?:to|at)\s*$
        """),
        _X,
    ),
    # an increase of £1.08 billion · 增收3280万元 · 增支3790万元 · 比上年增加11.7亿元
    # (an amount that is a change)
    "increment": re.compile(
        _words(r"""
        (?:增收|多收|增支|多支|增加|增长|上升|提高|高出|\bup\s+by|an?\s+(?:\w+\s+)?(?:increase|rise|uplift)\s+of
          |\b(?:increased?|rises?|rose|grew|grows?|goes\s+up|went\s+up|higher)\s+by)\s*$
        """),
        _X,
    ),
    "decrement": re.compile(
        _words(r"""
        (?:减收|少收|减支|少支|减少|下降|降低|低于|\bdown\s+by|an?\s+(?:\w+\s+)?(?:decrease|fall|drop|cut)\s+of
          |\b(?:fell|falls?|decreased?|cut|dropped|drops?|lower)\s+by)\s*$
        """),
        _X,
    ),
    # the level a change starts from: from £13.84 billion · 由…
    "from": re.compile(r"(?:\bfrom|由|从)\s*(?:about|around|some)?\s*$", _X),
    # the level it goes to: to £14.92 billion · 增长到 · 达到
    "to": re.compile(r"(?:\bto|增长到|增加到|提高到|下降到|减少到|降至|增至|达到|至)\s*$", _X),
}

AFTER: dict[str, re.Pattern[str]] = {
    # … of the national total (of $17.5 billion) · of the state's allocation · of the increase
    "of_whole": re.compile(
        _words(r"""
        ^\s*of\s+(?P<whole>(?:the|its|this|that|their|all|[A-Z][\w-]+'s)\s[^,.;()]{0,60}?)
        (?:\s+of\s+(?P<base>FIG))?(?=\s*(?:[,.;()]|$|\s+(?:and|while|but|in|for)\b))
        """),
        _X,
    ),
    # Nearly two thirds of the money, £416 million, goes to …: the part right after the whole
    "part_after": re.compile(
        _words(r"""
        ^\s*of\s+(?:the|its|this|that|their|all)\s[^,.;()]{0,60}?,\s*
        (?:about\s+|around\s+|some\s+|nearly\s+)?(?P<part>FIG)\s*[,)—–]
        """),
        _X,
    ),
    # 4.1 percent below the national figure · 12 per cent above the ⟦k⟧ (a relative difference)
    "than": re.compile(
        _words(r"""
        ^\s*(?:(?P<less>below|under|lower\s+than|less\s+than)|above|higher\s+than|more\s+than)
        \s+(?:(?:the\s+|its\s+)?(?P<base>FIG)|the\s+(?P<words>[^,.;()]{1,40}?)(?=\s*(?:[,.;()]|$)))
        """),
        _X,
    ),
    "budget": re.compile(
        r"^\s*of\s+(?:the|its)\s+(?:annual\s+|adjusted\s+|original\s+)?budget", _X
    ),
    # up 8.7 per cent from the previous year · on the $6,504 million of 2024-25 · from $45.1 million
    "base_en": re.compile(
        _words(r"""
        ^\s*(?:from|on|over|than|compared\s+with|against)\s+
        (?:(?P<words>[^,.;()，。；：、]{0,30}?)(?P<base>FIG)|(?P<named>[^,.;()，。；：、]{0,30}))
        """),
        _X,
    ),
    "times": re.compile(
        _words(r"""
        ^\s*(?:the\s+|that\s+of\s+|as\s+much\s+as\s+|those\s+of\s+)?
        (?:(?P<lead>[^,.;()，。；：、]{0,30}?)(?P<base>FIG)|(?P<words>[^,.;()，。；：、]{0,30}))
        """),
        _X,
    ),
    "annual": re.compile(
        r"^\s*(?:a\s+year\s+on\s+average|a\s+year|per\s+year|annually|on\s+average\s+a\s+year)\b",
        _X,
    ),
    # $84,000 per district · per pupil · per person · for each county
    "per": re.compile(r"^\s*(?:per|a|for\s+each|for\s+every)\s+(?P<unit>[a-z]+(?:\s+[a-z]+)?)", _X),
    "each": re.compile(r"^\s*(?:each|apiece)\b", _X),
    "points": re.compile(r"^\s*(?:个)?百分点|^\s*percentage\s+points?", _X),
}

#: A list said to be complete: its parts sum to the total before it.
LIST_COMPLETE = re.compile(
    r"made\s+up\s+of|consist(?:s|ing)\s+of|compris(?:es|ing)|composed\s+of|split\s+(?:into|between)"
    r"|divided\s+into|由[^，,。]{0,12}组成|分为|包括[^，,。]{0,6}[两二三四五](?:部分|项|类)",
    _X,
)
#: A list of some parts: each at most the total, their sum too.
LIST_PARTIAL = re.compile(r"其中|\bincluding\b|\bof\s+which\b|\bamong\s+them\b|\bincludes\b", _X)
#: The last part named as the rest of the total.
REST = re.compile(r"(?:\bthe\s+(?:other|remaining)|\bthe\s+rest\b|其余|剩余|其他)\s*$", _X)
#: A sentence that opens with its whole: ``Of the £18.8 billion added, council tax supplied …``.
OF_WHOLE_FIRST = re.compile(_words(r"^\s*of\s+(?:the\s+)?(?P<whole>FIG)"), _X)
#: Words for the paragraph's whole money when no figure's own words name it: of the money, of
#: the funding.
GENERIC_WHOLE = re.compile(r"money|funding|fund|sum|pot|cash", _X)
#: Words after an amount that make it a difference: ``$580 million larger`` (or smaller: the
#: group ``less``), ``the £18.8 billion added over the period``.
MORE_AFTER = re.compile(
    r"^\s*(?:larger|more|higher|bigger|greater|(?P<less>smaller|less|lower)"
    r"|added(?=\s+(?:over|in|since|during|between)\b))\b",
    _X,
)
#: An amount of a whole still to be done: ``尚有⟦k⟧未拨付到位`` · ``leaves ⟦k⟧ still to be paid``;
#: the verb (group ``verb``) is the one the done part's words use (拨付, payments).
UNDONE_AFTER = re.compile(
    r"^\s*(?:still\s+)?(?:to\s+be\s+|un)(?P<verb>paid|spent|disbursed|allocated)\b"
    r"|^\s*(?:未|尚未|没有)(?P<zh>拨付|支付|到位|使用|下达|支出|整改)",
    _X,
)
#: The stems by which the done part's words name the verb of an English ``UNDONE_AFTER``.
UNDONE_STEMS = {
    "paid": ("paid", "pay"),
    "spent": ("spent", "spend"),
    "disbursed": ("disburs",),
    "allocated": ("allocat",),
}
#: Several parts named before, as one: ``together the three account for`` · ``together the two
#: states take`` (group ``n``, the number of parts).
TOGETHER = re.compile(
    r"\btogether\s+(?:the\s+|these\s+|those\s+)?(?P<n>two|three|four|five|[2-9])\b[^,.;]{0,30}?"
    r"\b(?:account\s+for|accounted\s+for|take|took|receive|received|get|got|make\s+up|made\s+up"
    r"|have|had|represent|represented)\s*$",
    _X,
)
#: The same, said right before the share, after a list in its sentence: ``Health receives A,
#: education B and water C, together 58% of the total`` (the parts: the list before it).
TOGETHER_BARE = re.compile(r"\b(?:together|combined|between\s+them)\s*,?\s*$", _X)
#: A breakdown of the total just stated: 分年度看 · 分项目看 · 从地区看 · 按用途分 (its parts
#: follow, one a clause).
BREAKDOWN = re.compile(r"(?:分|从|按)[\u4e00-\u9fff]{1,4}?(?:来看|看|分)\s*[，,：:]")
#: A list of parts with the verb said once, at the start of a sentence (or after its colon):
#: ``Nunavut receives ⟦a⟧, the Northwest Territories ⟦b⟧ and Yukon ⟦c⟧`` · ``Equalization accounts
#: for ⟦a⟧, the Canada Health Transfer for ⟦b⟧`` (``adds``: the list goes on from the sentences
#: before). What follows the verb is split at its commas
#: and its "and"s (``PART_SPLIT``), each piece a ``PART_ITEM`` or a ``PART_ASIDE``.
PART_VERB = re.compile(
    r"^\s*(?P<name>[A-Za-z][^,;:()\ue000]{0,60}?)\s+"
    r"(?P<verb>receives?|gets?|accounts?\s+for|takes?|is\s+allocated|are\s+allocated|adds?)\s+",
    _X,
)
PART_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", _X)
#: One part of such a list: a name (not in the first piece: the verb's subject), ``for``, the
#: figure, the whole it is of (``of the rise``), a share in brackets; ``the remaining`` makes
#: the list complete.
PART_ITEM = re.compile(
    _words(r"""
    ^\s*(?P<name>[A-Za-z][\w'’.-]*(?:\s+[\w'’.-]+){0,6}?\s+)??(?:for\s+)?
    (?P<rest>the\s+(?:remaining|other|rest(?:\s+of\s+the)?)\s+)?FIG
    (?:\s+of\s+(?P<of>(?:the|its|their|all)\s+[a-z][a-z\s'’-]{0,40}?))?
    (?:\s*\(ANY\))?\s*\.?\s*$
    """),
    _X,
)
#: Words no part's name has: a clause of its own (``, while education spending totals ⟦k⟧``).
NOT_A_NAME = re.compile(
    r"\b(?:while|whereas|but|although|though|as|which|who|that|is|are|was|were|has|have|had"
    r"|totals?|totall?ed|receives?|received|gets?|got|takes?|took|adds?|added|rose|rises|fell"
    r"|falls|increased|decreased|grew|amounts?)\b",
    _X,
)
#: A piece of such a list that is no part of it: the share of the part before (``or ⟦k⟧``), a
#: part of that part (``including ⟦k⟧ earmarked for social care``).
PART_ASIDE = re.compile(
    _words(r"""
    ^\s*(?:or\s+(?:about\s+|around\s+|nearly\s+|some\s+)?ANY\s*\.?\s*$
      |(?:including|of\s+which)\b)
    """),
    _X,
)
#: The year a total's period starts: 2021年以来 · 自2021年 · since 2021 · from 2021 (group 1).
PERIOD_FROM = re.compile(
    r"((?:19|20)\d\d)\s*年(?:以来|来)|自((?:19|20)\d\d)年|\bsince\s+((?:19|20)\d\d)\b", _X
)
#: Words that put a figure in another period or scope than the one compared with.
SCOPE = re.compile(
    r"累计|预计|计划|预算|\bcumulative|\bplanned|\bforecast|\bprojected|\bbudgeted", _X
)
#: A change in real terms (or at comparable prices): it needs prices the text does not give.
REAL = re.compile(r"\breal\s+terms|\bin\s+real\b|\binflation|实际增长|可比口径|可比价格", _X)
#: Words naming the previous period (the base of 同比 and "from the previous year").
PREVIOUS = re.compile(
    r"上年|去年|上一年|前一年|上一轮|同期|\blast\s+year|\bprevious\s+year|\ba\s+year\s+(?:earlier|ago|before)"
    r"|\bthe\s+year\s+before|\bprior\s+year",
    _X,
)
#: A figure named as of the previous period: 上年的X, 上年为X, 上一轮审计后的X (before it) …
PREVIOUS_BEFORE = re.compile(
    r"(?:上年|去年|上一年|前一年|上一轮|同期)[^，,。；;比较]{0,8}?(?:的|为|是|达|有)\s*$"
)
#: … or X a year earlier, X the year before, X in the previous year (after it).
PREVIOUS_AFTER = re.compile(
    r"^\s*(?:a\s+year\s+(?:earlier|ago|before)|the\s+year\s+before|(?:in\s+)?the\s+previous\s+year"
    r"|last\s+year|(?:in\s+)?the\s+prior\s+year)",
    _X,
)
#: A sentence that refers to the one before it: its relation may use that sentence's figures.
THAT_IS = re.compile(r"^\s*(?:that|this|it)\s+(?:is|was|means|represents)\b", _X)
#: Words by which a sentence takes the period of the one before: the £18.8 billion added over
#: the period (its from … to is that sentence's).
BACK_PERIOD = re.compile(
    r"\b(?:over|in|during)\s+(?:the\s+same|that|this|the)\s+(?:period|time|years)\b|此期间|同期间",
    _X,
)

#: What a per-unit average divides by, by the word a report writes: the words a count of those
#: units is followed by (Chinese unit characters, English nouns and their plurals).
UNITS: dict[str, tuple[str, ...]] = {
    "县": ("县", "county", "counties"),
    "户": ("户", "household", "households"),
    "人": ("人", "person", "people", "resident", "residents", "capita", "head", "inhabitants"),
    "生": ("学生", "名学生", "pupil", "pupils", "student", "students"),
    "校": ("校", "所学校", "所", "school", "schools"),
    "村": ("村", "village", "villages"),
    "乡": ("乡", "township", "townships"),
    "镇": ("镇", "town", "towns"),
    "省": ("省", "province", "provinces"),
    "市": ("市", "city", "cities"),
    "区": ("区", "district", "districts"),
    "county": ("county", "counties", "县"),
    "district": ("district", "districts"),
    "pupil": ("pupil", "pupils", "student", "students", "child", "children"),
    "student": ("pupil", "pupils", "student", "students"),
    "child": ("child", "children", "pupil", "pupils"),
    "person": ("person", "people", "resident", "residents", "inhabitants", "population"),
    "capita": ("person", "people", "resident", "residents", "inhabitants", "population"),
    "head": ("person", "people", "resident", "residents", "inhabitants", "population"),
    "resident": ("resident", "residents", "people", "inhabitants", "population"),
    "province": ("province", "provinces"),
    "state": ("state", "states"),
    "council": ("council", "councils"),
    "school": ("school", "schools"),
    "household": ("household", "households"),
}
