"""Report paragraphs of unrelated figures, as reports write them: for the false-explanation test
and the timing test of ``aidcalc explain``.

Every figure is drawn on its own: amounts from about a million to ten billion yuan with two to
four significant digits (``2.831 billion yuan``, ``39.33 million``, ``28.31亿元``, ``3933万元``),
counts from 2 to 999, percentages to one or two digits, multiples in words or figures, points.
Each stands in a clause with the cue words reports use (an average of, accounting for, up,
higher than the average, 县均, 占, 比上年增长 …), so the search is narrowed as it would be for a
real report, and any explanation found is a coincidence.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from aidcalc.checker.claims import Claim
from aidcalc.text.explain import Row
from aidcalc.text.extract import extract

Make = Callable[[random.Random], str]


def _number(rng: random.Random, unit: int, digits: int, exp: int) -> str:
    mantissa = rng.randint(10 ** (digits - 1), 10**digits - 1)
    return format(Decimal(mantissa).scaleb(exp - digits + 1 - unit), "f")


def amount(rng: random.Random) -> str:
    digits = rng.choice((2, 3, 3, 4, 4))
    exp = rng.randint(6, 9)  # the value is about 10^exp
    if rng.random() < 0.5:  # English
        unit, word = (9, "billion") if exp >= 9 else (6, "million")
        yuan = " yuan" if rng.random() < 0.5 else ""
        return f"{_number(rng, unit, digits, exp)} {word}{yuan}"
    unit, word = (8, "亿元") if exp >= 8 else (4, "万元")
    return _number(rng, unit, digits, exp) + word


def count(rng: random.Random) -> str:
    return str(rng.randint(2, 999))


def percent(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(1, 99)}%"
    return f"{Decimal(rng.randint(10, 999)) / 10}%"


def multiple_en(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(("three", "four", "five", "six", "seven", "eight")) + " times"
    return f"{Decimal(rng.randint(11, 99)) / 10} times"


def multiple_zh(rng: random.Random) -> str:
    return f"{Decimal(rng.randint(11, 99)) / 10}倍"


def points_en(rng: random.Random) -> str:
    return f"{Decimal(rng.randint(1, 99)) / 10} percentage points"


def points_zh(rng: random.Random) -> str:
    return f"{Decimal(rng.randint(1, 99)) / 10}个百分点"


ENGLISH: list[tuple[Make, str]] = [
    (amount, "funds for the province were {}"),
    (amount, "an average of {} per county"),
    (amount, "{} went to the poorest areas"),
    (amount, "spending rose by {}"),
    (amount, "a total of {} was invested"),
    (count, "{} counties were helped"),
    (count, "a total of {} villages"),
    (percent, "accounting for {} of the total"),
    (percent, "up {} on the year"),
    (percent, "{} higher than the average"),
    (percent, "a share of {}"),
    (percent, "average annual growth of {}"),
    (multiple_en, "{} the average"),
    (multiple_en, "{} as much as the poorest county got"),
    (points_en, "up {}"),
]
CHINESE: list[tuple[Make, str]] = [
    (amount, "全省投入资金{}"),
    (amount, "县均投入{}"),
    (amount, "共安排资金{}"),
    (count, "共帮扶{}个县"),
    (percent, "占全省总资金的{}"),
    (percent, "比上年增长{}"),
    (multiple_zh, "是平均水平的{}"),
    (points_zh, "提高{}"),
]


def paragraph(rng: random.Random, figures: int = 6) -> str:
    """A paragraph of ``figures`` unrelated figures, in English (70%) or Chinese, in two
    sentences, sometimes dated."""
    chinese = rng.random() < 0.3
    pool = CHINESE if chinese else ENGLISH
    clauses = [template.format(make(rng)) for make, template in rng.choices(pool, k=figures)]
    comma, stop = ("，", "。") if chinese else (", ", ". ")
    split = rng.randint(1, figures - 1)
    dated = ("2018年，" if chinese else "In 2018, ") if rng.random() < 0.5 else ""
    first, second = comma.join(clauses[:split]), comma.join(clauses[split:])
    return (dated + first + stop + second + stop).strip()


def round_amount(rng: random.Random) -> str:
    """A round amount: one or two significant digits (300万元, 3000万元, 2.5亿元, 40 million)."""
    digits = rng.choice((1, 1, 2))
    mantissa = rng.randint(1, 9) if digits == 1 else rng.choice((15, 25, 35, 45, 12, 75))
    if rng.random() < 0.5:
        unit = rng.choice(("万元", "亿元"))
        zeros = rng.randint(0, 3)
        if digits == 2 and rng.random() < 0.5:
            return f"{Decimal(mantissa) / 10}{unit}"
        return f"{mantissa}{'0' * zeros}{unit}"
    return f"{mantissa}{'0' * rng.randint(0, 2)} {rng.choice(('million', 'billion'))}"


def round_count(rng: random.Random) -> str:
    return str(rng.choice((1, 2, 3, 5)) * 10 ** rng.randint(1, 3))


def round_percent(rng: random.Random) -> str:
    return f"{rng.choice((5, 10, 15, 20, 25, 30, 40, 50, 60, 75))}%"


def round_multiple(rng: random.Random) -> str:
    return f"{rng.choice(('1.5', '2', '2.5', '3', '4', '5'))}倍"


ROUND: list[tuple[Make, str]] = [
    (round_amount, "资金总额{}"),
    (round_amount, "其中农村资金{}"),
    (round_amount, "共投入资金{}"),
    (round_amount, "县均投入{}"),
    (round_count, "帮扶{}个县"),
    (round_percent, "占全省总资金的{}"),
    (round_percent, "比上年增长{}"),
    (round_multiple, "是上年的{}"),
]


def round_paragraph(rng: random.Random, figures: int = 6) -> str:
    """A paragraph of ``figures`` unrelated round figures (300万元, 100个, 1.5倍), in Chinese."""
    clauses = [template.format(make(rng)) for make, template in rng.choices(ROUND, k=figures)]
    return ("2018年，" if rng.random() < 0.5 else "") + "，".join(clauses) + "。"


def rows_of(text: str) -> list[Row]:
    """explain's input rows for a paragraph: its figures as extract finds them."""
    return [Row(Claim(f.reported, name=f.name, claim=f.claim), f.kind.value, f.year)
            for f in extract(text)]  # fmt: skip
