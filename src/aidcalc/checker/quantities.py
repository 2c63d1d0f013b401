"""A figure without its qualifier: a number with its currency, unit, counter and X-odd mark.

=============================  ==================================================================
``scan(s, i, reported=…)``     a number with its currency and unit at ``s[i]`` → (Core, end)
``core_of(s)``                 the whole of ``s`` as one figure: a number, a fraction, 翻番, twice
``Core``                       X, the half-widths the wordings use, the notation, the currency
``fraction_interval(p, q)``    the values nearer to p/q than to any other fraction of 1 to 5
=============================  ==================================================================

The qualifiers around a core (``about``, ``以上``, ranges) are :mod:`aidcalc.checker.wording`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction

from aidcalc.checker.numerals import WORD_NUMBERS, read_chinese, small_integer
from aidcalc.checker.vocabulary import (
    ARABIC_FRACTION,
    CN_FRACTION,
    COUNTED_NOUNS,
    COUNTERS,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    DENOMINATORS,
    EN_FRACTION,
    FANFAN,
    MULTIPLE_WORDS,
    NOT_COUNTED,
    ODD_MARKS,
    UNITS,
)
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import MAX_DIGITS, NUMBER, Figure, Kind, scaled

# ---------------------------------------------------------------------------------------------
# The figure at the centre of a wording


@dataclass(frozen=True)
class Core:
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


def decimal_core(
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
) -> Core:
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
    return Core(kind, fig.value, fig, u / 2, u / 2, loose, loose, currency=currency, unit=unit)


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


def fraction_core(p: int, q: int, text: str) -> Core:
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
    fig = as_figure(x, Figure(0, -3, True, Kind.FRACTION, decimals=1, shift=-2, suffix="%"))
    return Core(Kind.FRACTION, x, fig, x - lo, hi - x, x - lo, hi - x)


def as_figure(x: Fraction, like: Figure) -> Figure:
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
# Scanning a number with its unit and currency


def starts_word(s: str, i: int, word: str) -> bool:
    """``s[i:]`` starts with ``word`` (case-insensitive), not in the middle of a longer word."""
    if s[i : i + len(word)].lower() != word:
        return False
    after = i + len(word)
    return not (word[-1].isascii() and word[-1].isalpha() and ascii_word_char(s, after))


def words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of ``words`` as :func:`starts_word` does (case-insensitive, not
    inside a longer word), the longest first: one match instead of a loop over a word list."""
    alternatives = [
        re.escape(w) + ("(?![A-Za-z_])" if w[-1].isascii() and w[-1].isalpha() else "")
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE)


_UNIT_WORDS = words_pattern(w for w, _, _ in UNITS)
_UNIT_OF = {w: (k, e) for w, k, e in UNITS}
_CURRENCY_WORDS = {
    id(t): (words_pattern(w for w, _ in t), dict(t)) for t in (CURRENCY_BEFORE, CURRENCY_AFTER)
}


def ascii_word_char(s: str, i: int) -> bool:
    return i < len(s) and ((s[i].isascii() and s[i].isalpha()) or s[i] == "_")


def currency_at(
    s: str, i: int, table: list[tuple[str, str]], *, spaced: bool = False
) -> tuple[str, int] | None:
    """A currency at ``s[i]`` (after spaces); ``spaced``: a code in letters needs a space after
    it (in formulas, ``usd2018`` is a name)."""
    j = i
    while j < len(s) and s[j] == " ":
        j += 1
    known = _CURRENCY_WORDS.get(id(table))
    if known is not None and not spaced:  # the fast way: one match
        m = known[0].match(s, j)
        if m is None:
            return None
        end = m.end()
        if table is CURRENCY_BEFORE:
            while end < len(s) and s[end] == " ":
                end += 1
        return known[1][m.group().lower()], end
    for word, code in table:
        if starts_word(s, j, word):
            end = j + len(word)
            if spaced and word[-1].isalpha() and s[end : end + 1] != " ":
                continue
            if table is CURRENCY_BEFORE:
                while end < len(s) and s[end] == " ":
                    end += 1
            return code, end
    return None


def merge_currency(a: str | None, b: str | None, text: str) -> str | None:
    if a and b and a != b:
        raise AidcalcError(f"two currencies, {a} and {b}", value=text)
    return a or b


def odd_mark(s: str, i: int) -> int | None:
    for m in ODD_MARKS:
        if s.startswith(m, i) and not (m[-1].isalpha() and ascii_word_char(s, i + len(m))):
            return i + len(m)
    return None


