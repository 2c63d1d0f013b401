"""How each formula shape a relation states is written, in the formula language of ``check``.

One record per shape: its name, how it is written from its inputs' names (in the order the
relation reader gives them) and a constant, and what it says. ``check`` evaluates the text, so
the written form is the whole definition: nothing else computes these shapes.

==================  ===========================================================================
``ratio``           a / b: a share, a completion rate, an average, a multiple
``growth``          a / b - 1: a growth between two levels (new, old)
``decline``         1 - a / b: a decline between two levels (new, old)
``growth_increment``   w / (l - w): 同比增长Z%，增收W on the level L after the increase
``decline_increment``  w / (l + w): 下降Z%，减收W on the level L after the decrease
``diff``            a - b: a difference, percentage points
``diff_down``       b - a: points of a fall (new, old)
``sum``             the total is its parts' sum (a list said to be complete)
``at_least``        max(parts' sum, total as printed): the parts are at most the total
``rest``            total - parts: the other, the remaining
``rest_at_most``    min(total - other parts, part as printed): a part at most what is left
``share_of_sum``    (a + b + …) / whole: the share of several parts together
``cagr``            cagr(first, last, years)
==================  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SHAPES", "Shape", "write"]


@dataclass(frozen=True)
class Shape:
    """A formula shape: how it is written from its inputs' names and its constant."""

    name: str
    text: Callable[[list[str], str], str]
    says: str


def _sum(names: list[str]) -> str:
    return " + ".join(names)


SHAPES: dict[str, Shape] = {
    s.name: s
    for s in (
        Shape("ratio", lambda n, _: f"{n[0]} / {n[1]}", "a share, rate, average or multiple"),
        Shape("growth", lambda n, _: f"{n[0]} / {n[1]} - 1", "growth between two levels"),
        Shape("decline", lambda n, _: f"1 - {n[0]} / {n[1]}", "decline between two levels"),
        Shape("growth_increment", lambda n, _: f"{n[0]} / ({n[1]} - {n[0]})",
              "growth from a level and its increase"),
        Shape("decline_increment", lambda n, _: f"{n[0]} / ({n[1]} + {n[0]})",
              "decline from a level and its decrease"),
        Shape("diff", lambda n, _: f"{n[0]} - {n[1]}", "a difference"),
        Shape("diff_down", lambda n, _: f"{n[1]} - {n[0]}", "the difference of a fall"),
        Shape("sum", lambda n, _: _sum(n[1:]), "the parts' sum"),
        Shape("at_least", lambda n, x: f"max({_sum(n[1:])}, {x})",
              "at least the parts' sum: the total as printed unless the parts exceed it"),
        Shape("rest", lambda n, _: " - ".join(n), "the total less the other parts"),
        Shape("rest_at_most", lambda n, x: f"min({' - '.join(n)}, {x})",
              "at most the total less the other parts: the part as printed unless it exceeds"),
        Shape("share_of_sum", lambda n, _: f"({_sum(n[:-1])}) / {n[-1]}",
              "the parts' sum over the whole: together the three account for"),
        Shape("cagr", lambda n, x: f"cagr({n[0]}, {n[1]}, {x})", "compound annual growth"),
    )
}  # fmt: skip


def write(shape: str, names: list[str], constant: str = "") -> str:
    """The formula of ``shape`` over the names.

    >>> write("growth_increment", ["increase", "revenue"])
    'increase / (revenue - increase)'
    >>> write("at_least", ["total", "a", "b"], "4.82亿元")
    'max(a + b, 4.82亿元)'
    """
    return SHAPES[shape].text(names, constant)
