"""The words of published tables: totals, subtotals, notes, 其中 parts, rows that are not amounts.

One vocabulary, and everything that looks for these words derives from it: the row-by-row
classifier (:mod:`aidcalc.published.shape`) through :func:`total_label`, :func:`is_footer_start`,
:func:`of_which` and :func:`not_amount`, and the batched path's pre-filter
(:func:`may_be_special`), which sends any batch whose label cells hold a fragment of a word here
to the row-by-row sift. Labels are compared in one normal form (:func:`key`): NFKC (so full-width
``ＴＯＴＡＬ`` is ``total``), case-folded, traditional characters mapped to simplified (``合計`` is
``合计``), without spaces or punctuation (``合  计：`` is ``合计``).

==============================  ===============================================================
``GRAND_ZH``, ``GRAND_EN``      grand totals: ``合计``, ``总计``, ``全国``; ``Total``, ``Overall``
``GRAND_OTHER``                 ``Insgesamt``, ``Total général``, ``計`` …
``ALL_EN``                      ``All X`` (``All States``, ``All regions``) is a grand total
``SUBTOTAL_ZH``, ``_EN``        ``小计``, ``Subtotal``
``FOOTER_ZH``, ``FOOTER_EN``    a note under the table starts with these (``注：``, ``Source:``)
``OF_WHICH``                    ``其中``, ``of which``, ``including``: parts of the row above
``NOT_AMOUNT_ZH``, ``_EN``      rows of rates, not amounts: ``增长%``, ``Per capita``, ``Change``
``MISSING``                     cells that say "no figure": ``..``, ``-``, ``n/a``
``AMOUNT_NAMES``                column names that mean "the amount"
==============================  ===============================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import Enum

from aidcalc.core.lazy import lazy
from aidcalc.published.codes import prefix_heads

__all__ = [
    "ALL_EN",
    "AMOUNT_NAMES",
    "COUNTIES_COLUMN_NAMES",
    "COUNTY_BRACKETS",
    "COUNTY_COLUMN_NAMES",
    "COUNT_UNITS",
    "FOOTER_EN",
    "FOOTER_MARKS",
    "FOOTER_ZH",
    "GRAND_EN",
    "GRAND_OTHER",
    "GRAND_ZH",
    "HEADING_NUMBERS",
    "HEADING_STYLES",
    "MISSING",
    "NOT_AMOUNT_EN",
    "NOT_AMOUNT_ZH",
    "OF_WHICH",
    "PER_UNITS",
    "SUBTOTAL_EN",
    "SUBTOTAL_ZH",
    "TOTAL_SUFFIX_ZH",
    "WORDS",
    "LabelKind",
    "heading_style",
    "indent",
    "is_footer_start",
    "is_heading",
    "is_missing_marker",
    "key",
    "may_be_special",
    "norm",
    "not_amount",
    "of_which",
    "simplified",
    "total_label",
]

# ---------------------------------------------------------------------------------------------
# The words (written simplified and in lower case; the normal form finds the other scripts)

#: Labels that are a grand total on their own.
GRAND_ZH = ("合计", "总计", "共计", "总体", "全部", "总", "全国", "全省", "全市", "全区", "全县")
GRAND_EN = (
    "total",
    "totals",
    "grand total",
    "overall",
    "overall total",
    "total all",
    "all total",
    "altogether",
    "in total",
)
#: Grand totals in other languages of published tables (German, French, Spanish, Italian, Japanese).
GRAND_OTHER = ("insgesamt", "gesamt", "summe", "total général", "total general", "totale", "计")
#: ``X合计`` is a total of X (a subtotal when X is a group above); ``X小计`` a subtotal.
TOTAL_SUFFIX_ZH = ("合计", "总计", "共计")
SUBTOTAL_ZH = ("小计",)
SUBTOTAL_EN = ("subtotal", "subtotals", "sub-total", "sub total")
#: ``All States``, ``All regions``: every row together.
ALL_EN = ("all",)
#: A note or a source under the table.
FOOTER_ZH = ("注", "说明", "备注", "资料来源", "数据来源", "来源")
FOOTER_EN = ("note", "notes", "source", "sources", "footnote", "footnotes")
FOOTER_MARKS = ("*", "※", "†", "‡")
#: Superscript digits: a footnote marker on a label (``Total¹``) or leading a note (``¹ Source``).
FOOTNOTE_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
#: Parts of the row above.
OF_WHICH = ("其中", "of which", "including")
#: Rows that are rates, shares, changes or averages: never summed with amounts.
NOT_AMOUNT_ZH = (
    "人均",
    "增长",
    "增幅",
    "增速",
    "增减",
    "占比",
    "比重",
    "比例",
    "指数",
    "平均",
    "均值",
    "中位数",
    "%",
)
#: What a rate is given per, after a slash (元/人, USD/person): a row of rates, not amounts.
PER_UNITS = ("人", "户", "person", "head", "capita")
NOT_AMOUNT_EN = (
    "per capita",
    "per person",
    "per head",
    "per cent",
    "percent",
    "percentage",
    "change",
    "growth",
    "index",
    "average",
    "mean",
    "median",
    "%",
)
#: Words in brackets after a total word that make it a total of part of the rows: 合计（不含X）.
QUALIFIERS = ("含", "除", "excluding", "including", "excl", "incl", "except", "without", "less")
#: Numbering that opens a heading row: 一、东部地区, （二）, Part I.
HEADING_NUMBERS = "一二三四五六七八九十"
#: Each style of numbering headings (a level of headings), and its pattern at the start of a label.
HEADING_STYLES = (
    ("一、", rf"[{HEADING_NUMBERS}]+\s*[、.．](?![{HEADING_NUMBERS}]+[级类等档])"),  # not 一、二级
    ("（一）", rf"[(（][{HEADING_NUMBERS}]+[)）]"),
    ("Part I", r"part\s+[ivx\d]+\b"),
)
#: Cells that say "no figure" (not zero).
MISSING = frozenset({"..", "...", "…", "-", "--", "–", "—", "——", "x", "n/a", "na", "*", ":", "/"})
#: Column names that mean "the amount" (compared in lower case, without a unit in brackets).
#: Columns that name each row's currency (``USD``, ``EUR``): amounts in two currencies are never
#: added (a table in one currency names it in its unit or its cells, not in a column).
CURRENCY_COLUMN_NAMES = frozenset(
    {"currency", "currencies", "ccy", "currency code", "货币", "币种", "币别"}
)

#: Columns that count counties, found without being named (with a note): the county of each
#: row (its names are counted; ``县（市、区）`` is read ``县`` with ``市、区`` in its brackets), or
#: the number of counties of each row; a county column whose brackets give a count unit
#: (``县（个）``, ``County (number)``) counts them, one in any other unit (``县（万元）``) neither.
COUNTY_COLUMN_NAMES = frozenset({"county name", "县名", "县名称", "区县", "县区", "县市区"})
COUNTY_BRACKETS = frozenset({"市、区", "市,区", "市区", "区、市", "市", "区", "区、县", "市、县"})
COUNTIES_COLUMN_NAMES = frozenset(
    {"number of counties", "no. of counties", "县数", "县个数", "区县数", "县（市、区）数"}
)
COUNT_UNITS = frozenset({"个", "个数", "家", "number", "no.", "no", "count"})

AMOUNT_NAMES = frozenset(
    {
        "amount",
        "amounts",
        "金额",
        "资金",
        "资金额",
        "拨付资金",
        "funding",
        "funds",
        "allocation",
        "allocations",
        "value",
    }
)

#: Every word of the vocabulary that marks a row as something other than data.
WORDS: tuple[str, ...] = (
    GRAND_ZH
    + GRAND_EN
    + GRAND_OTHER
    + TOTAL_SUFFIX_ZH
    + SUBTOTAL_ZH
    + SUBTOTAL_EN
    + ALL_EN
    + FOOTER_ZH
    + FOOTER_EN
    + FOOTER_MARKS
    + OF_WHICH
    + NOT_AMOUNT_ZH
    + NOT_AMOUNT_EN
)

# Traditional characters of the words above (and of column names), to simplified.
_TRADITIONAL = str.maketrans(
    "計總體國區縣說備註來資額數據長幅減佔重例項類別際數標準單位億萬元",
    "计总体国区县说备注来资额数据长幅减占重例项类别际数标准单位亿万元",
)


def simplified(text: str) -> str:
    """Traditional characters of the vocabulary mapped to simplified: ``合計`` → ``合计``."""
    return text.translate(_TRADITIONAL)


def norm(text: str) -> str:
    """NFKC, trimmed, traditional mapped to simplified: ``ＴＯＴＡＬ`` → ``TOTAL``."""
    return simplified(unicodedata.normalize("NFKC", text)).strip()


def key(text: str) -> str:
    """A label compared without case, spaces or punctuation: ``合  計：`` → ``合计``."""
    return "".join(c for c in norm(text).casefold() if c.isalnum() and c != "_")


# ---------------------------------------------------------------------------------------------
# The batched path's pre-filter, derived from the words


def _fragment(word: str) -> str:
    k = key(word)
    return k if k else word


#: What the pre-filter looks for in the key form of each label cell: every word's key, and marks.
_FRAGMENTS: tuple[str, ...] = tuple(sorted({_fragment(w) for w in WORDS}, key=len))
_STRIP = lazy(r"[^\w\n%*※†‡]|_")
#: Marks of a row that may stand above its block (:mod:`aidcalc.published.heads`): a label
#: indented (leading spaces, U+3000 is one after NFKC) or numbered as a heading.
_MARKED = lazy(r"\n(?:[^\S\n]|" + "|".join(p for _, p in HEADING_STYLES) + ")", re.IGNORECASE)


def may_be_special(labels: Iterable[str]) -> bool:
    """Whether any of these label cells may hold a word of the vocabulary (or is blank, indented,
    numbered as a heading, or a code beginning another, ``201`` of ``20101``: a row that may stand
    above its block): then its rows go through the row-by-row sift. Never wrong the other way:
    every label whose key holds a word of :data:`WORDS` is caught (``test_tablewords.py``).

    >>> may_be_special(["Kent", "Surrey"]), may_be_special(["Kent", "ＴＯＴＡＬ"])
    (False, True)
    """
    cells = list(labels)
    if any(not c.strip() for c in cells):
        return True
    text = simplified(unicodedata.normalize("NFKC", "\n" + "\n".join(cells) + "\n")).casefold()
    if _MARKED.search(text) or _NOT_AMOUNT.search(text) or prefix_heads(cells):  # 元/人; 201
        return True
    text = _STRIP.sub("", text)
    return any(f in text for f in _FRAGMENTS)


def word_piece(label: str) -> bool:
    """Whether a label's key form is a piece of a word of the vocabulary (``计`` of ``合计``,
    ``All`` of ``All total``): beside the cell next to it, it may complete the word.

    >>> word_piece("计"), word_piece("Kent"), word_piece("resources")
    (True, False, False)
    """
    k = _STRIP.sub("", simplified(unicodedata.normalize("NFKC", label)).casefold()).strip()
    return bool(k) and any(k in f for f in _FRAGMENTS)


def special_sql(cell: str) -> str:
    """The pre-filter for a database (DuckDB's SQL) to run over many values: true for every cell
    :func:`may_be_special` flags, and for some it does not — a blank or NULL cell; any cell with a
    character outside ASCII (NFKC and the Traditional forms are Python's to apply) or a newline;
    an ASCII cell that opens with a space or a heading's number (``Part I``), or whose letters,
    digits and marks hold a fragment of the vocabulary in order, with only the characters the key
    form strips between them (``T.o.t.a.l``). ``cell`` is an SQL expression.

    >>> special_sql("c").startswith("(c IS NULL OR regexp_full_match(c, ")
    True
    """
    gap = "[^a-z0-9%*]*"
    space = "[\\t-\\r\\x1c-\\x1f ]"  # Python's \\s in ASCII (RE2's lacks some)
    ascii_words = [gap.join(re.escape(ch) for ch in f) for f in _FRAGMENTS if f.isascii()]
    # a cell that opens with a space, or numbered as a heading in ASCII (Part I); a newline
    # inside a cell starts a line the Python pre-filter reads as a cell of its own
    marks = [space] + [
        p.replace("\\s", space).replace("\\d", "0-9") for _, p in HEADING_STYLES if p.isascii()
    ]
    per = "/" + space + "*(?:" + "|".join(u for u in PER_UNITS if u.isascii()) + ")"
    pattern = "|".join(["[^\\x00-\\x7f]", "\\n", f"^(?:{'|'.join(marks)})", per, *ascii_words])
    return (
        f"({cell} IS NULL OR regexp_full_match({cell}, '{space}*')"
        f" OR regexp_matches(lower({cell}), '{pattern}'))"
    )


# ---------------------------------------------------------------------------------------------
# What a label says


class LabelKind(Enum):
    """What a total label says on its own."""

    TOTAL = "total"
    SUBTOTAL = "subtotal"


_GRAND_KEYS = frozenset(key(w) for w in GRAND_EN + GRAND_ZH + GRAND_OTHER)
_SUB_KEYS = frozenset(key(w) for w in SUBTOTAL_EN + SUBTOTAL_ZH)
_WHOLE_ZH = frozenset(w for w in GRAND_ZH if w.startswith(("全", "总")))
_CN_TOTAL = lazy(f"^(.*?)({'|'.join(TOTAL_SUFFIX_ZH + SUBTOTAL_ZH)})(数)?$")
_SUB = r"sub-?\s?"
_EN_TOTAL = lazy(
    rf"^(?:(?P<grand>grand\s+|overall\s+)?(?P<sub>{_SUB})?totals?(?:(?P<dash>\s*[:\-–—]\s*)|,?\s+)"
    r"(?:for\s+|of\s+)?(?P<x>.+)"
    rf"|(?P<y>.+?)\s*[:\-–—]?\s+(?P<sub2>{_SUB})?totals?)$",
    re.IGNORECASE,
)
_ALL = lazy(rf"^(?:{'|'.join(ALL_EN)})\s+\w[\w\s]*$", re.IGNORECASE)
_FOOTNOTE = lazy(rf"(?<=[^\W\d])(?:\d{{1,2}}|[{FOOTNOTE_DIGITS}]{{1,2}})$")


def total_label(label: str) -> tuple[LabelKind | None, str | None]:
    """What a row's label says on its own: ``(TOTAL, None)`` for a grand total,
    ``(SUBTOTAL, None)`` for a certain subtotal, ``(None, X)`` for ``Total X``/``X合计`` (a subtotal
    of X when X is a group seen above), ``(None, None)`` when it is no total word.

    >>> total_label("合  計"), total_label("甲省 小计")
    ((<LabelKind.TOTAL: 'total'>, None), (<LabelKind.SUBTOTAL: 'subtotal'>, None))
    >>> total_label("Total shire counties"), total_label("All States")
    ((None, 'shire counties'), (<LabelKind.TOTAL: 'total'>, None))
    """
    k = key(label)
    if not k:
        return None, None
    base, inside = _bracketed(label)
    if inside is not None:  # 合计（万元）, Total (a): the words before the brackets decide
        kind, named = total_label(base)
        if kind is not None or named is not None:
            if any(w in inside.casefold() for w in QUALIFIERS):
                return None, inside.strip()  # 合计（不含省本级）: a total of part of the rows
            return kind, named
    if k in _GRAND_KEYS:
        return LabelKind.TOTAL, None
    if k in _SUB_KEYS:
        return LabelKind.SUBTOTAL, None
    m = _CN_TOTAL.match(k)
    if m:
        prefix, word = m.group(1), m.group(2)
        if word in SUBTOTAL_ZH:
            return LabelKind.SUBTOTAL, None
        if not prefix or prefix in _WHOLE_ZH:
            return LabelKind.TOTAL, None
        return None, prefix
    s = " ".join(norm(label).split()).rstrip(":：.。 ")
    if _ALL.match(s):
        return LabelKind.TOTAL, None
    m = _EN_TOTAL.match(s)
    if m:
        if m.group("x") is not None:
            if m.group("sub"):
                return LabelKind.SUBTOTAL, None
            if m.group("grand") or m.group("dash"):  # Total - Federal Support
                return LabelKind.TOTAL, None
            if _ALL.match(m.group("x")):  # Total, all districts
                return LabelKind.TOTAL, None
            return None, m.group("x").strip()
        if m.group("sub2"):
            return LabelKind.SUBTOTAL, None
        return None, m.group("y").strip()
    return None, None


def _bracketed(label: str) -> tuple[str, str | None]:
    """A label split before a bracketed remark at its end: ``合计（万元）`` → ``("合计", "万元")``;
    ``(label, None)`` when it ends in none."""
    text = norm(label)
    if not text.endswith((")", "）")):
        return text, None
    start = max(text.rfind("("), text.rfind("（"))
    if start <= 0:
        return text, None
    return text[:start].strip(), text[start + 1 : -1]


def without_footnote(label: str) -> str:
    """A label without a footnote number glued to its end: ``Canada Health Transfer1`` →
    ``Canada Health Transfer``."""
    return _FOOTNOTE.sub("", label.strip())


_OF_WHICH_WORDS = "|".join(
    w.replace(" ", r"\s+") + (r"\b" if w.isascii() else "") for w in OF_WHICH
)
_OF_WHICH = lazy(rf"^(?:{_OF_WHICH_WORDS})\s*[:：]?\s*(.*)$", re.IGNORECASE)


def of_which(label: str) -> str | None:
    """The part named after ``其中：`` / ``of which`` (``""`` when none), or None.

    >>> of_which("其中：东部"), of_which("东部")
    ('东部', None)
    """
    m = _OF_WHICH.match(norm(label))
    return m.group(1) if m else None


_NOT_AMOUNT = lazy(
    "|".join(re.escape(w) for w in NOT_AMOUNT_ZH)
    + r"|\b(?:"
    + "|".join(w.replace(" ", r"\s+") for w in NOT_AMOUNT_EN if w.isascii() and w[0].isalpha())
    + r")\b|[%‰]|/\s*(?:"
    + "|".join(PER_UNITS)
    + r")\b",
    re.IGNORECASE,
)


def not_amount(label: str) -> bool:
    """Whether a row's label says its figures are rates, shares or changes, not amounts.

    >>> not_amount("增长%"), not_amount("Per Capita Allocation (dollars)"), not_amount("Kent")
    (True, True, False)
    """
    return bool(_NOT_AMOUNT.search(norm(label)))


def is_missing_marker(text: str) -> bool:
    """A cell that says "no figure" (``..``, ``-``, ``–``, ``x``, ``n/a``, ``*``): not zero.

    >>> is_missing_marker("n/a"), is_missing_marker("0")
    (True, False)
    """
    return unicodedata.normalize("NFKC", text).strip().casefold() in MISSING


_FOOTER = lazy(
    r"^(?:\d+\s*[.、)）]\s*)?(?:"
    r"(?:注|说明|备注)(?=$|[\s:：.,，。、(（\d])|资料来源|数据来源|来源\s*[:：]"
    rf"|(?:{'|'.join(FOOTER_EN)})\b|[{''.join(FOOTER_MARKS)}]"
    r")",
    re.IGNORECASE,
)


def is_footer_start(text: str) -> bool:
    """A note or source line after the data: ``注：``, ``说明``, ``Source:``, ``*``, ``2.来源：``.

    >>> is_footer_start("注：1.本表为省级财政资金"), is_footer_start("注册企业")
    (True, False)
    """
    return text.lstrip()[:1] in tuple(FOOTNOTE_DIGITS) or bool(_FOOTER.match(norm(text)))


_HEADING = lazy(
    "^(?:" + "|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(HEADING_STYLES)) + ")",
    re.IGNORECASE,
)


def heading_style(label: str) -> str | None:
    """How a label is numbered as a heading over the rows below it (one of
    :data:`HEADING_STYLES`: each style is one level of headings), or None.

    >>> heading_style("一、东部地区"), heading_style("（二）中部"), heading_style("东部")
    ('一、', '（一）', None)
    """
    m = _HEADING.match(norm(label))
    if m is None:
        return None
    return next(HEADING_STYLES[i][0] for i in range(len(HEADING_STYLES)) if m.group(f"s{i}"))


def is_heading(label: str) -> bool:
    """A label numbered as a heading over the rows below it: ``一、东部地区``, ``（二）``.

    >>> is_heading("一、东部地区"), is_heading("东部")
    (True, False)
    """
    return heading_style(label) is not None


def indent(text: str) -> int:
    """How far a label cell is indented: its leading spaces, a full-width space (U+3000)
    counting two, a tab four.

    >>> indent("  人大事务"), indent("\u3000\u3000普通教育"), indent("教育")
    (2, 4, 0)
    """
    width = 0
    for ch in text:
        if ch == "\u3000":
            width += 2
        elif ch == "\t":
            width += 4
        elif ch.isspace():
            width += 1
        else:
            break
    return width
