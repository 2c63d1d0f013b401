"""Written figures, read exactly with the precision they were written to.

=========================  ===========================================================
``parse_amount(text)``     a data cell → ``(mantissa, exp, rounded)``, value mantissa·10^exp
``Figure``                 a number as written: value, rounding, kind, bound, notation
``scaled(m, e)``           ``m × 10^e`` as an exact Fraction
=========================  ===========================================================

The precision rule of data cells: a number is the value itself unless it shows that it was
rounded — a decimal point, a scale word (thousand … 亿, or a unit in the column header), a percent
sign or a multiple. Then it stands for every value that rounds to it: ``2.831 billion`` is
2,830,500,000 to 2,831,500,000. (Figures printed in prose follow :mod:`aidcalc.checker.wording`,
where a whole amount is rounded too.)

Nothing here uses floats: values are integers scaled by a power of ten, or Fractions. Printing
figures is :mod:`aidcalc.core.formatting`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import Enum
from fractions import Fraction

from aidcalc.core.errors import AidcalcError
from aidcalc.core.units import SCALES

__all__ = [
    "MAX_DIGITS",
    "TRADITIONAL",
    "Bound",
    "Figure",
    "Kind",
    "normalize",
    "parse_amount",
    "plain_number",
    "scaled",
]


class Kind(str, Enum):
    """What a figure measures: the one kind enum of the project.

    ``COUNT`` is a bare number: its writing names no unit, so it may count things or be a sum in
    the report's unit. ``FRACTION`` is a figure written as a fraction (``two thirds``, ``一半``).
    Data cells are amounts; reported figures take every kind (:mod:`aidcalc.checker.wording`).
    """

    AMOUNT = "amount"
    COUNT = "count"
    PERCENT = "percent"
    POINTS = "points"
    MULTIPLE = "multiple"
    FRACTION = "fraction"

    @property
    def noun(self) -> str:
        """``an amount``, ``a percentage`` …: for messages such as "the formula gives an amount
        and the report a percentage"."""
        return _NOUNS[self]


_NOUNS = {
    Kind.AMOUNT: "an amount",
    Kind.COUNT: "a count",
    Kind.PERCENT: "a percentage",
    Kind.POINTS: "percentage points",
    Kind.MULTIPLE: "a multiple",
    Kind.FRACTION: "a fraction",
}


class Bound(str, Enum):
    """The side of a one-sided figure (``more than 5300亿`` is ``GT``)."""

    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="


# ---------------------------------------------------------------------------------------------
# Vocabulary

#: Currency marks and words, before or after a number (or in a unit), and the ISO code of each.
#: ``$`` and ``dollars`` alone are taken as US dollars; ``¥``, ``元``, ``RMB``, ``CNY``, ``人民币``
#: are yuan.
CURRENCIES: dict[str, str] = {
    **dict.fromkeys(("us$", "$", "usd", "美元", "dollar", "dollars", "us dollars"), "USD"),
    **dict.fromkeys(("us dollar", "u.s. dollars"), "USD"),
    **dict.fromkeys(("hk$", "hkd", "港元", "港币", "hong kong dollars", "hk dollars"), "HKD"),
    **dict.fromkeys(("£", "gbp", "英镑", "pound", "pounds", "pounds sterling", "sterling"), "GBP"),
    **dict.fromkeys(("€", "eur", "欧元", "euro", "euros"), "EUR"),
    **dict.fromkeys(("¥", "cny", "rmb", "yuan", "renminbi", "元", "人民币"), "CNY"),
}
CURRENCY_PREFIXES = ("us$", "hk$", "usd", "gbp", "eur", "hkd", "rmb", "cny", "$", "£", "€", "¥")
CURRENCY_SUFFIXES = tuple(
    sorted((w for w in CURRENCIES if w not in ("$", "£", "€", "¥")), key=len, reverse=True)
)
_CURRENCY_WORDS = tuple(sorted(CURRENCIES, key=len, reverse=True))
_PERCENT = ("%", "percent", "per cent")
_POINTS = ("percentage points", "percentage point", "pp", "个百分点")
_MULTIPLES = ("times", "倍", "x", "×", "fold")
MAX_DIGITS = 1000
_MINUSES = str.maketrans({"\u2212": "-", "\u2012": "-", "\ufe63": "-"})
#: Traditional characters of the words around figures, read as their simplified forms (億 亿, 萬
#: 万, 兩 两, 增長 增长, 佔 占 …): one character for one, so offsets into a text stay the same.
TRADITIONAL = str.maketrans(
    dict(
        zip(
            "億萬兩點個餘約將過達長佔與於較減負額資預計總縣戶項為數幾僅實現應稅費務區貧貼補財結轉際業學處條圓廣東"
            "來這們撥專調從隻門義鄉鎮產農醫療險衛養匯體質標準頒發規劃對讓",
            "亿万两点个余约将过达长占与于较减负额资预计总县户项为数几仅实现应税费务区贫贴补财结转际业学处条圆广东"
            "来这们拨专调从只门义乡镇产农医疗险卫养汇体质标准颁发规划对让",
            strict=True,
        )
    )
)

