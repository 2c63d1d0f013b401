"""What a formula's result measures (an amount, a ratio, a plain number …), to match it with the
kind of the reported figure it is checked against: an amount is never a percentage.

"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from aidcalc.checker.formula import Call, Chain, Data, Neg, Node, Num, Pow, Ref
from aidcalc.core.figures import Kind

__all__ = ["Dimension", "dimension"]


class Dimension(Enum):
    """What a formula's result measures, to match it with the kind of the reported figure. Bare
    numbers and counts are plain numbers and fit any figure; so does a result whose dimension
    cannot be told (an amount times an amount)."""

    NUMBER = "a plain number"
    AMOUNT = "an amount"
    RATIO = "a ratio"  # amount / amount, a percentage, a multiple, a fraction
    POINTS = "percentage points"
    DIFFERENCE = "a difference of ratios"  # percentage points: 51% − 46% is 5 points, not 5%
    UNKNOWN = "a result of unknown kind"

    def fits(self, kind: Kind) -> bool:
        """Whether a reported figure of ``kind`` can state this result."""
        return kind is Kind.COUNT or kind in _FITS.get(self, tuple(Kind))

    @classmethod
    def of(cls, kind: Kind) -> Dimension:
        """The dimension of a figure of ``kind`` used in a formula."""
        return _OF_KIND[kind]


_RATIOS = (Kind.PERCENT, Kind.FRACTION, Kind.MULTIPLE)
_FITS = {
    Dimension.AMOUNT: (Kind.AMOUNT,),
    Dimension.RATIO: _RATIOS,
    Dimension.POINTS: (Kind.POINTS,),
    Dimension.DIFFERENCE: (Kind.POINTS,),  # never a percentage: points and percent never mix
}
_OF_KIND = {
    Kind.AMOUNT: Dimension.AMOUNT,
    Kind.COUNT: Dimension.NUMBER,
    Kind.PERCENT: Dimension.RATIO,
    Kind.FRACTION: Dimension.RATIO,
    Kind.MULTIPLE: Dimension.RATIO,
    Kind.POINTS: Dimension.POINTS,
}


def dimension(node: Node, kind_of_name: Callable[[str], Kind | None]) -> Dimension:
    """What ``node`` measures; ``kind_of_name`` gives the kind of an earlier row's figure.

    >>> from aidcalc.checker.formula import parse
    >>> dimension(parse("severe / total"), lambda n: Kind.AMOUNT).value
    'a ratio'
    >>> dimension(parse("total(f.csv) / counties(f.csv)"), lambda n: None).value
    'an amount'
    >>> dimension(parse("51% - 46%"), lambda n: None).value
    'a difference of ratios'
    """
    if isinstance(node, Num):
        return Dimension.of(node.figure.kind)
    if isinstance(node, Ref):
        kind = kind_of_name(node.name)
        return Dimension.UNKNOWN if kind is None else Dimension.of(kind)
    if isinstance(node, Neg):
        return dimension(node.operand, kind_of_name)
    if isinstance(node, Data):
        return Dimension.AMOUNT if node.function in ("total", "mean") else Dimension.NUMBER
    if isinstance(node, Pow):
        base = dimension(node.base, kind_of_name)
        return base if base in (Dimension.NUMBER, Dimension.RATIO) else Dimension.UNKNOWN
    if isinstance(node, Call):
        if node.function == "cagr":
            return Dimension.RATIO
        return _sum_dimension([(dimension(a, kind_of_name), False) for a in node.args])
    if isinstance(node, Chain):
        parts = [(node.first, False), *((x, op in "-/") for op, x in node.rest)]
        dims = [(dimension(x, kind_of_name), flip) for x, flip in parts]
        if node.rest[0][0] in "+-":
            return _sum_dimension(dims)
        return _product_dimension(dims)
    return Dimension.UNKNOWN


def _sum_dimension(terms: list[tuple[Dimension, bool]]) -> Dimension:
    dims = [(d, neg) for d, neg in terms if d is not Dimension.NUMBER]
    kinds = {d for d, _ in dims}
    if not kinds:
        return Dimension.NUMBER
    if Dimension.UNKNOWN in kinds or (Dimension.AMOUNT in kinds and len(kinds) > 1):
        return Dimension.UNKNOWN
    if kinds == {Dimension.RATIO}:
        subtracted = len(dims) > 1 and any(neg for _, neg in dims)
        return Dimension.DIFFERENCE if subtracted else Dimension.RATIO
    if len(kinds) == 1:
        return kinds.pop()
    return Dimension.DIFFERENCE


def _product_dimension(factors: list[tuple[Dimension, bool]]) -> Dimension:
    amounts = sum(-1 if inv else 1 for d, inv in factors if d is Dimension.AMOUNT)
    others = [(d, inv) for d, inv in factors if d not in (Dimension.NUMBER, Dimension.AMOUNT)]
    if any(d is Dimension.UNKNOWN for d, _ in others):
        return Dimension.UNKNOWN
    differences = [(d, inv) for d, inv in others if d is not Dimension.RATIO]
    if differences:  # points times a number: points
        if amounts == 0 and len(others) == 1 and not differences[0][1]:
            return differences[0][0]
        return Dimension.UNKNOWN
    if amounts == 1:
        return Dimension.AMOUNT
    if amounts == 0:
        has_amount = any(d is Dimension.AMOUNT for d, _ in factors)
        return Dimension.RATIO if others or has_amount else Dimension.NUMBER
    return Dimension.UNKNOWN
