"""Reported figures as reports word them: every row of report-wording.md, exactly."""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidcalc.checker.wording import (
    Kind,
    Qualifier,
    fraction_interval,
    read_number,
    read_quantity,
    read_reported,
)
from aidcalc.core.errors import AidcalcError
from aidcalc.core.formatting import format_fixed
from aidcalc.core.intervals import Interval

INF = None
A, C, P, PP, M, FR = (
    Kind.AMOUNT,
    Kind.COUNT,
    Kind.PERCENT,
    Kind.POINTS,
    Kind.MULTIPLE,
    Kind.FRACTION,
)
YI = 10**8
WAN = 10**4
BN = 10**9


def pct(x: str) -> F:
    return F(x) / 100


def interval(text: str, precision: str = "") -> tuple[F | None, F | None, bool, bool, Kind]:
    r = read_reported(text, precision)
    return r.lo, r.hi, r.lo_open, r.hi_open, r.kind


# text, lo, hi, lo_open, hi_open, kind, qualifier
ROWS = [
    # plain
    ("540亿", 539.5 * YI, 540.5 * YI, False, False, A, "plain"),
    ("51%", pct("50.5"), pct("51.5"), False, False, P, "plain"),
    ("six times", F(11, 2), F(13, 2), False, False, M, "plain"),
    ("72", 72, 72, False, False, C, "plain"),
    # about: u' is the place of the last non-zero digit
    ("about 540亿", 535 * YI, 545 * YI, False, False, A, "about"),
    ("about 40%", pct("35"), pct("45"), False, False, P, "about"),
    ("about 39.33 million", F(39325000), F(39335000), False, False, A, "about"),
    ("around 600", 550, 650, False, False, C, "about"),
    ("approximately 600", 550, 650, False, False, C, "about"),
    ("roughly 600", 550, 650, False, False, C, "about"),
    ("some 600", 550, 650, False, False, C, "about"),
    ("circa 600", 550, 650, False, False, C, "about"),
    ("~600", 550, 650, False, False, C, "about"),
    ("约540亿", 535 * YI, 545 * YI, False, False, A, "about"),
    ("大约540亿", 535 * YI, 545 * YI, False, False, A, "about"),
    ("大概540亿", 535 * YI, 545 * YI, False, False, A, "about"),
    ("540亿左右", 535 * YI, 545 * YI, False, False, A, "about"),
    ("540亿上下", 535 * YI, 545 * YI, False, False, A, "about"),
    # nearly
    ("nearly 600亿", 550 * YI, 600 * YI, False, False, A, "nearly"),
    ("almost 600", 550, 600, False, False, C, "nearly"),
    ("close to 600", 550, 600, False, False, C, "nearly"),
    ("just under 600", 550, 600, False, False, C, "nearly"),
    ("近600亿", 550 * YI, 600 * YI, False, False, A, "nearly"),
    ("将近600亿", 550 * YI, 600 * YI, False, False, A, "nearly"),
    ("接近600亿", 550 * YI, 600 * YI, False, False, A, "nearly"),
    ("近乎600亿", 550 * YI, 600 * YI, False, False, A, "nearly"),
    # X-odd: [X, X + u') before the unit, [X, X + u) after it
    ("600多亿", 600 * YI, 700 * YI, False, True, A, "odd"),
    ("600余亿", 600 * YI, 700 * YI, False, True, A, "odd"),
    ("60-odd", 60, 70, False, True, C, "odd"),
    ("60-plus", 60, 70, False, True, C, "odd"),
    ("600-odd million", 600 * 10**6, 700 * 10**6, False, True, A, "odd"),
    ("七成多", pct("70"), pct("80"), False, True, P, "odd"),
    ("2倍多", 2, 3, False, True, M, "odd"),
    ("20倍多", 20, 21, False, True, M, "odd"),
    ("20多倍", 20, 30, False, True, M, "odd"),
    # more than
    ("more than 5300亿", 5300 * YI, INF, True, False, A, "more than"),
    ("over 60%", pct("60"), INF, True, False, P, "more than"),
    ("above 3", 3, INF, True, False, C, "more than"),
    ("exceeding 3", 3, INF, True, False, C, "more than"),
    ("in excess of £3 billion", 3 * BN, INF, True, False, A, "more than"),
    ("超过5300亿", 5300 * YI, INF, True, False, A, "more than"),
    ("逾5300亿", 5300 * YI, INF, True, False, A, "more than"),
    ("多于3", 3, INF, True, False, C, "more than"),
    ("高于3", 3, INF, True, False, C, "more than"),
    # at least
    ("at least 3", 3, INF, False, False, C, "at least"),
    ("no less than 3", 3, INF, False, False, C, "at least"),
    ("not less than 3", 3, INF, False, False, C, "at least"),
    ("至少3", 3, INF, False, False, C, "at least"),
    ("不少于3", 3, INF, False, False, C, "at least"),
    ("不低于3", 3, INF, False, False, C, "at least"),
    ("60%以上", pct("60"), INF, False, False, P, "at least"),
    ("60%及以上", pct("60"), INF, False, False, P, "at least"),
    # less than
    ("less than 2%", INF, pct("2"), False, True, P, "less than"),
    ("under 3", INF, 3, False, True, C, "less than"),
    ("below 3", INF, 3, False, True, C, "less than"),
    ("fewer than 3", INF, 3, False, True, C, "less than"),
    ("不到3", INF, 3, False, True, C, "less than"),
    ("少于3", INF, 3, False, True, C, "less than"),
    ("低于3", INF, 3, False, True, C, "less than"),
    ("不足3", INF, 3, False, True, C, "less than"),
    # at most
    ("at most 3", INF, 3, False, False, C, "at most"),
    ("up to 3", INF, 3, False, False, C, "at most"),
    ("no more than 3", INF, 3, False, False, C, "at most"),
    ("not more than 3", INF, 3, False, False, C, "at most"),
    ("至多3", INF, 3, False, False, C, "at most"),
    ("最多3", INF, 3, False, False, C, "at most"),
    ("不超过3", INF, 3, False, False, C, "at most"),
    ("不高于3", INF, 3, False, False, C, "at most"),
    ("3以下", INF, 3, False, False, C, "at most"),
    ("3以内", INF, 3, False, False, C, "at most"),
    # ranges: a unit written once applies to both ends
    ("59.5–59.9 billion", F("59.45") * BN, F("59.95") * BN, False, False, A, "range"),
    ("59.5 to 59.9 billion", F("59.45") * BN, F("59.95") * BN, False, False, A, "range"),
    ("59.5-59.9 billion", F("59.45") * BN, F("59.95") * BN, False, False, A, "range"),
    ("between 26 and 41万", F("25.5") * WAN, F("41.5") * WAN, False, False, A, "range"),
    ("26—41万", F("25.5") * WAN, F("41.5") * WAN, False, False, A, "range"),
    ("26至41万", F("25.5") * WAN, F("41.5") * WAN, False, False, A, "range"),
    ("26~41万", F("25.5") * WAN, F("41.5") * WAN, False, False, A, "range"),
    ("5–10%", pct("4.5"), pct("10.5"), False, False, P, "range"),
    ("26 to 41", 26, 41, False, False, C, "range"),
    # fractions: nearer to them than to any other fraction of 1 to 5
    ("half", pct("45"), pct("55"), False, False, FR, "plain"),
    ("a half", pct("45"), pct("55"), False, False, FR, "plain"),
    ("a third", F(7, 24), F(11, 30), False, False, FR, "plain"),
    ("two thirds", F(19, 30), F(17, 24), False, False, FR, "plain"),
    ("two-thirds", F(19, 30), F(17, 24), False, False, FR, "plain"),
    ("a quarter", pct("22.5"), F(7, 24), False, False, FR, "plain"),
    ("three quarters", F(17, 24), pct("77.5"), False, False, FR, "plain"),
    ("a fifth", pct("10"), pct("22.5"), False, False, FR, "plain"),
    ("一半", pct("45"), pct("55"), False, False, FR, "plain"),
    ("三分之一", F(7, 24), F(11, 30), False, False, FR, "plain"),
    ("三分之二", F(19, 30), F(17, 24), False, False, FR, "plain"),
    ("四分之三", F(17, 24), pct("77.5"), False, False, FR, "plain"),
    ("五分之一", pct("10"), pct("22.5"), False, False, FR, "plain"),
    ("2/3", F(19, 30), F(17, 24), False, False, FR, "plain"),
    # qualifiers combine
    ("nearly two thirds", F(19, 30), F(2, 3), False, False, FR, "nearly"),
    ("about a third", F(7, 24), F(11, 30), False, False, FR, "about"),
    ("more than half", F(1, 2), INF, True, False, FR, "more than"),
    ("近三分之二", F(19, 30), F(2, 3), False, False, FR, "nearly"),
    ("过半", F(1, 2), INF, True, False, FR, "more than"),
    # 成 counts tenths
    ("六成", pct("55"), pct("65"), False, False, P, "plain"),
    ("六成多", pct("60"), pct("70"), False, True, P, "odd"),
    ("近六成", pct("55"), pct("60"), False, False, P, "nearly"),
    ("约六成", pct("55"), pct("65"), False, False, P, "about"),
    # multiples
    ("6 times", F(11, 2), F(13, 2), False, False, M, "plain"),
    ("6-fold", F(11, 2), F(13, 2), False, False, M, "plain"),
    ("six-fold", F(11, 2), F(13, 2), False, False, M, "plain"),
    ("2.6倍", F("2.55"), F("2.65"), False, False, M, "plain"),
    ("是2018年的2.6倍", F("2.55"), F("2.65"), False, False, M, "plain"),
    ("twice", F(3, 2), F(5, 2), False, False, M, "plain"),
    ("double", F(3, 2), F(5, 2), False, False, M, "plain"),
    ("doubled", F(3, 2), F(5, 2), False, False, M, "plain"),
    ("翻一番", F(3, 2), F(5, 2), False, False, M, "plain"),
    ("翻了一番", F(3, 2), F(5, 2), False, False, M, "plain"),
    ("tripled", F(5, 2), F(7, 2), False, False, M, "plain"),
    ("threefold", F(5, 2), F(7, 2), False, False, M, "plain"),
    ("翻两番", F(7, 2), F(9, 2), False, False, M, "plain"),
    ("翻三番", F(15, 2), F(17, 2), False, False, M, "plain"),
    ("翻3番", F(15, 2), F(17, 2), False, False, M, "plain"),
    ("more than doubled", 2, INF, True, False, M, "more than"),
    ("翻了一番多", 2, INF, True, False, M, "more than"),
    ("3倍多", 3, 4, False, True, M, "odd"),
    ("增长2倍", F(5, 2), F(7, 2), False, False, M, "plain"),
    ("增加了2倍", F(5, 2), F(7, 2), False, False, M, "plain"),
    ("提高2倍", F(5, 2), F(7, 2), False, False, M, "plain"),
    # percent against points
    ("51 percent", pct("50.5"), pct("51.5"), False, False, P, "plain"),
    ("51 per cent", pct("50.5"), pct("51.5"), False, False, P, "plain"),
    ("百分之五十一", pct("50.5"), pct("51.5"), False, False, P, "plain"),
    ("5.4 percentage points", pct("5.35"), pct("5.45"), False, False, PP, "plain"),
    ("5.4 pp", pct("5.35"), pct("5.45"), False, False, PP, "plain"),
    ("5.4个百分点", pct("5.35"), pct("5.45"), False, False, PP, "plain"),
    # Chinese numerals
    ("二十八点三一亿", F("28.305") * YI, F("28.315") * YI, False, False, A, "plain"),
    ("两千三百万", 22995000, 23005000, False, False, A, "plain"),
    ("六倍", F(11, 2), F(13, 2), False, False, M, "plain"),
    # currencies
    ("£59.7 billion", F("59.65") * BN, F("59.75") * BN, False, False, A, "plain"),
    ("59.7 billion pounds", F("59.65") * BN, F("59.75") * BN, False, False, A, "plain"),
    ("EUR 392 billion", F("391.5") * BN, F("392.5") * BN, False, False, A, "plain"),
    ("392亿元人民币", F("391.5") * YI, F("392.5") * YI, False, False, A, "plain"),
    # an aside in parentheses is not a negative
    ("(3%)", pct("2.5"), pct("3.5"), False, False, P, "plain"),
]


