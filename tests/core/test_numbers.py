"""Reading written amounts and reported figures exactly, and printing them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from aidcalc.checker.wording import read_reported
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import Figure, parse_amount
from aidcalc.core.formatting import Rounding, format_exact, format_fixed, format_like
from aidcalc.core.units import unit_exponent


def value(text: str, unit_exp: int = 0, unit_rounded: bool = False) -> tuple[Fraction, Fraction]:
    """The exact value of a data cell and half the width of its rounding interval."""
    m, e, rounded = parse_amount(text, unit_exp, unit_rounded)
    v = Fraction(m) * Fraction(10) ** e
    return v, (Fraction(5) * Fraction(10) ** (e - 1) if rounded else Fraction(0))


@pytest.mark.parametrize(
    "text, expected, half",
    [
        ("1435000000", 1435000000, 0),
        ("1,435,000,000", 1435000000, 0),
        ("1.435 billion", 1435000000, 500000),
        ("14.35亿", 1435000000, 500000),
        ("143500万", 1435000000, 5000),
        ("¥39.33 million", 39330000, 5000),
        ("￥39.33 million", 39330000, 5000),
        ("39.33m", 39330000, 5000),
        ("39.33M", 39330000, 5000),
        ("12 bn", 12000000000, 500000000),
        ("-5,000", -5000, 0),
        ("−5,000", -5000, 0),
        ("(5,000)", -5000, 0),
        ("１，４３５", 1435, 0),
        ("１４.３５亿", 1435000000, 500000),
        ("－５", -5, 0),
        ("3 thousand", 3000, 500),
        ("3k", 3000, 500),
        ("3千", 3000, 500),
        ("2.5 mn", 2500000, 50000),
        ("2百万", 2000000, 500000),
        ("1.2 trillion", 1200000000000, 50000000000),
        ("1.2万亿", 1200000000000, 50000000000),
        ("14.35亿元", 1435000000, 500000),
        ("39.33 million yuan", 39330000, 5000),
        ("RMB 1.4 billion", 1400000000, 50000000),
        ("CNY1,000", 1000, 0),
        ("1000 元", 1000, 0),
        ("5 yuan", 5, 0),
        ("-¥5", -5, 0),
        ("¥-5", -5, 0),
        ("+7", 7, 0),
        ("0.1", Fraction(1, 10), Fraction(1, 20)),
        (".5", Fraction(1, 2), Fraction(1, 20)),
        ("12.50", Fraction(25, 2), Fraction(1, 200)),
        ("  42  ", 42, 0),
        ("123456789012345678901234567890123", 123456789012345678901234567890123, 0),
        ("1.000000000000000000000000000001", Fraction(10**30 + 1, 10**30), Fraction(5, 10**31)),
    ],
)
def test_amount_forms(text: str, expected: Fraction | int, half: Fraction | int) -> None:
    assert value(text) == (Fraction(expected), Fraction(half))


def test_header_unit_applies_to_bare_numbers_only() -> None:
    assert value("143500", unit_exp=4, unit_rounded=True) == (1435000000, 5000)
    assert value("1.5", unit_exp=4, unit_rounded=True) == (15000, 500)
    # a cell with its own unit keeps it
    assert value("14.35亿", unit_exp=4, unit_rounded=True) == (1435000000, 500000)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1.234,56", "decimal comma"),
        ("1,5", "decimal comma"),
        ("1,23,4", "three digits"),
        ("12,34", "decimal comma"),
        ("1,2345", "decimal comma"),
        ("1 234", "space inside a number"),
        ("NaN", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("-inf", "not a number"),
        ("Infinity", "not a number"),
        ("1e400", "scientific notation"),
        ("1.2E+09", "scientific notation"),
        ("--5", "more than one sign"),
        ("+-5", "more than one sign"),
        ("-(5)", "not an amount"),
        ("abc", "not an amount"),
        ("", "blank"),
        ("   ", "blank"),
        ("12 apples", "unknown unit"),
        ("51%", "percentage is not an amount"),
        ("6x", "multiple is not an amount"),
        ("1_000", "unknown unit"),
        ("٣", "not an amount"),  # Arabic-Indic digit: int() would take it, we do not
        ("0x10", "unknown unit"),
        ("5 5", "space inside a number"),
    ],
)
def test_amount_rejects(text: str, reason: str) -> None:
    with pytest.raises(AidcalcError) as e:
        parse_amount(text)
    assert reason in e.value.reason
    assert e.value.value == text


@pytest.mark.parametrize(
    "text, val, half, kind, bound",
    [
        ("51%", Fraction(51, 100), Fraction(1, 200), "percent", None),
        ("51 percent", Fraction(51, 100), Fraction(1, 200), "percent", None),
        ("50.69%", Fraction(5069, 10000), Fraction(1, 20000), "percent", None),
        ("5.4 percentage points", Fraction(54, 1000), Fraction(1, 2000), "points", None),
        ("5.4pp", Fraction(54, 1000), Fraction(1, 2000), "points", None),
        ("6x", 6, Fraction(1, 2), "multiple", None),
        ("6 times", 6, Fraction(1, 2), "multiple", None),
        ("six times", 6, Fraction(1, 2), "multiple", None),
        ("Twenty times", 20, Fraction(1, 2), "multiple", None),
        ("6倍", 6, Fraction(1, 2), "multiple", None),
        ("1.5x", Fraction(3, 2), Fraction(1, 20), "multiple", None),
        ("2.831 billion", 2831000000, 500000, "amount", None),
        ("72", 72, 0, "count", None),
        ("1,435,000,000", 1435000000, 0, "count", None),
        ("more than 5300亿", 530000000000, 50000000, "amount", ">"),
        ("over 5300亿", 530000000000, 50000000, "amount", ">"),
        ("above 3", 3, 0, "count", ">"),
        ("> 3", 3, 0, "count", ">"),
        ("at least 3", 3, 0, "count", ">="),
        (">=3", 3, 0, "count", ">="),
        ("less than 2%", Fraction(2, 100), Fraction(1, 200), "percent", "<"),
        ("under 3", 3, 0, "count", "<"),
        ("below 3", 3, 0, "count", "<"),
        ("<3", 3, 0, "count", "<"),
        ("at most 3", 3, 0, "count", "<="),
        ("<= 3", 3, 0, "count", "<="),
    ],
)
def test_reported_forms(
    text: str, val: Fraction | int, half: Fraction | int, kind: str, bound: str | None
) -> None:
    f = read_reported(text).figure
    assert (f.value, f.half_width, f.kind, f.bound) == (Fraction(val), Fraction(half), kind, bound)


# "six" is no longer refused: a number word is a count (report-wording.md)
@pytest.mark.parametrize("text", ["twentyone times", "more than", "51%%", "overt 3"])
def test_reported_rejects(text: str) -> None:
    with pytest.raises(AidcalcError):
        read_reported(text)


def figure_of(text: str) -> Figure:
    return read_reported(text).figure


def test_precision_rule_examples_from_the_readme() -> None:
    total = figure_of("2.831 billion")
    assert (total.value - total.half_width, total.value + total.half_width) == (
        2830500000,
        2831500000,
    )
    share = figure_of("51%")
    assert (share.value - share.half_width, share.value + share.half_width) == (
        Fraction(505, 1000),
        Fraction(515, 1000),
    )
    assert figure_of("1,435,000,000").half_width == 0


@pytest.mark.parametrize(
    "x, digits, expected",
    [
        (Fraction(2831000000, 72), 2, "39,319,444.44"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(-5, 2), 0, "-3"),
        (Fraction(1, 200), 2, "0.01"),
        (Fraction(-1, 3), 2, "-0.33"),
        (Fraction(0), 2, "0.00"),
        (Fraction(123456789), 0, "123,456,789"),
    ],
)
def test_format_fixed(x: Fraction, digits: int, expected: str) -> None:
    assert format_fixed(x, digits) == expected


def test_format_fixed_outward() -> None:
    assert format_fixed(Fraction(1, 3), 2, rounding=Rounding.FLOOR) == "0.33"
    assert format_fixed(Fraction(1, 3), 2, rounding=Rounding.CEILING) == "0.34"
    assert format_fixed(Fraction(-1, 3), 2, rounding=Rounding.FLOOR) == "-0.34"


@pytest.mark.parametrize(
    "x, expected",
    [
        (Fraction(2831000000), "2831000000"),
        (Fraction(-1, 8), "-0.125"),
        (Fraction(1, 3), "0.333333333333333"),
        (Fraction(2831000000, 72), "39319444.4444444"),
        (Fraction(1, 30000), "0.0000333333333333333"),
        (Fraction(10**40 + 1, 10**20), "100000000000000000000.00000000000000000001"),
    ],
)
def test_format_exact(x: Fraction, expected: str) -> None:
    assert format_exact(x) == expected


def test_format_like_uses_the_reported_notation() -> None:
    assert format_like(Fraction(39319444), figure_of("39.33 million")) == "39.32 million"
    assert format_like(Fraction(4598, 10000), figure_of("31%")) == "46%"
    assert format_like(Fraction(4598, 10000), figure_of("31%"), extra=1) == "46.0%"


@pytest.mark.parametrize(
    "name, exp",
    [
        ("yuan", 0),
        ("thousand", 3),
        ("wan", 4),
        ("万", 4),
        ("万元", 4),
        ("million", 6),
        ("yi", 8),
        ("亿", 8),
        ("亿元", 8),
        ("billion", 9),
        ("Million", 6),
    ],
)
def test_units(name: str, exp: int) -> None:
    assert unit_exponent(name) == exp


def test_unknown_unit() -> None:
    with pytest.raises(AidcalcError, match="unknown unit"):
        unit_exponent("furlongs")