#: A number as written: thousands groups (the first group 1 to 999, so ``0,125`` is no grouping),
#: or plain digits, then decimals. ASCII digits only (NFKC has made full-width digits ASCII).
NUMBER = re.compile(r"(?:([1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))", re.ASCII)
_NUMBER = NUMBER


def plain_number(decimals: int | None = None, whole_digits: int = MAX_DIGITS) -> str:
    r"""The regular expression of a plain number, the shape most data cells have: an optional
    minus, at most ``whole_digits`` ASCII digits before the point, and ``decimals`` decimals (any
    number of them when None).

    >>> print(plain_number(2))
    -?[0-9]{1,1000}\.[0-9]{2}
    >>> print(plain_number(2, whole_digits=16))
    -?[0-9]{1,16}\.[0-9]{2}
    """
    whole = rf"-?[0-9]{{1,{whole_digits}}}"
    if decimals is None:
        return whole + r"(?:\.[0-9]+)?"
    return whole + (rf"\.[0-9]{{{decimals}}}" if decimals else "")


_PLAIN = re.compile(plain_number())
_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})*,\d+", re.ASCII)


def _suffix_table(words: dict[str, tuple[Kind, int]]) -> list[tuple[str, Kind, int]]:
    return sorted(((w, kind, e) for w, (kind, e) in words.items()), key=lambda t: -len(t[0]))


_SUFFIXES = _suffix_table(
    {
        **{w: (Kind.AMOUNT, e) for w, e in SCALES.items()},
        **{w: (Kind.PERCENT, -2) for w in _PERCENT},
        **{w: (Kind.POINTS, -2) for w in _POINTS},
        **{w: (Kind.MULTIPLE, 0) for w in _MULTIPLES},
    }
)


def normalize(text: str) -> str:
    """NFKC (full-width digits, commas and signs become ASCII), Unicode minus to ``-``, traditional
    characters of the vocabulary simplified (:data:`TRADITIONAL`), stripped."""
    return unicodedata.normalize("NFKC", text).translate(_MINUSES).translate(TRADITIONAL).strip()


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True, repr=False)
class Figure:
    """A number as written: value ``mantissa × 10^exp``, and whether the writing shows rounding.

    ``kind`` is a :class:`Kind` (this module's readers give amount, percent, points or multiple;
    :mod:`aidcalc.checker.wording` gives every kind); ``bound`` is ``>``, ``>=``,
    ``<``, ``<=`` for one-sided figures (``more than 5300亿``). ``decimals``, ``shift`` and
    ``suffix`` remember the notation, so a computed value can be shown the same way.
    """

    mantissa: int
    exp: int
    rounded: bool
    kind: Kind = Kind.AMOUNT
    bound: Bound | None = None
    decimals: int = 0
    shift: int = 0
    suffix: str = ""
    grouped: bool = False

    @property
    def value(self) -> Fraction:
        return scaled(self.mantissa, self.exp)

    @property
    def half_width(self) -> Fraction:
        """Half the size of the last written digit for a rounded figure, 0 for an exact one."""
        return scaled(5, self.exp - 1) if self.rounded else Fraction(0)