@pytest.mark.parametrize("text, lo, hi, lo_open, hi_open, kind, qualifier", ROWS)
def test_wording_rows(
    text: str,
    lo: float | int | F | None,
    hi: float | int | F | None,
    lo_open: bool,
    hi_open: bool,
    kind: Kind,
    qualifier: str,
) -> None:
    r = read_reported(text)
    want_lo = None if lo is None else F(lo)
    want_hi = None if hi is None else F(hi)
    assert (r.lo, r.hi, r.lo_open, r.hi_open, r.kind) == (want_lo, want_hi, lo_open, hi_open, kind)
    assert r.qualifier is Qualifier(qualifier)
    assert r.text == text


def test_spec_checks_for_fractions() -> None:
    assert fraction_interval(1, 2) == (pct("45"), pct("55"))
    assert fraction_interval(2, 3) == (F(19, 30), F(17, 24))  # 63⅓%, 70⅚%
    assert fraction_interval(1, 3) == (F(7, 24), F(11, 30))  # 29⅙%, 36⅔%
    assert fraction_interval(1, 4) == (pct("22.5"), F(7, 24))


@pytest.mark.parametrize("p, q", [(p, q) for q in range(2, 6) for p in range(1, q)])
def test_every_fraction_interval_is_the_nearest_region(p: int, q: int) -> None:
    if F(p, q).denominator != q:
        return
    lo, hi = fraction_interval(p, q)
    grid = {F(a, b) for b in range(1, 6) for a in range(b + 1)}
    x = F(p, q)
    for y in grid - {x}:
        # lo and hi are as near to x as to a neighbour, and nothing in between is nearer to y
        assert abs(lo - x) <= abs(lo - y) and abs(hi - x) <= abs(hi - y)
    below = max(y for y in grid if y < x)
    above = min(y for y in grid if y > x)
    assert (lo, hi) == ((below + x) / 2, (x + above) / 2)


