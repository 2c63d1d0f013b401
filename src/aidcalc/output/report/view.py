"""What a report draws for each checked claim: the one mapping from a checked row to a picture.

Both pictures of a claim — the SVG number line of the HTML page and the one-line picture in the
terminal — are drawn from a :class:`ClaimView`, made by :func:`view_of` and nothing else. A verdict
this module does not know (a newer checker's) still gets a neutral badge with its own word, never
an error.

=============================  ==============================================================
``view_of(row)``               a checked row → :class:`ClaimView` (spans, badge, marks, texts)
``badge(verdict)``             a verdict → word, symbol and tone, legible in black and white
``rank(word)``                 where a verdict goes when sorted: the failures first
``show``, ``span_text``        values in the notation of the reported figure
=============================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from aidcalc.checker.fixes import Fix
from aidcalc.checker.verdicts import Checked
from aidcalc.core.figures import Figure, Kind
from aidcalc.core.formatting import Rounding, format_exact, format_fixed, format_like
from aidcalc.output.report.words import Words

__all__ = [
    "ENGLISH",
    "ORDER",
    "Badge",
    "ClaimView",
    "Mark",
    "Span",
    "Tone",
    "badge",
    "distance_text",
    "plain",
    "rank",
    "show",
    "span_text",
    "verdict_word",
    "view_of",
]

ENGLISH = Words("en")


# ---------------------------------------------------------------------------------------------
# Verdicts as badges


class Tone(Enum):
    """How a verdict looks: each tone has a symbol and a border, so it reads without colour."""

    RIGHT = "right"
    WRONG = "wrong"
    GIVEN = "given"
    ERROR = "error"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Badge:
    word: str
    symbol: str
    tone: Tone


#: The order of a report sorted by verdict: the failures first, then what holds, then what was
#: not checked, the givens last.
ORDER = ("inconsistent", "misstated", "consistent", "error", "undecided", "given")

_TONES = {
    "consistent": ("✓", Tone.RIGHT),
    "inconsistent": ("✗", Tone.WRONG),
    "misstated": ("✗", Tone.WRONG),
    "given": ("=", Tone.GIVEN),
    "error": ("!", Tone.ERROR),
    "undecided": ("?", Tone.UNSURE),
}


def badge(verdict: object) -> Badge:
    """The badge of a verdict (an enum member or its word); an unknown one gets ``?``.

    >>> badge("consistent")
    Badge(word='consistent', symbol='✓', tone=<Tone.RIGHT: 'right'>)
    >>> badge("newfangled").symbol
    '?'
    """
    word = str(getattr(verdict, "value", verdict))
    symbol, tone = _TONES.get(word, ("?", Tone.UNSURE))
    return Badge(word, symbol, tone)


def rank(word: str) -> int:
    """Where a verdict goes in a report sorted by verdict (an unknown one with the unchecked).

    >>> sorted(["given", "consistent", "misstated", "error"], key=rank)
    ['misstated', 'consistent', 'error', 'given']
    """
    return ORDER.index(word) if word in ORDER else ORDER.index("undecided")


def verdict_word(row: Checked) -> str:
    """A row's verdict as the report names it: ``misstated`` for an inconsistent figure whose
    mistake ``explain`` named (it counts with the inconsistent ones)."""
    word = str(getattr(row.verdict, "value", row.verdict))
    if word == "inconsistent" and (row.mistaken is not None or row.claim.mistake):
        return "misstated"
    return word


# ---------------------------------------------------------------------------------------------
# A checked row, as drawn


@dataclass(frozen=True)
class Span:
    """Values from ``lo`` to ``hi``; ``None`` is unbounded on that side (``more than …``)."""

    lo: Fraction | None
    hi: Fraction | None
    lo_open: bool = False
    hi_open: bool = False

    def ends(self) -> list[Fraction]:
        return [x for x in (self.lo, self.hi) if x is not None]


@dataclass(frozen=True)
class Mark:
    """A single value drawn on the number line with its name: a misstated claim's mistaken
    formula (``wrong base``), its value from the figures as written, and its range."""

    name: str
    value: Fraction
    formula: str = ""
    span: Span | None = None


@dataclass(frozen=True)
class ClaimView:
    """Everything a picture of one claim shows, in the claim's own notation."""

    line: int | None
    name: str
    sentence: str
    printed: str  # the reported figure as printed
    formula: str
    badge: Badge
    reason: str
    figure: Figure | None  # the reported figure, for showing values in its notation
    reported: Span | None  # the interval the printed figure stands for
    computed: Span | None  # the interval the formula gives
    point: Fraction | None  # the formula's value from the figures as written
    marks: tuple[Mark, ...] = ()
    fix: Fix | None = None  # one figure's change that clears the failure, if one does

    @property
    def drawable(self) -> bool:
        """A number line needs both a reported interval and a computed one."""
        return self.reported is not None and self.computed is not None

    def overlap(self) -> Span | None:
        """Where the reported and computed intervals meet, or None."""
        if self.reported is None or self.computed is None:
            return None
        r, c = self.reported, self.computed
        assert c.lo is not None and c.hi is not None
        lo = c.lo if r.lo is None else max(r.lo, c.lo)
        hi = c.hi if r.hi is None else min(r.hi, c.hi)
        return Span(lo, hi) if lo <= hi else None

    def signed_gap(self) -> Fraction | None:
        """The gap as the check's ``why`` gives it: computed minus reported, None if they meet."""
        g = self.gap()
        if g is None or self.computed is None or self.computed.hi is None:
            return None
        return g[0] - g[1] if self.computed.hi <= g[0] else g[1] - g[0]

    def gap(self) -> tuple[Fraction, Fraction] | None:
        """The stretch between the two intervals when they do not meet: (from, to)."""
        if self.reported is None or self.computed is None or self.overlap() is not None:
            return None
        r, c = self.reported, self.computed
        assert c.lo is not None and c.hi is not None
        if r.lo is not None and c.hi < r.lo:
            return (c.hi, r.lo)
        assert r.hi is not None
        return (r.hi, c.lo)