def scaled(mantissa: int, exp: int) -> Fraction:
    """``mantissa × 10^exp`` as an exact Fraction."""
    if exp >= 0:
        return Fraction(mantissa * 10**exp)
    return Fraction(mantissa, 10**-exp)


# ---------------------------------------------------------------------------------------------
# Reading


def parse_amount(text: str, unit_exp: int = 0, unit_rounded: bool = False) -> tuple[int, int, bool]:
    """Read a data cell as ``(mantissa, exp, rounded)``; ``unit_exp`` is the unit of bare numbers.

    >>> parse_amount("1,435,000,000")
    (1435000000, 0, False)
    >>> parse_amount("1.435 billion")
    (1435, 6, True)
    >>> parse_amount("143500", unit_exp=4, unit_rounded=True)
    (143500, 4, True)
    """
    if len(text) <= MAX_DIGITS and _PLAIN.fullmatch(text):
        dot = text.find(".")
        if dot < 0:
            return int(text), unit_exp, unit_rounded
        return int(text[:dot] + text[dot + 1 :]), unit_exp + dot + 1 - len(text), True
    m, e, rounded, _ = parse_cell(text, unit_exp, unit_rounded)
    return m, e, rounded


def parse_cell(
    text: str, unit_exp: int = 0, unit_rounded: bool = False
) -> tuple[int, int, bool, str | None]:
    """:func:`parse_amount`, and the currency the cell names (an ISO code) or None.

    >>> parse_cell("£1,234.5m")
    (12345, 5, True, 'GBP')
    >>> parse_cell("5 k元")
    (5, 3, True, 'CNY')
    """
    if len(text) <= MAX_DIGITS and _PLAIN.fullmatch(text):
        m, e, rounded = parse_amount(text, unit_exp, unit_rounded)
        return m, e, rounded, None
    fig = _parse(text)
    if fig.kind is not Kind.AMOUNT:
        raise AidcalcError(f"a {_KIND_NAMES[fig.kind]} is not an amount", value=text)
    currency = currency_of(text)
    # The cell carries its own unit when it names a scale, or yuan after the number ("1000 元");
    # a foreign currency alone ("5 EUR") leaves the column's scale in force.
    if fig.shift or (fig.suffix.strip() and currency in (None, "CNY")):
        return fig.mantissa, fig.exp, fig.rounded, currency
    return fig.mantissa, fig.exp + unit_exp, fig.rounded or unit_rounded, currency


def currency_of(text: str) -> str | None:
    """The currency a written figure names (``£``, ``US$``, ``EUR``, ``元`` …), or None;
    two different currencies are an error.

    >>> currency_of("HK$ 5"), currency_of("5 million"), currency_of("392亿元人民币")
    ('HKD', None, 'CNY')
    """
    rest = normalize(text).lower()
    found = set()
    for word in _CURRENCY_WORDS:
        if word in rest:
            found.add(CURRENCIES[word])
            rest = rest.replace(word, " ")
    if len(found) > 1:
        raise AidcalcError(f"two currencies in one figure ({', '.join(sorted(found))})", value=text)
    return next(iter(found), None)


_KIND_NAMES = {
    Kind.AMOUNT: "amount",
    Kind.COUNT: "count",
    Kind.PERCENT: "percentage",
    Kind.POINTS: "percentage-point figure",
    Kind.MULTIPLE: "multiple",
    Kind.FRACTION: "fraction",
}


def _parse(text: str) -> Figure:
    s = normalize(text)
    if not s:
        raise AidcalcError("blank, not an amount", value=text)
    negative = signed = False
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":
        negative = signed = True
        s = s[1:-1].strip()
    for _ in range(2):  # a sign and a currency mark, in either order: -¥5, ¥-5
        if s[:1] and s[:1] in "+-":
            if signed:
                raise AidcalcError("more than one sign", value=text)
            negative, signed, s = s[0] == "-", True, s[1:].lstrip()
        s = _strip_prefix(s)
    m = _NUMBER.match(s)
    if not m:
        raise AidcalcError(_why_not_a_number(s), value=text)
    suffix, kind, shift, end = _read_suffix(s, m.end())
    rest = _strip_currency_suffix(s[end:].strip())
    if rest:
        raise AidcalcError(_why_rest(s, m.group(0), rest), value=text)
    try:
        fig = _figure(m, suffix, kind, shift)
    except AidcalcError as e:
        raise AidcalcError(e.reason, value=text) from None
    return replace(fig, mantissa=-fig.mantissa) if negative else fig