# ---------------------------------------------------------------------------------------------
# Issue 12's examples that are about wording: a formula of literals against a reported figure


def literal_interval(formula: str) -> Interval:
    """``A``, ``A op B`` of formula literals, on intervals."""
    parts = re.split(r" ([-+/]) ", formula)
    values = []
    for text in parts[::2]:
        got = read_number(text, 0)
        assert got is not None and got[1] == len(text), text
        f = got[0]
        values.append(Interval(f.value - f.half_width, f.value + f.half_width))
    result = values[0]
    for op, v in zip(parts[1::2], values[1:]):
        result = {"+": result + v, "-": result - v, "/": result / v}[op]
    return result


@pytest.mark.parametrize(
    "formula, reported, consistent",
    [
        ("538.6亿", "约540亿", True),
        ("520亿", "约540亿", False),
        ("590亿", "近600亿", True),
        ("610亿", "近600亿", False),
        ("650亿", "600多亿", True),
        ("590亿", "600多亿", False),
        ("6828 / 3273", "翻了一番多", True),
        ("1.9", "more than doubled", False),
        ("877亿 / 1356.2亿", "nearly two thirds", True),
        ("0.55", "two thirds", False),
        ("0.38", "half", False),
        ("0.62", "六成", True),
        ("64.7亿 - 4.5亿", "60.2亿", True),
        ("64.7 billion - 4.5 billion", "£60.2 billion", True),
        ("60.1 billion", "59.5–59.9 billion", False),
        ("3", "增长2倍", True),
        ("2", "增长2倍", False),
        ("二十八点三一亿 / 72", "3933万", True),
    ],
)
def test_issue_examples(formula: str, reported: str, consistent: bool) -> None:
    assert read_reported(reported).overlaps(literal_interval(formula)) is consistent


