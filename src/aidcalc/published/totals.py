"""A table's own total rows checked against the rows they cover, with the rounding of every figure.

A subtotal covers the detail rows since the previous subtotal or total (or the start); a grand total
covers every detail row of the table, wherever it stands (a total at the top is checked at the
end). Only running sums are kept, never rows.

**Rounding.** A figure printed rounded (a unit above yuan, a unit line, ``--in-unit``, decimals) to
a unit u stands for every value within ½u of it. A total of n rows each printed to u may therefore
differ from their printed sum by up to n·½u + ½u (the half-widths add up; rows printed to different
places add their own ½uᵢ): within that, the total agrees (:attr:`ColumnCheck.within_rounding` when
not exactly). Beyond it, it disagrees. Independent roundings rarely lean one way: the sum of n
roundings, each uniform on ±½u, has a standard deviation of u·√(n/12) (√(Σuᵢ²/12) with mixed
places), so a gap beyond min(n·½u, 3·u·√(n/12)) + ½u is flagged (:attr:`ColumnCheck.unlikely`): it
agrees only if nearly every row was rounded the same way — unless every row printed one value (an
equal split), whose roundings lean together. Cells with no unit or rounding stated are exact values.
Every comparison is in exact fractions.

**Found by arithmetic.** :meth:`TotalsCheck.chance` says whether a row equals, within rounding, the
sum of a scope of rows, and if so the chance of that by accident: for each amount compared, with d
significant digits printed (trailing zeros do not count: round figures coincide easily) and a
window of w values of its last digit that would have matched, an unrelated figure written the same
way matches with chance w / (9·10^(d−1)); columns multiply. The caller multiplies by the number of
comparisons made in the table (as ``explain`` guards its matches) and takes the row for a total only
when that is at most :data:`COINCIDENCE` (0.05).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from aidcalc.core.figures import scaled

__all__ = [
    "COINCIDENCE",
    "Amount",
    "ColumnCheck",
    "RowKind",
    "TotalResult",
    "TotalsCheck",
    "Verdict",
    "chance_text",
]

#: An amount as :func:`aidcalc.numbers.parse_amount` returns it: value mantissa·10^exp; rounded
#: means the figure stands for ± half a unit of its last digit, 5·10^(exp−1).
Amount = tuple[int, int, bool]

#: A match by arithmetic alone counts as evidence when the chance of it by accident, over every
#: comparison made in the table, is at most this (the guard of ``explain`` too).
COINCIDENCE = Fraction(1, 20)


def chance_text(c: Fraction) -> str:
    """A chance of a coincidence, for a message: two significant digits."""
    return f"{float(c):.2g}"


class RowKind(Enum):
    """What a row after the header is; see :mod:`aidcalc.published.shape` for the rules."""

    DETAIL = "detail"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    PART = "part"
    HEADING = "heading"
    FOOTER = "footer"
    BLANK = "blank"
    NOT_AMOUNT = "not an amount"
    HEAD = "head"  # a row that may stand above its block, held until the block ends
    AMBIGUOUS = "ambiguous"


class Verdict(Enum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, repr=False)
class ColumnCheck:
    """One amount column of a total row: the reported figure and the sum of the rows it covers,
    each as a value and half the width of its rounding interval; ``plausible``: how far apart they
    may plausibly be (three standard deviations of the roundings, at most the whole width);
    ``unit``: the one place every rounded row was printed to, if one."""

    column: int
    reported: Fraction | None
    reported_half: Fraction
    computed: Fraction | None
    computed_half: Fraction
    verdict: Verdict
    plausible: Fraction = Fraction(0)
    unit: Fraction | None = None
    one_value: bool = False

    @property
    def gap(self) -> Fraction:
        if self.reported is None or self.computed is None:
            return Fraction(0)
        return abs(self.reported - self.computed)

    @property
    def bound(self) -> Fraction:
        """The widest gap rounding allows: n·½u + ½u."""
        return self.reported_half + self.computed_half

    @property
    def within_rounding(self) -> bool:
        """Agrees, but only thanks to rounding."""
        return self.verdict is Verdict.MATCH and self.gap != 0

    @property
    def unlikely(self) -> bool:
        """Agrees only if nearly every row's rounding leaned one way (not for an equal split)."""
        return self.within_rounding and not self.one_value and self.gap > self.plausible


