"""A report's prose made plain for finding figures, with where each character came from.

=============================  ==================================================================
``clean(text, offset)``        plain text from plain text or Markdown → :class:`Cleaned`
``Cleaned``                    the plain text and, for each of its characters, its offset in the
                               document's text
``Spans(s)``                   where each sentence and clause of ``s`` starts and ends
``cjk(c)``                     whether ``c`` is a Chinese (CJK or full-width) character
=============================  ==================================================================

Cleaning: NFKC (full-width digits and signs become ASCII), Markdown markup, HTML
tags, URLs and footnote marks (``[1]``, ``[^2]``, ``【3】``) dropped, list markers blanked, and the
lines of a paragraph joined: with a space, or with nothing between two Chinese characters and
inside a number broken across lines (``1,⏎000 million``, ``14.⏎35亿元``; a point after a year
``2018.⏎35 counties`` is a sentence end). Every step keeps each character's offset, so a figure
found in the plain text is located in the document's text. Figures are found in a copy with the
traditional characters of the wording vocabulary simplified
(:data:`aidcalc.core.figures.TRADITIONAL`, one character for one), and shown as printed.

Every pattern here runs in time linear in the text: none can rescan a run of ``<``, ``[``, 【 or
backquotes once per character (issue 19, item 22).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from aidcalc.core.figures import TRADITIONAL
from aidcalc.published.years import PROSE_YEARS

__all__ = ["Cleaned", "Spans", "cjk", "clean"]


@dataclass(frozen=True)
class Cleaned:
    """Plain text, and ``at[i]``: the offset in the document's text of ``text[i]`` (one more
    entry, for the end of the text); ``read`` is the text to find figures in, character for
    character the same but with traditional characters simplified (``text`` is shown)."""

    text: str
    at: tuple[int, ...]
    read: str = ""  # the text with traditional characters simplified, to find figures in

    def __post_init__(self) -> None:
        if not self.read:
            object.__setattr__(self, "read", self.text.translate(TRADITIONAL))

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The document's offsets of ``text[a:b]`` (``b > a``)."""
        return self.at[a], self.at[b - 1] + 1