def test_growth_names_the_n_times_reading() -> None:
    r = read_reported("增长2倍")
    assert (r.value, r.kind) == (3, M)
    ((name, alt),) = r.alternatives
    assert name == "2 times"
    assert (alt.lo, alt.hi, alt.value) == (F(3, 2), F(5, 2), 2)
    computed = literal_interval("2")
    assert not r.overlaps(computed) and alt.overlaps(computed)
    assert read_reported("增长2.5倍").alternatives[0][0] == "2.5 times"
    odd = read_reported("增长2倍多")
    assert (odd.lo, odd.hi, odd.hi_open) == (3, 4, True)
    assert (odd.alternatives[0][1].lo, odd.alternatives[0][1].hi) == (2, 3)
    assert read_reported("增长20%").kind is P  # growth by a percentage is the percentage
    assert read_reported("2倍").alternatives == ()


# ---------------------------------------------------------------------------------------------
# Chinese numerals, currencies, formula literals


@pytest.mark.parametrize(
    "text, value, half",
    [
        ("二十八点三一亿", 2831000000, 500000),
        ("两千三百万", 23000000, 5000),
        ("三亿五千万", 350000000, 5000),
        ("一万亿", 10**12, 5 * 10**11),
        ("十五", 15, 0),
        ("二十", 20, 0),
        ("一百零五", 105, 0),
        ("一千零一十", 1010, 0),
        ("三万五千", 35000, 0),
        ("零点五", F(1, 2), F(1, 20)),
        ("百分之五十一", F(51, 100), F(1, 200)),
        ("百分之五十一点五", F(515, 1000), F(1, 2000)),
        ("六倍", 6, F(1, 2)),
        ("两倍", 2, F(1, 2)),
        ("七成", F(7, 10), F(1, 20)),
        ("五个百分点", F(5, 100), F(1, 200)),
    ],
)
def test_chinese_numerals(text: str, value: int | F, half: int | F) -> None:
    got = read_number(text, 0)
    assert got is not None
    f, end = got
    assert (f.value, f.half_width, end) == (F(value), F(half), len(text))


