"""The guard against coincidences: the chance that an unrelated figure would match a formula.

Let X be the figure and W the window from X/10 to 10·X. For a candidate whose values range over
[lo, hi], the figure (with its own interval, X − d₁ to X + d₂) would have matched for every value
from lo − d₂ to hi + d₁; ``p`` is the share of W, on a log scale, that those values cover: the
chance that an unrelated figure written the same way, drawn log-uniformly from W, would match.
With ``m`` candidates tried, a match is accepted only if ``m · p ≤ LEVEL``. The same guard rules
a *mistake* found by search: a misstatement is a claim about the report, and must be as unlikely
to be a coincidence as an explanation.
"""

from __future__ import annotations

from decimal import Context, Decimal
from fractions import Fraction

from aidcalc.checker.wording import Reported
from aidcalc.core.formatting import Rounding, format_fixed

__all__ = ["LEVEL", "WINDOW", "chance_p", "show"]

LEVEL = Fraction(1, 20)  # accept when m·p is at most this
WINDOW = 10  # the window is X / WINDOW to X · WINDOW


def chance_p(rep: Reported, lo: Fraction, hi: Fraction) -> Fraction:
    """p: the log share of the window from X/10 to 10·X covered by the values an unrelated
    figure, written like this one, could take and still match a candidate ranging over
    [lo, hi]. Computed to 30 digits, rounded up."""
    x = rep.value
    w_lo, w_hi = x / WINDOW, x * WINDOW
    a = w_lo if rep.hi is None else max(w_lo, lo - (rep.hi - x))
    b = w_hi if rep.lo is None else min(w_hi, hi + (x - rep.lo))
    if a >= b:
        return Fraction(0)
    ctx = Context(prec=30)
    ratio = ctx.divide(Decimal(b.numerator * a.denominator), Decimal(b.denominator * a.numerator))
    p = ctx.divide(ratio.ln(ctx), ctx.ln(Decimal(WINDOW * WINDOW)))
    return Fraction(p) + Fraction(1, 10**25)


def show(x: Fraction) -> str:
    """A chance to two significant digits, rounded up: ``0.031``, ``0.00053``.

    >>> show(Fraction(3137, 100000)), show(Fraction(1, 3)), show(Fraction(0))
    ('0.032', '0.34', '0')
    """
    if x <= 0:
        return "0"
    decimals = 1
    while x * 10**decimals < 1:
        decimals += 1
    return format_fixed(x, decimals + 1, grouping=False, rounding=Rounding.CEILING)
