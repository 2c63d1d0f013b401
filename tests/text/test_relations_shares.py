"""Shares written as fraction words (two thirds, more than half), the share of several parts
together (together the three account for), a part called by its initials (the ERDF), the amount
added over a period, a change by a percentage (falls by, rose by) from … to, a growth from a
level and its change (比上年执行数增加W，增长Z · rises by W, or Z, to L), points since a rate of
a year earlier, one average a percentage below another: the relation their words state, each
with a consistent case, an inconsistent one (caught, exit 1) and an ambiguous one that stays
unchecked. Our own sentences."""

from __future__ import annotations

import pytest
from relations_cli import checked, each_wording

SPENT = "By June, regions had spent €6.4 billion, 40.0 per cent of the €16.0 billion allocated."
FUND = "The fund has €12.0 billion for 2021-2027."
LARGEST = (
    "Spain gets €3.10 billion, followed by Italy with €2.40 billion and Greece with €1.50 billion."
)
OHIO = (
    "Ohio receives $0.62 billion of the $16.40 billion appropriated for Title I grants."
    " Michigan's $0.58 billion is 0.94 times the Ohio figure, and"
)
PORTUGAL = (
    "Portugal's allocation is {total}, made up of {erdf} from the European Regional Development"
    " Fund, €7.8 billion from the European Social Fund Plus and €3.7 billion from the Cohesion Fund."
    " The ERDF alone accounts for {share} of the allocation."
)
PUPILS = (
    "The county receives $46.8 million for its 52,000 pupils, $900 per pupil. Nationally, schools"
    " receive $7.50 billion for 7,500,000 pupils, $1,000 per pupil, so the county's per-pupil"
    " amount is {gap} percent below the {than} figure."
)
PERIOD = "Between 2019 and 2024 the county's budget grew from £40.2 billion to £52.6 billion."