@pytest.mark.parametrize(
    "text, currency, value",
    [
        ("¥5", "CNY", 5),
        ("￥5", "CNY", 5),
        ("5元", "CNY", 5),
        ("RMB 5", "CNY", 5),
        ("CNY 5", "CNY", 5),
        ("5 RMB", "CNY", 5),
        ("5亿元人民币", "CNY", 5 * YI),
        ("5 yuan", "CNY", 5),
        ("£5", "GBP", 5),
        ("GBP 5", "GBP", 5),
        ("5 pounds", "GBP", 5),
        ("$5", "USD", 5),
        ("US$5", "USD", 5),
        ("USD 5", "USD", 5),
        ("5 million dollars", "USD", 5 * 10**6),
        ("5亿美元", "USD", 5 * YI),
        ("€5", "EUR", 5),
        ("EUR 5", "EUR", 5),
        ("5 euros", "EUR", 5),
        ("HK$5", "HKD", 5),
        ("HKD 5", "HKD", 5),
        ("£59.7 billion", "GBP", F("59.7") * BN),
        ("£ 59.7 billion", "GBP", F("59.7") * BN),
        ("59.7 billion pounds", "GBP", F("59.7") * BN),
        ("59.7billion pounds", "GBP", F("59.7") * BN),
        ("EUR 392 billion", "EUR", 392 * BN),
        ("EUR392 billion", "EUR", 392 * BN),
    ],
)
def test_currencies(text: str, currency: str, value: int | F) -> None:
    r = read_reported(text)
    assert (r.currency, r.value, r.kind) == (currency, F(value), A)


def test_a_currency_makes_an_amount_and_two_currencies_are_refused() -> None:
    assert read_reported("5").kind is C and read_reported("5").currency is None
    assert read_reported("5亿").kind is A
    with pytest.raises(AidcalcError, match="two currencies"):
        read_reported("£5 dollars")
    with pytest.raises(AidcalcError, match="currency on a percentage"):
        read_reported("£5%")


@pytest.mark.parametrize(
    "formula, pos, value, end",
    [
        ("二十八点三一亿 / 72", 0, 2831000000, 7),
        ("1 + 两千三百万", 4, 23000000, 9),
        ("百分之五十一*2", 0, F(51, 100), 6),
        ("£59.7 billion - 1", 0, 59700000000, 13),
        ("392亿元人民币", 0, 39200000000, 8),
        ("EUR 392 billion", 0, 392 * BN, 15),
        ("2.831 billion / 72", 0, 2831000000, 13),
    ],
)
def test_read_number(formula: str, pos: int, value: int | F, end: int) -> None:
    got = read_number(formula, pos)
    assert got is not None and (got[0].value, got[1]) == (F(value), end)


@pytest.mark.parametrize("formula", ["x", "usd2018", "eur_total", "一般", "about 5", "(1)"])
def test_read_number_leaves_names_alone(formula: str) -> None:
    assert read_number(formula, 0) is None


def test_read_quantity_gives_kind_and_currency() -> None:
    got = read_quantity("392亿元人民币", 0)
    assert got is not None and got[1:] == (A, "CNY", 8)
    got = read_quantity("72", 0)
    assert got is not None and got[1:] == (C, None, 2)


