"""One claim's number line: the reported interval as a band, the computed one as a bar, their
overlap or the gap between them, and any mistaken formula's value, by name.

The gap is the one number the table's ``why`` gives too (:func:`aidcalc.checker.verdicts.gap`), in
the reported figure's unit at its precision plus one digit. The drawing is 340 units wide and scales
with its column: its text, 13 units, is at least 12 CSS pixels in the narrowest column (a
375-pixel phone), and the same words are its text equivalent and caption.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction

from aidcalc.core.formatting import format_fixed
from aidcalc.output.report.axis import Axis, axis_for
from aidcalc.output.report.html import PALETTE, esc
from aidcalc.output.report.view import ENGLISH, ClaimView, distance_text, show, span_text
from aidcalc.output.report.words import Words

__all__ = ["FONT", "WIDTH", "describe", "fx", "label", "number_line"]

WIDTH = 340  # the drawing's width in its own units; it scales to the column's width
FONT = 13  # its text's size, in the same units
_L, _R = 6, WIDTH - 6


def fx(x: Fraction) -> str:
    """A coordinate, to one decimal."""
    return format_fixed(x, 1, grouping=False)


def _px(axis: Axis, value: Fraction | None, low_end: bool = True) -> Fraction:
    return _L + (_R - _L) * axis.x(value, low_end=low_end)


def _width(text: str, size: int) -> Fraction:
    """A generous width of ``text``: wide (Chinese) characters a full em, others 0.6 em."""
    ems = sum(
        (Fraction(1) if unicodedata.east_asian_width(c) in "WF" else Fraction(6, 10) for c in text),
        Fraction(0),
    )
    return ems * size


def label(x: Fraction, y: int, text: str, cls: str = "", size: int = FONT) -> str:
    """Text near ``x`` that stays inside the drawing: centred where it fits, else pinned."""
    width = _width(text, size)
    if x - width / 2 < _L:
        anchor, at = "start", Fraction(_L)
    elif x + width / 2 > _R:
        anchor, at = "end", Fraction(_R)
    else:
        anchor, at = "middle", x
    fill = f' fill="{PALETTE[cls][0]}"' if cls else ""
    return (
        f'<text x="{fx(at)}" y="{y}" text-anchor="{anchor}" font-size="{size}"{fill}>'
        f"{esc(text)}</text>"
    )


def describe(view: ClaimView, words: Words = ENGLISH) -> str:
    """The number line in words: its text equivalent. Computed values are shown in the reported
    figure's unit at its precision plus one digit."""
    f = view.figure
    assert view.reported is not None and view.computed is not None
    out = [words("describe reported", view.printed, span_text(view.reported, f, 1, words))]
    point = show(view.point, f, 1) if view.point is not None else ""
    out.append(words("describe computed", point, span_text(view.computed, f, 1, words)))
    overlap, gap = view.overlap(), view.signed_gap()
    if overlap is not None:
        out.append(words("describe overlap", span_text(overlap, f, 1, words)))
    elif gap is not None:
        out.append(words("describe gap", distance_text(gap, f, words)))
    for m in view.marks:
        within = words("anything in", span_text(m.span, f, 1, words)) if m.span is not None else ""
        out.append(words("describe mistake", words(m.name), show(m.value, f, 1), within))
    return ("" if words.zh else " ").join(out)


