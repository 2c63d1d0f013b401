"""What a report draws for each checked claim: the one mapping from a checked row to a picture.

Both pictures of a claim — the SVG number line of the HTML page and the one-line picture in the
terminal — are drawn from a :class:`ClaimView`, made by :func:`view_of` and nothing else, and
placed on an :class:`Axis` made by :func:`axis_for`. A verdict this module does not know (a newer
checker's) still gets a neutral badge with its own word, never an error.

=============================  ==============================================================
``view_of(row)``               a checked row → :class:`ClaimView` (spans, badge, marks, texts)
``badge(verdict)``             a verdict → word, symbol and tone, legible in black and white
``axis_for(view)``             where to put values: one segment, or two with a break between
``inputs_of(claim, named)``    each input of a formula, as printed and as the interval it means
``provenance(...)``            the claims file, each data file with size and short SHA-256
=============================  ==============================================================
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from aidcalc.claims import Claim
from aidcalc.errors import AidcalcError
from aidcalc.figures import Figure, Kind, read_literal
from aidcalc.formatting import Rounding, format_exact, format_fixed, format_like
from aidcalc.formula import DATA_FUNCTIONS, data_nodes, parse
from aidcalc.verdicts import Checked

__all__ = [
    "STDIN",
    "Axis",
    "Badge",
    "ClaimView",
    "FileInfo",
    "Input",
    "Mark",
    "Provenance",
    "Span",
    "Tone",
    "axis_for",
    "badge",
    "data_paths",
    "distance_text",
    "file_info",
    "inputs_of",
    "plain",
    "provenance",
    "show",
    "span_text",
    "today",
    "view_of",
]


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
        badge=badge(row.verdict),
        reason=row.reason,
        figure=rep.figure if rep is not None else None,
        reported=reported,
        computed=computed,
        point=value.point if value is not None else None,
        marks=tuple(_marks(row)),
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

    >>> from aidcalc.figures import parse_reported
    >>> show(Fraction(4573, 10000), parse_reported("31%"), 1)
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


def span_text(span: Span, figure: Figure | None, extra: int = 1) -> str:
    """``45.7%–46.1%``, rounded outward; ``more than 5,300`` for a one-sided span."""
    if span.lo is not None and span.lo == span.hi:
        return "exactly " + show(span.lo, figure)
    lo = show(span.lo, figure, extra, Rounding.FLOOR) if span.lo is not None else None
    hi = show(span.hi, figure, extra, Rounding.CEILING) if span.hi is not None else None
    if lo is None and hi is None:
        return "any value"
    if lo is None:
        return ("below " if span.hi_open else "up to ") + str(hi)
    if hi is None:
        return ("above " if span.lo_open else "from ") + lo
    return f"{lo}–{hi}"


def distance_text(d: Fraction, figure: Figure | None) -> str:
    """A distance between two values: percentage points for percentages.

    >>> from aidcalc.figures import parse_reported
    >>> distance_text(Fraction(142, 1000), parse_reported("31%"))
    '14.2 percentage points'
    """
    if figure is not None and figure.kind in (Kind.PERCENT, Kind.POINTS):
        return format_fixed(d * 100, figure.decimals + 1) + " percentage points"
    return show(d, figure, 1)


# ---------------------------------------------------------------------------------------------
# The axis: one segment, or two with the empty middle cut out


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

    >>> from aidcalc.figures import parse_reported
    >>> v = ClaimView(None, "", "", "31%", "", badge("inconsistent"), "", parse_reported("31%"),
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


# ---------------------------------------------------------------------------------------------
# The inputs of a formula


@dataclass(frozen=True)
class Input:
    """One input of a formula: how it is written there, what it was printed as, what it means."""

    written: str  # as in the formula: ``2.831 billion``, ``severe``, ``total(2018.csv)``
    printed: str  # as printed: the figure, or the named row's reported figure
    means: str  # the interval it stands for, or what went wrong reading it


def inputs_of(claim: Claim, named: Mapping[str, Checked], base_dir: str = "") -> list[Input]:
    """Each distinct input of the claim's formula, in order: numbers as written, names of earlier
    rows (with the figure they reported), and data read from files (with the value read)."""
    out: list[Input] = []
    seen: set[str] = set()
    for kind, text, figure in _tokens(claim.formula):
        if text in seen:
            continue
        seen.add(text)
        if kind == "number" and figure is not None:
            half = figure.half_width
            span = Span(figure.value - half, figure.value + half)
            out.append(Input(text, text, span_text(span, figure, 1)))
        elif kind == "name":
            row = named.get(text.casefold())
            if row is None or row.reported is None:
                out.append(Input(text, "", "no earlier row has this name"))
                continue
            rep = row.reported
            span = Span(rep.lo, rep.hi, rep.lo_open, rep.hi_open)
            out.append(Input(text, row.claim.reported, span_text(span, rep.figure, 1)))
        elif kind == "data":
            out.append(Input(text, "", _data_value(text, base_dir)))
    return out


def _data_value(text: str, base_dir: str) -> str:
    from aidcalc.verdicts import check_one

    row = check_one(text, "0", base_dir=base_dir).rows[0]
    if row.value is None:
        return row.reason or "could not be read"
    iv = row.value.interval
    return span_text(Span(iv.lo, iv.hi), None, 0) + " (read from the file)"


def _tokens(formula: str) -> Iterable[tuple[str, str, Figure | None]]:
    """The numbers, names and data calls of a formula, as written, left to right."""
    s, i = formula, 0
    while i < len(s):
        c = s[i]
        if c.isdigit() or (c == "." and s[i + 1 : i + 2].isdigit()):
            got = read_literal(s, i)
            if got is not None and got[1] > i:
                figure, end = got
                yield "number", s[i:end].strip(), figure
                i = end
                continue
        if c.isalpha() or c == "_":
            j = i
            while j < len(s) and (s[j].isalnum() or s[j] == "_"):
                j += 1
            k = j
            while k < len(s) and s[k].isspace():
                k += 1
            word = s[i:j]
            if k < len(s) and s[k] == "(":
                if word.casefold() in DATA_FUNCTIONS:
                    end = _closing(s, k + 1)
                    yield "data", s[i:end], None
                    i = end
                    continue
                i = k + 1  # sum( min( …: the function name is not an input
                continue
            yield "name", word, None
            i = j
            continue
        i += 1


def _closing(s: str, i: int) -> int:
    """The position after the ``)`` closing a data call, honouring quotes and brackets."""
    quote, depth = "", 0
    while i < len(s):
        c = s[i]
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == ")" and depth <= 0:
            return i + 1
        i += 1
    return len(s)


def data_paths(formulas: Iterable[str]) -> list[str]:
    """The data files the formulas read, each once, in order of first use.

    >>> data_paths(['total(2018.csv) / counties(2018.csv[group="x"])', "mean(b.csv)"])
    ['2018.csv', 'b.csv']
    """
    out: list[str] = []
    for text in formulas:
        try:
            node = parse(text)
        except AidcalcError:
            continue  # the row is an error; its files are not read
        for data in data_nodes(node):
            if data.path not in out:
                out.append(data.path)
    return out


# ---------------------------------------------------------------------------------------------
# What was checked


STDIN = "standard input"  # the name of claims read from a pipe (``check -``)


@dataclass(frozen=True)
class FileInfo:
    """A file as the report names it, with its size in bytes and the start of its SHA-256."""

    name: str
    size: int | None
    sha256: str  # the first 12 hex digits; empty when the file could not be read


@dataclass(frozen=True)
class Provenance:
    """What a report was made from, and when, by which aidcalc."""

    claims: FileInfo | None
    data: tuple[FileInfo, ...]
    date: str
    version: str


def file_info(name: str, path: str) -> FileInfo:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 16), b""):
                digest.update(block)
        return FileInfo(name, os.path.getsize(path), digest.hexdigest()[:12])
    except OSError:
        return FileInfo(name, None, "")


def today() -> str:
    """Today's date (ISO), or the date of ``SOURCE_DATE_EPOCH`` for reproducible reports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        return moment.date().isoformat()
    return datetime.date.today().isoformat()


def provenance(
    claims_path: str | None, formulas: Iterable[str], data_files: Iterable[str] = ()
) -> Provenance:
    """The claims file (None for a formula given on the command line, ``-`` for standard input),
    each data file its formulas read (relative to the claims file, or the current folder for
    standard input) or ``data_files`` (for the calculator)."""
    from aidcalc import __version__

    piped = claims_path == "-"  # read from a pipe: gone, so neither size nor hash
    base = os.path.dirname(claims_path) if claims_path and not piped else ""
    claims = (
        FileInfo(STDIN, None, "")
        if piped
        else file_info(claims_path, claims_path)
        if claims_path
        else None
    )
    data = [file_info(p, os.path.join(base, p)) for p in data_paths(formulas)]
    data += [file_info(p, p) for p in data_files if p != "-"]
    return Provenance(claims, tuple(data), today(), __version__)
