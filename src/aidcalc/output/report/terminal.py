"""The one-line range picture of a checked claim, for tables printed to a terminal.

``──░░▓▓░░──────`` : the reported interval ``░``, the computed one ``█``, where they overlap ``▓``,
and ``≈`` where the axis is cut because they are far apart (see
:func:`~aidcalc.output.report.axis.axis_for`).
Where the terminal cannot show those characters, :data:`ASCII` draws ``..==%%==......`` instead.
Pictures go into tables for people only, as a column made by :func:`with_pictures`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, replace
from fractions import Fraction

from aidcalc.checker.verdicts import CheckReport
from aidcalc.core.result import Audience, ColumnKind, Result, ResultColumn
from aidcalc.output.report.axis import axis_for
from aidcalc.output.report.view import ClaimView, view_of

__all__ = ["ASCII", "UNICODE", "Glyphs", "can_draw", "picture", "with_pictures"]

WIDTH = 16


@dataclass(frozen=True)
class Glyphs:
    axis: str
    reported: str
    computed: str
    both: str
    cut: str
    mark: str

    def legend(self, marks: bool = False) -> str:
        other = f", {self.mark} mistaken formula" if marks else ""
        return (
            f"picture: {self.reported} reported, {self.computed} computed,"
            f" {self.both} both, {self.cut} axis cut{other}"
        )


UNICODE = Glyphs("─", "░", "█", "▓", "≈", "◆")
ASCII = Glyphs(".", "=", "#", "%", "~", "*")


def can_draw(encoding: str | None) -> bool:
    """Whether text in ``encoding`` can carry the picture characters (else use :data:`ASCII`).

    >>> can_draw("utf-8"), can_draw("cp1252"), can_draw("ascii")
    (True, False, False)
    """
    if not encoding:
        return False
    try:
        codecs.lookup(encoding)
        "".join(vars(UNICODE).values()).encode(encoding)
    except (LookupError, UnicodeError):
        return False
    return True


def picture(view: ClaimView, glyphs: Glyphs = UNICODE, width: int = WIDTH) -> str:
    """The claim's reported and computed intervals on one line of ``width`` characters; empty
    for a claim without both (a given, an error).

    >>> from aidcalc.output.report.view import Span, badge
    >>> f = Fraction
    >>> v = ClaimView(None, "", "", "", "", badge("consistent"), "", None,
    ...     Span(f(10), f(20)), Span(f(15), f(30)), f(22))
    >>> picture(v, ASCII, 12)
    '..==%%####..'
    """
    if view.reported is None or view.computed is None:
        return ""
    axis = axis_for(view)
    rep, com = view.reported, view.computed

    def cells(lo: Fraction, hi: Fraction) -> set[int]:
        first = min(int(lo * width), width - 1)
        last = min(max(int(hi * width - Fraction(1, 1000)), first), width - 1)
        return set(range(first, last + 1))

    r = cells(axis.x(rep.lo, low_end=True), axis.x(rep.hi, low_end=False))
    c = cells(axis.x(com.lo), axis.x(com.hi))
    cut = {
        i for a, b in axis.breaks() for i in range(width) if a <= (i + Fraction(1, 2)) / width < b
    }
    marks = {min(int(axis.x(m.value) * width), width - 1) for m in view.marks}
    out = []
    for i in range(width):
        if i in marks:
            out.append(glyphs.mark)
        elif i in r and i in c:
            out.append(glyphs.both)
        elif i in c:
            out.append(glyphs.computed)
        elif i in r:
            out.append(glyphs.reported)
        elif i in cut:
            out.append(glyphs.cut)
        else:
            out.append(glyphs.axis)
    return "".join(out)


def with_pictures(result: Result, report: CheckReport, glyphs: Glyphs = UNICODE) -> Result:
    """``result`` (the report's table) with a picture column for people after ``computed``,
    and a note saying what the characters mean."""
    views = [view_of(row) for row in report.rows]
    pictures = [picture(v, glyphs) for v in views]
    if not any(pictures):
        return result
    keys = [c.key for c in result.columns]
    at = keys.index("computed") + 1 if "computed" in keys else len(keys)
    column = ResultColumn("picture", "", ColumnKind.TEXT, where=Audience.PEOPLE)
    rows = [[*row[:at], p, *row[at:]] for row, p in zip(result.rows, pictures)]
    return replace(
        result,
        columns=[*result.columns[:at], column, *result.columns[at:]],
        rows=rows,
        notes=[*result.notes, glyphs.legend(any(v.marks for v in views))],
    )
