"""Where a claim's values go on its picture: one segment, or two with the empty middle cut out.

Both pictures of a claim (the page's number line, the terminal's one-line picture) place values
with the same :class:`Axis`, made by :func:`axis_for`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from aidcalc.output.report.view import ClaimView

__all__ = ["Axis", "axis_for"]


@dataclass(frozen=True)
class Axis:
    """Values placed on [0, 1]. With two segments the scale is the same on both sides and the
    stretch between them is cut out, so two intervals far apart are both wide enough to see."""

    segments: tuple[tuple[Fraction, Fraction], ...]
    BREAK = Fraction(1, 10)  # the share of the width the cut takes

    def _places(self) -> list[tuple[Fraction, Fraction]]:
        lengths = [hi - lo for lo, hi in self.segments]
        room = 1 - self.BREAK * (len(self.segments) - 1)
        out, at = [], Fraction(0)
        for n in lengths:
            w = room * n / sum(lengths)
            out.append((at, at + w))
            at += w + self.BREAK
        return out

    def x(self, value: Fraction | None, *, low_end: bool = True) -> Fraction:
        """The place of ``value`` in [0, 1]; ``None`` is the left end if ``low_end``, else the
        right end. A value in the cut goes to the nearer edge of the cut."""
        if value is None:
            return Fraction(0) if low_end else Fraction(1)
        for i, ((lo, hi), (a, b)) in enumerate(zip(self.segments, self._places())):
            if value < lo:  # before the axis, or in the cut before this segment
                return a if i == 0 else a - self.BREAK / 2
            if value <= hi:
                return a + (b - a) * (value - lo) / (hi - lo)
        return Fraction(1)

    def breaks(self) -> list[tuple[Fraction, Fraction]]:
        """Where the cuts are, as (from, to) in [0, 1]."""
        places = self._places()
        return [(places[i][1], places[i + 1][0]) for i in range(len(places) - 1)]


def axis_for(view: ClaimView) -> Axis:
    """An axis on which the reported interval, the computed one and any marks are all visible.

    >>> from aidcalc.checker.wording import read_reported
    >>> from aidcalc.output.report.view import Span, badge
    >>> figure = read_reported("31%").figure
    >>> v = ClaimView(None, "", "", "31%", "", badge("inconsistent"), "", figure,
    ...     Span(Fraction(305, 1000), Fraction(315, 1000)), Span(Fraction(457, 1000),
    ...     Fraction(461, 1000)), Fraction(459, 1000))
    >>> len(axis_for(v).segments)  # 14 points apart, 1 point wide: the middle is cut out
    2
    """
    points = sorted(
        {
            *(view.reported.ends() if view.reported else []),
            *(view.computed.ends() if view.computed else []),
            *(m.value for m in view.marks),
        }
    )
    if not points:
        return Axis(((Fraction(0), Fraction(1)),))
    widths = [
        s.hi - s.lo
        for s in (view.reported, view.computed)
        if s is not None and s.lo is not None and s.hi is not None
    ]
    unit = max(widths, default=Fraction(0))
    if unit == 0:
        unit = max(abs(p) for p in points) / 50 or Fraction(1)
    pad = unit / 2
    # split at the widest gap between neighbouring values when it dwarfs the intervals
    gaps = [(points[i + 1] - points[i], i) for i in range(len(points) - 1)]
    widest = max(gaps, default=(Fraction(0), -1))
    if widest[0] > 4 * unit:
        i = widest[1]
        return Axis(((points[0] - pad, points[i] + pad), (points[i + 1] - pad, points[-1] + pad)))
    return Axis(((points[0] - pad, points[-1] + pad),))