# (wording, consistent text, inconsistent text, ambiguous text, the figure, its formula)
FAMILIES = [
    ("fraction of the money, then the part",
     "A £900 million resilience fund is split among 120 councils. Two thirds of the money,"
     " £610 million, goes to coastal councils.",
     "A £900 million resilience fund is split among 120 councils. Two thirds of the money,"
     " £480 million, goes to coastal councils.",
     "Two thirds of the money, £610 million, goes to coastal councils.",
     "Two thirds", "f4 / f1"),
    ("part, then the fraction, of the whole the sentence opens with",
     f"{PERIOD} Of the £12.4 billion added over the period, business rates supplied £7.1 billion,"
     " more than half.",
     f"{PERIOD} Of the £12.4 billion added over the period, business rates supplied £5.1 billion,"
     " more than half.",
     f"{PERIOD} Business rates supplied £7.1 billion, more than half.",
     "more than half", "f4 / f3"),
    ("the amount added over the period",
     f"{PERIOD} Of the £12.4 billion added over the period, business rates supplied £7.1 billion.",
     f"{PERIOD} Of the £13.4 billion added over the period, business rates supplied £7.1 billion.",
     "Between 2019 and 2024 the county's budget grew from £40.2 billion to £52.6 billion, and its"
     " staff costs from £10.1 billion to £12.0 billion. Of the £12.4 billion added over the"
     " period, business rates supplied £7.1 billion.",
     "£12.4 billion|£13.4 billion", "budget_2 - budget"),
    ("falls by, from … to",
     "The rural grant falls by 14.2 per cent, from £120 million to £103 million.",
     "The rural grant falls by 15.2 per cent, from £120 million to £103 million.",
     "The rural grant falls by 14.2 per cent.",
     "14.2 per cent|15.2 per cent", "1 - f3 / f2"),
    ("rose by, from … to",
     "Spending on libraries rose by 6.0 per cent, from $50.0 million to $53.0 million.",
     "Spending on libraries rose by 6.6 per cent, from $50.0 million to $53.0 million.",
     "Spending on libraries rose by 6.0 per cent.",
     "6.0 per cent|6.6 per cent", "f3 / f2 - 1"),
    ("比上年执行数增加…增长",
     "2025年，省对市县转移支付安排3260亿元，比上年执行数增加128亿元，增长4.1%。",
     "2025年，省对市县转移支付安排3260亿元，比上年执行数增加128亿元，增长4.5%。",
     "2025年，省对市县转移支付比上年执行数增加128亿元，增长4.1%。",
     "4.1%|4.5%", "increase / (transfers - increase)"),
    ("rises by W, or Z, to L",
     "Housing support rises by $620 million, or 5.2 per cent, to $12.54 billion.",
     "Housing support rises by $620 million, or 5.7 per cent, to $12.54 billion.",
     "Housing support rises by $620 million, or 5.2 per cent.",
     "5.2 per cent|5.7 per cent", "housing_support / (f3 - housing_support)"),
    ("a year earlier the rate was …, so it rose by … percentage points",
     f"{SPENT} A year earlier the spending rate was 31.5 per cent, so absorption rose by"
     " 8.5 percentage points in a year.",
     f"{SPENT} A year earlier the spending rate was 31.5 per cent, so absorption rose by"
     " 9.5 percentage points in a year.",
     "A year earlier the spending rate was 31.5 per cent, so absorption rose by 8.5 percentage"
     " points in a year.",
     "8.5 percentage points|9.5 percentage points", "share - f4"),
    ("together the three account for",
     f"{FUND} {LARGEST} Together the three account for 58.3 per cent.",
     f"{FUND} {LARGEST} Together the three account for 63.3 per cent.",
     f"{FUND} Spain gets €3.10 billion, followed by Italy with €2.40 billion, Greece with"
     " €1.50 billion and Portugal with €1.20 billion. Together the three account for 58.3 per cent.",
     "58.3 per cent|63.3 per cent", "(spain + f3 + f4) / fund"),
    ("together the two states take … of all X money",
     f"{OHIO} together the two states take 7.3 percent of all Title I money.",
     f"{OHIO} together the two states take 8.3 percent of all Title I money.",
     f"{OHIO} together the two states take 7.3 percent of all Title II money.",
     "7.3 percent|8.3 percent", "(ohio + f3) / f2"),
    ("a part called by its initials",
     PORTUGAL.format(total="€23.0 billion", erdf="€11.5 billion", share="50.0 per cent"),
     PORTUGAL.format(total="€23.0 billion", erdf="€11.5 billion", share="55.0 per cent"),
     PORTUGAL.format(total="€23.0 billion", erdf="€11.5 billion", share="50.0 per cent").replace(
         "European Social Fund Plus", "Regional Development Facility").replace("ERDF", "RDF"),
     "50.0 per cent|55.0 per cent", "made_up / portugal_s_allocation"),
    ("per-pupil amount … percent below the national figure",
     PUPILS.format(gap="10.0", than="national"),
     PUPILS.format(gap="12.0", than="national"),
     PUPILS.format(gap="10.0", than="regional"),
     "10.0 percent|12.0 percent", "1 - average / average_2"),
    ("percent above the figure it names",
     "Spending of $5.20 billion is 4.0 percent above the $5.00 billion of last year.",
     "Spending of $5.20 billion is 6.0 percent above the $5.00 billion of last year.",
     "Spending is 4.0 percent above the $5.00 billion of last year.",
     "4.0 percent|6.0 percent", "spending / spending_2 - 1"),
]  # fmt: skip


def test_a_list_short_of_its_total_with_two_parts_untied_is_the_totals_mistake() -> None:
    """The ERDF's share ties it to the total; of the two other parts, which one is wrong is not
    said: the total is flagged, no part."""
    rows = checked(
        PORTUGAL.format(total="€24.0 billion", erdf="€12.0 billion", share="50.0 per cent"),
        code=1,
    )
    flagged = [k for k, r in rows.items() if r["verdict"] == "inconsistent"]
    assert flagged == ["€24.0 billion"], rows
    assert rows["50.0 per cent"]["verdict"] == "consistent"


@pytest.mark.parametrize(("wording", "right", "wrong", "ambiguous", "figure", "formula"),
                         FAMILIES, ids=[f[0] for f in FAMILIES])  # fmt: skip