# ---------------------------------------------------------------------------------------------
# Precision, refusals, and what works today


def test_precision() -> None:
    assert interval("51%", "0.1%")[:2] == (pct("50.95"), pct("51.05"))
    assert interval("14.35亿", "exact")[:2] == (1435000000, 1435000000)
    assert interval("1,000", "1000")[:2] == (500, 1500)
    assert interval("6 times", "0.1")[:2] == (F("5.95"), F("6.05"))
    assert interval("two thirds", "exact")[:2] == (F(2, 3), F(2, 3))
    assert interval("约540亿", "1亿")[:2] == (F("539.5") * YI, F("540.5") * YI)
    assert interval("59.5–59.9 billion", "0.01 billion")[:2] == (F("59.495") * BN, F("59.905") * BN)


@pytest.mark.parametrize(
    "text, precision, reason",
    [
        ("51%", "1000", "the precision is a count and the figure a percentage"),
        ("1000", "0.1%", "the precision is a percentage and the figure a count"),
        ("5.4pp", "0.1%", "percentage and the figure percentage points"),
        ("two thirds", "1%", "the figure a fraction"),
        ("约540亿", "exact", "about X is not exact"),
        ("1", "huge", "precision is 'exact'"),
        ("1", "-1", "precision is 'exact'"),
        ("1", "more than 1", "precision is 'exact'"),
    ],
)
def test_precision_refused(text: str, precision: str, reason: str) -> None:
    with pytest.raises(AidcalcError, match=reason):
        read_reported(text, precision)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2018年", "year"),
        ("in 2018", "year"),
        ("2018年10月", "year or a date"),
        ("2018-10-01", "date"),
        ("1.", "list number"),
        ("(2)", "list number"),
        ("第三", "ordinal"),
        ("the third", "ordinal"),
        ("3rd", "ordinal"),
        ("third", "ordinal"),
        ("Document No. 12", "identifier"),
        ("国发〔2018〕12号", "identifier"),
        ("三万五", "elliptical"),
        ("一百五", "elliptical"),
        ("about 0", "says nothing"),
        ("约540亿左右", "two qualifiers"),
        ("more than 600多亿", "two qualifiers"),
        ("five sixths", "in words"),
        ("5/6", "halves, thirds, quarters and fifths"),
        ("2/4", "write 1/2"),
        ("41–26万", "larger figure to the smaller"),
        ("5%–10 times", "from a percentage to a multiple"),
        ("", "blank"),
        ("1.234,56", "decimal comma"),
        ("1,23,4", "three digits"),
        ("1e400", "scientific notation"),
        ("1 234", "space inside a number"),
        ("12 apples", "unknown unit"),
        ("--5", "more than one sign"),
        ("-¥-5", "more than one sign"),
        ("NaN", "not a number"),
        ("twentyone times", "not a figure"),
        ("51%%", "unknown unit"),
        ("more than", "not a figure"),
        ("overt 3", "not a figure"),
    ],
)
def test_refused(text: str, reason: str) -> None:
    with pytest.raises(AidcalcError, match=reason) as e:
        read_reported(text)
    assert e.value.value == text