def number_line(view: ClaimView, ident: str, words: Words = ENGLISH) -> str:
    """One claim's number line: the reported interval as a band, the computed one as a bar,
    their overlap or the gap between them marked and labelled, any marks by name; the axis
    is cut where the two are far apart so both stay visible."""
    assert view.reported is not None and view.computed is not None
    axis = axis_for(view)
    f, rep, com = view.figure, view.reported, view.computed
    band_ink, band_fill = PALETTE["band"]
    ink = PALETTE["bar"][0]
    els: list[str] = []
    # the axis, with a cut drawn as two slanted strokes
    y_axis = 62
    starts = [Fraction(_L)] + [_L + (_R - _L) * b for _, b in axis.breaks()]
    ends = [_L + (_R - _L) * a for a, _ in axis.breaks()] + [Fraction(_R)]
    for a, b in zip(starts, ends):
        els.append(f'<line x1="{fx(a)}" y1="{y_axis}" x2="{fx(b)}" y2="{y_axis}" stroke="{ink}"/>')
    for a, b in axis.breaks():
        mid = _L + (_R - _L) * (a + b) / 2
        for dx in (-3, 3):
            x = mid + dx
            els.append(
                f'<line x1="{fx(x - 3)}" y1="{y_axis + 6}" x2="{fx(x + 3)}" y2="{y_axis - 6}"'
                f' stroke="{ink}" stroke-width="1.5"/>'
            )
    # the reported band (to the edge for a one-sided figure)
    x0, x1 = _px(axis, rep.lo, True), _px(axis, rep.hi, False)
    if x1 - x0 < 3:
        x0, x1 = (x0 + x1) / 2 - Fraction(3, 2), (x0 + x1) / 2 + Fraction(3, 2)
    els.append(
        f'<rect x="{fx(x0)}" y="26" width="{fx(x1 - x0)}" height="48" fill="{band_fill}"'
        f' stroke="{band_ink}" stroke-width="1.5"/>'
    )
    els.append(
        label(
            (x0 + x1) / 2,
            18,
            f"{words('reported')}{words.colon}{span_text(rep, f, 1, words)}",
            "band",
        )
    )
    # the computed bar
    c0, c1 = _px(axis, com.lo), _px(axis, com.hi)
    if c1 - c0 < 3:
        c0, c1 = (c0 + c1) / 2 - Fraction(3, 2), (c0 + c1) / 2 + Fraction(3, 2)
    els.append(f'<rect x="{fx(c0)}" y="55" width="{fx(c1 - c0)}" height="14" fill="{ink}"/>')
    els.append(
        label((c0 + c1) / 2, 116, f"{words('computed:')}{words.colon}{span_text(com, f, 1, words)}")
    )
    # the overlap, or the gap
    overlap, gap = view.overlap(), view.gap()
    signed = view.signed_gap()
    if overlap is not None:
        o0, o1 = _px(axis, overlap.lo), _px(axis, overlap.hi)
        els.append(
            f'<path d="M{fx(o0)} 80 v6 H{fx(o1)} v-6" fill="none" stroke="{ink}"'
            ' stroke-width="1.5"/>'
        )
        els.append(
            label(
                (o0 + o1) / 2,
                99,
                f"{words('overlap')}{words.colon}{span_text(overlap, f, 1, words)}",
            )
        )
    elif gap is not None:
        g0, g1 = _px(axis, gap[0]), _px(axis, gap[1])
        red = PALETTE["gap"][0]
        els.append(
            f'<path d="M{fx(g0)} 78 v10 M{fx(g0)} 83 H{fx(g1)} M{fx(g1)} 78 v10"'
            f' fill="none" stroke="{red}" stroke-width="2"/>'
        )
        els.append(
            label(
                (g0 + g1) / 2,
                99,
                f"{words('gap')}{words.colon}{distance_text(signed or Fraction(0), f, words)}",
                "gap",
            )
        )
    for m in view.marks:
        x = _px(axis, m.value)
        els.append(
            f'<path d="M{fx(x)} 36 l6 6 l-6 6 l-6 -6 z" fill="{PALETTE["gap"][0]}"'
            ' stroke="#ffffff"/>'
        )
        els.append(label(x, 32, f"{words(m.name)}{words.colon}{show(m.value, f, 1)}", "gap"))
    text = describe(view, words)
    title = words("number line", view.name or view.printed)
    svg = (
        f'<svg viewBox="0 0 {WIDTH} 124" role="img" aria-labelledby="{ident}-t {ident}-d"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(text)}</desc>'
        f"{''.join(els)}</svg>"
    )
    return f"<figure>{svg}<figcaption>{esc(text)}</figcaption></figure>\n"