class _Builder:
    """Text built piece by piece, each character with its offset in the document."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.at: list[int] = []

    def keep(self, text: str, at: list[int] | tuple[int, ...]) -> None:
        self.parts.append(text)
        self.at.extend(at)

    def put(self, text: str, offset: int) -> None:
        self.parts.append(text)
        self.at.extend([offset] * len(text))

    def done(self, end: int) -> tuple[str, list[int]]:
        return "".join(self.parts), [*self.at, end]


def _sub(
    text: str, at: list[int], pattern: re.Pattern[str], keep: int | str
) -> tuple[str, list[int]]:
    """``pattern`` replaced: by its group ``keep`` (the characters kept with their offsets), or by
    the string ``keep`` (located at the match)."""
    out = _Builder()
    pos = 0
    for m in pattern.finditer(text):
        out.keep(text[pos : m.start()], at[pos : m.start()])
        if isinstance(keep, int):
            a, b = m.span(keep)
            out.keep(text[a:b], at[a:b])
        else:
            out.put(keep, at[m.start()])
        pos = m.end()
    out.keep(text[pos:], at[pos : len(text)])
    return out.done(at[len(text)])


_SUPERSCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")


def _normalized(text: str, offset: int) -> tuple[str, list[int]]:
    """NFKC, character by character (so each keeps its offset), line ends as ``\\n``."""
    if unicodedata.is_normalized("NFKC", text) and "\r" not in text and "\u2212" not in text:
        return text, list(range(offset, offset + len(text) + 1))
    out = _Builder()
    for i, c in enumerate(text):
        if c == "\r":
            if text[i + 1 : i + 2] != "\n":
                out.put("\n", offset + i)
            continue
        if c in _SUPERSCRIPTS:  # a footnote mark (grants¹, 2024-25.³): not part of the text
            continue
        n = "-" if c == "\u2212" else unicodedata.normalize("NFKC", c)
        out.put(n, offset + i)
    return out.done(offset + len(text))


# Markup and other text that is no prose; each pattern is linear (a class that excludes its own
# opening mark, so a run of openers is scanned once).
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*\)")  # [text](url), ![alt](src): the text
_TAG = re.compile(r"<[^<>\n]+>")  # an HTML tag
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_FOOTNOTE = re.compile(
    r"""\[\^?\d{1,4}\]       # [1], [^2]: Markdown footnote marks
      | 【\d{1,4}】          # 【3】
    """,
    re.VERBOSE,
)
_EMPHASIS = re.compile(r"[*`]+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_LIST_MARK = re.compile(
    r"""[ \t]*(?:
        [-+>][ \t]+                   # - item, + item, > quote
      | \d{1,3}[.)][ \t]+             # 1. item, 2) item
      | \(\d{1,3}\)[ \t]*            # (3) item
      | [一二三四五六七八九十]+、       # 一、item
    )""",
    re.VERBOSE,
)
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+")
_EMPTY_LINE = re.compile(r"[\s;:|-]*")
_BROKEN_NUMBER = re.compile(r"(?:\d,\Z)|(?:\d\.\Z)")


def _code_blocks(text: str, at: list[int]) -> tuple[str, list[int]]:
    """Fenced code (between two lines of ```) dropped, found by a linear scan."""
    if "```" not in text:
        return text, at
    out = _Builder()
    pos = 0
    while True:
        a = text.find("```", pos)
        b = text.find("```", a + 3) if a >= 0 else -1
        if a < 0 or b < 0:
            break
        out.keep(text[pos:a], at[pos:a])
        out.put(" ", at[a])
        pos = b + 3
    out.keep(text[pos:], at[pos : len(text)])
    return out.done(at[len(text)])


def clean(text: str, offset: int = 0) -> Cleaned:
    """Plain text from plain text or Markdown (``text`` stands at ``offset`` of the document):
    paragraphs apart by a blank line, the lines of each joined.

    >>> c = clean("Funds of 1,\\n000 million yuan.")
    >>> c.text, c.span(9, 26)
    ('Funds of 1,000 million yuan.', (9, 27))
    """
    s, at = _normalized(text, offset)
    s, at = _code_blocks(s, at)
    s, at = _sub(s, at, _LINK, 1)
    s, at = _sub(s, at, _TAG, " ")
    s, at = _sub(s, at, _URL, " ")
    s, at = _sub(s, at, _FOOTNOTE, " ")
    s, at = _sub(s, at, _EMPHASIS, "")
    out = _Builder()
    first = True
    for block in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*", s):
        joined = _Builder()
        last = ""  # the text joined so far, its last characters
        for line in re.finditer(r"[^\n]+", block.group()):
            a, b = block.start() + line.start(), block.start() + line.end()
            item = _LIST_MARK.match(s, a, b) or _HEADING.match(s, a, b)
            if item:
                a = item.end()
            while a < b and s[a].isspace():
                a += 1
            while b > a and s[b - 1].isspace():
                b -= 1
            if _EMPTY_LINE.fullmatch(s, a, b):
                continue
            if item and last:  # a list item or a heading stands apart
                first = _paragraph(out, joined, first, at[a])
                joined, last = _Builder(), ""
            if last and not _glued(last, s[a:b]):
                joined.put(" ", at[a])
            piece = s[a:b].replace("|", ";")
            joined.keep(piece, at[a:b])
            last = (last + piece)[-8:]
        if last:
            first = _paragraph(out, joined, first, at[block.start()])
    t, m = out.done(at[len(s)])
    return Cleaned(t, tuple(m))


def _paragraph(out: _Builder, joined: _Builder, first: bool, offset: int) -> bool:
    if not first:
        out.put("\n\n", offset)
    text, at = joined.done(0)
    out.keep(text, at[:-1])
    return False


def _glued(before: str, line: str) -> bool:
    """Whether a line joins the one before it without a space: between two Chinese characters,
    and inside a number broken across lines (``1,⏎000``, ``14.⏎35``, not ``2018.⏎35``)."""
    if cjk(before[-1]) and cjk(line[0]):
        return True
    if not line[0].isdigit() or not _BROKEN_NUMBER.search(before):
        return False
    if before[-1] == ",":
        return re.match(r"\d{3}(?!\d)", line) is not None
    number = re.search(r"\d+(?=\.\Z)", before)
    return number is None or not (len(number.group()) == 4 and int(number.group()) in PROSE_YEARS)


def cjk(c: str) -> bool:
    """Whether ``c`` is a Chinese character or full-width punctuation."""
    return "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"


# ---------------------------------------------------------------------------------------------
# Sentences and clauses

_SENTENCE_END = re.compile(r"[。！？!?…]+|\.(?=\s|$)|\n\n")
_ABBREVIATION = re.compile(
    r"""(?:
        \b(?:no|nos|mr|mrs|dr|vs|etc|e\.g|i\.e|art|approx|ca|c)    # No. 5, approx. 3
      | \b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)      # Nov. 5: a date goes on
      | \b[A-Z]                                                    # initials: U.S.
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_CLAUSE_END = re.compile(r"[;:，；：、]|,(?!\d{3}(?!\d))|\n")


def _sentence_ends(s: str) -> list[int]:
    """Positions just after each sentence end (and the end of the text)."""
    ends = []
    for m in _SENTENCE_END.finditer(s):
        if m.group().startswith(".") and _ABBREVIATION.search(s, max(0, m.start() - 6), m.start()):
            continue
        ends.append(m.end())
    if not ends or ends[-1] != len(s):
        ends.append(len(s))
    return ends


def _clause_ends(s: str, sentence_ends: list[int]) -> list[int]:
    ends = set(sentence_ends)
    for m in _CLAUSE_END.finditer(s):
        if m.group() == ":" and m.start() > 0 and s[m.start() - 1].isdigit():
            continue
        ends.add(m.end())
    return sorted(ends)


class Spans:
    """Where each sentence and clause starts and ends, at most ``reach`` characters either side
    of a position (a clause without punctuation is cut, so a claim's text stays bounded)."""

    def __init__(self, s: str, reach: int = 160) -> None:
        self.sentences = _sentence_ends(s)
        self.clauses = _clause_ends(s, self.sentences)
        self.reach = reach

    def _around(self, ends: list[int], i: int, reach: int) -> tuple[int, int]:
        k = bisect.bisect_right(ends, i)
        start = ends[k - 1] if k else 0
        end = ends[k] if k < len(ends) else ends[-1]
        return max(start, i - reach), min(end, i + reach)

    def clause(self, i: int) -> tuple[int, int]:
        return self._around(self.clauses, i, self.reach)

    def sentence(self, i: int) -> tuple[int, int]:
        return self._around(self.sentences, i, 3 * self.reach)
