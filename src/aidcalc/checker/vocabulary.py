"""The words reports use around their figures: qualifiers, units, currencies, counters, fractions.

Every word list that :mod:`aidcalc.checker.wording` (the grammar) and :mod:`aidcalc.text.extract`
(finding figures in running text) use lives here once; both derive what they need from these tables.
Currency words come from :data:`aidcalc.core.figures.CURRENCIES`; number words from
:mod:`aidcalc.checker.numerals`.
"""

from __future__ import annotations

import enum
import re

from aidcalc.core.figures import CURRENCIES, CURRENCY_PREFIXES, CURRENCY_SUFFIXES, Kind
from aidcalc.core.units import SCALES


class Qualifier(enum.Enum):
    """How the report qualifies its figure; each gives the interval in the module's table."""

    PLAIN = "plain"
    ABOUT = "about"
    NEARLY = "nearly"
    ODD = "odd"
    MORE_THAN = "more than"
    AT_LEAST = "at least"
    LESS_THAN = "less than"
    AT_MOST = "at most"
    RANGE = "range"
    BY_RULE = "by rule"  # a rate a rule fixes (按1%提取, the statutory 5%): exact


_ABOUT = Qualifier.ABOUT
#: Qualifier words before a figure, by the interval they give (README's wording table).
PREFIXES: list[tuple[str, Qualifier]] = sorted(
    [
        *((w, _ABOUT) for w in ("about", "around", "approximately", "approx.", "roughly", "some")),
        *((w, _ABOUT) for w in ("circa", "c.", "ca.", "~", "≈", "约", "大约", "大概", "约为")),
        *((w, Qualifier.NEARLY) for w in ("nearly", "almost", "close to", "just under")),
        *((w, Qualifier.NEARLY) for w in ("近", "将近", "接近", "近乎", "几乎")),
        *((w, Qualifier.MORE_THAN) for w in ("more than", "greater than", "over", "above")),
        *((w, Qualifier.MORE_THAN) for w in ("exceeding", "in excess of", ">")),
        *((w, Qualifier.MORE_THAN) for w in ("超过", "超", "逾", "多于", "高于", "过")),
        *((w, Qualifier.AT_LEAST) for w in ("at least", "no less than", "not less than")),
        *((w, Qualifier.AT_LEAST) for w in ("no fewer than", "not fewer than", ">=", "≥")),
        *((w, Qualifier.AT_LEAST) for w in ("至少", "不少于", "不低于")),
        *((w, Qualifier.LESS_THAN) for w in ("less than", "under", "below", "fewer than", "<")),
        *((w, Qualifier.LESS_THAN) for w in ("不到", "少于", "低于", "不足")),
        *((w, Qualifier.AT_MOST) for w in ("at most", "up to", "no more than", "not more than")),
        *((w, Qualifier.AT_MOST) for w in ("<=", "≤", "至多", "最多", "不超过", "不高于")),
        *((w, Qualifier.BY_RULE) for w in ("按", "按照", "statutory", "a statutory rate of")),
    ],
    key=lambda t: -len(t[0]),
)
POSTFIXES: list[tuple[str, Qualifier]] = sorted(
    [
        ("左右", _ABOUT),
        ("上下", _ABOUT),
        ("以上", Qualifier.AT_LEAST),
        ("及以上", Qualifier.AT_LEAST),
        ("以下", Qualifier.AT_MOST),
        ("以内", Qualifier.AT_MOST),
        (" or more", Qualifier.AT_LEAST),
        (" or above", Qualifier.AT_LEAST),
        (" or less", Qualifier.AT_MOST),
        (" or fewer", Qualifier.AT_MOST),
        (" match", Qualifier.BY_RULE),  # a 20 per cent match
    ],
    key=lambda t: -len(t[0]),
)
# Currencies as figures.py knows them: marks and codes before a number, words and codes after it.
CURRENCY_BEFORE: list[tuple[str, str]] = sorted(
    [(w, CURRENCIES[w]) for w in CURRENCY_PREFIXES] + [("￥", "CNY")], key=lambda t: -len(t[0])
)
CURRENCY_AFTER: list[tuple[str, str]] = [(w, CURRENCIES[w]) for w in CURRENCY_SUFFIXES]
# (word, kind, power of ten, shown as)
UNITS: list[tuple[str, Kind, int]] = sorted(
    [
        *((w, Kind.AMOUNT, e) for w, e in SCALES.items()),
        *((w, Kind.PERCENT, -2) for w in ("%", "percent", "per cent")),
        ("成", Kind.PERCENT, -1),
        *((w, Kind.POINTS, -2) for w in ("percentage points", "percentage point", "pp")),
        *((w, Kind.POINTS, -2) for w in ("个百分点", "百分点")),
        *((w, Kind.MULTIPLE, 0) for w in ("times", "倍", "x", "×", "fold", "-fold")),
    ],
    key=lambda t: -len(t[0]),
)
# Chinese measure words after a number: 72个 (县), 25个, 20.7万人 are counts of things
COUNTERS: tuple[str, ...] = tuple(
    sorted(
        (
            *("人次", "户次", "家次", "个", "家", "项", "户", "人", "名", "次", "所", "座", "条"),
            *("位", "处", "村", "批", "期", "场", "件", "台", "辆", "套", "间", "篇", "份"),
        ),
        key=len,
        reverse=True,
    )
)
#: Things counted in Chinese, as English names (县 counties …): a count's name, and what makes a
#: single numeral with a measure word a count (六个省, not 三个代表).
COUNTED_ZH: tuple[tuple[str, str], ...] = (
    ("贫困人口", "poor_people"),
    ("县", "counties"),
    ("村", "villages"),
    ("户", "households"),
    ("人次", "visits"),
    ("人", "people"),
    ("名", "people"),
    ("企业", "enterprises"),
    ("地区", "areas"),
    ("项目", "projects"),
    ("学生", "students"),
    ("干部", "cadres"),
    ("乡镇", "townships"),
    ("城市", "cities"),
    ("学校", "schools"),
)
#: Places and bodies counted after a measure word (六个省): too common alone in other words
#: (全省, 市场) to name a figure, but they make a single numeral a count.
PLACES_ZH: tuple[tuple[str, str], ...] = (
    ("省", "provinces"),
    ("市", "cities"),
    ("区", "districts"),
    ("镇", "towns"),
    ("乡", "townships"),
    ("部门", "departments"),
    ("单位", "units"),
)
#: English nouns that follow a count with a scale word (``7.17 million children``): a plural, or
#: one of these.
COUNTED_NOUNS = frozenset(
    ("people", "children", "staff", "personnel", "population", "livestock", "poultry", "youth")
)
#: Words that end a figure and are no counted things, though they look like plurals.
NOT_COUNTED = frozenset(
    (
        *("is", "was", "has", "this", "its", "as", "us", "plus", "less", "across", "towards"),
        *("thus", "news", "always", "versus", "minus", "bonus", "status", "focus", "basis"),
    )
)
ODD_MARKS = ("多", "余", "-odd", " odd", "-plus", "+")
MULTIPLE_WORDS = {
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "triple": 3,
    "tripled": 3,
    "treble": 3,
    "trebled": 3,
    "quadrupled": 4,
}
DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
}
EN_FRACTION = re.compile(
    r"(a|an|one|two|three|four)?[\s-]*(" + "|".join(DENOMINATORS) + r")", re.IGNORECASE
)
CN_FRACTION = re.compile(r"([一二三四五1-5])分之([一二三四五1-5])")
ARABIC_FRACTION = re.compile(r"(\d+)/(\d+)", re.ASCII)
FANFAN = re.compile(r"翻了?(?:([一二两三四五六七八九十\d]+)番|番)(多)?")
GROWTH = re.compile(r"(增长|增加|提高|上升|扩大)了?")
RANGE_SEPARATORS = (
    re.compile(r"between\s+(.+?)\s+and\s+(.+)", re.IGNORECASE),
    re.compile(r"from\s+(.+?)\s+to\s+(.+)", re.IGNORECASE),
    re.compile(r"(.+?)\s+to\s+(.+)", re.IGNORECASE),
    re.compile(r"(.+?)\s*(?:–|—|~|至|到)\s*(.+)"),
    re.compile(r"(.*?\d)\s*-\s*(\d.*)", re.ASCII),
)
NOT_FIGURES = (
    (re.compile(r".*[\d〇零一二三四五六七八九十]\s*[年月日].*"), "a year or a date, not a figure"),
    (re.compile(r"(in|since|by|until|before|after)\s+\d{4}", re.I), "a year, not a figure"),
    (re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}"), "a date, not a figure"),
    (re.compile(r"\d+\.|\(\d+\)"), "a list number, not a figure"),
    (re.compile(r"第.*|the\s.*|\d+(st|nd|rd|th)", re.I), "an ordinal, not a figure"),
    (re.compile(r".*(no\.|number|document|号|〔).*", re.I), "an identifier, not a figure"),
)


#: Qualifier words written before a figure (``about``, ``约``, ``more than`` …), longest first.
QUALIFIERS_BEFORE: tuple[str, ...] = tuple(w for w, _ in PREFIXES)
#: Currency signs and codes written before a number (``£``, ``US$``, ``RMB``), longest first.
CURRENCIES_BEFORE: tuple[str, ...] = tuple(w for w, _ in CURRENCY_BEFORE)