def _counter(s: str, i: int) -> int | None:
    """The end of a Chinese measure word at ``s[i]`` (个, 人次, 所 …), or None."""
    for word in COUNTERS:
        if s.startswith(word, i):
            return i + len(word)
    return None


def _counted_noun(s: str, i: int) -> int | None:
    """The end of an English noun of counted things after a scale word (``million children``)."""
    m = re.compile(r" ([a-z]{3,})(?![\w-])").match(s, i)
    if m is None or m.group(1) in NOT_COUNTED:
        return None
    word = m.group(1)
    return m.end() if word in COUNTED_NOUNS or word.endswith("s") else None


def scan(s: str, i: int, *, reported: bool) -> tuple[Core, int] | None:
    """A number with its currency and unit at ``s[i]``; ``reported`` also reads X-odd marks."""
    currency = None
    got = currency_at(s, i, CURRENCY_BEFORE, spaced=not reported)
    if got:
        currency, i = got
    percent_before = s.startswith("百分之", i)
    if percent_before:
        i += 3
    m = NUMBER.match(s, i)
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
        cn = read_chinese(s, i)
        if cn is None:
            return None
        whole_value, frac, i = cn
        mantissa, decimals = int(str(whole_value) + frac), len(frac)
    odd: str | None = None
    if reported and (j := odd_mark(s, i)) is not None:
        odd, i = "loose", j
    kind, shift, suffix, unit = Kind.COUNT, 0, "", False
    if percent_before:
        kind, shift, suffix, unit = Kind.PERCENT, -2, "%", True
    else:
        j = i
        while j < len(s) and s[j] == " ":
            j += 1
        m = _UNIT_WORDS.match(s, j)
        if m:
            (kind, shift), suffix, unit = _UNIT_OF[m.group().lower()], s[i : m.end()], True
            i = m.end()
    if kind is Kind.COUNT or (kind is Kind.AMOUNT and shift):
        before = i
        for _ in range(2):  # 亿元人民币
            got = currency_at(s, i, CURRENCY_AFTER)
            if got:
                currency, i = merge_currency(currency, got[0], s), got[1]
        counter = _counter(s, i) if currency is None else None
        noun = _counted_noun(s, i) if currency is None and reported and shift else None
        if counter is not None:  # 72个, 20.7万人, 1.2万人次: counted things
            kind, unit = Kind.COUNT, True
            suffix = suffix + s[i:counter] if shift else s[before:counter]
            i = counter
        elif noun is not None:  # 7.17 million children: a rounded count
            kind, unit, suffix, i = Kind.COUNT, True, suffix + s[i:noun], noun
        elif kind is Kind.COUNT:
            suffix = s[before:i]
    if reported and odd is None and unit and (j := odd_mark(s, i)) is not None:
        odd, i = "unit", j
        got = currency_at(s, i, CURRENCY_AFTER)
        if got and kind is Kind.AMOUNT:
            currency, i = merge_currency(currency, got[0], s), got[1]
    if currency is not None:
        if kind not in (Kind.COUNT, Kind.AMOUNT):
            raise AidcalcError(f"a currency on {kind.noun}", value=s)
        kind = Kind.AMOUNT
    elif kind is Kind.AMOUNT and not shift:
        kind = Kind.COUNT
    rounded = bool(decimals) or shift != 0 or kind in (Kind.PERCENT, Kind.POINTS, Kind.MULTIPLE)
    if reported and kind is Kind.AMOUNT:  # an amount printed in prose is rounded: $1,824
        rounded = True
    core = decimal_core(
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
        core = with_(core, odd=2 * core.loose_below)
    elif odd == "unit":
        core = with_(core, odd=scaled(1, shift - decimals))
    return core, i


def with_(core: Core, **changes: object) -> Core:
    return replace(core, **changes)  # type: ignore[arg-type]


_WORD_OR_DIGITS = r"(\d{1,4}|" + "|".join(WORD_NUMBERS) + r"|a|an)"
_ONE_IN = re.compile(_WORD_OR_DIGITS + r"\s+(?:in|out\s+of)\s+" + _WORD_OR_DIGITS)


def _one_in(p_text: str, q_text: str, text: str) -> Core:
    """``one in ten``: 1/N, where N is a whole number rounded (1/(N + ½) to 1/(N − ½));
    ``two in five``: the fraction 2/5 (a denominator up to 5)."""

    def number(t: str) -> int:
        return int(t) if t.isdigit() else 1 if t in ("a", "an") else WORD_NUMBERS[t]

    p, q = number(p_text), number(q_text)
    if q <= 5 and 0 < p < q:
        return fraction_core(p, q, text)
    if p != 1 or q < 2:
        raise AidcalcError("only 'one in N' or a fraction of halves … fifths is read", value=text)
    x = Fraction(1, q)
    lo, hi = Fraction(2, 2 * q + 1), Fraction(2, 2 * q - 1)
    fig = as_figure(x, Figure(0, -3, True, Kind.FRACTION, decimals=1, shift=-2, suffix="%"))
    return Core(Kind.FRACTION, x, fig, x - lo, hi - x, x - lo, hi - x)


def core_of(s: str) -> Core:
    """The figure itself: a number with its unit, a fraction, a multiple in words, 翻番."""
    low = s.lower()
    if low in MULTIPLE_WORDS:
        return multiple_core(MULTIPLE_WORDS[low], " times")
    m = re.fullmatch(r"(" + "|".join(WORD_NUMBERS) + r")(?:(?:\s*-\s*|\s*)fold|\s+times)", low)
    if m:
        return multiple_core(WORD_NUMBERS[m.group(1)], " times")
    if low in WORD_NUMBERS:  # six (provinces): a count, exact
        return decimal_core(WORD_NUMBERS[low], 0, False, Kind.COUNT)
    m = _ONE_IN.fullmatch(low)
    if m:
        return _one_in(m.group(1), m.group(2), s)
    m = FANFAN.fullmatch(s)
    if m:
        n = 1 if m.group(1) is None else small_integer(m.group(1))
        core = multiple_core(2**n, "倍")
        return with_(core, more_than=True) if m.group(2) else core
    if low in ("一半", "半数", "半"):
        return fraction_core(1, 2, s)
    m = CN_FRACTION.fullmatch(s)
    if m:
        return fraction_core(small_integer(m.group(2)), small_integer(m.group(1)), s)
    m = EN_FRACTION.fullmatch(s)
    if m:
        if m.group(1) is None and DENOMINATORS[m.group(2).lower()] != 2:
            raise AidcalcError("an ordinal, not a figure; write 'a third' or 'one third'")
        head = (m.group(1) or "a").lower()
        p = 1 if head in ("a", "an", "one") else WORD_NUMBERS[head]
        return fraction_core(p, DENOMINATORS[m.group(2).lower()], s)
    m = ARABIC_FRACTION.fullmatch(s)
    if m:
        return fraction_core(int(m.group(1)), int(m.group(2)), s)
    negative = signed = False
    if s[:1] in "+-":
        negative, signed, s = s[0] == "-", True, s[1:].lstrip()
    c = currency_at(s, 0, CURRENCY_BEFORE)
    if c and s[c[1] : c[1] + 1] in ("+", "-"):  # ¥-5: the sign after the currency
        if signed:
            raise AidcalcError("more than one sign")
        negative, signed, s = s[c[1]] == "-", True, s[: c[1]] + s[c[1] + 1 :].lstrip()
    if s[:1] in "+-":
        raise AidcalcError("more than one sign")
    got = scan(s, 0, reported=True)
    if got is None:
        raise AidcalcError(why_not(s))
    core, end = got
    if end != len(s):
        raise AidcalcError(why_rest(s, s[end:]))
    return negate(core, negative)


def negate(core: Core, negative: bool) -> Core:
    if not negative:
        return core
    f = core.figure
    fig = Figure(-f.mantissa, f.exp, f.rounded, f.kind, f.bound, f.decimals, f.shift, f.suffix,
                 f.grouped)  # fmt: skip
    return with_(
        core, value=-core.value, figure=fig, below=core.above, above=core.below,
        loose_below=core.loose_above, loose_above=core.loose_below,
    )  # fmt: skip


def multiple_core(n: int, suffix: str) -> Core:
    return decimal_core(n, 0, True, Kind.MULTIPLE, suffix=suffix, unit=True)


def why_not(s: str) -> str:
    low = s.lower()
    if low.lstrip("+-") in ("nan", "inf", "infinity"):
        return "not a number"
    head = low.split(" ")[0]
    if head in WORD_NUMBERS:
        return "a number in words is read alone (six) or before times or fold; write digits"
    return "not a figure"


def why_rest(s: str, rest: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})*,\d+", s):
        return "decimal comma: aidcalc reads '.' as the decimal point; write it as 1234.56"
    if rest[:1] in ",." and rest[1:2].isdigit():
        return "thousands separators must group three digits (1,234,567)"
    if rest[:1] in "eE" and rest[1:].lstrip("+-").isdigit():
        return "scientific notation is not accepted; write the number out"
    if rest.lstrip()[:1].isdigit():
        return "a space inside a number is ambiguous; remove it or use commas (1,234)"
    return f"not a figure: unknown unit {rest.strip()!r}"