def test_each_wording(
    wording: str, right: str, wrong: str, ambiguous: str, figure: str, formula: str
) -> None:
    each_wording(right, wrong, ambiguous, figure, formula)


def test_together_never_counts_the_whole_among_its_parts() -> None:
    rows = checked(
        "The grant is £900 million. London gets £300 million. Together the two largest regions"
        " account for 55 per cent, with the North on £195 million."
    )
    assert rows["55 per cent"]["verdict"] == "unchecked"
    assert rows["55 per cent"]["reason"] == "needs the 2 parts, not in the text"


@pytest.mark.parametrize(
    "text",
    [
        "The share of the budget spent on health rises by 1.5 points, or 10%, to 16.5% in 2024.",
        "The poverty rate falls by 2 points, or 10%, to 18% in 2024.",
    ],
)
def test_a_change_in_points_of_a_rate_is_no_change_of_its_level(text: str) -> None:
    """rises by W, or Z, to L with W in points and L a rate: W / (L - W) would mix the units (a
    false alarm an attack found); left unchecked, saying why."""
    rows = checked(text)
    assert all(r["verdict"] != "inconsistent" for r in rows.values()), rows
    assert rows["10%"]["reason"] == "the change and the level are in other units"


@pytest.mark.parametrize(
    "text",
    [
        "2023年全省一般公共预算收入500亿元，增长8%。其中税收收入380亿元，上年为350亿元。",
        "2023年全市财政收入300亿元，比2021年翻了一番。其中税收收入200亿元，2021年为120亿元。",
        "2023年下达资金50亿元，其中中央资金40亿元，2022年中央资金为35亿元。",
    ],
)
def test_a_part_of_another_year_after_qizhong_is_no_part(text: str) -> None:
    """其中X，上年为Y: Y is X a year before, a comparison, not a second part of the total (a
    false alarm an attack found: the total was called short of X + Y)."""
    rows = checked(text)
    assert all(r["verdict"] != "inconsistent" for r in rows.values()), rows


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Total aid was $1.2 billion in 2023. Health receives $300 million, education $250"
         " million and water $150 million, together 58% of the total.", "consistent"),
        ("Total aid was $1.2 billion in 2023. Health receives $300 million, education $250"
         " million and water $150 million, together 68% of the total.", "inconsistent"),
        ("Of the $90 million, Scotland receives $30 million, Wales $20 million and Northern"
         " Ireland $10 million, together two thirds of the fund.", "consistent"),
    ],
)  # fmt: skip
def test_a_share_said_together_after_a_list_is_of_the_list(text: str, verdict: str) -> None:
    """``…, together P of the total`` right after a list: the share of the listed parts (it was
    read as the last part's share: a false alarm an attack found)."""
    rows = checked(text)
    share = next(r for r in rows.values() if "together" in r["claim"])
    assert share["verdict"] == verdict, rows


@pytest.mark.parametrize(
    "text",
    [
        "2023年预算安排资金100亿元，已拨付70亿元，尚有30亿元未拨付。其中教育项目安排40亿元，"
        "已拨付32亿元，尚有8亿元未拨付。",
        "2023年下达资金100亿元，已拨付90亿元。其中中央资金60亿元，已拨付55亿元。",
        "2023年下达补助资金80亿元。其中，省级安排30亿元，已拨付25亿元，尚有5亿元未拨付。",
        "分年度看，2022年下达资金40亿元，其中中央资金30亿元；2023年下达资金50亿元，"
        "其中中央资金35亿元。两年合计下达90亿元。",
    ],
)
def test_qizhong_parts_of_other_stages_or_years_raise_no_alarm(text: str) -> None:
    """其中 over a sub-item's 安排, 已拨付 and 未拨付 (stages of one amount, not parts), and a 其中
    inside each year of a breakdown (the next 其中 is another year's list): no false alarm."""
    rows = checked(text)
    assert all(r["verdict"] != "inconsistent" for r in rows.values()), rows


def test_qizhong_parts_separated_by_semicolons_are_still_read() -> None:
    rows = checked("全年一般公共预算收入100亿元，其中：税收收入70亿元；非税收入40亿元。", code=1)
    assert rows["100亿元"]["verdict"] == "inconsistent"
