"""Differences the words state: the remaining share of a fund after the parts named since it,
what is still to be paid of a whole (尚有…未拨付, still to be paid), an amount larger in the
same breath as a multiple. Each with a consistent case, an inconsistent one (caught, exit 1)
and an ambiguous one that stays unchecked. Our own sentences."""

from __future__ import annotations

import pytest
from relations_cli import checked, each_wording

FUND = "The fund has €12.0 billion for 2021-2027."
LARGEST = (
    "Spain gets €3.10 billion, followed by Italy with €2.40 billion and Greece with €1.50 billion."
)
PAID = "By March, councils had paid out £3.2 billion, 64.0 per cent of the £5.0 billion allocated."
HELD = "审计发现8个市滞留专项资金6.40亿元。"
TWO = "Ontario receives $1.20 billion and Quebec $0.80 billion."

# (wording, consistent text, inconsistent text, ambiguous text, the figure, its formula)
FAMILIES = [
    ("the remaining, the parts named since the total",
     f"{FUND} {LARGEST} The other 20 member states share the remaining €5.00 billion.",
     f"{FUND} {LARGEST} The other 20 member states share the remaining €5.50 billion.",
     f"{FUND} Spain gets €3.10 billion, followed by Italy with €2.40 billion. Greece, with"
     " €1.50 billion, is third. The other 20 member states share the remaining €5.00 billion.",
     "€5.00 billion|€5.50 billion", "fund - spain - f3 - f4"),
    ("still to be paid",
     f"{PAID} That leaves £1.8 billion still to be paid.",
     f"{PAID} That leaves £2.8 billion still to be paid.",
     "By March, councils had spent £3.2 billion, 64.0 per cent of the £5.0 billion allocated."
     " That leaves £1.8 billion still to be paid.",
     "£1.8 billion|£2.8 billion", "f3 - councils"),
    ("尚有…未拨付",
     f"{HELD}截至审计结束，已督促拨付5.12亿元，拨付率80.0%，尚有1.28亿元未拨付到位。",
     f"{HELD}截至审计结束，已督促拨付5.12亿元，拨付率80.0%，尚有1.82亿元未拨付到位。",
     f"{HELD}其中一年以上的2.10亿元，占32.8%，尚有1.28亿元未拨付到位。",
     "1.28亿元|1.82亿元", "special_funds - f3"),
    ("times … and … larger",
     f"{TWO} Ontario's grant is 1.50 times Quebec's and $400 million larger.",
     f"{TWO} Ontario's grant is 1.50 times Quebec's and $450 million larger.",
     f"{TWO} Ontario's grant is $400 million larger.",
     "$400 million|$450 million", "ontario - quebec"),
]  # fmt: skip


@pytest.mark.parametrize(("wording", "right", "wrong", "ambiguous", "figure", "formula"),
                         FAMILIES, ids=[f[0] for f in FAMILIES])  # fmt: skip
def test_each_wording(
    wording: str, right: str, wrong: str, ambiguous: str, figure: str, formula: str
) -> None:
    each_wording(right, wrong, ambiguous, figure, formula)


def test_still_to_be_paid_after_one_of_two_amounts_paid_stays_unchecked() -> None:
    """The rate's part is one year's payments, a larger amount was paid in all: which one the
    rest is after is not said."""
    rows = checked(
        "The programme had paid £3.2 billion by 2023. Payments for 2024 were £1.1 billion,"
        " 22.0 per cent of the £5.0 billion allocated. That leaves £0.7 billion still to be paid."
    )
    assert rows["£0.7 billion"]["verdict"] == "unchecked"
    assert rows["£0.7 billion"]["reason"] == "two amounts done it could be after"