@pytest.mark.parametrize(
    ("text", "value", "half"),
    [
        ("51%", F(51, 100), F(1, 200)),
        ("51 percent", F(51, 100), F(1, 200)),
        ("50.69%", F(5069, 10000), F(1, 20000)),
        ("5.4 percentage points", F(54, 1000), F(1, 2000)),
        ("5.4pp", F(54, 1000), F(1, 2000)),
        ("0.1", F(1, 10), F(1, 20)),
        (".5", F(1, 2), F(1, 20)),
        ("12.50", F(1250, 100), F(1, 200)),
        ("  42  ", F(42), F(0)),  # a bare whole number is a count: exact
        ("123456789012345678901234567890123", F(123456789012345678901234567890123), F(0)),
        ("1.000000000000000000000000000001", 1 + F(1, 10**30), F(1, 2 * 10**30)),
    ],
)
def test_plain_numbers_stand_for_what_rounds_to_them(text: str, value: F, half: F) -> None:
    r = read_reported(text)
    assert (r.value, r.lo, r.hi, r.lo_open, r.hi_open) == (
        value,
        value - half,
        value + half,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("CNY1,000", F(1999, 2), F(2001, 2)),
        ("1000 元", F(1999, 2), F(2001, 2)),
        ("5 yuan", F(9, 2), F(11, 2)),
        ("-¥5", F(-11, 2), F(-9, 2)),
        ("¥-5", F(-11, 2), F(-9, 2)),
        ("$1,824", F(3647, 2), F(3649, 2)),
    ],
)
def test_a_whole_amount_in_prose_is_rounded(text: str, lo: F, hi: F) -> None:
    """report-wording.md: an amount printed in a report is rounded even when it is whole
    (``$1,824 per child`` is 1,823.5 to 1,824.5); before, it was read as exact."""
    r = read_reported(text)
    assert (r.lo, r.hi, r.kind) == (lo, hi, Kind.AMOUNT)


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("72", F(72), F(72)),
        ("72个", F(72), F(72)),
        ("six", F(6), F(6)),
        ("twelve", F(12), F(12)),
        ("1.2万人次", F(11500), F(12500)),
        ("36户", F(36), F(36)),
        ("15所", F(15), F(15)),
        ("7.17 million children", F(7165000), F(7175000)),
        ("2 million people", F(1500000), F(2500000)),
    ],
)
def test_counts_are_exact_unless_a_scale_rounds_them(text: str, lo: F, hi: F) -> None:
    r = read_reported(text)
    assert (r.lo, r.hi, r.kind) == (lo, hi, Kind.COUNT)


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("one in ten", F(2, 21), F(2, 19)),
        ("1 in 10", F(2, 21), F(2, 19)),
        ("one in five", *fraction_interval(1, 5)),
        ("two in five", *fraction_interval(2, 5)),
    ],
)
def test_one_in_n_is_a_fraction(text: str, lo: F, hi: F) -> None:
    """``one in ten``: 1/N with N a rounded whole number; ``one in five`` and ``two in five`` are
    the fractions a fifth and 2/5."""
    r = read_reported(text)
    assert (r.lo, r.hi, r.kind) == (lo, hi, Kind.FRACTION)


@pytest.mark.parametrize(
    ("text", "value"),
    [("按1%", F(1, 100)), ("statutory 5%", F(5, 100)), ("20 per cent match", F(20, 100))],
)
def test_a_rate_a_rule_fixes_is_exact(text: str, value: F) -> None:
    r = read_reported(text)
    assert (r.lo, r.hi, r.qualifier) == (value, value, Qualifier.BY_RULE)


@pytest.mark.parametrize(
    ("text", "lo"),
    [("超1400亿元", F(140000000000)), ("超1,400亿", F(140000000000)), ("約540億元", None)],
)
def test_chao_alone_and_traditional_characters(text: str, lo: F | None) -> None:
    r = read_reported(text)
    if lo is None:  # traditional: read as 约540亿元
        assert (r.lo, r.hi) == (F(53500000000), F(54500000000))
    else:
        assert (r.lo, r.lo_open, r.hi, r.qualifier) == (lo, True, None, Qualifier.MORE_THAN)


def test_a_parenthesis_is_an_aside_not_a_negative() -> None:
    assert read_reported("(3%)").value == F(3, 100)
    assert read_reported("(5,000)").value == 5000


def test_one_sided_figures_cannot_be_computed_with() -> None:
    with pytest.raises(AidcalcError, match="one-sided"):
        read_reported("more than 5").interval()
    assert read_reported("约540亿").interval() == Interval(535 * YI, 545 * YI)


# ---------------------------------------------------------------------------------------------
# Properties

SCALE_WORDS = [("", 0), (" million", 6), ("亿", 8), ("%", -2), (" billion", 9), ("万", 4)]


@st.composite
def printed(draw: st.DrawFn) -> tuple[F, str, str]:
    """A value x, and x printed to some decimals with a scale word: (x, number, suffix)."""
    x = F(draw(st.integers(0, 10**9)), 10 ** draw(st.integers(0, 6)))
    suffix, e = draw(st.sampled_from(SCALE_WORDS))
    decimals = draw(st.integers(1 if not suffix else 0, 5))
    return x, format_fixed(x / F(10) ** e, decimals, grouping=False), suffix


@given(printed())
def test_a_printed_figure_contains_its_value(case: tuple[F, str, str]) -> None:
    x, number, suffix = case
    assert read_reported(number + suffix).contains(x)


