"""The page of a check, for an editor who has a minute: the text first, the mistakes next.

1. **The text**, every figure marked by its verdict and linked to its block: the document's text
   when the claims carry it (``extract``'s ``text``, ``start`` and ``end`` columns), else the
   claims' sentences in order. Only the paragraphs with a figure are shown.
2. **The summary**: each inconsistent or misstated figure on one line (why, and what would fix
   it), then the consistent ones, then those not checked (with why), the givens folded away.
   On a wide screen the text and the summary stand side by side, on the first screen.
3. **Each figure**, in that order: its sentence, verdict, formula in the report's words, inputs,
   computed value and number line; then what was checked (files, sizes, hashes, date).

The page is in the report's language (:mod:`aidcalc.output.report.words`). Nothing here checks,
reads a data file's values or decides which row is which: it draws what the check found.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from aidcalc.checker.fixes import Fix
from aidcalc.checker.formula import Ref, leaves, parse
from aidcalc.checker.verdicts import Checked, CheckReport
from aidcalc.core.errors import AidcalcError
from aidcalc.output.report.html import esc, page, provenance_html
from aidcalc.output.report.inputs import inputs_of, provenance
from aidcalc.output.report.numberline import number_line
from aidcalc.output.report.text import Marked, marked_text
from aidcalc.output.report.view import (
    ClaimView,
    badge,
    distance_text,
    rank,
    show,
    span_text,
    view_of,
)
from aidcalc.output.report.words import Words, language_of

__all__ = ["check_page", "fix_text"]

_FAILING = ("inconsistent", "misstated")
_UNCHECKED = ("error", "undecided")


class _Claims:
    """The rows of a check, with what the page shows of each: view, anchor, label."""

    def __init__(self, rows: Sequence[Checked], words: Words) -> None:
        self.rows = list(rows)
        self.words = words
        self.views = [view_of(r) for r in self.rows]
        self.ids = [f"c{i}" for i in range(1, len(self.rows) + 1)]
        self.at = {id(r): i for i, r in enumerate(self.rows)}  # a row's place, by identity
        # names were made by extract (not chosen by a person) when the claims say where each
        # figure is: then the page names a figure by its words
        self.generated = any(r.claim.start for r in self.rows)
        self.by_name = {r.claim.name.casefold(): i for i, r in enumerate(self.rows) if r.claim.name}

    def word(self, i: int) -> str:
        return self.views[i].badge.word

    def order(self) -> list[int]:
        return sorted(range(len(self.rows)), key=lambda i: rank(self.word(i)))

    def label(self, i: int) -> str:
        """How the page names a figure: its name, or its words where the name was generated."""
        c = self.rows[i].claim
        if self.generated or not c.name:
            words = _words_of(c.claim, c.reported)
            if words:
                return words
        return c.name or c.reported

    def label_of_name(self, name: str) -> str:
        i = self.by_name.get(name.casefold())
        return self.label(i) if i is not None else name


def _words_of(sentence: str, printed: str, limit: int = 24) -> str:
    """The words a figure stands among: the clause before it (``非税收入累计完成``), else after."""
    at = sentence.casefold().find(printed.casefold()) if printed else -1
    if at < 0:
        return ""
    before = sentence[:at].strip(" ,，、;；:：")
    after = sentence[at + len(printed) :].strip(" ,，、;；:：.。")
    words = before or after
    if len(words) > limit:
        words = "…" + words[-limit:] if before else words[:limit] + "…"
    return words


def check_page(report: CheckReport, claims_path: str | None = None, lang: str | None = None) -> str:
    """The report of a check (see the module's notes); ``lang`` ``en`` or ``zh``, else the
    report's own language."""
    rows = report.rows
    texts = [next((r.claim.text for r in rows if r.claim.text), "")]
    texts += [r.claim.claim for r in rows]
    words = Words(lang or language_of(texts))
    claims = _Claims(rows, words)
    piped = claims_path == "-"
    name = (
        words("from stdin")
        if piped
        else os.path.basename(claims_path)
        if claims_path
        else words("one formula")
    )
    prov = provenance(claims_path, [r.claim.formula for r in rows])
    body = [f"<h1>{esc(words('checking', name))}</h1>\n", _counts(claims)]
    body.append('<div class="lead">\n')
    body.append('<section aria-labelledby="text">\n')
    body.append(f'<h2 id="text">{esc(words("the text"))}</h2>\n')
    body.append(_text(claims))
    body.append("</section>\n")
    body.append('<section aria-labelledby="summary" class="summary">\n')
    body.append(_summary(claims))
    body.append("</section>\n</div>\n")
    body.append('<div class="rest">\n<section aria-labelledby="claims">\n')
    body.append(f'<h2 id="claims">{esc(words("each figure"))}</h2>\n')
    named: dict[str, Checked] = {}
    blocks: dict[int, str] = {}
    for i, row in enumerate(rows):
        blocks[i] = _block(claims, i, named)
        if row.claim.name:
            named.setdefault(row.claim.name.casefold(), row)
    body.extend(blocks[i] for i in claims.order())
    body.append("</section>\n")
    body.append('<section aria-labelledby="what">\n')
    body.append(f'<h2 id="what">{esc(words("what was checked"))}</h2>\n')
    body.append(provenance_html(prov, words))
    body.append("</section>\n</div>\n")
    return page(words("title", name), "".join(body), words)


# ---------------------------------------------------------------------------------------------
# Counts and badges


def _badge_html(word: str, words: Words, count: int | None = None) -> str:
    b = badge(word)
    number = f"{count} " if count is not None else ""
    return (
        f'<span class="badge {b.tone.value}"><span aria-hidden="true">{esc(b.symbol)}</span>'
        f" {number}{esc(words(b.word))}</span>"
    )


def _counts(claims: _Claims) -> str:
    """``40 figures:`` and a badge per verdict; misstated figures count with the inconsistent."""
    words = claims.words
    found: dict[str, int] = {}
    for i in range(len(claims.rows)):
        word = claims.word(i)
        key = "inconsistent" if word == "misstated" else word
        found[key] = found.get(key, 0) + 1
    misstated = sum(claims.word(i) == "misstated" for i in range(len(claims.rows)))
    items = []
    for word in sorted(found, key=rank):
        item = _badge_html(word, words, found[word])
        if word == "inconsistent":  # the failures' badge leads to their summary
            item = f'<a href="#summary" class="plain">{item}</a>'
        if word == "inconsistent" and misstated:
            item += f' <span class="muted">({esc(words("of which misstated", misstated))})</span>'
        items.append(f"<li>{item}</li>")
    n = len(claims.rows)
    total = words("figures" if n != 1 else "figure", n) + words.colon.rstrip()
    return (
        f'<ul class="counts" aria-label="{esc(words("counts label"))}">'
        f'<li class="total">{esc(total)}</li>{"".join(items)}</ul>\n'
    )


# ---------------------------------------------------------------------------------------------
# The text


def _text(claims: _Claims) -> str:
    rows = claims.rows
    document = next((r.claim.text for r in rows if r.claim.text), "")
    marks = [
        Marked(i, r.claim.start, r.claim.end, r.claim.reported, r.claim.claim)
        for i, r in enumerate(rows)
    ]

    def mark(i: int, text: str) -> str:
        b = claims.views[i].badge
        title = f"{claims.label(i)}: {claims.words(b.word)}"
        symbol = "" if b.word == "given" else f'<span aria-hidden="true">{esc(b.symbol)}</span>'
        return (
            f'<a class="fig {b.tone.value}" href="#{claims.ids[i]}" title="{esc(title)}">'
            f"{symbol}{esc(text)}</a>"
        )

    return marked_text(document, marks, mark, claims.words.zh)


# ---------------------------------------------------------------------------------------------
# The summary


def fix_text(fix: Fix, words: Words, label: dict[str, str] | None = None) -> str:
    """A fix as the page says it: ``12142万元 → 2142万元 (a digit added) clears both: …``."""
    if fix.slip:
        line = words("fix line", fix.printed, fix.to, words.slip(fix.slip))
    else:
        line = words("fix line plain", fix.printed, fix.to)
    if fix.literal:
        line += words("in formula of", (label or {}).get(fix.figure, fix.figure))
    names = [(label or {}).get(c, c) for c in fix.clears]
    space = "" if words.zh else " "
    if len(names) == 2:
        line += space + words("clears both", words.join(names))
    elif len(names) > 2:
        line += space + words("clears all", len(names), words.join(names))
    return line


def _why(claims: _Claims, i: int) -> str:
    """Why a figure failed, in the page's language: the gap (the one number the table gives
    too), what explain found, what would fix it."""
    view, row, words = claims.views[i], claims.rows[i], claims.words
    parts = []
    gap = view.signed_gap()
    if gap is not None and view.badge.word in _FAILING:
        parts.append(words("off by", distance_text(gap, view.figure, words)))
    elif view.reason:
        parts.append(view.reason.split("; fix: ")[0])
    if row.claim.why and row.claim.why not in " ".join(parts):
        parts.append(row.claim.why)
    return ("；" if words.zh else "; ").join(parts)


def _fix_line(claims: _Claims, i: int) -> str:
    fix = claims.views[i].fix
    if fix is None:
        return ""
    labels = {r.claim.name: claims.label(j) for j, r in enumerate(claims.rows) if r.claim.name}
    return fix_text(fix, claims.words, labels)


def _summary_line(claims: _Claims, i: int, detail: str) -> str:
    b = claims.views[i].badge
    link = (
        f'<a href="#{claims.ids[i]}"><span aria-hidden="true">{esc(b.symbol)}</span>'
        f" {esc(claims.label(i))} <mark>{esc(claims.rows[i].claim.reported)}</mark></a>"
    )
    return f"<li>{link}{(' — ' + detail) if detail else ''}</li>"


def _summary(claims: _Claims) -> str:
    words = claims.words
    n = range(len(claims.rows))
    failing = [i for i in n if claims.word(i) in _FAILING]
    consistent = [i for i in n if claims.word(i) == "consistent"]
    unchecked = [i for i in n if claims.word(i) not in (*_FAILING, "consistent", "given")]
    given = [i for i in n if claims.word(i) == "given"]
    out = [f'<h2 id="summary">{esc(words("mistakes"))}</h2>\n']
    if failing:
        items = []
        for i in failing:
            detail = esc(_why(claims, i))
            fix = _fix_line(claims, i)
            if fix:
                detail += f"<br><strong>{esc(words('fix'))}{esc(words.colon)}</strong>{esc(fix)}"
            items.append(_summary_line(claims, i, detail))
        out.append(f'<ol class="failing">{"".join(items)}</ol>\n')
    else:
        out.append(f"<p>{esc(words('no mistakes'))}</p>\n")
    if consistent:
        out.append(f"<h3>{esc(words('consistent list'))}</h3>\n<ul>")
        out.extend(_summary_line(claims, i, "") for i in consistent)
        out.append("</ul>\n")
    if unchecked:
        out.append(f"<h3>{esc(words('unchecked list'))}</h3>\n<ul>")
        out.extend(_summary_line(claims, i, esc(claims.views[i].reason)) for i in unchecked)
        out.append("</ul>\n")
    if given:
        out.append(f"<details><summary>{esc(words('givens', len(given)))}</summary><ul>")
        out.extend(_summary_line(claims, i, "") for i in given)
        out.append("</ul></details>\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Each figure


def _sentence(view: ClaimView, words: Words) -> str:
    """The claim's sentence with the printed figure marked (or the figure alone)."""
    printed, sentence = view.printed, view.sentence
    if not sentence:
        return f"<mark>{esc(printed)}</mark>"
    at = sentence.casefold().find(printed.casefold()) if printed else -1
    if at < 0:
        shown = words("reported as", f"\x00{printed}\x01")
        shown = esc(shown).replace("\x00", "<mark>").replace("\x01", "</mark>")
        return f'{esc(sentence)} <span class="muted">{shown}</span>'
    end = at + len(printed)
    return f"{esc(sentence[:at])}<mark>{esc(sentence[at:end])}</mark>{esc(sentence[end:])}"


def _heading(claims: _Claims, i: int) -> str:
    view, words, ident = claims.views[i], claims.words, claims.ids[i]
    where = words("line", view.line) if view.line is not None else words("the claim")
    label = claims.label(i)
    if view.name and label != view.name:
        where = f"{view.name}, {where}"
    title = f'{esc(label)} <span class="muted">({esc(where)})</span>'
    if not view.name and label == view.printed:
        title = esc(where)
    return f'<h3 id="{ident}-h">{title}</h3>\n'


def _formula(claims: _Claims, i: int) -> str:
    """The formula in the report's words: each name of an earlier row as the figure it printed,
    where the names were generated."""
    formula = claims.rows[i].claim.formula
    if not claims.generated:
        return formula
    try:
        node = parse(formula)
    except AidcalcError:
        return formula
    out, at = [], 0
    for leaf in leaves(node):
        if isinstance(leaf, Ref) and leaf.name in claims.by_name:
            a, b = leaf.span
            out.append(formula[at:a] + claims.rows[claims.by_name[leaf.name]].claim.reported)
            at = b
    return "".join(out) + formula[at:]


def _block(claims: _Claims, i: int, named: dict[str, Checked]) -> str:
    view, words, ident, row = claims.views[i], claims.words, claims.ids[i], claims.rows[i]
    tone = view.badge.tone
    verdict = f'<p class="verdict">{_badge_html(view.badge.word, words)}'
    why = _why(claims, i) if view.badge.word in _FAILING else view.reason
    if why:
        label = words("what went wrong") if tone.value == "error" else words("why")
        verdict += f" {esc(label)}{esc(words.colon)}{esc(why)}"
    verdict += "</p>\n"
    compact = " compact" if not view.formula else ""
    head = f'<article class="claim{compact}" id="{ident}" aria-labelledby="{ident}-h">\n'
    parts = [head, _heading(claims, i)]
    if not view.formula:  # a given, or a row that failed before its formula: compact
        means = ""
        if view.reported is not None:
            stands = span_text(view.reported, view.figure, 0, words)
            means = f' <span class="muted">{esc(words("stands for", stands))}</span>'
        return "".join(parts) + f"<p>{_sentence(view, words)}{means}</p>\n{verdict}</article>\n"
    parts += [f"<p>{_sentence(view, words)}</p>\n", verdict]
    fix = _fix_line(claims, i)
    if fix:
        parts.append(f'<p class="fix">{esc(words("fix"))}{esc(words.colon)}{esc(fix)}</p>\n')
    parts.append(
        f"<p>{esc(words('formula'))}{esc(words.colon)}<code>{esc(_formula(claims, i))}</code></p>\n"
    )
    items = []
    for inp in inputs_of(row, named, words):
        if inp.row is not None:
            j = claims.at[id(inp.row)]
            who = claims.label(j)
            written = f'<a href="#{claims.ids[j]}"><mark>{esc(inp.printed)}</mark></a>'
            extra = f" ({esc(who)}" + (
                f", <code>{esc(inp.written)}</code>)" if claims.generated else ")"
            )
            items.append(f"<li>{written}{extra}{esc(words.colon)}{esc(inp.means)}</li>")
        else:
            items.append(
                f"<li><code>{esc(inp.written)}</code>{esc(words.colon)}{esc(inp.means)}</li>"
            )
    if items:
        parts.append(f'<ul aria-label="{esc(words("inputs"))}">{"".join(items)}</ul>\n')
    if view.point is not None and view.computed is not None:
        parts.append(
            f"<p>{esc(words('computed'))}{esc(words.colon)}"
            f"<strong>{esc(show(view.point, view.figure, 1))}</strong>"
            f" ({esc(span_text(view.computed, view.figure, 1, words))})</p>\n"
        )
    for m in view.marks:
        formula = f" <code>{esc(m.formula)}</code>" if m.formula else ""
        span = f" ({esc(span_text(m.span, view.figure, 1, words))})" if m.span is not None else ""
        parts.append(
            f"<p>{esc(words('mistaken formula', words(m.name)))}{formula} {esc(words('gives'))}"
            f" <strong>{esc(show(m.value, view.figure, 1))}</strong>{span}</p>\n"
        )
    if view.drawable:
        parts.append(number_line(view, ident, words))
    parts.append("</article>\n")
    return "".join(parts)
