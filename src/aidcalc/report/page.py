"""``--format html``: one self-contained page a reader can follow, and share.

Inline CSS and SVG only: no script, nothing fetched. Every text that came from a file (claims,
sentences, formulas, group names, file names) passes through :func:`esc`. The page has ``lang``,
headings in order (h1, h2, h3), a title and a text equivalent for each SVG, colours of at least
4.5:1 contrast (:data:`PALETTE`, checked by the tests), and reads on a 375-pixel phone and on A4.

=================================  ==========================================================
``html_page(result, out)``         the page for any result: a check, a ``yoy`` or ``share`` chart,
                                   else the table
``check_page(report, ...)``        the page of a check: what was checked, counts, each claim
``number_line(view, ident)``       one claim's SVG: reported band, computed bar, overlap or gap
``chart_page(result, out, ...)``   a calculator result as an SVG bar chart and a table
=================================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from html import escape

from aidcalc.claims import Verdict
from aidcalc.formatting import format_fixed
from aidcalc.render import Output, people_cells
from aidcalc.report.sources import CheckSource, DataSource
from aidcalc.report.view import (
    STDIN,
    Axis,
    ClaimView,
    FileInfo,
    Provenance,
    Tone,
    axis_for,
    badge,
    distance_text,
    inputs_of,
    provenance,
    show,
    span_text,
    view_of,
)
from aidcalc.result import ColumnKind, Result, ResultColumn
from aidcalc.verdicts import Checked, CheckReport

__all__ = ["PALETTE", "chart_page", "check_page", "esc", "html_page", "number_line"]

#: Colours as (text, background); every pair has a contrast of at least 4.5:1 (WCAG AA).
PALETTE: dict[str, tuple[str, str]] = {
    "page": ("#1a1a1a", "#ffffff"),
    "muted": ("#555555", "#ffffff"),
    "mark": ("#1a1a1a", "#fff0a8"),
    Tone.RIGHT.value: ("#1b5e20", "#e8f5e9"),
    Tone.WRONG.value: ("#a31515", "#fdecea"),
    Tone.GIVEN.value: ("#333333", "#eeeeee"),
    Tone.ERROR.value: ("#7a3b00", "#fff1e0"),
    Tone.UNSURE.value: ("#5b1a8c", "#f4ecfa"),
    "band": ("#174f80", "#d6e8f7"),  # the reported interval: outline and text on its fill
    "bar": ("#1a1a1a", "#ffffff"),  # the computed interval
    "gap": ("#a31515", "#ffffff"),
}
_BORDERS = {
    Tone.RIGHT: "2px solid",
    Tone.WRONG: "4px double",
    Tone.GIVEN: "2px dotted",
    Tone.ERROR: "2px dashed",
    Tone.UNSURE: "2px dashed",
}


def esc(text: object) -> str:
    """Text from a file, safe in HTML and SVG text and attributes.

    >>> esc('<script>alert("x")</script> & </svg>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;/svg&gt;'
    """
    return escape(str(text), quote=True)


# ---------------------------------------------------------------------------------------------
# The page


def _css() -> str:
    ink, paper = PALETTE["page"]
    muted = PALETTE["muted"][0]
    tones = "\n".join(
        f".{t.value} {{ color: {PALETTE[t.value][0]}; background: {PALETTE[t.value][1]};"
        f" border: {_BORDERS[t]}; }}"
        for t in Tone
    )
    return f"""
* {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; color: {ink}; background: {paper};
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
  "Microsoft YaHei", sans-serif; }}
main {{ max-width: 46rem; margin: 0 auto; padding: 1rem; }}
h1 {{ font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; }}
h2 {{ font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 2px solid {ink}; }}
h3 {{ font-size: 1.05rem; margin: 0 0 .3rem; }}
p, li, dd, dt, td, th, figcaption, code, h1, h2, h3 {{ overflow-wrap: anywhere; }}
code {{ font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }}
.muted {{ color: {muted}; }}
dl.what {{ display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }}
dl.what dt {{ font-weight: 600; }}
dl.what dd {{ margin: 0; min-width: 0; }}
ul {{ padding-left: 1.2rem; margin: .3rem 0; }}
mark {{ color: {PALETTE["mark"][0]}; background: {PALETTE["mark"][1]}; padding: 0 .15em;
  border-bottom: 2px solid {ink}; }}
