"""Text as documents hold it, made into the text ``extract`` reads.

=============================  ================================================================
``normalise(text)``            radicals → ideographs, full-width digits, ``．`` and ``％`` →
                               ASCII; ``，`` is kept (its meaning depends on the language)
``join_lines(lines)``          the lines of one paragraph as one line: Chinese lines and numbers
                               broken across lines joined without a space, others with one
``is_page_number(line)``       ``7``, ``- 7 -``, ``第7页``, ``Page 7 of 12``, ``7/12``
``unreadable(text)``           ``(cid:20)``: pdfminer's text for a glyph with no text map
``document(paragraphs)``       paragraphs ``(text, page)`` → :class:`~.document.Document`
=============================  ================================================================

>>> normalise("增长１２．５％，")
'增长12.5%，'
>>> join_lines(["资金12,34", "5,678.90万元"]), join_lines(["增长123.4", "5%"])
('资金12,345,678.90万元', '增长123.45%')
>>> join_lines(["a total of", "72 counties"]), join_lines(["携手", "奔小康县"])
('a total of 72 counties', '携手奔小康县')
"""

from __future__ import annotations

import re

from aidcalc.reader.document import Block, Document
from aidcalc.reader.documents.radicals import RADICALS

__all__ = ["document", "is_page_number", "join_lines", "normalise", "unreadable"]

_FULL_WIDTH = {0xFF10 + i: str(i) for i in range(10)} | {0xFF0E: ".", 0xFF05: "%"}
_TRANSLATE = RADICALS | _FULL_WIDTH | {0x00A0: " ", 0x3000: " ", 0x00AD: "", 0x0002: ""}

#: A glyph pdfminer could not map to text; such text is unreadable, its digits never figures.
_CID = re.compile(r"\(cid:\d{1,6}\)")
_PAGE_NUMBER = re.compile(
    r"[-–—\s]{0,3}(?:第\s{0,2}\d{1,5}\s{0,2}页(?:\s{0,2}[/，,]?\s{0,2}共\s{0,2}\d{1,5}\s{0,2}页)?"
    r"|(?:page|p\.)?\s{0,2}\d{1,5}(?:\s{0,2}(?:/|of)\s{0,2}\d{1,5})?)[-–—\s]{0,3}",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def normalise(text: str) -> str:
    """Radicals as ideographs; full-width digits, ``．`` and ``％`` as ASCII; no-break and
    ideographic spaces as spaces; soft hyphens dropped."""
    return text.translate(_TRANSLATE)


def _cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def join_lines(lines: list[str]) -> str:
    """One paragraph's lines as one line.

    A line ending in a Chinese character or punctuation, or followed by one that starts with
    one, joins without a space (Chinese has none between words), and so does a number cut at
    the end of a line in Chinese text (``12,34`` + ``5,678.90万元``, ``123.4`` + ``5%``). In
    other text a number joins the next line without a space only where its digit groups prove
    it was cut (``12,34`` + ``5,678``: a group of three split); ``In 2018,`` + ``72 counties``
    stays two numbers. A word hyphenated at the end keeps its hyphen and no space; other lines
    join with a space.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        a, b = out[-1], line[0]
        if _cjk(a) or _cjk(b) or a == "-":
            glue = ""
        elif (a.isdigit() or a in ".,") and (b.isdigit() or b in ".,%"):
            glue = "" if _cut_number(out, line) else " "
        else:
            glue = " "
        out += glue + line
    return out


_TAIL = re.compile(r"[\d.,]{1,40}$")
_GROUPED_CUT = re.compile(r"\d{1,3}(?:,\d{3}){0,12},(\d{0,2})")
_HEAD_DIGITS = re.compile(r"\d{1,4}")


def _cut_number(out: str, line: str) -> bool:
    """Whether the number at the end of ``out`` goes on at the start of ``line``."""
    m = _TAIL.search(out)
    if m is None:
        return False
    if m.start() and _cjk(out[m.start() - 1]):
        return True  # Chinese text: a line may break anywhere, inside a number too
    cut = _GROUPED_CUT.fullmatch(m.group())
    head = _HEAD_DIGITS.match(line)
    return cut is not None and head is not None and len(cut.group(1)) + len(head.group()) == 3


def is_page_number(line: str) -> bool:
    """Whether a line (at the top or bottom of a page) is only a page number."""
    s = line.strip()
    return bool(s) and len(s) <= 24 and _PAGE_NUMBER.fullmatch(s) is not None


def unreadable(text: str) -> bool:
    """Whether text holds glyphs pdfminer could not map (``(cid:20)``)."""
    return _CID.search(text) is not None


def document(
    paragraphs: list[tuple[str, int | None]], continues: list[bool] | None = None
) -> Document:
    """Paragraphs ``(text, page)``, in reading order, as a Document: each normalised, one blank
    line between them; blank paragraphs dropped. Where ``continues[i]``, paragraph ``i`` goes
    on from the one before (a paragraph running over a page break): its text joins that one's
    as lines do, and its block keeps that paragraph's number, on its own page."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for i, (text, page) in enumerate(paragraphs):
        text = normalise(text).strip()
        if not text:
            continue
        number = blocks[-1].paragraph + 1 if blocks else 1
        if parts and continues is not None and continues[i]:
            joined = join_lines([parts[-1], text])
            glue = joined[len(parts[-1]) : len(joined) - len(text)]
            number = blocks[-1].paragraph
        else:
            glue = "\n\n" if parts else ""
        parts.append(glue)
        pos += len(glue)
        parts.append(text)
        blocks.append(Block(pos, pos + len(text), number, page))
        pos += len(text)
    return Document("".join(parts), tuple(blocks))