@dataclass(frozen=True, repr=False)
class TotalResult:
    """A total or subtotal row checked against the detail rows it covers; ``found`` says why a row
    no word named was taken as a total (empty when a word named it)."""

    kind: RowKind
    line: int
    label: str
    rows: int
    columns: tuple[ColumnCheck, ...]
    found: str = ""

    @property
    def verdict(self) -> Verdict:
        verdicts = {c.verdict for c in self.columns}
        if Verdict.MISMATCH in verdicts:
            return Verdict.MISMATCH
        return Verdict.MATCH if Verdict.MATCH in verdicts else Verdict.UNCHECKED


class _Sum:
    """A running exact sum of amounts with the sum of their half-widths and of their squared
    units, in integers."""

    __slots__ = ("exp", "first", "half", "missing", "rounded", "sq", "total", "units", "varied")

    def __init__(self) -> None:
        self.total = 0  # in units of 10^exp
        self.half = 0  # in units of 10^(exp-1)
        self.sq = 0  # the sum of the squared units of rounded cells, in units of 10^(2·exp)
        self.exp = 0
        self.missing = 0
        self.rounded = 0
        self.units: set[int] = set()  # exponents of the rounded cells
        self.first: Amount | None = None
        self.varied = False  # whether two rows printed different values

    def _align(self, e: int) -> None:
        if e < self.exp:
            k = self.exp - e
            self.total *= 10**k
            self.half *= 10**k
            self.sq *= 100**k
            self.exp = e

    def add(self, amount: Amount | None, sign: int = 1) -> None:
        if amount is None:
            self.missing += sign
            return
        m, e, rounded = amount
        if not self.varied:
            if self.first is None:
                self.first = amount
            elif scaled(m, e) != scaled(*self.first[:2]):
                self.varied = True
        self._align(e)
        self.total += sign * m * 10 ** (e - self.exp)
        if rounded:
            self.half += sign * 5 * 10 ** (e - self.exp)
            self.sq += sign * 100 ** (e - self.exp)
            self.rounded += sign
            self.units.add(e)

    def add_sum(self, mantissas: int, e: int, rounded: int, one: Amount | None = None) -> None:
        """Add amounts at precision ``10^e`` whose mantissas sum to ``mantissas``, ``rounded``
        of them showing rounding; ``one``: their one value, when they all print the same."""
        if not self.varied:
            if one is None or (
                self.first is not None and scaled(*one[:2]) != scaled(*self.first[:2])
            ):
                self.varied = True
            elif self.first is None:
                self.first = one
        self._align(e)
        self.total += mantissas * 10 ** (e - self.exp)
        self.half += 5 * rounded * 10 ** (e - self.exp)
        self.sq += rounded * 100 ** (e - self.exp)
        self.rounded += rounded
        if rounded:
            self.units.add(e)

    def value(self) -> tuple[Fraction, Fraction] | None:
        if self.missing:
            return None
        return scaled(self.total, self.exp), scaled(self.half, self.exp - 1)

    def plausible(self) -> Fraction:
        """Three standard deviations of the roundings, squared: 9·Σuᵢ²/12."""
        return scaled(self.sq, 2 * self.exp) * Fraction(9, 12)


def _interval(amount: Amount) -> tuple[Fraction, Fraction]:
    m, e, rounded = amount
    return scaled(m, e), scaled(5, e - 1) if rounded else Fraction(0)


