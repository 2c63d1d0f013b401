"""The HTML of a page: escaping, colours, the stylesheet and the document around a body.

Inline CSS only: no script, nothing fetched. Every text that came from a file passes through
:func:`esc`. Colours meet 4.5:1 contrast (:data:`PALETTE`, checked by the tests); no text is under
12 CSS pixels on a 375-pixel phone (the SVG drawings scale with the column, so their text is
sized for the narrowest column); on a wide screen the text and the summary of a check stand side
by side, so both are on the first screen.
"""

from __future__ import annotations

from html import escape

from aidcalc.output.report.inputs import STDIN, FileInfo, Provenance
from aidcalc.output.report.view import Tone
from aidcalc.output.report.words import Words

__all__ = ["PALETTE", "esc", "page", "provenance_html"]

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
h1 {{ font-size: 1.5rem; line-height: 1.25; margin: .3rem 0 .5rem; }}
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
.counts {{ display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; list-style: none;
  margin: .3rem 0; align-items: center; }}
.claim {{ border-top: 1px solid #767676; padding: .9rem 0; scroll-margin-top: .5rem; }}
.claim:target {{ outline: 3px solid {ink}; outline-offset: 4px; }}
.claim.compact p {{ margin: .1rem 0; }}
.verdict {{ margin: .3rem 0; }}
.fix {{ margin: .3rem 0; font-weight: 600; }}
.text p {{ margin: 0 0 .6rem; }}
.text {{ line-height: 1.9; }}
a.fig {{ color: inherit; text-decoration: none; padding: 0 .15em; border-radius: .2em;
  white-space: nowrap; }}
a.fig:focus, a.fig:hover {{ outline: 2px solid {ink}; }}
a.plain {{ text-decoration: none; }}
.summary ol, .summary ul {{ padding-left: 1.4rem; margin: .3rem 0 .8rem; }}
.summary li {{ margin: .25rem 0; }}
.summary h3 {{ margin-top: .8rem; }}
details summary {{ cursor: pointer; }}
figure {{ margin: .6rem 0 0; }}
figcaption {{ font-size: .92rem; }}
svg {{ display: block; width: 100%; max-width: 30rem; height: auto; }}
table {{ border-collapse: collapse; margin: .6rem 0; font-size: .92rem; max-width: 100%; }}
th, td {{ padding: .15rem .45rem; border-bottom: 1px solid #999999; text-align: right;
  vertical-align: top; }}
th.text, td.text {{ text-align: left; }}
.wide {{ display: block; overflow-x: auto; }}
@media (min-width: 1000px) {{
  main {{ max-width: 76rem; }}
  .lead {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2.5rem;
    align-items: start; }}
  .lead h2 {{ margin-top: .5rem; }}
  .rest {{ max-width: 46rem; }}
}}
@page {{ size: A4; margin: 15mm; }}
@media print {{
  body {{ font-size: 11pt; }}
  main {{ max-width: none; padding: 0; }}
  .claim, figure, tr {{ break-inside: avoid; }}
  h2, h3 {{ break-after: avoid; }}
}}
"""


ENGLISH = Words("en")


def page(title: str, body: str, words: Words = ENGLISH) -> str:
    """A whole page: ``body`` in a ``main``, in the language of ``words``."""
    return (
        f'<!DOCTYPE html>\n<html lang="{words.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # no script may run and nothing may be fetched, whatever a file smuggles in
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{esc(title)}</title>\n<style>{_css()}</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def provenance_html(p: Provenance, words: Words) -> str:
    """What a page was made from: the claims file, each data file (size, SHA-256), date."""

    def file(f: FileInfo) -> str:
        name, size, sha = f.name, f.size, f.sha256
        if size is None and name == STDIN:
            return f'{esc(words("from stdin"))} <span class="muted">{esc(words("pipe"))}</span>'
        if size is None:
            return f'<code>{esc(name)}</code> <span class="muted">{esc(words("unreadable"))}</span>'
        return (
            f'<code>{esc(name)}</code> <span class="muted">{esc(words("bytes", f"{size:,}"))}'
            f" <code>{esc(sha)}</code></span>"
        )

    rows = []
    if p.claims is not None:
        rows.append((words("claims file"), file(p.claims)))
    if p.data:
        items = "".join(f"<li>{file(f)}</li>" for f in p.data)
        rows.append((words("data files" if len(p.data) > 1 else "data file"), f"<ul>{items}</ul>"))
    rows.append((words("date"), esc(p.date)))
    rows.append(("aidcalc", esc(p.version)))
    return (
        '<dl class="what">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>\n"
    )
