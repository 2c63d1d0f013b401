"""A report's text as read from a file, with where each part of it stood.

Every reader of documents (plain text, PDF, web page, Word) returns a :class:`Document`: the text
``extract`` reads, and its blocks (paragraphs, each on a page where the format has pages). A figure
found at an offset of the text is located by :meth:`Document.locate`.

>>> doc = plain("First paragraph.\\n\\nSecond one.")
>>> [(b.paragraph, doc.text[b.start:b.end]) for b in doc.blocks]
[(1, 'First paragraph.'), (2, 'Second one.')]
>>> doc.locate(20).paragraph
2
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["Block", "Document", "plain"]


@dataclass(frozen=True)
class Block:
    """One paragraph: ``text[start:end]``, its number (from 1) and its page (or None)."""

    start: int
    end: int
    paragraph: int
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """The text of a report and its paragraphs, in reading order."""

    text: str
    blocks: tuple[Block, ...]

    def locate(self, offset: int) -> Block | None:
        """The block holding ``offset`` (or the last one starting before it)."""
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        return self.blocks[i] if i >= 0 else None


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n|\n(?=[ \t\u3000])")


def plain(text: str) -> Document:
    """A plain text: paragraphs are separated by a blank line, or by a line that starts indented.

    A single line break inside a paragraph is kept in the text (``extract`` joins broken lines).
    """
    blocks: list[Block] = []
    pos = 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip())
            blocks.append(Block(pos + lead, pos + trail, len(blocks) + 1))
        if m:
            pos = m.end()
    return Document(text, tuple(blocks))
