"""Written figures: read exactly, with the precision they were written to, and printed.

=========================  ===========================================================
``parse_amount(text)``     a data cell → ``(mantissa, exp, rounded)``, value mantissa·10^exp
``parse_reported(text)``   a printed figure (``51%``, ``6 times``, ``more than 5300亿``) → Figure
``read_literal(s, pos)``   a number with its unit inside a formula → (Figure, end)
``unit_exponent(name)``    ``million`` → 6, ``亿`` → 8
``format_fixed(x, n)``     a Fraction rounded once, half away from zero, with thousands separators
``format_exact(x)``        a Fraction for machines: exact when it terminates, else 15 digits
=========================  ===========================================================

The precision rule: a number is exact unless it shows that it was rounded — a decimal point, a
scale word (thousand … 亿, or a unit in the column header), a percent sign or a multiple. Then it
stands for every value that rounds to it: ``2.831 billion`` is 2,830,500,000 to 2,831,500,000.

Nothing here uses floats: values are integers scaled by a power of ten, or Fractions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from fractions import Fraction

from aidcalc.errors import AidcalcError

__all__ = [
    "UNITS",
    "Figure",
    "format_exact",
    "format_fixed",
    "format_like",
    "parse_amount",
    "parse_reported",
    "read_literal",
    "round_to_int",
    "scaled",
    "unit_exponent",
]

# ---------------------------------------------------------------------------------------------
# Vocabulary

#: Scale words and suffixes a number may carry, as powers of ten. Keys are lower case.
SCALES: dict[str, int] = {
    "thousand": 3,
    "thousands": 3,
    "k": 3,
    "千": 3,
    "wan": 4,
    "万": 4,
    "million": 6,
    "millions": 6,
    "m": 6,
    "mn": 6,
    "百万": 6,
    "千万": 7,
    "yi": 8,
    "亿": 8,
    "billion": 9,
    "billions": 9,
    "bn": 9,
    "trillion": 12,
    "trillions": 12,
    "万亿": 12,
}

#: Units accepted by ``--unit`` and ``--in-unit`` (display units), as powers of ten.
UNITS: dict[str, int] = {
    "yuan": 0,
    "元": 0,
    "thousand": 3,
    "千": 3,
    "wan": 4,
    "万": 4,
    "million": 6,
    "百万": 6,
    "yi": 8,
    "亿": 8,
    "billion": 9,
}

_CURRENCY_PREFIXES = ("¥", "rmb", "cny")
_CURRENCY_SUFFIXES = ("yuan", "元", "rmb", "cny")
_PERCENT = ("%", "percent", "per cent")
_POINTS = ("percentage points", "percentage point", "pp", "个百分点")
_MULTIPLES = ("times", "倍", "x", "×", "fold")
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
    if i >= 1
}
_BOUNDS = (
    ("more than", ">"),
    ("greater than", ">"),
    ("over", ">"),
    ("above", ">"),
    ("超过", ">"),
    (">=", ">="),
    ("≥", ">="),
    ("at least", ">="),
    ("不少于", ">="),
    (">", ">"),
    ("less than", "<"),
    ("under", "<"),
    ("below", "<"),
    ("不到", "<"),
    ("<=", "<="),
    ("≤", "<="),
    ("at most", "<="),
    ("不超过", "<="),
    ("<", "<"),
)
MAX_DIGITS = 1000
_MINUSES = str.maketrans({"\u2212": "-", "\u2012": "-", "\ufe63": "-"})

# A number: digits with optional thousands commas, optional decimals. ASCII digits only (NFKC
# has already turned full-width digits into ASCII ones).
_NUMBER = re.compile(r"(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))", re.ASCII)
_FAST = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})*,\d+", re.ASCII)


def _suffix_table(words: dict[str, tuple[str, int]]) -> list[tuple[str, str, int]]:
    return sorted(((w, kind, e) for w, (kind, e) in words.items()), key=lambda t: -len(t[0]))


_SUFFIXES = _suffix_table(
    {
        **{w: ("amount", e) for w, e in SCALES.items()},
        **{w: ("percent", -2) for w in _PERCENT},
        **{w: ("points", -2) for w in _POINTS},
        **{w: ("multiple", 0) for w in _MULTIPLES},
    }
)


def normalize(text: str) -> str:
    """NFKC (full-width digits, commas and signs become ASCII), Unicode minus to ``-``, stripped."""
    return unicodedata.normalize("NFKC", text).translate(_MINUSES).strip()


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class Figure:
    """A number as written: value ``mantissa × 10^exp``, and whether the writing shows rounding.

    ``kind`` is ``amount``, ``percent``, ``points`` or ``multiple``; ``bound`` is ``>``, ``>=``,
    ``<``, ``<=`` for one-sided figures (``more than 5300亿``). ``decimals``, ``shift`` and
    ``suffix`` remember the notation, so a computed value can be shown the same way.
    """

    mantissa: int
    exp: int
    rounded: bool
    kind: str = "amount"
    bound: str | None = None
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


def unit_exponent(name: str) -> int:
    """The power of ten of a display unit (``million`` → 6); an error names the known units."""
    key = normalize(name).lower()
    if key.endswith("元") and len(key) > 1:
        key = key[:-1]
    if key in UNITS:
        return UNITS[key]
    if key in SCALES:
        return SCALES[key]
    known = ", ".join(u for u in UNITS)
    raise AidcalcError(f"unknown unit; use one of {known}", value=name)


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
    if len(text) <= MAX_DIGITS and _FAST.fullmatch(text):
        dot = text.find(".")
        if dot < 0:
            return int(text), unit_exp, unit_rounded
        return int(text[:dot] + text[dot + 1 :]), unit_exp + dot + 1 - len(text), True
    fig = _parse(text, reported=False)
    if fig.kind != "amount":
        raise AidcalcError(f"a {_KIND_NAMES[fig.kind]} is not an amount", value=text)
    if fig.suffix.strip():  # the cell carries its own unit
        return fig.mantissa, fig.exp, fig.rounded
    return fig.mantissa, fig.exp + unit_exp, fig.rounded or unit_rounded


def parse_reported(text: str) -> Figure:
    """Read a figure as printed in a report, with its kind, bound and rounding.

    >>> f = parse_reported("51%"); (f.value, f.half_width, f.kind)
    (Fraction(51, 100), Fraction(1, 200), 'percent')
    >>> parse_reported("more than 5300亿").bound
    '>'
    """
    return _parse(text, reported=True)


def read_literal(s: str, pos: int) -> tuple[Figure, int] | None:
    """Read a number and its unit (``2.831 billion``, ``51%``, ``24.7亿``) starting at ``s[pos]``.

    Returns the figure and the position after it, or None when no number starts there.
    """
    m = _NUMBER.match(s, pos)
    if not m:
        return None
    end = m.end()
    suffix, kind, shift, end = _read_suffix(s, end)
    return _figure(m, suffix, kind, shift), end


_KIND_NAMES = {
    "amount": "amount",
    "percent": "percentage",
    "points": "percentage-point figure",
    "multiple": "multiple",
}


def _parse(text: str, *, reported: bool) -> Figure:
    s = normalize(text)
    if not s:
        raise AidcalcError("blank, not an amount", value=text)
    bound = None
    if reported:
        bound, s = _strip_bound(s)
        s = _word_number(s)
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
        fig = _figure(m, suffix, kind, shift, bound)
    except AidcalcError as e:
        raise AidcalcError(e.reason, value=text) from None
    return replace(fig, mantissa=-fig.mantissa) if negative else fig


def _figure(
    m: re.Match[str], suffix: str, kind: str, shift: int, bound: str | None = None
) -> Figure:
    whole, frac, only_frac = m.group(1), m.group(2), m.group(3)
    if only_frac is not None:
        whole, frac = "0", only_frac
    frac = frac or ""
    digits = whole.replace(",", "") + frac
    if len(digits) > MAX_DIGITS:
        raise AidcalcError(f"more than {MAX_DIGITS} digits: not an amount")
    rounded = bool(frac) or shift != 0 or kind in ("percent", "points", "multiple")
    if suffix.strip() and kind == "amount" and shift == 0:  # "5 yuan"
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


def _read_suffix(s: str, pos: int) -> tuple[str, str, int, int]:
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
            if kind == "amount":
                end = _skip_currency(s, end)
            return s[pos:after], kind, shift, end
    end = _skip_currency(s, pos)
    if end != pos:
        return s[pos:end], "amount", 0, end
    return "", "amount", 0, pos


def _skip_currency(s: str, pos: int) -> int:
    i = pos
    while i < len(s) and s[i] == " ":
        i += 1
    low = s[i:].lower()
    for word in _CURRENCY_SUFFIXES:
        if low.startswith(word):
            after = i + len(word)
            if word.isascii() and after < len(s) and _wordchar(s[after]):
                continue
            return after
    return pos


def _wordchar(c: str) -> bool:
    return c.isalnum() or c == "_"


def _strip_prefix(s: str) -> str:
    low = s.lower()
    for p in _CURRENCY_PREFIXES:
        if low.startswith(p):
            return s[len(p) :].lstrip()
    return s


def _strip_currency_suffix(s: str) -> str:
    low = s.lower()
    for w in _CURRENCY_SUFFIXES:
        if low == w:
            return ""
    return s


def _strip_bound(s: str) -> tuple[str | None, str]:
    low = s.lower()
    for word, bound in _BOUNDS:
        if low.startswith(word):
            rest = s[len(word) :]
            if word[-1].isalpha() and rest[:1] and not rest[:1].isspace() and word.isascii():
                continue
            return bound, rest.strip()
    return None, s


def _word_number(s: str) -> str:
    """``six times`` → ``6 times``: words one to twenty, before a multiple only."""
    head, _, tail = s.partition(" ")
    n = _WORD_NUMBERS.get(head.lower())
    if n is not None and tail.strip().lower() in _MULTIPLES:
        return f"{n} {tail.strip()}"
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


# ---------------------------------------------------------------------------------------------
# Printing


def round_to_int(x: Fraction) -> int:
    """Round to the nearest integer, halves away from zero (2.5 → 3, -2.5 → -3)."""
    n, d = abs(x.numerator), x.denominator
    q = (2 * n + d) // (2 * d)
    return -q if x < 0 else q


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def format_fixed(x: Fraction, digits: int, *, grouping: bool = True, rounding: str = "half") -> str:
    """``x`` rounded to ``digits`` decimals (half away from zero; or ``floor``/``ceiling``).

    >>> format_fixed(Fraction(2831000000, 72), 2)
    '39,319,444.44'
    >>> format_fixed(Fraction(-5, 2), 0)
    '-3'
    """
    scaled_x = x * 10**digits
    if rounding == "floor":
        q = _floor(scaled_x)
    elif rounding == "ceiling":
        q = _ceil(scaled_x)
    else:
        q = round_to_int(scaled_x)
    sign = "-" if q < 0 else ""
    s = str(abs(q)).rjust(digits + 1, "0")
    whole, frac = (s[:-digits], s[-digits:]) if digits > 0 else (s, "")
    if grouping:
        whole = f"{int(whole):,}"
    return sign + whole + ("." + frac if frac else "")


def format_exact(x: Fraction, significant: int = 15, rounding: str = "half") -> str:
    """For machines: the exact decimal when ``x`` has one, else ``significant`` digits
    (rounded half away from zero, or ``floor``/``ceiling`` for the bounds of an interval).

    >>> format_exact(Fraction(2831000000)), format_exact(Fraction(1, 8))
    ('2831000000', '0.125')
    >>> format_exact(Fraction(1, 3))
    '0.333333333333333'
    >>> format_exact(Fraction(-5))
    '-5'
    """
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d == 1:
        return format_fixed(x, max(twos, fives), grouping=False)
    if x == 0:
        return "0"
    # digits before the point (or zeros after it) decide how many decimals give `significant`
    if abs(x) >= 1:
        decimals = max(significant - len(str(_floor(abs(x)))), 0)
    else:
        decimals = significant + _leading_zeros(abs(x))
    text = format_fixed(x, decimals, grouping=False, rounding=rounding)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _leading_zeros(x: Fraction) -> int:
    """For 0 < x < 1: how many zeros follow the decimal point (0.00123 → 2)."""
    n = 0
    while x * 10 < 1:
        x *= 10
        n += 1
    return n


def format_like(x: Fraction, like: Figure, extra: int = 0, rounding: str = "half") -> str:
    """Show ``x`` in the notation of ``like``: ``39.32 million`` next to ``39.33 million``."""
    value = x / scaled(1, like.shift)
    text = format_fixed(value, like.decimals + extra, grouping=like.grouped, rounding=rounding)
    return text + like.suffix
