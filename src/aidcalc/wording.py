"""Reported figures as reports print them, in English or Chinese, read into the exact interval each
stands for.

=============================  =================================================================
``read_reported(text)``        ``约540亿``, ``nearly two thirds``, ``翻了一番多`` → Reported
``read_number(s, pos)``        a formula literal (``二十八点三一亿``, ``£59.7 billion``) → Figure
``read_quantity(s, pos)``      the same with its kind and currency
``fraction_interval(p, q)``    the values nearer to p/q than to any other fraction of 1 to 5
=============================  =================================================================

X is the figure as written; u is the place value of its last written digit, and 0 when the figure
is exact (the precision rule of :mod:`aidcalc.numbers`: a bare whole number is exact); u' is the
place value of its last non-zero digit (``约540亿``: u' = 10亿).

==========  ==========================================================  ========================
wording     examples                                                    interval
==========  ==========================================================  ========================
plain       ``540亿``, ``51%``, ``six times``                           [X − u/2, X + u/2]
about       about, around, approximately, roughly, some, circa, ~;      [X − u'/2, X + u'/2]
            约, 大约, 大概, X左右, X上下
nearly      nearly, almost, close to, just under; 近, 将近, 接近, 近乎  [X − u'/2, X]
X-odd       ``600多亿``, ``600余亿``, ``60-odd``, ``60-plus``            [X, X + u')
            … after the unit: ``2倍多``, ``七成多``                      [X, X + u)
more than   more than, over, above, exceeding, in excess of;             (X, ∞)
            超过, 逾, 多于, 高于
at least    at least, no less than, not less than; 至少, 不少于,         [X, ∞)
            不低于, X以上, X及以上
less than   less than, under, below, fewer than; 不到, 少于, 低于, 不足  (−∞, X)
at most     at most, up to, no more than, not more than; 至多, 最多,     (−∞, X]
            不超过, 不高于, X以下, X以内
range       ``59.5–59.9 billion``, ``between A and B``, ``26至41万``     [A − u_A/2, B + u_B/2]
==========  ==========================================================  ========================

Fractions (half, a third, two thirds, three quarters, a fifth; 一半, 三分之二; ``2/3``) stand for
the values nearer to them than to any other fraction with a denominator from 1 to 5; with a
qualifier, u'/2 below and above are the distances to those edges. 成 counts tenths (六成 = 60%,
u = 10%). Multiples: ``N times``, ``N-fold``, ``N倍``, ``是…的N倍`` (plain rule); twice, double,
doubled, 翻一番 = 2; tripled, threefold = 3; 翻两番 = 4; 翻N番 = 2^N (each with u = 1); more than
doubled and 翻了一番多 = (2, ∞); ``增长N倍`` is N + 1 times, with the N-times reading kept as an
alternative. Chinese numerals are spellings of Arabic ones: ``两千三百万`` reads as ``2300万``
(u = 1万), ``二十八点三一亿`` as ``28.31亿``; only a final 万 or 亿 is a scale.

Kinds (:class:`aidcalc.figures.Kind`, the one kind enum): a reported figure is an amount (with a
scale word or a currency), a count (a bare number, which names no unit, so it may count things or
be a sum in the report's unit, and a checker lets it stand against any formula; or a number with a
measure word: ``72个``, ``20.7万人``), a percentage, percentage points, a multiple or a
fraction. 成 figures are percentages.

Refused, with the reason: years, dates, list numbers, ordinals, identifiers, two qualifiers on one
figure, an elliptical numeral (``三万五``), a bare whole number in parentheses (a list number). A
figure in parentheses with a unit is an aside, not a negative: ``(3%)`` is 3%.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from fractions import Fraction

from aidcalc.errors import AidcalcError
from aidcalc.figures import (
    CURRENCIES,
    CURRENCY_PREFIXES,
    CURRENCY_SUFFIXES,
    MAX_DIGITS,
    NUMBER,
    Bound,
    Figure,
    Kind,
    normalize,
    scaled,
)
from aidcalc.formatting import format_fixed
from aidcalc.intervals import Interval
from aidcalc.units import SCALES

__all__ = [
    "CURRENCIES_BEFORE",
    "QUALIFIERS_BEFORE",
    "Kind",
    "Qualifier",
    "Reported",
    "fraction_interval",
    "read_number",
    "read_quantity",
    "read_reported",
]


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


@dataclass(frozen=True)
class Reported:
    """A reported figure and the interval it stands for; ``None`` is an unbounded end.

    ``value`` is X as written (a range's midpoint). ``figure`` is the notation, so a computed value
    can be shown like the report (``numbers.format_like``); its value is ``value`` except for
    thirds, which it shows to 0.1%. Use ``lo``/``hi``, not ``figure.half_width``.
    ``alternatives`` are other readings, by name: for ``增长2倍`` ``(("2 times", …),)``.
    """

    text: str
    kind: Kind
    value: Fraction
    lo: Fraction | None
    hi: Fraction | None
    lo_open: bool
    hi_open: bool
    figure: Figure
    currency: str | None
    qualifier: Qualifier
    alternatives: tuple[tuple[str, Reported], ...] = ()

    def contains(self, x: Fraction) -> bool:
        """Whether ``x`` is inside the interval."""
        if self.lo is not None and (x < self.lo or (self.lo_open and x == self.lo)):
            return False
        return not (self.hi is not None and (x > self.hi or (self.hi_open and x == self.hi)))

    def overlaps(self, iv: Interval) -> bool:
        """Whether some value of ``iv`` is inside the interval."""
        if self.lo is not None and (iv.hi < self.lo or (self.lo_open and iv.hi == self.lo)):
            return False
        return not (
            self.hi is not None and (iv.lo > self.hi or (self.hi_open and iv.lo == self.hi))
        )

    def interval(self) -> Interval:
        """The closed interval, for a figure used in later formulas; one-sided ones refuse."""
        if self.lo is None or self.hi is None:
            raise AidcalcError(
                f"a one-sided figure ({self.qualifier.value} …) cannot be computed with",
                value=self.text,
            )
        return Interval(self.lo, self.hi)


# ---------------------------------------------------------------------------------------------
# Vocabulary

_ABOUT = Qualifier.ABOUT
_PREFIXES: list[tuple[str, Qualifier]] = sorted(
    [
        *((w, _ABOUT) for w in ("about", "around", "approximately", "approx.", "roughly", "some")),
        *((w, _ABOUT) for w in ("circa", "c.", "ca.", "~", "≈", "约", "大约", "大概", "约为")),
        *((w, Qualifier.NEARLY) for w in ("nearly", "almost", "close to", "just under")),
        *((w, Qualifier.NEARLY) for w in ("近", "将近", "接近", "近乎", "几乎")),
        *((w, Qualifier.MORE_THAN) for w in ("more than", "greater than", "over", "above")),
        *((w, Qualifier.MORE_THAN) for w in ("exceeding", "in excess of", ">")),
        *((w, Qualifier.MORE_THAN) for w in ("超过", "逾", "多于", "高于", "过")),
        *((w, Qualifier.AT_LEAST) for w in ("at least", "no less than", "not less than")),
        *((w, Qualifier.AT_LEAST) for w in ("no fewer than", "not fewer than", ">=", "≥")),
        *((w, Qualifier.AT_LEAST) for w in ("至少", "不少于", "不低于")),
        *((w, Qualifier.LESS_THAN) for w in ("less than", "under", "below", "fewer than", "<")),
        *((w, Qualifier.LESS_THAN) for w in ("不到", "少于", "低于", "不足")),
        *((w, Qualifier.AT_MOST) for w in ("at most", "up to", "no more than", "not more than")),
        *((w, Qualifier.AT_MOST) for w in ("<=", "≤", "至多", "最多", "不超过", "不高于")),
    ],
    key=lambda t: -len(t[0]),
)
_POSTFIXES: list[tuple[str, Qualifier]] = sorted(
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
    ],
    key=lambda t: -len(t[0]),
)
# Currencies as figures.py knows them: marks and codes before a number, words and codes after it.
_CURRENCY_BEFORE: list[tuple[str, str]] = sorted(
    [(w, CURRENCIES[w]) for w in CURRENCY_PREFIXES] + [("￥", "CNY")], key=lambda t: -len(t[0])
)
_CURRENCY_AFTER: list[tuple[str, str]] = [(w, CURRENCIES[w]) for w in CURRENCY_SUFFIXES]
# (word, kind, power of ten, shown as)
_UNITS: list[tuple[str, Kind, int]] = sorted(
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
_COUNTERS = ("个", "家", "项", "户", "人", "名", "次", "所", "座", "条", "位", "处", "村")
_ODD_MARKS = ("多", "余", "-odd", " odd", "-plus", "+")
_WORD_NUMBERS = {
    w: i + 1
    for i, w in enumerate(
        [
            *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
            *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
            *("eighteen", "nineteen", "twenty"),
        ]
    )
}
_MULTIPLE_WORDS = {
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "triple": 3,
    "tripled": 3,
    "treble": 3,
    "trebled": 3,
    "quadrupled": 4,
}
_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 1, "百": 2, "千": 3}
_CN_BIG = {"万": 4, "亿": 8}
_NUMBER = NUMBER  # a number as written, as in data cells
_DENOMINATORS = {
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
_EN_FRACTION = re.compile(
    r"(a|an|one|two|three|four)?[\s-]*(" + "|".join(_DENOMINATORS) + r")", re.IGNORECASE
)
_CN_FRACTION = re.compile(r"([一二三四五1-5])分之([一二三四五1-5])")
_ARABIC_FRACTION = re.compile(r"(\d+)/(\d+)", re.ASCII)
_FANFAN = re.compile(r"翻了?(?:([一二两三四五六七八九十\d]+)番|番)(多)?")
_GROWTH = re.compile(r"(增长|增加|提高|上升|扩大)了?")
_RANGE_SEPARATORS = (
    re.compile(r"between\s+(.+?)\s+and\s+(.+)", re.IGNORECASE),
    re.compile(r"from\s+(.+?)\s+to\s+(.+)", re.IGNORECASE),
    re.compile(r"(.+?)\s+to\s+(.+)", re.IGNORECASE),
    re.compile(r"(.+?)\s*(?:–|—|~|至|到)\s*(.+)"),
    re.compile(r"(.*?\d)\s*-\s*(\d.*)", re.ASCII),
)
_NOT_FIGURES = (
    (re.compile(r".*[\d〇零一二三四五六七八九十]\s*[年月日].*"), "a year or a date, not a figure"),
    (re.compile(r"(in|since|by|until|before|after)\s+\d{4}", re.I), "a year, not a figure"),
    (re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}"), "a date, not a figure"),
    (re.compile(r"\d+\.|\(\d+\)"), "a list number, not a figure"),
    (re.compile(r"第.*|the\s.*|\d+(st|nd|rd|th)", re.I), "an ordinal, not a figure"),
    (re.compile(r".*(no\.|number|document|号|〔).*", re.I), "an identifier, not a figure"),
)


# ---------------------------------------------------------------------------------------------
# The figure at the centre of a wording


@dataclass(frozen=True)
class _Core:
    """A figure without its qualifier: X, and the half-widths that the wordings use."""

    kind: Kind
    value: Fraction
    figure: Figure
    below: Fraction  # X - plain lo (u/2)
    above: Fraction  # plain hi - X (u/2)
    loose_below: Fraction | None  # u'/2 (None: X is 0, no last non-zero digit)
    loose_above: Fraction | None
    odd: Fraction | None = None  # the step of an X-odd figure (u' or u), when written so
    currency: str | None = None
    unit: bool = False  # a unit (scale, %, times …) was written after the number
    more_than: bool = False  # 翻了一番多


def _decimal_core(
    mantissa: int,
    exp: int,
    rounded: bool,
    kind: Kind,
    *,
    decimals: int = 0,
    shift: int = 0,
    suffix: str = "",
    grouped: bool = False,
    currency: str | None = None,
    unit: bool = False,
) -> _Core:
    u = scaled(1, exp) if rounded else Fraction(0)
    loose: Fraction | None = None
    if mantissa:
        zeros = len(str(abs(mantissa))) - len(str(abs(mantissa)).rstrip("0"))
        loose = scaled(1, exp + zeros) / 2
    fig = Figure(
        mantissa=mantissa,
        exp=exp,
        rounded=rounded,
        kind=kind,
        decimals=decimals,
        shift=shift,
        suffix=suffix,
        grouped=grouped,
    )
    return _Core(kind, fig.value, fig, u / 2, u / 2, loose, loose, currency=currency, unit=unit)


def fraction_interval(p: int, q: int) -> tuple[Fraction, Fraction]:
    """The values nearer to p/q than to any other fraction with a denominator from 1 to 5.

    >>> [f"{float(x):.4f}" for x in fraction_interval(2, 3)]
    ['0.6333', '0.7083']
    >>> fraction_interval(1, 2)
    (Fraction(9, 20), Fraction(11, 20))
    """
    x = Fraction(p, q)
    grid = sorted({Fraction(a, b) for b in range(1, 6) for a in range(b + 1)})
    if x not in grid or x in (0, 1):
        raise AidcalcError(f"{p}/{q} is not a fraction of halves, thirds, quarters or fifths")
    i = grid.index(x)
    return (grid[i - 1] + x) / 2, (x + grid[i + 1]) / 2


def _fraction_core(p: int, q: int, text: str) -> _Core:
    if not 0 < p < q <= 5:
        raise AidcalcError(
            "only halves, thirds, quarters and fifths below one are read as fractions;"
            " write a percentage",
            value=text,
        )
    x = Fraction(p, q)
    if x.denominator != q:
        raise AidcalcError(f"write {x} for {p}/{q}", value=text)
    lo, hi = fraction_interval(p, q)
    fig = _as_figure(x, Figure(0, -3, True, Kind.FRACTION, decimals=1, shift=-2, suffix="%"))
    return _Core(Kind.FRACTION, x, fig, x - lo, hi - x, x - lo, hi - x)


def _as_figure(x: Fraction, like: Figure) -> Figure:
    """``x`` in the notation of ``like``: exactly when it has a decimal, else to like's digits."""
    for exp in range(like.exp, like.exp - 40, -1):
        m = x / scaled(1, exp)
        if m.denominator == 1:
            return Figure(
                int(m), exp, like.rounded, like.kind, like.bound, like.decimals + like.exp - exp,
                like.shift, like.suffix, like.grouped,
            )  # fmt: skip
    m = x / scaled(1, like.exp)
    return Figure(round(m), like.exp, like.rounded, like.kind, like.bound, like.decimals,
                  like.shift, like.suffix, like.grouped)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Chinese numerals


def _read_chinese(s: str, i: int) -> tuple[int, str, int] | None:
    """A Chinese numeral at ``s[i]``: (whole part in units of a final 万/亿, decimals, end).

    The final 万 or 亿 (a scale) is left unread, so ``两千三百万`` gives (2300, "", before 万).
    """
    j = i
    allowed = _CN_DIGITS.keys() | _CN_SMALL.keys() | _CN_BIG.keys()
    if j >= len(s) or (s[j] not in _CN_DIGITS and s[j] != "十"):
        return None
    while j < len(s) and s[j] in allowed:
        j += 1
    whole = s[i:j]
    decimals = ""
    if j < len(s) and s[j] == "点" and j + 1 < len(s) and s[j + 1] in _CN_DIGITS:
        k = j + 1
        while k < len(s) and s[k] in _CN_DIGITS:
            k += 1
        if "两" in s[j + 1 : k]:
            raise AidcalcError("两 is not a digit after 点", value=s)
        decimals = "".join(str(_CN_DIGITS[c]) for c in s[j + 1 : k])
        end = k
    else:
        end = j
    # a final run of 万/亿 is the scale, read with the unit
    trail = len(whole)
    while trail > 0 and whole[trail - 1] in _CN_BIG:
        trail -= 1
    scale_exp = sum(_CN_BIG[c] for c in whole[trail:])
    if decimals and trail != len(whole):
        raise AidcalcError("a scale before 点 (写 二十八点三一亿, not 二十八亿点三一)", value=s)
    if not decimals:
        end = i + trail
    body = whole[:trail]
    if not body:
        return None
    return _chinese_integer(body, scale_exp, s), decimals, end


def _chinese_integer(t: str, scale_exp: int, text: str) -> int:
    """The value of a Chinese integer, in units of 10^scale_exp (the final scale, not in ``t``)."""
    if all(c in _CN_DIGITS for c in t):  # digit by digit: 二〇一八, or one digit
        if len(t) > 1 and "两" in t:
            raise AidcalcError("两 is not a digit in a number written digit by digit", value=text)
        return int("".join(str(_CN_DIGITS[c]) for c in t))
    total = 0
    section = 0
    num: int | None = None
    last_small = 4
    last_big = 99
    previous = ""
    zero = False  # a 零 since the last unit
    for c in t:
        if c in _CN_DIGITS:
            d = _CN_DIGITS[c]
            if d == 0:
                zero = True
            elif num is not None:
                raise AidcalcError("two digits without a unit between them", value=text)
            else:
                num = d
        elif c in _CN_SMALL:
            e = _CN_SMALL[c]
            if e >= last_small:
                raise AidcalcError(f"{c} is out of order in the numeral", value=text)
            if num is None:
                if c != "十" or section or total:
                    raise AidcalcError(f"no digit before {c}", value=text)
                num = 1
            section += num * 10**e
            num, last_small, zero = None, e, False
        else:  # 万 or 亿 inside the numeral
            e = _CN_BIG[c]
            if previous in _CN_BIG:
                raise AidcalcError("a scale run such as 万亿 inside a numeral", value=text)
            group = section + (num or 0)
            if not group or e >= last_big or e <= scale_exp:
                raise AidcalcError(f"{c} is out of order in the numeral", value=text)
            total += group * 10**e
            section, num, last_small, last_big, zero = 0, None, 4, e, False
        previous = c
    if num is not None:
        before = t[-2:-1]
        if not zero and (before in _CN_BIG or _CN_SMALL.get(before, 0) >= 2):
            raise AidcalcError(
                "an elliptical numeral (三万五, 一百五) is ambiguous; write 三万五千 or 3.5万",
                value=text,
            )
        section += num
    unit = int(10**scale_exp)
    return (total + section * unit) // unit


# ---------------------------------------------------------------------------------------------
# Scanning a number with its unit and currency


def _starts_word(s: str, i: int, word: str) -> bool:
    """``s[i:]`` starts with ``word`` (case-insensitive), not in the middle of a longer word."""
    if s[i : i + len(word)].lower() != word:
        return False
    after = i + len(word)
    return not (word[-1].isascii() and word[-1].isalpha() and _ascii_word_char(s, after))


def _ascii_word_char(s: str, i: int) -> bool:
    return i < len(s) and ((s[i].isascii() and s[i].isalpha()) or s[i] == "_")


def _currency(
    s: str, i: int, table: list[tuple[str, str]], *, spaced: bool = False
) -> tuple[str, int] | None:
    """A currency at ``s[i]`` (after spaces); ``spaced``: a code in letters needs a space after
    it (in formulas, ``usd2018`` is a name)."""
    j = i
    while j < len(s) and s[j] == " ":
        j += 1
    for word, code in table:
        if _starts_word(s, j, word):
            end = j + len(word)
            if spaced and word[-1].isalpha() and s[end : end + 1] != " ":
                continue
            if table is _CURRENCY_BEFORE:
                while end < len(s) and s[end] == " ":
                    end += 1
            return code, end
    return None


def _merge_currency(a: str | None, b: str | None, text: str) -> str | None:
    if a and b and a != b:
        raise AidcalcError(f"two currencies, {a} and {b}", value=text)
    return a or b


def _odd_mark(s: str, i: int) -> int | None:
    for m in _ODD_MARKS:
        if s.startswith(m, i) and not (m[-1].isalpha() and _ascii_word_char(s, i + len(m))):
            return i + len(m)
    return None


def _scan(s: str, i: int, *, reported: bool) -> tuple[_Core, int] | None:
    """A number with its currency and unit at ``s[i]``; ``reported`` also reads X-odd marks."""
    currency = None
    got = _currency(s, i, _CURRENCY_BEFORE, spaced=not reported)
    if got:
        currency, i = got
    percent_before = s.startswith("百分之", i)
    if percent_before:
        i += 3
    m = _NUMBER.match(s, i)
    grouped = False
    if m:
        whole, frac, only = m.group(1), m.group(2), m.group(3)
        if only is not None:
            whole, frac = "0", only
        frac = frac or ""
        grouped = "," in whole
        mantissa_text = whole.replace(",", "") + frac
        if len(mantissa_text) > MAX_DIGITS:
            raise AidcalcError(f"more than {MAX_DIGITS} digits: not an amount", value=s)
        mantissa, decimals, i = int(mantissa_text), len(frac), m.end()
    else:
        cn = _read_chinese(s, i)
        if cn is None:
            return None
        whole_value, frac, i = cn
        mantissa, decimals = int(str(whole_value) + frac), len(frac)
    odd: str | None = None
    if reported and (j := _odd_mark(s, i)) is not None:
        odd, i = "loose", j
    kind, shift, suffix, unit = Kind.COUNT, 0, "", False
    if percent_before:
        kind, shift, suffix, unit = Kind.PERCENT, -2, "%", True
    else:
        j = i
        while j < len(s) and s[j] == " ":
            j += 1
        for word, k, e in _UNITS:
            if _starts_word(s, j, word):
                kind, shift, suffix, unit = k, e, s[i : j + len(word)], True
                i = j + len(word)
                break
    if kind is Kind.COUNT or (kind is Kind.AMOUNT and shift):
        before = i
        for _ in range(2):  # 亿元人民币
            got = _currency(s, i, _CURRENCY_AFTER)
            if got:
                currency, i = _merge_currency(currency, got[0], s), got[1]
        if currency is None and s.startswith(_COUNTERS, i):  # 72个, 20.7万人: counted things
            end = i + 1
            kind, unit, counter = Kind.COUNT, True, s[i:end]
            suffix = suffix + counter if shift else s[before:end]
            i = end
        elif kind is Kind.COUNT:
            suffix = s[before:i]
    if reported and odd is None and unit and (j := _odd_mark(s, i)) is not None:
        odd, i = "unit", j
        got = _currency(s, i, _CURRENCY_AFTER)
        if got and kind is Kind.AMOUNT:
            currency, i = _merge_currency(currency, got[0], s), got[1]
    if currency is not None:
        if kind not in (Kind.COUNT, Kind.AMOUNT):
            raise AidcalcError(f"a currency on {kind.noun}", value=s)
        kind = Kind.AMOUNT
    elif kind is Kind.AMOUNT and not shift:
        kind = Kind.COUNT
    rounded = bool(decimals) or shift != 0 or kind in (Kind.PERCENT, Kind.POINTS, Kind.MULTIPLE)
    core = _decimal_core(
        mantissa,
        shift - decimals,
        rounded,
        kind,
        decimals=decimals,
        shift=shift,
        suffix=suffix,
        grouped=grouped,
        currency=currency,
        unit=unit,
    )
    if odd == "loose":
        if core.loose_below is None:
            raise AidcalcError("0 with 多 or -odd says nothing", value=s)
        core = _with(core, odd=2 * core.loose_below)
    elif odd == "unit":
        core = _with(core, odd=scaled(1, shift - decimals))
    return core, i


def _with(core: _Core, **changes: object) -> _Core:
    return replace(core, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Reading a whole reported figure


def read_reported(text: str, precision: str = "") -> Reported:
    """The interval a reported figure stands for, by its wording, or by an explicit precision
    (``exact``, or the size of the last digit, of the figure's own kind: ``0.1%`` for ``51%``).

    >>> r = read_reported("约540亿"); (r.lo, r.hi, r.kind.value, r.qualifier.value)
    (Fraction(53500000000, 1), Fraction(54500000000, 1), 'amount', 'about')
    >>> r = read_reported("nearly two thirds"); (r.lo, r.hi)
    (Fraction(19, 30), Fraction(2, 3))
    >>> r = read_reported("增长2倍"); (r.lo, r.hi, r.alternatives[0][0])
    (Fraction(5, 2), Fraction(7, 2), '2 times')
    """
    s = normalize(text)
    if not s:
        raise AidcalcError("blank, not a figure", value=text)
    step = _precision(precision, text)
    try:
        return _read(s, text, step)
    except AidcalcError as e:
        raise AidcalcError(e.reason, value=text) from None


def _precision(precision: str, text: str) -> tuple[Fraction, Kind | None] | None:
    p = precision.strip()
    if not p:
        return None
    if p.lower() == "exact":
        return Fraction(0), None
    why = "precision is 'exact' or the size of the last digit (1000, 0.1%)"
    try:
        got = _scan(normalize(p), 0, reported=False)
    except AidcalcError:
        raise AidcalcError(why, value=p) from None
    if got is None or got[1] != len(normalize(p)) or got[0].value <= 0:
        raise AidcalcError(why, value=p)
    return got[0].value, got[0].kind


def _read(s: str, text: str, step: tuple[Fraction, Kind | None] | None) -> Reported:
    if s.startswith("是") and "的" in s:  # 是2018年的2.6倍: the figure is after the last 的
        s = s[s.rindex("的") + 1 :]
    for pattern, why in _NOT_FIGURES:
        if pattern.fullmatch(s):
            raise AidcalcError(why)
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":  # an aside in prose, not a negative
        s = s[1:-1].strip()
    growth = _GROWTH.match(s)
    if growth and growth.end() < len(s):
        rest = s[growth.end() :]
        main = _read(rest, text, step)
        if main.kind is Kind.PERCENT:
            return main
        if main.kind is not Kind.MULTIPLE or main.alternatives:
            raise AidcalcError(f"{growth.group(1)} before {main.kind.noun}")
        return _growth(main, text)
    ranged = _range(s, text, step)
    if ranged is not None:
        return ranged
    qualifier = Qualifier.PLAIN
    for word, q in _PREFIXES:
        if _starts_word(s, 0, word) and len(s) > len(word):
            qualifier, s = q, s[len(word) :].strip()
            break
    for word, q in _POSTFIXES:
        if s.lower().endswith(word) and len(s) > len(word):
            if qualifier is not Qualifier.PLAIN:
                raise AidcalcError(f"two qualifiers ({qualifier.value}, {q.value})")
            qualifier, s = q, s[: -len(word)].strip()
            break
    core = _core(s)
    if core.more_than or core.odd is not None:
        if qualifier is not Qualifier.PLAIN:
            raise AidcalcError(f"two qualifiers ({qualifier.value}, {Qualifier.ODD.value})")
        qualifier = Qualifier.MORE_THAN if core.more_than else Qualifier.ODD
    core = _apply_precision(core, step, qualifier)
    lo, hi, lo_open, hi_open = _bounds(core, qualifier)
    return Reported(
        text, core.kind, core.value, lo, hi, lo_open, hi_open,
        _bounded(core.figure, qualifier), core.currency, qualifier,
    )  # fmt: skip


def _bounded(fig: Figure, q: Qualifier) -> Figure:
    bound = {
        Qualifier.MORE_THAN: Bound.GT,
        Qualifier.AT_LEAST: Bound.GE,
        Qualifier.LESS_THAN: Bound.LT,
        Qualifier.AT_MOST: Bound.LE,
    }.get(q)
    return Figure(fig.mantissa, fig.exp, fig.rounded, fig.kind, bound, fig.decimals, fig.shift,
                  fig.suffix, fig.grouped)  # fmt: skip


def _apply_precision(
    core: _Core, step: tuple[Fraction, Kind | None] | None, qualifier: Qualifier
) -> _Core:
    if step is None:
        return core
    size, kind = step
    if kind is not None and kind is not core.kind and not _same_scale(kind, core.kind):
        raise AidcalcError(
            f"the precision is {kind.noun} and the figure {core.kind.noun}", value=None
        )
    if core.kind is Kind.FRACTION and size:
        raise AidcalcError("a fraction takes no precision but 'exact'")
    if not size and qualifier in (Qualifier.ABOUT, Qualifier.NEARLY, Qualifier.ODD):
        raise AidcalcError(f"a figure said to be {qualifier.value} X is not exact")
    half = size / 2
    return _with(
        core, below=half, above=half, loose_below=half, loose_above=half,
        odd=size if core.odd is not None else None,
    )  # fmt: skip


def _same_scale(precision: Kind, figure: Kind) -> bool:
    """A bare precision (``1000``, ``0.1``) fits amounts, counts and multiples."""
    return precision is Kind.COUNT and figure in (Kind.AMOUNT, Kind.COUNT, Kind.MULTIPLE)


def _bounds(core: _Core, q: Qualifier) -> tuple[Fraction | None, Fraction | None, bool, bool]:
    x = core.value
    if q is Qualifier.PLAIN:
        return x - core.below, x + core.above, False, False
    if q in (Qualifier.ABOUT, Qualifier.NEARLY):
        if core.loose_below is None or core.loose_above is None:
            raise AidcalcError(f"{q.value} 0 says nothing about its size")
        hi = x + core.loose_above if q is Qualifier.ABOUT else x
        return x - core.loose_below, hi, False, False
    if q is Qualifier.ODD:
        assert core.odd is not None
        return x, x + core.odd, False, True
    if q is Qualifier.MORE_THAN:
        return x, None, True, False
    if q is Qualifier.AT_LEAST:
        return x, None, False, False
    if q is Qualifier.LESS_THAN:
        return None, x, False, True
    return None, x, False, False  # at most


def _core(s: str) -> _Core:
    """The figure itself: a number with its unit, a fraction, a multiple in words, 翻番."""
    low = s.lower()
    if low in _MULTIPLE_WORDS:
        return _multiple(_MULTIPLE_WORDS[low], " times")
    m = re.fullmatch(r"(" + "|".join(_WORD_NUMBERS) + r")(?:(?:\s*-\s*|\s*)fold|\s+times)", low)
    if m:
        return _multiple(_WORD_NUMBERS[m.group(1)], " times")
    m = _FANFAN.fullmatch(s)
    if m:
        n = 1 if m.group(1) is None else _small_integer(m.group(1))
        core = _multiple(2**n, "倍")
        return _with(core, more_than=True) if m.group(2) else core
    if low in ("一半", "半数", "半"):
        return _fraction_core(1, 2, s)
    m = _CN_FRACTION.fullmatch(s)
    if m:
        return _fraction_core(_small_integer(m.group(2)), _small_integer(m.group(1)), s)
    m = _EN_FRACTION.fullmatch(s)
    if m:
        if m.group(1) is None and _DENOMINATORS[m.group(2).lower()] != 2:
            raise AidcalcError("an ordinal, not a figure; write 'a third' or 'one third'")
        head = (m.group(1) or "a").lower()
        p = 1 if head in ("a", "an", "one") else _WORD_NUMBERS[head]
        return _fraction_core(p, _DENOMINATORS[m.group(2).lower()], s)
    m = _ARABIC_FRACTION.fullmatch(s)
    if m:
        return _fraction_core(int(m.group(1)), int(m.group(2)), s)
    negative = signed = False
    if s[:1] in "+-":
        negative, signed, s = s[0] == "-", True, s[1:].lstrip()
    c = _currency(s, 0, _CURRENCY_BEFORE)
    if c and s[c[1] : c[1] + 1] in ("+", "-"):  # ¥-5: the sign after the currency
        if signed:
            raise AidcalcError("more than one sign")
        negative, signed, s = s[c[1]] == "-", True, s[: c[1]] + s[c[1] + 1 :].lstrip()
    if s[:1] in "+-":
        raise AidcalcError("more than one sign")
    got = _scan(s, 0, reported=True)
    if got is None:
        raise AidcalcError(_why_not(s))
    core, end = got
    if end != len(s):
        raise AidcalcError(_why_rest(s, s[end:]))
    return _negate(core, negative)


def _negate(core: _Core, negative: bool) -> _Core:
    if not negative:
        return core
    f = core.figure
    fig = Figure(-f.mantissa, f.exp, f.rounded, f.kind, f.bound, f.decimals, f.shift, f.suffix,
                 f.grouped)  # fmt: skip
    return _with(
        core, value=-core.value, figure=fig, below=core.above, above=core.below,
        loose_below=core.loose_above, loose_above=core.loose_below,
    )  # fmt: skip


def _multiple(n: int, suffix: str) -> _Core:
    return _decimal_core(n, 0, True, Kind.MULTIPLE, suffix=suffix, unit=True)


def _small_integer(t: str) -> int:
    if t.isdigit() and t.isascii():
        return int(t)
    return _chinese_integer(t, 0, t)


def _why_not(s: str) -> str:
    low = s.lower()
    if low.lstrip("+-") in ("nan", "inf", "infinity"):
        return "not a number"
    head = low.split(" ")[0]
    if head in _WORD_NUMBERS:
        return "a number in words is read only before times or fold (six times); write digits"
    return "not a figure"


def _why_rest(s: str, rest: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})*,\d+", s):
        return "decimal comma: aidcalc reads '.' as the decimal point; write it as 1234.56"
    if rest[:1] in ",." and rest[1:2].isdigit():
        return "thousands separators must group three digits (1,234,567)"
    if rest[:1] in "eE" and rest[1:].lstrip("+-").isdigit():
        return "scientific notation is not accepted; write the number out"
    if rest.lstrip()[:1].isdigit():
        return "a space inside a number is ambiguous; remove it or use commas (1,234)"
    return f"not a figure: unknown unit {rest.strip()!r}"


def _range(s: str, text: str, step: tuple[Fraction, Kind | None] | None) -> Reported | None:
    """``59.5–59.9 billion``, ``between A and B``, ``26至41万``: a unit written once serves both."""
    for pattern in _RANGE_SEPARATORS:
        m = pattern.fullmatch(s)
        if not m:
            continue
        left, right = m.group(1).strip(), m.group(2).strip()
        try:
            a = _core(left)
        except AidcalcError:
            continue
        b = _core(right)
        if a.odd is not None or b.odd is not None or a.more_than or b.more_than:
            raise AidcalcError("a range with 多 or -odd at one end")
        if a.kind is Kind.FRACTION or b.kind is Kind.FRACTION:
            raise AidcalcError("a range of fractions; write percentages")
        if not a.unit and b.unit:
            a = _unit_like(a, b)
        elif a.unit and not b.unit:
            b = _unit_like(b, a)
        currency = _merge_currency(a.currency, b.currency, text)
        if currency:
            a, b = _with(a, kind=Kind.AMOUNT), _with(b, kind=Kind.AMOUNT)
        if a.kind is not b.kind:
            raise AidcalcError(f"a range from {a.kind.noun} to {b.kind.noun}")
        if a.value > b.value:
            raise AidcalcError("a range from the larger figure to the smaller")
        a = _apply_precision(a, step, Qualifier.RANGE)
        b = _apply_precision(b, step, Qualifier.RANGE)
        mid = (a.value + b.value) / 2
        return Reported(
            text, b.kind, mid, a.value - a.below, b.value + b.above, False, False,
            _as_figure(mid, b.figure), currency, Qualifier.RANGE,
        )  # fmt: skip
    return None


def _unit_like(bare: _Core, like: _Core) -> _Core:
    f, u = bare.figure, like.figure
    if f.shift:
        raise AidcalcError("a range end with a scale but no unit")
    rounded = f.rounded or u.rounded
    core = _decimal_core(
        f.mantissa, u.shift - f.decimals, rounded, like.kind, decimals=f.decimals,
        shift=u.shift, suffix=u.suffix, grouped=f.grouped, unit=True,
    )  # fmt: skip
    return _with(core, currency=bare.currency or like.currency)


def _growth(main: Reported, text: str) -> Reported:
    """``增长2倍``: the new figure is 3 times the old; the "2 times" reading is the alternative."""
    name = format_fixed(main.value, max(main.figure.decimals, 0), grouping=False) + " times"

    def plus(x: Fraction | None) -> Fraction | None:
        return None if x is None else x + 1

    value = main.value + 1
    return Reported(
        text, main.kind, value, plus(main.lo), plus(main.hi), main.lo_open, main.hi_open,
        _as_figure(value, main.figure), main.currency, main.qualifier, ((name, main),),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Formula literals


def read_number(s: str, pos: int) -> tuple[Figure, int] | None:
    """A number with its scale, unit and currency at ``s[pos]``, for formulas: no qualifiers.

    Returns the figure and the position after it, or None when no number starts there (a name
    such as ``usd2018`` or ``一般`` is not a number: try names after this).

    >>> f, end = read_number("二十八点三一亿 / 72", 0); (f.value, f.half_width, end)
    (Fraction(2831000000, 1), Fraction(500000, 1), 7)
    >>> read_number("两千三百万", 0)[0].value
    Fraction(23000000, 1)
    >>> read_number("x + 1", 0) is None
    True
    """
    got = read_quantity(s, pos)
    return None if got is None else (got[0], got[3])


def read_quantity(s: str, pos: int) -> tuple[Figure, Kind, str | None, int] | None:
    """:func:`read_number` with the kind and the currency: (figure, kind, currency, end).

    >>> f, kind, currency, end = read_quantity("392亿元人民币", 0); (kind.value, currency, end)
    ('amount', 'CNY', 8)
    """
    got = _scan(s, pos, reported=False)
    if got is None:
        return None
    core, end = got
    if _read_chinese(s, pos) is not None and end < len(s) and _name_char(s[end]):
        return None  # 一般: a name that starts with a numeral
    return core.figure, core.kind, core.currency, end


def _name_char(c: str) -> bool:
    return c.isalnum() or c == "_"


# ---------------------------------------------------------------------------------------------
# Vocabulary for finding figures in running text (aidcalc.extract)

#: Qualifier words written before a figure (``about``, ``约``, ``more than`` …), longest first.
QUALIFIERS_BEFORE: tuple[str, ...] = tuple(w for w, _ in _PREFIXES)
#: Currency signs and codes written before a number (``£``, ``US$``, ``RMB``), longest first.
CURRENCIES_BEFORE: tuple[str, ...] = tuple(w for w, _ in _CURRENCY_BEFORE)