def view_of(row: Checked) -> ClaimView:
    """What to draw for a checked row. This is the one place that reads a :class:`Checked`;
    a checker that adds fields is drawn by changing it."""
    rep = row.reported
    reported = Span(rep.lo, rep.hi, rep.lo_open, rep.hi_open) if rep is not None else None
    value = row.value
    computed = Span(value.interval.lo, value.interval.hi) if value is not None else None
    return ClaimView(
        line=row.claim.line,
        name=row.claim.name,
        sentence=row.claim.claim,
        printed=row.claim.reported,
        formula=row.claim.formula,
        badge=badge(verdict_word(row)),
        reason=row.reason,
        figure=rep.figure if rep is not None else None,
        reported=reported,
        computed=computed,
        point=value.point if value is not None else None,
        marks=tuple(_marks(row)),
        fix=row.fix,
    )


def _marks(row: Checked) -> Iterable[Mark]:
    """Named values besides the two intervals: a misstated claim's mistaken formula."""
    m = row.mistaken
    if m is not None:
        iv = m.value.interval
        yield Mark(m.name, m.value.point, m.formula, Span(iv.lo, iv.hi))


# ---------------------------------------------------------------------------------------------
# Showing values in the claim's notation


def show(
    x: Fraction, figure: Figure | None, extra: int = 0, rounding: Rounding = Rounding.HALF
) -> str:
    """``x`` in the notation of the reported figure (``39.32 million``), else plainly.

    >>> from aidcalc.checker.wording import read_reported
    >>> show(Fraction(4573, 10000), read_reported("31%").figure, 1)
    '45.7%'
    >>> show(Fraction(2831000000), None)
    '2,831,000,000'
    """
    if figure is not None:
        return format_like(x, figure, extra, rounding)
    return plain(x, rounding)


def plain(x: Fraction, rounding: Rounding = Rounding.HALF) -> str:
    """A value without a notation: whole numbers grouped, others to 6 significant digits."""
    if x.denominator == 1:
        return f"{x.numerator:,}"
    text = format_exact(x, 6, rounding)
    whole, dot, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}{dot}{frac}"


def span_text(span: Span, figure: Figure | None, extra: int = 1, words: Words = ENGLISH) -> str:
    """``45.7%–46.1%``, rounded outward; ``more than 5,300`` for a one-sided span."""
    if span.lo is not None and span.lo == span.hi:
        return words("exactly", show(span.lo, figure))
    lo = show(span.lo, figure, extra, Rounding.FLOOR) if span.lo is not None else None
    hi = show(span.hi, figure, extra, Rounding.CEILING) if span.hi is not None else None
    if lo is None and hi is None:
        return words("any value")
    if lo is None:
        return words("below" if span.hi_open else "up to", hi)
    if hi is None:
        return words("above" if span.lo_open else "from", lo)
    return f"{lo}–{hi}"


def distance_text(d: Fraction, figure: Figure | None, words: Words = ENGLISH) -> str:
    """A distance between two values, in the reported figure's unit at its precision plus one
    digit (never shown as zero); percentage points for percentages.

    >>> from aidcalc.checker.wording import read_reported
    >>> distance_text(Fraction(142, 1000), read_reported("31%").figure)
    '+14.2 percentage points'
    """
    sign = "-" if d < 0 else "+"
    d = abs(d)
    if figure is not None and figure.kind in (Kind.PERCENT, Kind.POINTS):
        text = _nonzero(lambda n: format_fixed(d * 100, n), figure.decimals + 1)
        return sign + words("percentage points", text)
    return sign + _nonzero(lambda n: show(d, figure, n), 1)


def _nonzero(shown: Callable[[int], str], digits: int) -> str:
    """``shown(n)`` with the fewest digits ``n >= digits`` that show a non-zero figure."""
    text = ""
    for n in range(max(digits, 0), max(digits, 0) + 13):
        text = shown(n)
        if any(c in "123456789" for c in text):
            break
    return text
