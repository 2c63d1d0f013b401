"""A report's figures where they stand in its text: sentences, masked sentences, years and roles.

The relation reader (:mod:`aidcalc.text.relations`) needs each figure's place among the words. When
``extract``'s ``text``, ``start`` and ``end`` columns are there they give it; otherwise the text
is rebuilt from the rows' clauses, in order (clauses shared by several figures once).

=====================  ======================================================================
``Spot``               one figure: its row, place, reading, sentence, year, role and scope
``Doc``                the text, its sentences masked (each figure as ``⟦row⟧``), the spots
``read_doc(rows)``     the document of claims rows (``(claim, reported, start, end, text)``)
=====================  ======================================================================

**Roles** come from the words just before a figure: a ``base`` of a comparison (比…/较…/与…相比,
from, on the, after), a ``budget``, an ``increment`` or ``decrement`` (增收, an increase of,
减少), otherwise a ``level``. **Years**: a year written just after the figure (``in 2024-25``),
just before it (``2015年的``), paired by 分别 (``2021年、2022年分别为A和B``), the nearest year
before it in its clause, the year that opens its sentence, or the paragraph's; a figure named as
of the previous period (上年, a year earlier) is a year before its sentence's. **Scope**: a figure
whose clause says 累计, 同期, 预计, 计划 (cumulative, planned …) is of that scope.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from aidcalc.checker.wording import Reported
from aidcalc.core.figures import Kind
from aidcalc.text.cues import (
    BEFORE,
    FIG,
    MORE_AFTER,
    PREVIOUS_AFTER,
    PREVIOUS_BEFORE,
    SCOPE,
    YEAR,
    mask,
)

__all__ = ["Doc", "Spot", "read_doc"]

_SENTENCE_END = re.compile(r"[。！？!?]|(?<![\d.])\.(?=\s|$)|\.(?=\s+[A-Z])")
_CLAUSE_END = re.compile(r"[，,；;：:、()（）]|\s—\s")
_MAX_TEXT = 200_000  # characters of text read for relations (more is left to the search)


@dataclass
class Spot:
    """One figure in the text."""

    row: int
    start: int
    end: int
    rep: Reported
    sentence: int = 0
    mstart: int = 0  # where its mask starts and ends in its masked sentence
    mend: int = 0
    year: int | None = None
    role: str = "level"  # level, base, whole, budget, increment, decrement
    scope: str = ""  # 累计, 同期, 预计 … when its clause names one
    previous: bool = False  # named as of the previous period
    clause: int = -1  # a rebuilt text: where its clause starts (-1: the text was given)
    year_written: bool = False  # its year is written by it (not its sentence's or paragraph's)

    @property
    def kind(self) -> Kind:
        return self.rep.kind

    @property
    def amount_like(self) -> bool:
        return self.rep.kind in (Kind.AMOUNT, Kind.COUNT)

    @property
    def percent_like(self) -> bool:
        return self.rep.kind in (Kind.PERCENT, Kind.FRACTION)


@dataclass
class Doc:
    """The text, its sentences (start, end), each masked, and the figures in reading order."""

    text: str
    sentences: list[tuple[int, int]]
    masked: list[str]
    spots: list[Spot]
    year: int | None = None  # the paragraph's year: the latest it names
    by_row: dict[int, Spot] = field(default_factory=dict)
    rebuilt: bool = False  # the text was rebuilt from the clauses: the words between are lost

    def before(self, s: Spot) -> str:
        """The masked words of its sentence before the figure."""
        return self.masked[s.sentence][: s.mstart]

    def after(self, s: Spot) -> str:
        return self.masked[s.sentence][s.mend :]

    def clause_before(self, s: Spot) -> str:
        text = self.before(s)
        ends = list(_CLAUSE_END.finditer(text))
        return text[ends[-1].end() :] if ends else text

    def clause_after(self, s: Spot) -> str:
        text = self.after(s)
        m = _CLAUSE_END.search(text)
        return text[: m.start()] if m else text

    def in_sentence(self, n: int) -> list[Spot]:
        return [s for s in self.spots if s.sentence == n]

    def words(self, s: Spot) -> str:
        """The plain words of its clause, figures left out (to match a named whole)."""
        text = self.clause_before(s) + " " + self.clause_after(s)
        return re.sub(FIG, " ", text)


def read_doc(rows: Sequence[tuple[str, Reported | None, str, str, str]]) -> Doc:
    """The document of rows ``(claim, reported, start, end, text)``; rows whose figure cannot be
    placed (or read) have no spot."""
    text = next((r[4] for r in rows if r[4]), "")
    places: list[tuple[int, int] | None] = []
    clauses: list[int] = []
    if text and all(r[2].isdigit() and r[3].isdigit() for r in rows if r[1] is not None):
        places = [(int(r[2]), int(r[3])) if r[1] is not None else None for r in rows]
    else:
        text, places, clauses = _rebuilt(rows)
    text = text[:_MAX_TEXT]
    spots = [
        Spot(i, a, b, rep)
        for i, (place, (_, rep, *_rest)) in enumerate(zip(places, rows, strict=True))
        if place is not None and rep is not None and (a := place[0]) < (b := place[1]) <= len(text)
    ]
    spots.sort(key=lambda s: s.start)
    for s in spots:
        s.clause = clauses[s.row] if clauses else -1
    sentences = _sentences(text)
    doc = Doc(text, sentences, [], spots, rebuilt=bool(clauses))
    _mask(doc)
    doc.by_row = {s.row: s for s in spots}
    _roles(doc)
    _years(doc)
    return doc


def _rebuilt(
    rows: Sequence[tuple[str, Reported | None, str, str, str]],
) -> tuple[str, list[tuple[int, int] | None], list[int]]:
    """The text rebuilt from the clauses (English ones as sentences, Chinese ones joined by ，),
    each figure found in its clause after the one before it; the place of each clause in
    ``places`` is its third value."""
    text = ""
    places: list[tuple[int, int] | None] = []
    clauses: list[int] = []
    last_clause, clause_at, searched = "", 0, 0
    for claim, rep, *_ in rows:
        if rep is None:
            places.append(None)
            clauses.append(-1)
            continue
        clause = claim or rep.text
        if clause != last_clause:
            if text:  # each clause a sentence: what joins them is not known
                latin = clause[:1].isascii()
                text += ". " if latin and not text.endswith((".", "。")) else " " if latin else "，"
            clause_at = len(text)
            text += clause
            last_clause, searched = clause, clause_at
        i = text.find(rep.text, searched)
        if i < 0:
            i = text.find(rep.text, clause_at)
        clauses.append(clause_at)
        if i < 0:
            places.append(None)
            continue
        places.append((i, i + len(rep.text)))
        searched = i + len(rep.text)
    return text, places, clauses


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, 0)]


def _mask(doc: Doc) -> None:
    k = 0
    for n, (a, b) in enumerate(doc.sentences):
        parts, at = [], a
        length = 0
        while k < len(doc.spots) and doc.spots[k].start < b:
            s = doc.spots[k]
            if s.start < at:  # overlaps the figure before: left out
                k += 1
                continue
            parts.append(doc.text[at : s.start])
            length += s.start - at
            token = mask(s.row)
            s.sentence, s.mstart, s.mend = n, length, length + len(token)
            parts.append(token)
            length += len(token)
            at = s.end
            k += 1
        parts.append(doc.text[at:b])
        doc.masked.append("".join(parts))


def _changes(near: str) -> bool:
    """Whether the words just before a figure say it is a change (增长, up, fell …)."""
    return bool(BEFORE["rise"].search(near) or BEFORE["fall"].search(near))


_BASE_BEFORE = re.compile(
    r"(?:(?:(?<!占)比|较|与|同)[^比较，,。；;]{0,20}|\b(?:from|on\s+the|on\s+its|on|over|than|after|against"
    r"|compared\s+with)\s+(?:the\s+|its\s+)?(?:about\s+|some\s+)?|\band\s+)$",
    re.IGNORECASE,
)
FIG_IN = re.compile(FIG)
_BUDGET_BEFORE = re.compile(r"预算(?:数|目标)?$|\bbudget\s+of\s*$", re.IGNORECASE)


def _roles(doc: Doc) -> None:
    previous_role = ""
    for s in doc.spots:
        before = doc.clause_before(s)
        near = re.sub(FIG, "", before)[-24:]
        role = "level"
        if _BUDGET_BEFORE.search(near):
            role = "budget"
        elif BEFORE["increment"].search(near) and s.amount_like:
            role = "increment"
        elif BEFORE["decrement"].search(near) and s.amount_like:
            role = "decrement"
        elif MORE_AFTER.match(doc.after(s)) and s.amount_like:  # $580 million larger · added
            role = "increment"
        elif re.search(r"\bof\s+(?:the\s+|its\s+)?$", near) and FIG_IN.search(before):
            role = "whole"  # $1.91 billion of the $17.62 billion
        elif _BASE_BEFORE.search(near) and not _changes(near):
            role = "base"
            if near.rstrip().endswith("and") and previous_role != "base":
                role = "level"
        s.role = role
        previous_role = role
        clause = doc.clause_before(s) + doc.clause_after(s)
        m = SCOPE.search(re.sub(FIG, " ", clause))
        s.scope = m.group() if m and m.group() not in ("预算", "budgeted") else ""
        tail = re.split(FIG, before)[-1]  # the words since the figure before
        s.previous = bool(PREVIOUS_BEFORE.search(tail) or PREVIOUS_AFTER.match(doc.after(s)))


_YEAR_AFTER = re.compile(
    r"^\s*(?:in|of|for)\s+(?:fiscal\s+(?:year\s+)?|the\s+)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
_YEAR_JUST_BEFORE = re.compile(r"((?:19|20)\d\d)\s*年?(?:度)?的?\s*$")
_PAIRED = re.compile(
    r"((?:(?:19|20)\d\d年?\s*[、和及与,，]\s*)+(?:19|20)\d\d年?)\s*(?:分别|respectively)"
)
_PERIOD = re.compile(r"(?:19|20)\d\d\s*(?:年?\s*[-–—至到~]\s*|\s+to\s+)(?:19|20)\d\d")


def _years(doc: Doc) -> None:
    years = [int(m.group(1)) for m in YEAR.finditer(_PERIOD.sub(" ", "".join(doc.masked)))]
    doc.year = max(years) if years else None  # the report's own year: the latest it names
    for n, sentence in enumerate(doc.masked):
        plain = _PERIOD.sub(lambda m: " " * len(m.group()), sentence)
        opening = YEAR.match(plain.lstrip())
        sentence_year = int(opening.group(1)) if opening else None
        spots = doc.in_sentence(n)
        paired: dict[int, int] = {}
        for m in _PAIRED.finditer(plain):
            years = [int(y) for y in re.findall(r"(?:19|20)\d\d", m.group(1))]
            later = [s for s in spots if s.mstart > m.end()][: len(years)]
            paired.update({s.row: y for s, y in zip(later, years, strict=False)})
        for s in spots:
            after = plain[s.mend :]
            before = plain[: s.mstart]
            clause = before[max(before.rfind(c) for c in "，,；;。") + 1 :] if before else ""
            written = _YEAR_AFTER.match(after)
            jb = _YEAR_JUST_BEFORE.search(re.sub(FIG, "", before[-12:]))
            s.year_written = True
            if written:
                s.year = int(written.group(1))
            elif s.row in paired:
                s.year = paired[s.row]
            elif jb:
                s.year = int(jb.group(1))
            elif ys := [int(y.group(1)) for y in YEAR.finditer(re.sub(FIG, " ", clause))]:
                s.year = ys[-1]
            elif s.previous and (sentence_year or doc.year):
                s.year = (sentence_year or doc.year or 0) - 1
            else:  # the sentence's year; for a level when it has none, the paragraph's
                s.year_written = False
                s.year = sentence_year
                if sentence_year is None and s.role == "level":
                    s.year = doc.year
