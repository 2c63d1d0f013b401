"""A calculator result as a page: ``yoy`` as bars by year, ``share`` as bars by group, and the
table; any other result as the table alone.

The overall row of ``share`` is the one whose ``level`` is ``all`` — never a row whose label
happens to read ``all``, which is a real group's (the result says which row is which).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from aidcalc.core.result import ColumnKind, Result, ResultColumn
from aidcalc.output.render import Output, people_cells
from aidcalc.output.report.html import PALETTE, esc, page, provenance_html
from aidcalc.output.report.inputs import provenance
from aidcalc.output.report.numberline import FONT, WIDTH, fx
from aidcalc.output.report.words import Words

__all__ = ["chart_page"]


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
    body.append(provenance_html(prov, Words()) + "</section>\n")
    body.append('<section aria-labelledby="result">\n<h2 id="result">Result</h2>\n')
    if kind == "yoy":
        body.append(_yoy_chart(result, columns, cells, out))
    elif kind == "share":
        body.append(_share_chart(result, columns, cells))
    body.append(_table(columns, cells, narrow=kind != "table"))
    for note in result.notes:
        body.append(f'<p class="muted">Note: {esc(note)}</p>\n')
    body.append("</section>\n")
    return page(title, "".join(body))


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
    left, room = 8, 200
    els = []
    y = 4
    for label, value, text, second in rows:
        length = Fraction(room) * value / top if top > 0 else Fraction(0)
        els.append(
            f'<text x="{left}" y="{y + 12}" font-size="{FONT}" font-weight="600">'
            f"{esc(label)}</text>"
        )
        els.append(
            f'<rect x="{left}" y="{y + 17}" width="{fx(max(length, Fraction(1)))}" height="14"'
            f' fill="{PALETTE["band"][0]}"/>'
        )
        els.append(
            f'<text x="{fx(left + length + 4)}" y="{y + 28}" font-size="{FONT}">{esc(text)}</text>'
        )
        if second:
            els.append(
                f'<text x="{left}" y="{y + 45}" font-size="{FONT}" fill="{PALETTE["muted"][0]}">'
                f"{esc(second)}</text>"
            )
        y += 52 if second else 38
    return (
        f'<figure><svg viewBox="0 0 {WIDTH} {y + 4}" role="img"'
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
    level = raw_keys.index("level") if "level" in raw_keys else None
    labels = [i for i in labels if columns[i].key != "level"]
    for raw, row in zip(result.rows, cells):
        label = _group_label(row, labels) or "all"
        value = raw[share_at]
        if level is not None and raw[level] == "all" and len(result.rows) > 1:
            continue  # the overall row, known by its level, not by its label
        share = Fraction(value) if isinstance(value, Fraction | int) else Fraction(0)
        amount = f"total {row[total]}" if total is not None else ""
        bars.append((label, share, row[shown_share], amount))
    summary = "; ".join(f"{b[0]}: {b[2]} ({b[3]})" if b[3] else f"{b[0]}: {b[2]}" for b in bars)
    return _bars(bars, "share", "Share of the total by group", summary + ".")
