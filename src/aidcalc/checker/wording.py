"""Reported figures as reports print them, in English or Chinese, read into the exact interval each
stands for.

=============================  =================================================================
``read_reported(text)``        ``约540亿``, ``nearly two thirds``, ``翻了一番多`` → Reported
``read_number(s, pos)``        a formula literal (``二十八点三一亿``, ``£59.7 billion``) → Figure
``read_quantity(s, pos)``      the same with its kind and currency
``fraction_interval(p, q)``    the values nearer to p/q than to any other fraction of 1 to 5
=============================  =================================================================

X is the figure as written; u is the place value of its last written digit, and 0 when the figure
is exact (a count, or a rate by rule: see "Whole numbers" below); u' is the place value of its
last non-zero digit (``约540亿``: u' = 10亿).

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
            超过, 超, 逾, 多于, 高于
at least    at least, no less than, not less than; 至少, 不少于,         [X, ∞)
            不低于, X以上, X及以上
less than   less than, under, below, fewer than; 不到, 少于, 低于, 不足  (−∞, X)
at most     at most, up to, no more than, not more than; 至多, 最多,     (−∞, X]
            不超过, 不高于, X以下, X以内
range       ``59.5–59.9 billion``, ``between A and B``, ``26至41万``     [A − u_A/2, B + u_B/2]
by rule     ``按1%``, ``statutory 5%``, ``20 per cent match``             [X, X]
==========  ==========================================================  ========================

Fractions (half, a third, two thirds, three quarters, a fifth; 一半, 三分之二; ``2/3``) stand for
the values nearer to them than to any other fraction with a denominator from 1 to 5; with a
qualifier, u'/2 below and above are the distances to those edges. 成 counts tenths (六成 = 60%,
u = 10%). Multiples: ``N times``, ``N-fold``, ``N倍``, ``是…的N倍`` (plain rule); twice, double,
doubled, 翻一番 = 2; tripled, threefold = 3; 翻两番 = 4; 翻N番 = 2^N (each with u = 1); more than
doubled and 翻了一番多 = (2, ∞); ``增长N倍`` is N + 1 times, with the N-times reading kept as an
alternative. Chinese numerals are spellings of Arabic ones: ``两千三百万`` reads as ``2300万``
(u = 1万), ``二十八点三一亿`` as ``28.31亿``; only a final 万 or 亿 is a scale.

Kinds (:class:`aidcalc.core.figures.Kind`, the one kind enum): a reported figure is an amount (with
a scale word or a currency), a count (a bare number, which names no unit, so it may count things or
be a sum in the report's unit, and a checker lets it stand against any formula; or a number with a
measure word: ``72个``, ``20.7万人``), a percentage, percentage points, a multiple or a
fraction. 成 figures are percentages.

**Whole numbers.** An amount printed in a report is rounded even when it is whole (``$1,824`` is
1,823.5 to 1,824.5, ``2,798万元`` is 2,797.5万 to 2,798.5万); a count is exact (``72个``, ``25``,
``six``, ``36户``, ``1.2万人次`` with its scale) unless a scale word rounds it (``7.17 million
children`` is 7.165 to 7.175 million children). A rate a rule fixes is exact (``按1%``, ``statutory
5%``, ``20 per cent match``: qualifier ``by rule``). ``one in ten`` is 1/N with N rounded.

**Bounds of one scenario** (the rule decided for "up to £5.1 billion, or 9.4 per cent, on up to
£59.7 billion"). A one-sided figure stands for its whole side: checked by itself it passes any
value there, and no formula computes with it. But figures written as bounds on the same side in one
statement are the extremes of one scenario: when a formula's inputs are all bounds on one side
(all ``up to``/at most, or all ``at least``) and the checked figure is a bound on that side too,
the formula is the scenario at its bounds, and every figure stands for its bound read plainly,
:meth:`Reported.scenario`: 9.4% is checked as 9.35% to 9.45% against 5.1 / (59.7 − 5.1), with
5.05 to 5.15 and 59.65 to 59.75 billion. A plain figure is never checked against bounds, nor a
bound against plain figures or bounds of the other side, so a one-sided figure confirms nothing
but another bound of its own scenario. (The relation reader and ``check`` apply it through
:meth:`Reported.scenario`.)

Refused, with the reason: years, dates, list numbers, ordinals, identifiers, two qualifiers on one
figure, an elliptical numeral (``三万五``), a bare whole number in parentheses (a list number). A
figure in parentheses with a unit is an aside, not a negative: ``(3%)`` is 3%.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from aidcalc.checker.numerals import read_chinese
from aidcalc.checker.quantities import (
    Core,
    as_figure,
    core_of,
    decimal_core,
    fraction_interval,
    merge_currency,
    scan,
    with_,
    words_pattern,
)
from aidcalc.checker.vocabulary import (
    CURRENCIES_BEFORE,
    GROWTH,
    NOT_FIGURES,
    POSTFIXES,
    PREFIXES,
    QUALIFIERS_BEFORE,
    RANGE_SEPARATORS,
    Qualifier,
)
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import Bound, Figure, Kind, normalize, scaled
from aidcalc.core.formatting import format_fixed
from aidcalc.core.intervals import Interval

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

    def scenario(self) -> Reported | None:
        """A bound (``up to £5.1 billion``, ``at least 30%``) read as the value of its scenario:
        the bound itself, plainly rounded; None for a figure that is not a one-sided bound. The
        side is :attr:`side` (the module's rule: bounds of one side check one another).

        >>> r = read_reported("up to £5.1 billion").scenario(); (r.lo, r.hi, r.qualifier.value)
        (Fraction(5050000000, 1), Fraction(5150000000, 1), 'plain')
        """
        if self.qualifier not in _SIDES or self.alternatives:
            return None
        f = self.figure
        half = scaled(5, f.exp - 1) if f.rounded else Fraction(0)
        fig = Figure(f.mantissa, f.exp, f.rounded, f.kind, None, f.decimals, f.shift, f.suffix,
                     f.grouped)  # fmt: skip
        return Reported(self.text, self.kind, self.value, self.value - half, self.value + half,
                        False, False, fig, self.currency, Qualifier.PLAIN)  # fmt: skip

    @property
    def side(self) -> str | None:
        """``"at most"`` for an upper bound (up to, at most, less than, 以下), ``"at least"`` for
        a lower one (at least, more than, 以上), else None."""
        return _SIDES.get(self.qualifier)

    def interval(self) -> Interval:
        """The closed interval, for a figure used in later formulas; one-sided ones refuse."""
        if self.lo is None or self.hi is None:
            raise AidcalcError(
                f"a one-sided figure ({self.qualifier.value} …) cannot be computed with",
                value=self.text,
            )
        return Interval(self.lo, self.hi)


# ---------------------------------------------------------------------------------------------
# Reading a whole reported figure


_SIDES = {
    Qualifier.AT_MOST: "at most",
    Qualifier.LESS_THAN: "at most",
    Qualifier.AT_LEAST: "at least",
    Qualifier.MORE_THAN: "at least",
}


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
        got = scan(normalize(p), 0, reported=False)
    except AidcalcError:
        raise AidcalcError(why, value=p) from None
    if got is None or got[1] != len(normalize(p)) or got[0].value <= 0:
        raise AidcalcError(why, value=p)
    return got[0].value, got[0].kind


def _read(s: str, text: str, step: tuple[Fraction, Kind | None] | None) -> Reported:
    if s.startswith("是") and "的" in s:  # 是2018年的2.6倍: the figure is after the last 的
        s = s[s.rindex("的") + 1 :]
    for pattern, why in NOT_FIGURES:
        if pattern.fullmatch(s):
            raise AidcalcError(why)
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":  # an aside in prose, not a negative
        s = s[1:-1].strip()
    growth = GROWTH.match(s)
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
    m = _PREFIX_WORDS.match(s)
    if m and m.end() < len(s):
        qualifier, s = _PREFIX_OF[m.group().lower()], s[m.end() :].strip()
    for word, q in POSTFIXES:
        if s.lower().endswith(word) and len(s) > len(word):
            if qualifier is not Qualifier.PLAIN:
                raise AidcalcError(f"two qualifiers ({qualifier.value}, {q.value})")
            qualifier, s = q, s[: -len(word)].strip()
            break
    core = core_of(s)
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


_PREFIX_WORDS = words_pattern(w for w, _ in PREFIXES)
_PREFIX_OF = dict(PREFIXES)


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
    core: Core, step: tuple[Fraction, Kind | None] | None, qualifier: Qualifier
) -> Core:
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
    return with_(
        core, below=half, above=half, loose_below=half, loose_above=half,
        odd=size if core.odd is not None else None,
    )  # fmt: skip


def _same_scale(precision: Kind, figure: Kind) -> bool:
    """A bare precision (``1000``, ``0.1``) fits amounts, counts and multiples."""
    return precision is Kind.COUNT and figure in (Kind.AMOUNT, Kind.COUNT, Kind.MULTIPLE)


def _bounds(core: Core, q: Qualifier) -> tuple[Fraction | None, Fraction | None, bool, bool]:
    x = core.value
    if q is Qualifier.PLAIN:
        return x - core.below, x + core.above, False, False
    if q is Qualifier.BY_RULE:
        return x, x, False, False
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


def _range(s: str, text: str, step: tuple[Fraction, Kind | None] | None) -> Reported | None:
    """``59.5–59.9 billion``, ``between A and B``, ``26至41万``: a unit written once serves both."""
    for pattern in RANGE_SEPARATORS:
        m = pattern.fullmatch(s)
        if not m:
            continue
        left, right = m.group(1).strip(), m.group(2).strip()
        try:
            a = core_of(left)
        except AidcalcError:
            continue
        b = core_of(right)
        if a.odd is not None or b.odd is not None or a.more_than or b.more_than:
            raise AidcalcError("a range with 多 or -odd at one end")
        if a.kind is Kind.FRACTION or b.kind is Kind.FRACTION:
            raise AidcalcError("a range of fractions; write percentages")
        if not a.unit and b.unit:
            a = _unit_like(a, b)
        elif a.unit and not b.unit:
            b = _unit_like(b, a)
        currency = merge_currency(a.currency, b.currency, text)
        if currency:
            a, b = with_(a, kind=Kind.AMOUNT), with_(b, kind=Kind.AMOUNT)
        if a.kind is not b.kind:
            raise AidcalcError(f"a range from {a.kind.noun} to {b.kind.noun}")
        if a.value > b.value:
            raise AidcalcError("a range from the larger figure to the smaller")
        a = _apply_precision(a, step, Qualifier.RANGE)
        b = _apply_precision(b, step, Qualifier.RANGE)
        mid = (a.value + b.value) / 2
        return Reported(
            text, b.kind, mid, a.value - a.below, b.value + b.above, False, False,
            as_figure(mid, b.figure), currency, Qualifier.RANGE,
        )  # fmt: skip
    return None


def _unit_like(bare: Core, like: Core) -> Core:
    f, u = bare.figure, like.figure
    if f.shift:
        raise AidcalcError("a range end with a scale but no unit")
    rounded = f.rounded or u.rounded
    core = decimal_core(
        f.mantissa, u.shift - f.decimals, rounded, like.kind, decimals=f.decimals,
        shift=u.shift, suffix=u.suffix, grouped=f.grouped, unit=True,
    )  # fmt: skip
    return with_(core, currency=bare.currency or like.currency)


def _growth(main: Reported, text: str) -> Reported:
    """``增长2倍``: the new figure is 3 times the old; the "2 times" reading is the alternative."""
    name = format_fixed(main.value, max(main.figure.decimals, 0), grouping=False) + " times"

    def plus(x: Fraction | None) -> Fraction | None:
        return None if x is None else x + 1

    value = main.value + 1
    return Reported(
        text, main.kind, value, plus(main.lo), plus(main.hi), main.lo_open, main.hi_open,
        as_figure(value, main.figure), main.currency, main.qualifier, ((name, main),),
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
    got = scan(s, pos, reported=False)
    if got is None:
        return None
    core, end = got
    if read_chinese(s, pos) is not None and end < len(s) and _name_char(s[end]):
        return None  # 一般: a name that starts with a numeral
    return core.figure, core.kind, core.currency, end


def _name_char(c: str) -> bool:
    return c.isalnum() or c == "_"