@given(printed())
def test_about_contains_plain_and_nearly_and_odd_sit_at_x(case: tuple[F, str, str]) -> None:
    _, number, suffix = case
    plain = read_reported(number + suffix)
    if plain.value == 0:
        return
    about = read_reported("about " + number + suffix)
    assert about.lo is not None and about.hi is not None
    assert plain.lo is not None and plain.hi is not None
    assert about.lo <= plain.lo and plain.hi <= about.hi
    nearly = read_reported("nearly " + number + suffix)
    assert (nearly.lo, nearly.hi) == (about.lo, plain.value)
    odd = read_reported(number + "多" + suffix)
    assert odd.lo == plain.value and odd.hi is not None and odd.hi > plain.value
    assert odd.hi - odd.lo == 2 * (about.hi - plain.value)  # u'


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(SCALE_WORDS[1:]))
def test_a_range_contains_both_ends(a: int, b: int, scale: tuple[str, int]) -> None:
    a, b = min(a, b), max(a, b)
    suffix = scale[0]
    r = read_reported(f"{a}–{b}{suffix}")
    for end in (a, b):
        plain = read_reported(f"{end}{suffix}")
        assert plain.lo is not None and plain.hi is not None
        assert r.contains(plain.lo) and r.contains(plain.hi)


@given(st.fractions(0, 1))
def test_fractions_cover_the_unit_interval(x: F) -> None:
    candidates = [(p, q) for q in range(2, 6) for p in range(1, q) if F(p, q).denominator == q]
    grid = {F(a, b) for b in range(1, 6) for a in range(b + 1)}
    nearest = min(grid, key=lambda y: abs(y - x))
    holders = [(p, q) for p, q in candidates if F(p, q) == nearest]
    if not holders:
        return  # nearest to 0 or 1, not a fraction a report writes
    lo, hi = fraction_interval(*holders[0])
    assert lo <= x <= hi


DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """n (0 < n < 10^12) in Chinese numerals, as a careful writer spells it."""

    def section(k: int) -> str:  # 0 < k < 10000
        out, zero = "", False
        for e, unit in ((3, "千"), (2, "百"), (1, "十"), (0, "")):
            d = k // 10**e % 10
            if d:
                if zero and out:
                    out += "零"
                out += DIGITS[d] + unit
                zero = False
            elif out:
                zero = True
        return out

    groups = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out = ""
    for i, (g, unit) in enumerate(groups):
        if g:
            if out and g < 1000:
                out += "零"
            out += section(g) + unit
        elif out and any(gg for gg, _ in groups[i + 1 :]):
            pass
    return out


@given(st.integers(1, 10**12 - 1))
def test_chinese_numerals_spell_arabic_ones(n: int) -> None:
    text = chinese(n)
    got = read_number(text, 0)
    assert got is not None, text
    f, end = got
    assert (f.value, end) == (n, len(text)), text
    assert read_reported(text).contains(F(n))


def test_bounds_of_one_scenario_check_one_another() -> None:
    """ "up to £5.1 billion, or 9.4 per cent, on up to £59.7 billion": read as the scenario's
    values, 9.4% = 5.1 / (59.7 − 5.1) can be checked; each alone stays one-sided."""
    gain, rate, base = (read_reported(t) for t in ("up to £5.1 billion", "up to 9.4 per cent",
                                                    "up to £59.7 billion"))  # fmt: skip
    assert {gain.side, rate.side, base.side} == {"at most"}
    g, r, b = gain.scenario(), rate.scenario(), base.scenario()
    assert g is not None and r is not None and b is not None
    assert (g.lo, g.hi, b.lo, b.hi) == (F(505, 100) * 10**9, F(515, 100) * 10**9,
                                        F(5965, 100) * 10**9, F(5975, 100) * 10**9)  # fmt: skip
    assert g.lo is not None and g.hi is not None and b.lo is not None and b.hi is not None
    computed = Interval(g.lo / (b.hi - g.lo), g.hi / (b.lo - g.hi))
    assert r.overlaps(computed) and not read_reported("9.6 per cent").overlaps(computed)
    assert read_reported("£5.1 billion").scenario() is None
    assert read_reported("at least 30%").side == "at least"
    assert gain.lo is None  # alone, a bound passes any value on its side