def _agree(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> bool:
    return abs(a[0] - b[0]) <= a[1] + b[1]


def _isqrt_bound(square: Fraction) -> Fraction:
    """A number at least √square, close to it (for the message; comparisons are exact)."""
    from math import isqrt

    scale = 10**6
    root = isqrt(square.numerator * scale * scale // square.denominator)
    return Fraction(root + 1, scale)


@dataclass(repr=False, eq=False)
class _Scope:
    sums: list[_Sum]
    rows: int = 0

    def add(self, values: Sequence[Amount | None], sign: int = 1) -> None:
        self.rows += sign
        for s, v in zip(self.sums, values):
            s.add(v, sign)

    def add_sums(
        self,
        rows: int,
        sums: Sequence[Sequence[tuple[int, int, int]]],
        ones: Sequence[Amount | None] = (),
    ) -> None:
        self.rows += rows
        for i, (s, column) in enumerate(zip(self.sums, sums)):
            one = ones[i] if i < len(ones) and len(column) == 1 else None
            for m, e, rounded in column:
                s.add_sum(m, e, rounded, one)


def _new(width: int) -> _Scope:
    return _Scope([_Sum() for _ in range(width)])


class TotalsCheck:
    """Checks total and subtotal rows against the detail rows they cover, fed in reading order.
    With ``skip_missing``, a detail cell marked missing is left out of its column's sums (the
    column is checked over the cells it has) rather than leaving the column unchecked.

    >>> t = TotalsCheck(1)
    >>> t.add(RowKind.DETAIL, 2, "A县", [(1200, 0, False)])
    >>> t.add(RowKind.DETAIL, 3, "B县", [(800, 0, False)])
    >>> t.add(RowKind.SUBTOTAL, 4, "甲省 小计", [(2000, 0, False)])
    >>> t.add(RowKind.TOTAL, 5, "合计", [(20, 2, True)])
    >>> [(r.label, r.verdict.value) for r in t.finish()]
    [('甲省 小计', 'match'), ('合计', 'match')]
    """

    def __init__(self, width: int, *, skip_missing: bool = False) -> None:
        self.width = width
        self.skip_missing = skip_missing
        self._all = _new(width)
        self._block = _new(width)
        self._results: list[TotalResult] = []
        self._pending: list[tuple[int, int, str, tuple[Amount | None, ...], str]] = []

    def add(
        self,
        kind: RowKind,
        line: int,
        label: str,
        values: Sequence[Amount | None],
        found: str = "",
    ) -> None:
        """Feed one row; only DETAIL, SUBTOTAL and TOTAL rows count, the others are ignored."""
        if len(values) != self.width:
            raise ValueError(f"{len(values)} values for {self.width} amount columns")
        if kind is RowKind.DETAIL:
            self.add_detail(values)
        elif kind is RowKind.SUBTOTAL:
            self._results.append(self._check(kind, line, label, values, self._block, found))
            self._block = _new(self.width)
        elif kind is RowKind.TOTAL:
            self._pending.append((len(self._results), line, label, tuple(values), found))
            # as a total of its block too: a 合计 per year in a long table is one
            block = self._check(RowKind.SUBTOTAL, line, label, values, self._block, found)
            self._results.append(block)  # a placeholder until finish()
            self._block = _new(self.width)

    def add_result(self, result: TotalResult) -> None:
        """A total row checked elsewhere (a subtotal above its block, against its block)."""
        self._results.append(result)

    def add_detail(self, values: Sequence[Amount | None], sign: int = 1) -> None:
        """Count one detail row (``sign`` −1: take one back out)."""
        if self.skip_missing:
            values = [v if v is not None else (0, 0, False) for v in values]
        self._all.add(values, sign)
        self._block.add(values, sign)

    def add_details(
        self,
        rows: int,
        sums: Sequence[Sequence[tuple[int, int, int]]],
        ones: Sequence[Amount | None] = (),
    ) -> None:
        """Feed ``rows`` detail rows at once, as ``(mantissa sum, exp, rounded count)`` for each
        precision in each amount column (a batch of plainly written amounts); ``ones``: the one
        value each column printed, when every row printed the same."""
        self._all.add_sums(rows, sums, ones)
        self._block.add_sums(rows, sums, ones)

    def chance(
        self, values: Sequence[Amount | None], *, block: bool, least: int = 2, minus: int = 0
    ) -> Fraction | None:
        """Whether every given value equals, within rounding, the sum of the detail rows so far
        (``block``: since the last total; ``minus``: 1 when the row itself was counted among
        them) — with at least ``least`` rows and one nonzero value compared — and if so, the chance
        of such a match by accident (see the module docstring); None when it does not match."""
        scope = self._block if block else self._all
        if scope.rows - minus < least:
            return None
        p = Fraction(1)
        compared = 0
        for s, v in zip(scope.sums, values):
            if v is None:
                continue
            got = s.value()
            if got is None:
                return None
            own = _interval(v)
            total = (got[0] - minus * own[0], got[1] - minus * own[1])
            if not _agree(total, own):
                return None
            if v[0] == 0:
                continue
            compared += 1
            digits = str(abs(v[0]))
            zeros = len(digits) - len(digits.rstrip("0"))
            significant = len(digits) - zeros
            grain = scaled(1, v[1] + zeros)
            window = 2 * int((total[1] + own[1]) / grain) + 1
            p *= min(Fraction(1), Fraction(window, 9 * 10 ** (significant - 1)))
        return p if compared else None

    def remove(self, values: Sequence[Amount | None]) -> None:
        """Take a row counted as a detail row back out (it was found to be a total)."""
        self.add_detail(values, -1)

    @property
    def all_rows(self) -> int:
        """Detail rows so far."""
        return self._all.rows

    @property
    def block_rows(self) -> int:
        """Detail rows since the last total or subtotal."""
        return self._block.rows

    def finish(self) -> list[TotalResult]:
        """The totals and subtotals in reading order, grand totals checked against all rows."""
        for index, line, label, values, found in self._pending:
            grand = self._check(RowKind.TOTAL, line, label, values, self._all, found)
            block = self._results[index]
            if (
                grand.verdict is Verdict.MISMATCH
                and block.verdict is Verdict.MATCH
                and block.rows < grand.rows
            ):  # not the whole table's total, but its block's (one year's 合计)
                grand = block
            self._results[index] = grand
        self._pending.clear()
        return list(self._results)

    def _check(
        self,
        kind: RowKind,
        line: int,
        label: str,
        values: Sequence[Amount | None],
        scope: _Scope,
        found: str,
    ) -> TotalResult:
        columns = []
        for i, (s, v) in enumerate(zip(scope.sums, values)):
            got = s.value() if scope.rows else None
            rep = _interval(v) if v is not None else None
            if rep is None or got is None:
                columns.append(
                    ColumnCheck(
                        i,
                        rep[0] if rep else None,
                        Fraction(0),
                        None,
                        Fraction(0),
                        Verdict.UNCHECKED,
                    )
                )
                continue
            verdict = Verdict.MATCH if _agree(got, rep) else Verdict.MISMATCH
            # the plausible gap: min(n·½u, 3σ) + ½u, compared squared to stay exact
            gap = abs(got[0] - rep[0]) - rep[1]
            three_sigma_sq = s.plausible()
            if gap > 0 and gap * gap > three_sigma_sq:
                plausible = min(got[1], _isqrt_bound(three_sigma_sq)) + rep[1]
            else:
                plausible = got[1] + rep[1]
            unit = scaled(1, next(iter(s.units))) if len(s.units) == 1 else None
            columns.append(
                ColumnCheck(
                    i,
                    rep[0],
                    rep[1],
                    got[0],
                    got[1],
                    verdict,
                    plausible,
                    unit,
                    not s.varied and scope.rows > 1,
                )
            )
        return TotalResult(kind, line, label, scope.rows, tuple(columns), found)