def _figure(
    m: re.Match[str], suffix: str, kind: Kind, shift: int, bound: Bound | None = None
) -> Figure:
    whole, frac, only_frac = m.group(1), m.group(2), m.group(3)
    if only_frac is not None:
        whole, frac = "0", only_frac
    frac = frac or ""
    digits = whole.replace(",", "") + frac
    if len(digits) > MAX_DIGITS:
        raise AidcalcError(f"more than {MAX_DIGITS} digits: not an amount")
    rounded = bool(frac) or shift != 0 or kind is not Kind.AMOUNT
    if suffix.strip() and kind is Kind.AMOUNT and shift == 0:  # "5 yuan"
        rounded = bool(frac)
    return Figure(
        mantissa=int(digits),
        exp=shift - len(frac),
        rounded=rounded,
        kind=kind,
        bound=bound,
        decimals=len(frac),
        shift=shift,
        suffix=suffix,
        grouped="," in whole,
    )


def _read_suffix(s: str, pos: int) -> tuple[str, Kind, int, int]:
    """Read a unit after a number: returns (suffix as written, kind, power of ten, end)."""
    i = pos
    while i < len(s) and s[i] == " ":
        i += 1
    low = s[i:].lower()
    for word, kind, shift in _SUFFIXES:
        if low.startswith(word):
            after = i + len(word)
            if word[-1].isascii() and word[-1].isalpha() and after < len(s) and _wordchar(s[after]):
                continue  # "m" in "mean", "x" in "xyz": not a unit
            end = after
            # a currency word may follow a scale: 14.35亿元, 39.33 million yuan
            if kind is Kind.AMOUNT:
                end = _skip_currency(s, end)
            return s[pos:after], kind, shift, end
    end = _skip_currency(s, pos)
    if end != pos:
        return s[pos:end], Kind.AMOUNT, 0, end
    return "", Kind.AMOUNT, 0, pos


def _skip_currency(s: str, pos: int) -> int:
    i = pos
    while i < len(s) and s[i] == " ":
        i += 1
    low = s[i:].lower()
    for word in CURRENCY_SUFFIXES:
        if low.startswith(word):
            after = i + len(word)
            if word.isascii() and after < len(s) and _wordchar(s[after]):
                continue
            return after
    return pos


def _wordchar(c: str) -> bool:
    """A letter that would continue an ASCII word (``m`` in ``mean``); ``5 k元`` is 5 thousand
    yuan, so other scripts do not count."""
    return (c.isascii() and c.isalnum()) or c == "_"


def _strip_prefix(s: str) -> str:
    low = s.lower()
    for p in CURRENCY_PREFIXES:
        if low.startswith(p):
            return s[len(p) :].lstrip()
    return s


def _strip_currency_suffix(s: str) -> str:
    low = s.lower()
    for w in CURRENCY_SUFFIXES:
        if low == w:
            return ""
    return s


def _why_not_a_number(s: str) -> str:
    low = s.lower()
    if low in ("nan", "inf", "infinity", "-inf", "+inf") or low.lstrip("+-") in ("nan", "inf"):
        return "not a number"
    if s[:1] in "+-":
        return "more than one sign"
    return "not an amount"


def _why_rest(s: str, number: str, rest: str) -> str:
    if _DECIMAL_COMMA.fullmatch(s):
        return "decimal comma: aidcalc reads '.' as the decimal point; write it as 1234.56"
    if rest[:1] in ",." and rest[1:2].isdigit():
        return "thousands separators must group three digits (1,234,567)"
    if rest[:1] in "eE" and rest[1:].lstrip("+-").isdigit():
        return "scientific notation is not accepted; write the number out"
    if rest[:1].isdigit():
        return "a space inside a number is ambiguous; remove it or use commas (1,234)"
    return f"not an amount: unknown unit {rest!r}"
