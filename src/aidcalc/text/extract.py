"""Finding the figures in a report's text: one claims row per printed figure, in reading order.

=============================  ===============================================================
``extract(document)``          every figure of a :class:`~aidcalc.reader.document.Document` (or of a
                               plain text) → a list of :class:`Found`
``Found``                      one figure: name, claim, reported, kind, year, and where it is
``found_result(found, text)``  the figures as a claims table (a :class:`~.result.Result`)
=============================  ===============================================================

**What is a figure.** Whatever :func:`aidcalc.checker.wording.read_reported` reads, found in running
text: at each place where a number starts (a digit, a Chinese numeral, ``百分之``, ``翻…番``, a
number word, a fraction in words, a currency sign before a digit) the longest stretch of the clause
that ``read_reported`` accepts is the figure, with a qualifier before it (``about``, ``约``, ``超``,
``more than``, ``between``, ``按`` for a rate a rule fixes), ``增长`` before a multiple, and a
range's second end. So every figure found is read exactly as ``check`` reads it. What looks like a
figure and is not (years, dates, durations, list numbers, ordinals, identifiers, footnote marks) is
:mod:`aidcalc.text.notfigures`; the text is made plain by :mod:`aidcalc.text.prose` (one paragraph
of the document at a time, so a sentence never runs across two). ``A to B`` is a range only when
``A`` has no unit of its own (``59.5 to 59.9 billion``); ``from 1.2 billion to 1.5 billion`` is two
figures.

**Names** are :mod:`aidcalc.text.naming`'s, else ``f1``, ``f2`` … (the figure's place in the text),
made unique with ``_2``, ``_3`` ….

**Year**: the year the figure's sentence gives it, the nearest before the figure (else after it),
leaving out years that are a comparison's base (``that of 2017``, ``than 2017``, ``是2017年的``,
``比2017年``) and spans of years (``2008 to 2015``); those stay in the claim, where
:mod:`aidcalc.text.explain` reads them.

**Where**: ``start`` and ``end`` are the offsets of the figure in the document's text, with the
``paragraph`` (from 1) and ``page`` (blank without pages) of :meth:`Document.locate`; the claims
table carries the document's whole ``text`` in its first row only. A claim is its clause, cut to
at most 160 characters either side of the figure (a clause without punctuation cannot make the
output grow with the square of the text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from aidcalc.checker.numerals import WORD_NUMBERS
from aidcalc.checker.quantities import scan
from aidcalc.checker.vocabulary import CURRENCIES_BEFORE, QUALIFIERS_BEFORE
from aidcalc.checker.wording import Kind, Qualifier, Reported, read_reported
from aidcalc.core.errors import AidcalcError
from aidcalc.core.result import Audience, Cell, ColumnKind, Result, ResultColumn
from aidcalc.reader.document import Document, plain
from aidcalc.text.naming import ROLES, name_of, name_words, roles_in, stated_sign, unique
from aidcalc.text.notfigures import (
    as_year,
    fiscal_tail,
    hidden_mask,
    is_base_year,
    not_a_figure,
    years_span,
)
from aidcalc.text.prose import Cleaned, Spans, clean
from aidcalc.text.textyears import YearMark, years_of

__all__ = [
    "COLUMNS",
    "ROLES",
    "Found",
    "extract",
    "found_result",
    "name_words",
    "roles_in",
    "stated_sign",
]

#: The columns ``extract`` writes: those ``check`` reads, the figure's kind and year, and where
#: it stands in the document (``text``, the whole document, in the first row only).
COLUMNS = (
    *("name", "claim", "reported", "kind", "year", "formula"),
    *("start", "end", "paragraph", "page", "text"),
)
_WHERE = frozenset(("start", "end", "paragraph", "page", "text"))

MAX_FIGURE = 60  # characters a figure with its qualifier may span

# Where a figure may start: number words, multiples and fractions in words, 百分之, 翻…番.
_NUMBER_WORD = "(?:" + "|".join(WORD_NUMBERS) + ")"
_EN_START = re.compile(
    r"""(?:
        twice|double|doubled|triple|tripled|treble|trebled|quadrupled|half
      | (?:a|an|one|two|three|four)[\s-]+(?:half|thirds?|quarters?|fifths?)   # two thirds
      | NUMBER_WORD(?:\s+times|\s*-?\s*fold)?                              # six, sixfold
    )(?![a-z])""".replace("NUMBER_WORD", _NUMBER_WORD),
    re.IGNORECASE | re.VERBOSE,
)
_CN_FIGURE_START = re.compile(r"百分之|翻了?[一二两三四五六七八九十\d]*番")
_CN_NUMERALS = "〇零一二两三四五六七八九十百千万亿点"
_CN_START = "〇零一二两三四五六七八九十"
_JOINERS = ".,:/-\u2010\u2011\u2012\u2013\u2014"  # inside a number or a span: 1,000 2024-25
_GROWTH_BEFORE: tuple[str, ...] = ("增长了", "增加了", "提高了", "上升了", "扩大了")
_GROWTH_BEFORE += tuple(w[:-1] for w in _GROWTH_BEFORE)


@dataclass(frozen=True)
class Found:
    """One figure found in the text: its claims row, and where it stands in the document
    (``start``/``end`` offsets into its text, its paragraph and page)."""

    name: str
    claim: str
    reported: str
    kind: Kind
    year: int | None
    start: int
    end: int
    paragraph: int = 1
    page: int | None = None


def found_result(found: Iterable[Found], text: str = "") -> Result:
    """The figures as a claims table, in :data:`COLUMNS`; ``text`` (the document's) goes in the
    first row only. The columns of where a figure is are for machines (CSV, JSON).

    >>> rows = found_result(extract("Funds rose to 2.8 billion yuan in 2018.")).records()
    >>> rows[0]["reported"], rows[0]["kind"], rows[0]["year"], rows[0]["start"]
    ('2.8 billion yuan', 'amount', '2018', '14')
    """
    columns = [
        ResultColumn(
            c, c, ColumnKind.TEXT, where=Audience.MACHINES if c in _WHERE else Audience.BOTH
        )
        for c in COLUMNS
    ]
    rows: list[list[Cell]] = []
    for f in found:
        row: list[Cell] = [f.name, f.claim, f.reported, f.kind.value, str(f.year or ""), ""]
        page = "" if f.page is None else str(f.page)
        row += [str(f.start), str(f.end), str(f.paragraph), page, "" if rows else text]
        rows.append(row)
    return Result(columns, rows)


# ---------------------------------------------------------------------------------------------
# Finding figures


@dataclass(frozen=True)
class _Figure:
    name: str | None
    claim: str
    reported: str
    kind: Kind
    year: int | None
    start: int
    end: int


def extract(document: Document | str) -> list[Found]:
    """Every figure of ``document`` (a plain text is read as :func:`aidcalc.reader.document.plain`),
    in reading order, with a name, its clause, its year and where it stands.

    >>> [(f.name, f.reported, f.kind.value) for f in extract("县均投入3933万元,是2017年的6倍。")]
    [('average', '3933万元', 'amount'), ('multiple', '6倍', 'multiple')]
    """
    doc = plain(document) if isinstance(document, str) else document
    found: list[tuple[_Figure, int, int | None]] = []
    # a paragraph that runs over a page break is one block a page: it is read whole, and each
    # figure takes the page of the block it stands in
    for paragraph, blocks in groupby(doc.blocks, key=lambda b: b.paragraph):
        first, *rest = blocks
        end = rest[-1].end if rest else first.end
        for f in _figures(clean(doc.text[first.start : end], first.start)):
            at = doc.locate(f.start)
            found.append((f, paragraph, at.page if at else first.page))
    names = unique([f.name or f"f{n}" for n, (f, _, _) in enumerate(found, start=1)])
    return [
        Found(name, f.claim, f.reported, f.kind, f.year, f.start, f.end, paragraph, page)
        for name, (f, paragraph, page) in zip(names, found, strict=True)
    ]


def _figures(cleaned: Cleaned) -> list[_Figure]:
    """The figures of one paragraph's plain text, located in the document."""
    s = cleaned.read
    spans = Spans(s)
    hidden = hidden_mask(s)
    figures: list[tuple[int, int, Reported]] = []
    years: list[YearMark] = []
    i = 0
    while i < len(s):
        start = _start_here(s, i)
        if start is None or hidden[i]:
            i += 1
            continue
        clause_start, clause_end = spans.clause(i)
        got = _figure_at(s, start, clause_start, clause_end)
        if got is None:
            i = _skip_number(s, i)
            continue
        a, b, rep = got
        span = years_span(s, a, b, rep)
        year = as_year(s, a, b, rep)
        if span is not None:
            years += [YearMark(a, span[0], True), YearMark(b - 1, span[1], True)]
        elif year is not None:
            years.append(YearMark(a, year, is_base_year(s, clause_start, a, b)))
            b = fiscal_tail(s, b)
        elif not not_a_figure(s, a, b, rep, clause_start):
            figures.append((a, b, rep))
        i = max(b, i + 1)
    found = years_of(s, spans, years, [(a, b, rep.kind) for a, b, rep in figures])
    return [
        _figure(cleaned, spans, year, a, b, rep)
        for (a, b, rep), year in zip(figures, found, strict=True)
    ]


def _start_here(s: str, i: int) -> int | None:
    """Where a figure starting at ``s[i]`` starts (``i`` itself), or None if none can."""
    c = s[i]
    prev = s[i - 1] if i else " "
    if c.isascii() and c.isdigit():
        if _word_char(prev) or (prev in _JOINERS and i >= 2 and s[i - 2].isdigit()):
            return None
        if prev in "-\u2010\u2011" and i >= 2 and _word_char(s[i - 2]):  # Covid-19, G-7: a name
            return None
        return i
    if c in _CN_START:
        return None if prev in _CN_NUMERALS or prev == "第" else i
    if c in "百翻" and _CN_FIGURE_START.match(s, i):
        return i
    if c.isascii() and c.isalpha() and not _word_char(prev) and _EN_START.match(s, i):
        return i
    if not _word_char(prev):
        for word in CURRENCIES_BEFORE:
            if s[i : i + len(word)].lower() == word and re.match(r"\s*\d", s[i + len(word) :]):
                if word[-1].isalpha() and i + len(word) < len(s) and s[i + len(word)].isalpha():
                    continue
                return i
    return None


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def _skip_number(s: str, i: int) -> int:
    j = i + 1
    while j < len(s) and (s[j].isdigit() or s[j] in _CN_NUMERALS):
        j += 1
    return j


def _boundary(s: str, end: int) -> bool:
    """Whether a figure may end just before ``s[end]``: not inside a word or a number."""
    if end >= len(s):
        return True
    a, b = s[end - 1], s[end]
    if a.isspace() or a in ",.;:(-":
        return False
    if _word_char(a) and _word_char(b):
        return False
    if a.isdigit() and b in ".,:/" and end + 1 < len(s) and s[end + 1].isdigit():
        return False
    return not (a in _CN_NUMERALS and b in _CN_NUMERALS)


# The search for the longest figure reads each stretch from its start, so it is kept to few
# stretches per start (the text is hostile: issue 19, item 22): a figure is a run of characters
# that figures are written with, of at most MAX_TOKENS words and one range separator; and where
# nothing after the shortest reading can extend it (a qualifier after it, a range's second end,
# "in", "/"), that reading is the figure.
MAX_TOKENS = 9
_FIGURE_RUN = re.compile(r"[\w\s.,%$£€¥￥~≈<>=≥≤+×/'’\-\u2010-\u2014()]*")
_SEPARATOR = re.compile(r"\b(?:to|and)\b|[–—~至到]", re.IGNORECASE)
_EXTENDS = re.compile(
    r"""\s*(?:
        (?:to|and|in|out\s+of|or)\b     # a range's second end, one in ten, "or more"
      | [–—~至到/\-]                    # a range, 2/3
      | 左右|上下|以[上下内]|及以上|分之|半  # a qualifier after the figure; 三分之二, 一半
      | match\b                          # a 20 per cent match
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def _longest(s: str, start: int, limit: int) -> tuple[int, Reported] | None:
    """The longest figure starting at ``start`` and ending by ``limit``."""
    run = _FIGURE_RUN.match(s, start, min(limit, start + MAX_FIGURE, len(s)))
    limit = run.end() if run else start
    quick = _shortest(s, start, limit)
    if quick is not None and not _EXTENDS.match(s, quick) and _boundary(s, quick):
        try:
            return quick, read_reported(s[start:quick])
        except AidcalcError:
            pass
    for end in range(limit, start, -1):
        if not _boundary(s, end):
            continue
        text = s[start:end]
        if text.count(" ") >= MAX_TOKENS or len(_SEPARATOR.findall(text)) > 1:
            continue
        try:
            rep = read_reported(text)
        except AidcalcError:
            continue
        if rep.qualifier is Qualifier.RANGE and _two_figures(text):
            continue
        return end, rep
    return None


def _shortest(s: str, start: int, limit: int) -> int | None:
    """The end of the shortest reading at ``start`` (a number with its unit, or a number word
    with ``times``), or None when there is none to try first."""
    if s[start].isascii() and s[start].isalpha():
        m = _EN_START.match(s, start, limit)
        return m.end() if m else None
    try:
        got = scan(s, start, reported=True)
    except AidcalcError:
        return None
    return got[1] if got is not None and got[1] <= limit else None


def _two_figures(text: str) -> bool:
    """``1.2 billion to 1.5 billion``: a change from one figure to another, not a range."""
    m = re.fullmatch(r"(?:between\s+)?(.+?)\s+(?:to|and)\s+(.+)", text, re.IGNORECASE)
    if not m:
        return False
    try:
        left = read_reported(m.group(1))
    except AidcalcError:
        return False
    return left.kind is not Kind.COUNT and not text.lower().startswith("between")


def _figure_at(
    s: str, start: int, clause_start: int, clause_end: int
) -> tuple[int, int, Reported] | None:
    got = _longest(s, start, clause_end)
    if got is None:
        return None
    end, rep = got
    for before in _starts_before(s, start, clause_start, rep.kind):
        longer = _longest(s, before, clause_end)
        if longer is not None and longer[0] >= end:
            return before, longer[0], longer[1]
    if start >= 2 and s[start - 1] in "+-" and s[start - 2] in " (" and rep.kind is not Kind.COUNT:
        signed = _longest(s, start - 1, clause_end)
        if signed is not None and signed[0] == end:
            return start - 1, end, signed[1]
    return start, end, rep


def _by_last_letter(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Words by their last character, each list longest first (a look-up, not a loop)."""
    out: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        out.setdefault(w[-1], []).append(w)
    return {c: tuple(ws) for c, ws in out.items()}


_BEFORE = _by_last_letter([*QUALIFIERS_BEFORE, "between"])
_BEFORE_MULTIPLE = _by_last_letter([*QUALIFIERS_BEFORE, "between", *_GROWTH_BEFORE])


def _starts_before(s: str, start: int, clause_start: int, kind: Kind) -> list[int]:
    """Where a qualifier, ``between`` or 增长 before the figure would start it."""
    k = start
    while k > clause_start and s[k - 1] == " ":
        k -= 1
    if k == clause_start:
        return []
    out = []
    words = _BEFORE_MULTIPLE if kind is Kind.MULTIPLE else _BEFORE
    for word in words.get(s[k - 1].lower(), ()):
        j = k - len(word)
        if j < clause_start or s[j:k].lower() != word:
            continue
        if word[0].isalpha() and word.isascii() and j > 0 and _word_char(s[j - 1]):
            continue
        if word == "过" or (word == "近" and j > 0 and s[j - 1] in "最附"):
            continue
        if word == "超" and j > 0 and s[j - 1] in "赶高":  # 赶超, 高超: no qualifier
            continue
        out.append(j)
    return out


# ---------------------------------------------------------------------------------------------
# Claims, years and names


def _figure(
    cleaned: Cleaned, spans: Spans, year: int | None, a: int, b: int, rep: Reported
) -> _Figure:
    s, shown = cleaned.read, cleaned.text
    clause_start, clause_end = spans.clause(a)
    sentence_start = spans.sentence(a)[0]
    claim = shown[clause_start:clause_end]
    if clause_start and s[clause_start - 1].isascii() and s[clause_start - 1].isalnum():
        claim = claim.split(" ", 1)[-1]  # a clause cut to its bound: no word cut in two
    if clause_end < len(s) and s[clause_end].isascii() and s[clause_end].isalnum():
        claim = claim.rsplit(" ", 1)[0]
    claim = claim.strip()
    claim = re.sub(r"^[^\w(\[《“\"'$£€¥￥~≈<>]+", "", claim).rstrip(" ,;:，；：、.。!?！？")
    claim = re.sub(r"\s+", " ", claim)
    name = name_of(s, a, b, rep.kind, (clause_start, clause_end), sentence_start)
    start, end = cleaned.span(a, b)
    return _Figure(name, claim, shown[a:b], rep.kind, year, start, end)
