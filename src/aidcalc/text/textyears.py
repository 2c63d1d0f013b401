"""Which year each figure of a report's text belongs to.

=============================  ==================================================================
``YearMark``                   a year written in the text: where, which, and whether it is a base
``years_of(s, spans, …)``      the year of each figure, by the rules below
=============================  ==================================================================

Rules, in order:

1. **Respectively** (``2021年、2022年分别为41.6亿元和44.3亿元``, ``in 2021 and 2022 … £4 billion
   and £5 billion respectively``): the years before the cue go to the figures of one kind on its
   other side, in order, when there are as many of each; when there are not, those figures get no
   year (a guess could pair a figure with the wrong year).
2. **Written right before a level** (``与2015年的28.8亿元相比``): that year, though it is the
   base of the sentence's comparison (a ratio there, ``是2017年的6倍``, compares with it).
3. **Written right after the figure** (``$93.0 billion in 2024-25``, ``41.6亿元（2021年）``): that
   year.
4. Else the year of the figure's sentence nearest before it, else the first after it.

Years that are a comparison's base (``than 2017``, ``比2017年``, ``是2017年的``), the start of a
period (``2016年以来``, ``since 2016``) or the ends of a span (``2008 to 2015``) are no figure's
year by rules 3 and 4; they stay in the claim for :mod:`aidcalc.text.explain`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aidcalc.core.figures import Kind
from aidcalc.text.prose import Spans

__all__ = ["YearMark", "years_of"]


@dataclass(frozen=True)
class YearMark:
    """A year written in the text: its position, its value, and whether it is no figure's year
    (a comparison's base, or a span's end)."""

    at: int
    value: int
    base: bool


_YEAR_JUST_BEFORE = re.compile(r"\d{4}[ \t]*年?度?的?[ \t]*")
_RESPECTIVELY = re.compile(r"分别|\brespectively\b", re.IGNORECASE)
_YEAR_AFTER = re.compile(
    r"""[ \t]*(?:\(|（)?[ \t]*         # an aside: 41.6亿元（2021年）
        (?:in|for|during)?[ \t]*      # $93.0 billion in 2024-25
        (?:fiscal[ \t]+(?:year[ \t]+)?|FY[ \t]*)?  # in fiscal 2024
    """,
    re.IGNORECASE | re.VERBOSE,
)


def years_of(
    s: str, spans: Spans, years: Sequence[YearMark], figures: Sequence[tuple[int, int, Kind]]
) -> list[int | None]:
    """The year of each figure ``(start, end, kind)`` of ``s``, in order (the module's rules)."""
    at = [y.at for y in years]
    paired = _respectively(s, spans, years, figures)
    out: list[int | None] = []
    for n, (a, b, kind) in enumerate(figures):
        if n in paired:
            out.append(paired[n])
            continue
        k = bisect.bisect_left(at, a) - 1
        level = kind in (Kind.AMOUNT, Kind.COUNT)  # 是2017年的6倍 is a comparison, not 2017's
        if level and k >= 0 and _YEAR_JUST_BEFORE.fullmatch(s, years[k].at, a):  # 2015年的28.8亿元
            out.append(years[k].value)
            continue
        k = bisect.bisect_left(at, b)
        gap = _YEAR_AFTER.match(s, b)
        if k < len(years) and gap and gap.end() == years[k].at and not years[k].base:
            out.append(years[k].value)
            continue
        start, end = spans.sentence(a)
        out.append(_nearest(years, at, a, start, end))
    return out


def _nearest(years: Sequence[YearMark], at: list[int], i: int, start: int, end: int) -> int | None:
    """The year of the sentence ``[start, end)`` nearest before ``i`` (else after it)."""
    lo, mid, hi = (bisect.bisect_left(at, x) for x in (start, i, end))
    for k in range(mid - 1, lo - 1, -1):
        if not years[k].base:
            return years[k].value
    for k in range(mid, hi):
        if not years[k].base:
            return years[k].value
    return None


def _respectively(
    s: str, spans: Spans, years: Sequence[YearMark], figures: Sequence[tuple[int, int, Kind]]
) -> dict[int, int | None]:
    """Figures paired with years by 分别 or ``respectively``: figure number → its year."""
    out: dict[int, int | None] = {}
    for m in _RESPECTIVELY.finditer(s):
        start, end = spans.sentence(m.start())
        before = [y for y in years if start <= y.at < m.start() and not y.base]
        if len(before) < 2:
            continue
        if m.group() == "分别":  # the figures come after the cue, before another year
            stop = min([end, *(y.at for y in years if m.end() <= y.at < end)])
            mine = [n for n, f in enumerate(figures) if m.end() <= f[0] < stop]
        else:  # respectively: the figures come before it, after the years
            mine = [n for n, f in enumerate(figures) if before[-1].at < f[0] < m.start()]
        if not mine:
            continue
        kind = figures[mine[0]][2]
        same = [n for n in mine if figures[n][2] is kind]
        if len(same) == len(before):
            out.update((n, y.value) for n, y in zip(same, before, strict=True))
        else:
            out.update((n, None) for n in same)
    return out
