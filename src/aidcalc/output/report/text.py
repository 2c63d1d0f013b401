"""A report's text with its figures marked: the document's own text, or the claims' sentences.

``extract`` writes where each figure is (``start``/``end``: offsets into the document's text, the
text itself in the first row only). Where the claims carry them, the page shows that text; for a
hand-written claims file, the claims' sentences in order stand in for it (a sentence shared by
several figures is shown once, each figure marked in it). Only the paragraphs with a figure are
shown; a run of others is one ``…``. The work is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Marked", "marked_text"]

_LINES = re.compile(r"[^\n]+")
MAX_FIGURE = 200  # a figure's printed text is never longer; a longer span is not a figure's


@dataclass(frozen=True)
class Marked:
    """A figure to mark: the claim's index, its offsets in the text as written (maybe blank or
    not numbers), the figure as printed and its sentence."""

    index: int
    start: str
    end: str
    printed: str
    sentence: str


def _offsets(document: str, marks: Sequence[Marked]) -> list[tuple[int, int, int]] | None:
    """(start, end, index) of each mark in the document, or None when the claims do not say
    where their figures are (then the sentences stand in)."""
    out = []
    for m in marks:
        if not (m.start.isdigit() and m.end.isdigit()):
            continue
        a, b = int(m.start), int(m.end)
        if 0 <= a < b <= len(document) and b - a <= MAX_FIGURE:
            out.append((a, b, m.index))
    return out or None


def _from_sentences(marks: Sequence[Marked], zh: bool) -> tuple[str, list[tuple[int, int, int]]]:
    """The claims' sentences in order as one text, and where each figure is in it."""
    parts: list[str] = []
    at = 0
    spans: list[tuple[int, int, int]] = []
    last, last_at, searched = None, 0, 0
    gap = "；" if zh else "; "  # each claim's sentence is its own
    for m in marks:
        sentence = m.sentence or m.printed
        if sentence != last:
            if parts:
                parts.append(gap)
                at += len(gap)
            last, last_at, searched = sentence, at, 0
            parts.append(sentence)
            at += len(sentence)
        found = sentence.casefold().find(m.printed.casefold(), searched) if m.printed else -1
        if found < 0 and m.printed:  # the figure is not in its sentence: shown after it
            extra = f" ({m.printed})"
            parts.append(extra)
            spans.append((at + 2, at + 2 + len(m.printed), m.index))
            at += len(extra)
            last = None
            continue
        if found >= 0:
            spans.append((last_at + found, last_at + found + len(m.printed), m.index))
            searched = found + len(m.printed)
    return "".join(parts), spans


def marked_text(
    document: str, marks: Sequence[Marked], mark: Callable[[int, str], str], zh: bool = False
) -> str:
    """The paragraphs of the text that have figures, as HTML: each figure made by
    ``mark(index, text)``, everything else escaped."""
    spans = _offsets(document, marks) if document else None
    if spans is None:
        document, spans = _from_sentences(marks, zh)
    spans.sort()
    kept: list[tuple[int, int, int]] = []
    for a, b, i in spans:
        if not kept or a >= kept[-1][1]:
            kept.append((a, b, i))
    out: list[str] = []
    skipped = False
    k = 0
    for line in _LINES.finditer(document):
        lo, hi = line.span()
        while k < len(kept) and kept[k][0] < lo:
            k += 1  # a mark across a line break is not shown
        inside = []
        while k < len(kept) and kept[k][1] <= hi:
            inside.append(kept[k])
            k += 1
        if not inside:
            skipped = True
            continue
        if skipped and out:
            out.append('<p class="muted">…</p>')
        skipped = False
        html, at = [], lo
        for a, b, i in inside:
            html.append(escape(document[at:a]) + mark(i, document[a:b]))
            at = b
        html.append(escape(document[at:hi]))
        out.append(f"<p>{''.join(html)}</p>")
    if not out:
        return ""
    return '<div class="text">' + "\n".join(out) + "</div>\n"
