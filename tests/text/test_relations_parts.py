"""A total, then its parts listed in the next sentence: the sum of the parts is the total's
formula. Each wording has a consistent case, an inconsistent one (a planted mistake caught,
exit 1) and an ambiguous one that stays unchecked. Our own sentences, not the corpus's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import ROOT, parse_csv, run
from relations_cli import checked

# (wording, consistent text, inconsistent text, ambiguous text, the total, its formula's shape)
LISTS = [
    ("the verb said once",
     "The regional fund totals €4.80 billion in 2026. Saxony receives €2.10 billion, Brandenburg"
     " €1.50 billion and Thuringia €1.20 billion.",
     "The regional fund totals €4.80 billion in 2026. Saxony receives €2.10 billion, Brandenburg"
     " €1.90 billion and Thuringia €1.20 billion.",
     "The regional fund totals €4.80 billion in 2026 and the national fund €6.30 billion. Saxony"
     " receives €2.10 billion, Brandenburg €1.50 billion and Thuringia €1.20 billion.",
     "€4.80 billion", "max("),
    ("the remaining",
     "The county's road budget is £412 million this year. Maintenance accounts for £238 million,"
     " bridges for £96 million and lighting for the remaining £78 million.",
     "The county's road budget is £412 million this year. Maintenance accounts for £238 million,"
     " bridges for £96 million and lighting for the remaining £68 million.",
     "The county's road budget is £412 million and its transport budget £530 million. Maintenance"
     " accounts for £238 million, bridges for £96 million and lighting for the remaining"
     " £78 million.",
     "£412 million", "+"),
    ("分年度看",
     "2022年以来，全省累计下达衔接资金26.4亿元。分年度看，2022年下达7.6亿元，2023年8.9亿元，"
     "2024年9.9亿元。",
     "2022年以来，全省累计下达衔接资金26.4亿元。分年度看，2022年下达7.6亿元，2023年8.9亿元，"
     "2024年9.3亿元。",
     "2022年以来，全省累计下达衔接资金26.4亿元，统筹整合资金31.2亿元。分年度看，2022年下达"
     "7.6亿元，2023年8.9亿元，2024年9.9亿元。",
     "26.4亿元", "+"),
]  # fmt: skip


@pytest.mark.parametrize(("wording", "right", "wrong", "ambiguous", "total", "shape"), LISTS,
                         ids=[w[0] for w in LISTS])  # fmt: skip
def test_a_list_of_parts_after_its_total(
    wording: str, right: str, wrong: str, ambiguous: str, total: str, shape: str
) -> None:
    good = checked(right, code=0)[total]
    assert good["verdict"] == "consistent", good
    assert good["cue"] and shape in good["formula"], good
    bad = checked(wrong, code=1)[total]
    assert bad["verdict"] == "inconsistent", bad
    assert bad["cue"] == good["cue"]
    unsure = checked(ambiguous)[total]
    assert unsure["verdict"] == "unchecked", unsure
    assert unsure["reason"] == "two totals the parts listed next could be of", unsure


def test_the_remaining_part_is_no_longer_checked_on_its_own() -> None:
    """The list's sum stands on the total; the remaining part is one of its figures (a mistake is
    flagged once, on the total)."""
    rows = checked(
        "The county's road budget is £412 million this year. Maintenance accounts for"
        " £238 million, bridges for £96 million and lighting for the remaining £68 million.",
        code=1,
    )
    assert rows["£68 million"]["verdict"] == "given"
    assert [k for k, r in rows.items() if r["verdict"] == "inconsistent"] == ["£412 million"]


@pytest.mark.parametrize(
    "text",
    [
        # the three largest of many: their sum is short of the total, and that is no mistake
        "The fund totals €18.0 billion. Poland receives €3.6 billion, Germany €2.3 billion and"
        " Romania €2.1 billion.",
        # years that do not cover the total's period: some of its parts only
        "全省累计下达衔接资金26.4亿元。分年度看，2023年8.9亿元，2024年9.9亿元。",
        "2021年以来，全省累计下达衔接资金26.4亿元。分年度看，2023年8.9亿元，2024年9.9亿元。",
    ],
)
def test_a_list_not_said_complete_may_fall_short(text: str) -> None:
    total = next(iter(checked(text, code=0).values()))
    assert total["verdict"] == "consistent" and total["formula"].startswith("max("), total


@pytest.mark.parametrize(
    "text",
    [
        # another figure inside the list: not a plain list of parts
        "The regional fund totals €4.80 billion in 2026. Saxony receives €2.10 billion, up from"
        " €1.95 billion, Brandenburg €1.90 billion and Thuringia €1.20 billion.",
        # the parts of another kind: counts, not amounts
        "The regional fund totals €4.80 billion in 2026. Saxony receives 210 grants, Brandenburg"
        " 150 and Thuringia 120.",
        # a clause after the list: the sentence is more than the list
        "The regional fund totals €4.80 billion in 2026. Saxony receives €2.10 billion, Brandenburg"
        " €1.90 billion and Thuringia €1.20 billion, while Berlin waits for its share.",
        # the total of another year than the parts'
        "Last year the fund totalled €4.50 billion. Saxony receives €2.10 billion, Brandenburg"
        " €1.90 billion and Thuringia €1.20 billion.",
        "In 2024 the fund totalled €4.50 billion. In 2025 Saxony receives €2.10 billion,"
        " Brandenburg €1.90 billion and Thuringia €1.20 billion.",
        # a clause after the list, with a figure of its own
        "Health spending totals $5.0 billion. Hospitals receive $2.0 billion, clinics $1.0 billion"
        " and research $0.5 billion, while education spending totals $3.0 billion.",
        # a list by year under one year's figure
        "2023年全省下达资金26.4亿元。分年度看，2021年7.6亿元，2022年8.9亿元，2023年10.9亿元。",
        # a sibling said with the list's verb is no total
        "The fund has €12.0 billion. Spain gets €3.10 billion. Italy gets €2.40 billion and Greece"
        " €1.50 billion.",
        # the parts before it: nothing to break down
        "Saxony receives €2.10 billion, Brandenburg €1.90 billion and Thuringia €1.20 billion.",
    ],
)
def test_no_list_no_relation(text: str) -> None:
    rows = checked(text)
    assert all(r["verdict"] != "inconsistent" for r in rows.values()), rows
    assert all(r["formula"] == "" or "+" not in r["formula"] for r in rows.values()), rows


@pytest.mark.parametrize(
    ("last", "verdict", "code"),
    [("4.9亿元", "consistent", 0), ("7.3亿元", "inconsistent", 1)],
)
def test_doubled_since_a_year_is_against_the_figure_written_for_that_year(
    last: str, verdict: str, code: int
) -> None:
    total = "12.2亿元" if last == "4.9亿元" else "14.6亿元"
    """比2020年翻了一番: the level written for 2020, not the cumulative total of the sentence
    that opens 2020年以来."""
    rows = checked(
        f"2020年以来，全市累计投入协作资金{total}。分年度看，2020年投入2.4亿元，2021年4.9亿元，"
        f"2022年{last}，2022年投入比2020年翻了一番。",
        code=code,
    )
    assert rows["翻了一番"]["verdict"] == verdict, rows["翻了一番"]
    assert rows["翻了一番"]["cue"] == "比…年"


def test_doubled_since_a_year_with_two_figures_for_it_stays_unchecked() -> None:
    rows = checked(
        "2020年省级投入2.4亿元、市级投入1.5亿元，2022年省级投入4.9亿元，2022年投入比2020年翻了一番。"
    )
    assert rows["翻了一番"]["verdict"] == "unchecked"
    assert rows["翻了一番"]["reason"] == "needs one figure for 2020 and one for now"


def test_a_list_of_as_many_counts_as_amounts_is_of_an_amount_whatever_the_hash_seed() -> None:
    """其中3个县6380万元: one count, one amount; the list is the idle funds' (an amount), never
    a choice left to the order of a set, which varies with the hash seed."""
    text = "审计发现5个县结存闲置资金9420万元，其中3个县6380万元，占闲置资金的67.7%。"
    claims = run("extract", "-", "--format", "csv", input=text).stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for seed in ("0", "1", "2", "3"):
        out = subprocess.run(
            [sys.executable, "-m", "aidcalc", "explain", "-", "--format", "csv"],
            input=claims, capture_output=True, text=True, check=True,
            env={**env, "PYTHONHASHSEED": seed},
        ).stdout  # fmt: skip
        rows = {r["reported"]: r for r in parse_csv(out)}
        assert rows["9420万元"]["formula"].startswith("max("), (seed, rows["9420万元"])
        assert rows["5个"]["formula"] == "", (seed, rows["5个"])


PROVINCE = (
    "The province will receive $20.0 billion in transfers this year. The health transfer, at"
    " $9.0 billion, makes up 45.0 per cent of the total. Equalization of $6.0 billion goes to its"
    " poorer regions{aside}. The social transfer adds {social} and the housing grant $1.8 billion."
)


@pytest.mark.parametrize(
    ("aside", "social", "verdict"),
    [
        ("", "$3.2 billion", "consistent"),
        ("", "$4.2 billion", "inconsistent"),  # the parts exceed the total
        (", against $5.5 billion last year", "$3.2 billion", "unchecked"),  # two in a sentence
    ],
)
def test_a_list_that_goes_on_from_the_sentences_before(
    aside: str, social: str, verdict: str
) -> None:
    """``adds``: the parts named one a sentence since the total (one tied to it by its share)
    and those of the list."""
    rows = checked(PROVINCE.format(aside=aside, social=social))
    total = rows["$20.0 billion"]
    assert total["verdict"] == verdict, total
    if verdict != "unchecked":
        assert total["formula"].startswith("max(") and total["formula"].count("+") == 3, total
    else:
        assert total["reason"] == "which figures before the list are its parts is not said"


@pytest.mark.parametrize(("rest", "verdict"), [("£34.3 billion", "consistent"),
                                               ("£36.3 billion", "inconsistent")])  # fmt: skip
def test_a_list_that_ends_with_the_rest_is_complete(rest: str, verdict: str) -> None:
    rows = checked(
        "The settlement is worth £64.7 billion. Councils in London receive £12.1 billion, those"
        f" in the North £18.3 billion and the rest {rest}."
    )
    total = rows["£64.7 billion"]
    assert total["verdict"] == verdict and " + " in total["formula"], total
    assert not total["formula"].startswith("max("), total
    assert rows[rest]["verdict"] == "given"


@pytest.mark.parametrize(("rest", "verdict"), [("£1.2 billion", "consistent"),
                                               ("£1.4 billion", "inconsistent")])  # fmt: skip
def test_a_list_of_the_parts_of_the_rise_it_names(rest: str, verdict: str) -> None:
    """``of the rise``: the total is the increase, not the level; the part of a part (including)
    is not one of the list's."""
    rows = checked(
        "The grant is £40.0 billion, an increase of £3.0 billion. Schools account for £1.8 billion"
        f" of the rise, including £0.4 billion for meals, and colleges for the remaining {rest}."
    )
    assert rows["£3.0 billion"]["verdict"] == verdict
    assert rows["£3.0 billion"]["formula"] == "schools + colleges"
    assert rows["£40.0 billion"]["verdict"] == "given"