.badge {{ display: inline-block; padding: 0 .45em; border-radius: .3em; font-weight: 700;
  white-space: nowrap; }}
{tones}
.counts {{ display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; list-style: none; }}
.claim {{ border-top: 1px solid #767676; padding: .9rem 0; }}
.claim.compact p {{ margin: .1rem 0; }}
.verdict {{ margin: .3rem 0; }}
figure {{ margin: .6rem 0 0; }}
figcaption {{ font-size: .92rem; }}
svg {{ display: block; width: 100%; max-width: 32rem; height: auto; }}
table {{ border-collapse: collapse; margin: .6rem 0; font-size: .92rem; max-width: 100%; }}
th, td {{ padding: .15rem .45rem; border-bottom: 1px solid #999999; text-align: right;
  vertical-align: top; }}
th.text, td.text {{ text-align: left; }}
.wide {{ display: block; overflow-x: auto; }}
@page {{ size: A4; margin: 15mm; }}
@media print {{
  body {{ font-size: 11pt; }}
  main {{ max-width: none; padding: 0; }}
  .claim, figure, tr {{ break-inside: avoid; }}
  h2, h3 {{ break-after: avoid; }}
}}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # no script may run and nothing may be fetched, whatever a file smuggles in
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{esc(title)}</title>\n<style>{_css()}</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def _what(p: Provenance) -> str:
    def file(f: FileInfo) -> str:
        name, size, sha = f.name, f.size, f.sha256
        if size is None and name == STDIN:
            return f'{STDIN} <span class="muted">(a pipe: no size or hash to show)</span>'
        if size is None:
            return f'<code>{esc(name)}</code> <span class="muted">(could not be read)</span>'
        return (
            f'<code>{esc(name)}</code> <span class="muted">{size:,} bytes,'
            f" SHA-256 <code>{esc(sha)}</code></span>"
        )

    rows = []
    if p.claims is not None:
        rows.append(("Claims file", file(p.claims)))
    if p.data:
        items = "".join(f"<li>{file(f)}</li>" for f in p.data)
        rows.append(("Data files" if len(p.data) > 1 else "Data file", f"<ul>{items}</ul>"))
    rows.append(("Date", esc(p.date)))
    rows.append(("aidcalc", esc(p.version)))
    return '<dl class="what">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>\n"


def html_page(result: Result, out: Output) -> str:
    """The page for a result: a check's report when the result carries one, a bar chart for
    ``yoy`` and ``share``, and the table for anything else."""
    src = result.source
    if isinstance(src, CheckReport):
        src = CheckSource(src)
    if isinstance(src, CheckSource):
        return check_page(src.report, src.claims_path)
    files = src.files if isinstance(src, DataSource) else ()
    return chart_page(result, out, files)


# ---------------------------------------------------------------------------------------------
# A check


def check_page(report: CheckReport, claims_path: str | None = None) -> str:
    """The report of a check: what was checked, the counts by verdict, each claim in order."""
    import os

    formulas = [r.claim.formula for r in report.rows]
    prov = provenance(claims_path, formulas)
    piped = claims_path == "-"
    base_dir = os.path.dirname(claims_path) if claims_path and not piped else ""
    name = (
        f"claims from {STDIN}"
        if piped
        else os.path.basename(claims_path)
        if claims_path
        else "one formula"
    )
    title = f"aidcalc check: {name}"
    body = [f"<h1>Checking {esc(name)}</h1>\n"]
    body.append('<section aria-labelledby="what">\n<h2 id="what">What was checked</h2>\n')
    body.append(_what(prov))
    body.append(_counts(report.rows))
    body.append("</section>\n")
    body.append('<section aria-labelledby="claims">\n<h2 id="claims">Claims, in order</h2>\n')
    named: dict[str, Checked] = {}
    for i, row in enumerate(report.rows, 1):
        body.append(_claim(row, f"c{i}", named, base_dir))
        if row.claim.name:
            named.setdefault(row.claim.name.casefold(), row)
    body.append("</section>\n")
    return _page(title, "".join(body))


def _counts(rows: list[Checked]) -> str:
    order = [v.value for v in Verdict]
    found: dict[str, int] = {}
    for r in rows:
        word = badge(r.verdict).word
        found[word] = found.get(word, 0) + 1
    words = sorted(found, key=lambda w: (order.index(w) if w in order else len(order), w))
    items = "".join(f"<li>{_badge_html(w, found[w])}</li>" for w in words)
    total = f"{len(rows)} claim{'s' if len(rows) != 1 else ''}"
    return f'<p>{total}:</p>\n<ul class="counts" aria-label="counts by verdict">{items}</ul>\n'


def _badge_html(verdict: object, count: int | None = None) -> str:
    b = badge(verdict)
    number = f"{count} " if count is not None else ""
    return (
        f'<span class="badge {b.tone.value}"><span aria-hidden="true">{esc(b.symbol)}</span>'
        f" {number}{esc(b.word)}</span>"
    )


def _sentence(view: ClaimView) -> str:
    """The claim's sentence with the printed figure marked (or the figure alone)."""
    printed, sentence = view.printed, view.sentence
    if not sentence:
        return f"<mark>{esc(printed)}</mark>"
    at = sentence.casefold().find(printed.casefold()) if printed else -1
    if at < 0:
        return f'{esc(sentence)} <span class="muted">(reported: <mark>{esc(printed)}</mark>)</span>'
    end = at + len(printed)
    return f"{esc(sentence[:at])}<mark>{esc(sentence[at:end])}</mark>{esc(sentence[end:])}"


def _heading(view: ClaimView, i: str) -> str:
    where = f"line {view.line}" if view.line is not None else "the claim"
    title = f'{esc(view.name)} <span class="muted">({where})</span>' if view.name else where
    return f'<h3 id="{i}-h">{title}</h3>\n'


def _claim(row: Checked, ident: str, named: dict[str, Checked], base_dir: str) -> str:
    view = view_of(row)
    tone = view.badge.tone
    verdict = f'<p class="verdict">{_badge_html(view.badge.word)}'
    if view.reason:
        label = "What went wrong" if tone is Tone.ERROR else "Why"
        verdict += f" {label}: {esc(view.reason)}"
    verdict += "</p>\n"
    compact = " compact" if not view.formula else ""
    head = f'<article class="claim{compact}" aria-labelledby="{ident}-h">\n'
    if not view.formula:  # a given, or a row that failed before its formula: compact
        means = ""
        if view.reported is not None:
            stands = esc(span_text(view.reported, view.figure))
            means = f' <span class="muted">stands for {stands}</span>'
        return (
            head
            + _heading(view, ident)
            + f"<p>{_sentence(view)}{means}</p>\n"
            + verdict
            + "</article>\n"
        )
    parts = [head, _heading(view, ident), f"<p>{_sentence(view)}</p>\n", verdict]
    parts.append(f"<p>Formula: <code>{esc(view.formula)}</code></p>\n")
    inputs = inputs_of(row.claim, named, base_dir)
    if inputs:
        items = []
        for inp in inputs:
            printed = (
                f" (printed <mark>{esc(inp.printed)}</mark>)"
                if inp.printed and inp.printed != inp.written
                else ""
            )
            items.append(f"<li><code>{esc(inp.written)}</code>{printed}: {esc(inp.means)}</li>")
        parts.append(f'<ul aria-label="inputs">{"".join(items)}</ul>\n')
    if view.point is not None and view.computed is not None:
        parts.append(
            f"<p>Computed: <strong>{esc(show(view.point, view.figure))}</strong>"
            f" ({esc(span_text(view.computed, view.figure))})</p>\n"
        )
    for m in view.marks:
        formula = f" <code>{esc(m.formula)}</code>" if m.formula else ""
        parts.append(
            f"<p>Mistaken formula ({esc(m.name)}):{formula} gives"
            f" <strong>{esc(show(m.value, view.figure, 1))}</strong>"
            + (f" ({esc(span_text(m.span, view.figure))})" if m.span is not None else "")
            + "</p>\n"
        )
    if view.drawable:
        parts.append(number_line(view, ident))
    parts.append("</article>\n")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The number line

_W = 360  # the drawing's width in its own units; it scales to the column's width
_L, _R = 8, 352


def _fx(x: Fraction) -> str:
    return format_fixed(x, 1, grouping=False)


def _px(axis: Axis, value: Fraction | None, low_end: bool = True) -> Fraction:
    return _L + (_R - _L) * axis.x(value, low_end=low_end)


def _label(x: Fraction, y: int, text: str, cls: str = "", size: int = 11) -> str:
    """Text near ``x`` that stays inside the drawing: centred where it fits, else pinned."""
    width = Fraction(len(text) * size * 58, 100)  # a generous average glyph width
    if x - width / 2 < _L:
        anchor, at = "start", Fraction(_L)
    elif x + width / 2 > _R:
        anchor, at = "end", Fraction(_R)
    else:
        anchor, at = "middle", x
    fill = f' fill="{PALETTE[cls][0]}"' if cls else ""
    return (
        f'<text x="{_fx(at)}" y="{y}" text-anchor="{anchor}" font-size="{size}"{fill}>'
        f"{esc(text)}</text>"
    )


def describe(view: ClaimView) -> str:
    """The number line in words: its text equivalent."""
    f = view.figure
    assert view.reported is not None and view.computed is not None
    words = [f"The reported {view.printed} stands for {span_text(view.reported, f)}."]
    point = f" {show(view.point, f)}" if view.point is not None else ""
    words.append(f"The formula gives{point}, anything in {span_text(view.computed, f)}.")
    overlap, gap = view.overlap(), view.gap()
    if overlap is not None:
        words.append(f"They overlap in {span_text(overlap, f)}.")
    elif gap is not None:
        words.append(f"They do not meet: the gap is {distance_text(gap[1] - gap[0], f)}.")
    for m in view.marks:
        within = f", anything in {span_text(m.span, f)}" if m.span is not None else ""
        words.append(f"The mistaken formula ({m.name}) gives {show(m.value, f, 1)}{within}.")
    return " ".join(words)


def number_line(view: ClaimView, ident: str) -> str:
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
        els.append(
            f'<line x1="{_fx(a)}" y1="{y_axis}" x2="{_fx(b)}" y2="{y_axis}" stroke="{ink}"/>'
        )
    for a, b in axis.breaks():
        mid = _L + (_R - _L) * (a + b) / 2
        for dx in (-3, 3):
            x = mid + dx
            els.append(
                f'<line x1="{_fx(x - 3)}" y1="{y_axis + 6}" x2="{_fx(x + 3)}" y2="{y_axis - 6}"'
                f' stroke="{ink}" stroke-width="1.5"/>'
            )
    # the reported band (to the edge for a one-sided figure)
    x0, x1 = _px(axis, rep.lo, True), _px(axis, rep.hi, False)
    if x1 - x0 < 3:
        x0, x1 = (x0 + x1) / 2 - Fraction(3, 2), (x0 + x1) / 2 + Fraction(3, 2)
    els.append(
        f'<rect x="{_fx(x0)}" y="26" width="{_fx(x1 - x0)}" height="48" fill="{band_fill}"'
        f' stroke="{band_ink}" stroke-width="1.5"/>'
    )
    els.append(_label((x0 + x1) / 2, 18, f"reported {view.printed}: {span_text(rep, f)}", "band"))
    # the computed bar
    c0, c1 = _px(axis, com.lo), _px(axis, com.hi)
    if c1 - c0 < 3:
        c0, c1 = (c0 + c1) / 2 - Fraction(3, 2), (c0 + c1) / 2 + Fraction(3, 2)
    els.append(f'<rect x="{_fx(c0)}" y="55" width="{_fx(c1 - c0)}" height="14" fill="{ink}"/>')
    els.append(_label((c0 + c1) / 2, 116, f"computed: {span_text(com, f)}"))
    # the overlap, or the gap
    overlap, gap = view.overlap(), view.gap()
    if overlap is not None:
        o0, o1 = _px(axis, overlap.lo), _px(axis, overlap.hi)
        els.append(
            f'<path d="M{_fx(o0)} 80 v6 H{_fx(o1)} v-6" fill="none" stroke="{ink}"'
            ' stroke-width="1.5"/>'
        )
        els.append(_label((o0 + o1) / 2, 99, f"overlap: {span_text(overlap, f)}"))
    elif gap is not None:
        g0, g1 = _px(axis, gap[0]), _px(axis, gap[1])
        red = PALETTE["gap"][0]
        els.append(
            f'<path d="M{_fx(g0)} 78 v10 M{_fx(g0)} 83 H{_fx(g1)} M{_fx(g1)} 78 v10"'
            f' fill="none" stroke="{red}" stroke-width="2"/>'
        )
        els.append(_label((g0 + g1) / 2, 99, f"gap: {distance_text(gap[1] - gap[0], f)}", "gap"))
    for m in view.marks:
        x = _px(axis, m.value)
        els.append(
            f'<path d="M{_fx(x)} 36 l6 6 l-6 6 l-6 -6 z" fill="{PALETTE["gap"][0]}"'
            ' stroke="#ffffff"/>'
        )
        els.append(_label(x, 32, f"{m.name}: {show(m.value, f, 1)}", "gap", 10))
    text = describe(view)
    title = f"Number line for {view.name or view.printed}"
    svg = (
        f'<svg viewBox="0 0 {_W} 124" role="img" aria-labelledby="{ident}-t {ident}-d"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(text)}</desc>'
        f"{''.join(els)}</svg>"
    )
    return f"<figure>{svg}<figcaption>{esc(text)}</figcaption></figure>\n"


# ---------------------------------------------------------------------------------------------
# Calculator charts


def chart_page(result: Result, out: Output, files: Iterable[str] = ()) -> str:
    """A calculator result: bars for ``yoy`` (amounts by year, multiples and changes labelled)
    and ``share`` (shares by group), then the table; other results as the table alone."""
    columns, cells = people_cells(result, out)
    keys = [c.key for c in columns]
    if "year" in keys and "multiple" in keys:
        kind, heading = "yoy", "Year over year"
    elif "share" in keys and result.bar == "share":
        kind, heading = "share", "Shares of the total"
    else:
        kind, heading = "table", "Result"
    prov = provenance(None, (), files)
    names = ", ".join(f.name for f in prov.data)
    title = f"aidcalc {kind}" + (f": {names}" if names else "")
    body = [f"<h1>{esc(heading)}{': ' + esc(names) if names else ''}</h1>\n"]
    body.append('<section aria-labelledby="what">\n<h2 id="what">What was read</h2>\n')
    body.append(_what(prov) + "</section>\n")
    body.append('<section aria-labelledby="result">\n<h2 id="result">Result</h2>\n')
    if kind == "yoy":
        body.append(_yoy_chart(result, columns, cells, out))
    elif kind == "share":
        body.append(_share_chart(result, columns, cells))
    body.append(_table(columns, cells, narrow=kind != "table"))
    for note in result.notes:
        body.append(f'<p class="muted">Note: {esc(note)}</p>\n')
    body.append("</section>\n")
    return _page(title, "".join(body))


_NARROW = {"year", "amount", "total", "share", "multiple", "change", "note"}


def _table(columns: list[ResultColumn], cells: list[list[str]], narrow: bool) -> str:
    keep = [
        i
        for i, c in enumerate(columns)
        if not narrow
        or c.key in _NARROW
        or (c.kind is ColumnKind.TEXT and c.key != "previous_year")
    ]
    heads = []
    for i in keep:
        c = columns[i]
        cls = "text" if c.kind is ColumnKind.TEXT else "num"
        heads.append(f'<th scope="col" class="{cls}">{esc(c.title)}</th>')
    rows = []
    for row in cells:
        tds = []
        for i in keep:
            cls = "text" if columns[i].kind is ColumnKind.TEXT else "num"
            tds.append(f'<td class="{cls}">{esc(row[i])}</td>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    wide = "" if narrow else ' class="wide"'
    return (
        f"<table{wide}><thead><tr>{''.join(heads)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>\n"
    )


def _group_label(row: list[str], label_columns: list[int]) -> str:
    return " · ".join(row[i] for i in label_columns if row[i])


def _bars(rows: list[tuple[str, Fraction, str, str]], ident: str, title: str, summary: str) -> str:
    """Horizontal bars: (label, value ≥ 0, value text, second line) per row."""
    top = max((v for _, v, _, _ in rows), default=Fraction(0))
    left, room = 8, 250
    els = []
    y = 4
    for label, value, text, second in rows:
        length = Fraction(room) * value / top if top > 0 else Fraction(0)
        els.append(
            f'<text x="{left}" y="{y + 12}" font-size="12" font-weight="600">{esc(label)}</text>'
        )
        els.append(
            f'<rect x="{left}" y="{y + 17}" width="{_fx(max(length, Fraction(1)))}" height="14"'
            f' fill="{PALETTE["band"][0]}"/>'
        )
        els.append(
            f'<text x="{_fx(left + length + 4)}" y="{y + 28}" font-size="11">{esc(text)}</text>'
        )
        if second:
            els.append(
                f'<text x="{left}" y="{y + 45}" font-size="11" fill="{PALETTE["muted"][0]}">'
                f"{esc(second)}</text>"
            )
        y += 52 if second else 38
    return (
        f'<figure><svg viewBox="0 0 {_W} {y + 4}" role="img"'
        f' aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(summary)}</desc>'
        f"{''.join(els)}</svg><figcaption>{esc(summary)}</figcaption></figure>\n"
    )


def _yoy_chart(
    result: Result, columns: list[ResultColumn], cells: list[list[str]], out: Output
) -> str:
    keys = [c.key for c in columns]
    raw_keys = [c.key for c in result.columns]
    amount_at = raw_keys.index("amount")
    year, amount = keys.index("year"), keys.index("amount")
    labels = [i for i, c in enumerate(columns) if c.kind is ColumnKind.TEXT and i < year]

    def col(name: str) -> int | None:
        return keys.index(name) if name in keys else None

    multiple, change, note, base = col("multiple"), col("change"), col("note"), col("previous_year")
    bars, spans = [], []
    for raw, row in zip(result.rows, cells):
        value = raw[amount_at]
        label = " · ".join(x for x in (_group_label(row, labels), row[year]) if x)
        if "–" in row[year]:  # the whole span: said in words, not drawn
            cagr = col("cagr")
            growth = f", {row[cagr]} a year" if cagr is not None and row[cagr] else ""
            spans.append(f"{label}: {row[multiple] if multiple is not None else ''}{growth}")
            continue
        bits = []
        if multiple is not None and row[multiple]:
            since = f" on {row[base]}" if base is not None and row[base] else ""
            bits.append(f"{row[multiple]}{since}")
        if change is not None and row[change]:
            bits.append(row[change])
        if note is not None and row[note]:
            bits.append(row[note])
        amount_value = Fraction(value) if isinstance(value, Fraction | int) else Fraction(0)
        bars.append((label, max(amount_value, Fraction(0)), row[amount], ", ".join(bits)))
    unit = f" ({out.unit.name})" if out.unit.exp else ""
    summary = f"Amounts{' in ' + out.unit.name if out.unit.exp else ''}: " + "; ".join(
        f"{b[0]}: {b[2]}" + (f" ({b[3]})" if b[3] else "") for b in bars
    )
    if spans:
        summary += ". Over the whole span: " + "; ".join(spans)
    return _bars(bars, "yoy", f"Amount by year{unit}", summary + ".")


def _share_chart(result: Result, columns: list[ResultColumn], cells: list[list[str]]) -> str:
    keys = [c.key for c in columns]
    raw_keys = [c.key for c in result.columns]
    share_at, shown_share = raw_keys.index("share"), keys.index("share")
    total = keys.index("total") if "total" in keys else None
    labels = [i for i, c in enumerate(columns) if c.kind is ColumnKind.TEXT]
    bars = []
    for raw, row in zip(result.rows, cells):
        label = _group_label(row, labels) or "all"
        value = raw[share_at]
        if label == "all" and len(result.rows) > 1:
            continue
        share = Fraction(value) if isinstance(value, Fraction | int) else Fraction(0)
        amount = f"total {row[total]}" if total is not None else ""
        bars.append((label, share, row[shown_share], amount))
    summary = "; ".join(f"{b[0]}: {b[2]} ({b[3]})" if b[3] else f"{b[0]}: {b[2]}" for b in bars)
    return _bars(bars, "share", "Share of the total by group", summary + ".")
