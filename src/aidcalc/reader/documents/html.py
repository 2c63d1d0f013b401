"""Web pages (and Word documents, as the HTML mammoth makes of them): text and tables.

The text of a saved news page is its article only — readability-lxml drops navigation, scripts,
ads and comments — with entities decoded (``&pound;59.7 billion`` is ``£59.7 billion``) and
footnote numbers (superscripts of one to three digits) left out.
readability also drops data tables, so tables come from the whole page: every table that holds
no other table (a page laid out with tables holds its data table inside them), with ``rowspan``
and ``colspan`` honoured, its ``<caption>`` and the short lines just before it as its title and
unit line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.document import Document
from aidcalc.reader.documents.grid import MAX_CELLS, Cell, Grid
from aidcalc.reader.documents.limits import guarded
from aidcalc.reader.documents.text import document, join_lines, normalise

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["html_tables", "paragraphs_of", "parse", "read_html"]

_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "dd",
        "dt",
        "dl",
        "figure",
        "figcaption",
        "main",
        "br",
        "hr",
        "address",
    ]
)
_SKIP = frozenset("script style noscript template head title iframe object svg math".split())  # noqa: SIM905
_MAX_SPAN = 1000
_SPACE = re.compile(r"[ \t\r\f\v]+")


def parse(data: bytes | str, name: str) -> HtmlElement:
    import lxml.html
    from lxml import etree

    try:
        parser = lxml.html.HTMLParser(remove_comments=True, huge_tree=False)
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise AidcalcError(f"cannot read the web page: {e}", file=name) from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise AidcalcError(
            "the web page nests its elements too deeply (over 256 levels) to be read whole;"
            " not read",
            file=name,
        )
    return root


def read_html(data: bytes, name: str) -> Document:
    """The article of a web page as paragraphs."""
    with guarded(name, "the web page"):
        from readability import Document as Readable

        parse(data, name)  # refused here when too deep: lxml would drop what lies deeper
        try:
            article = Readable(data).summary(html_partial=True)
        except Exception as e:  # readability raises its own Unparseable, and lxml's errors
            if isinstance(e, (MemoryError, RecursionError)):
                raise
            raise AidcalcError(f"cannot find the article of the web page: {e}", file=name) from None
        root = parse(article, name)
        return document([(p, None) for p in paragraphs_of(root)])


def paragraphs_of(root: HtmlElement, skip_tables: bool = True) -> list[str]:
    """The text of the block elements under ``root``, one paragraph each, tables left out."""
    out: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        text = join_lines([normalise(_SPACE.sub(" ", ln)) for ln in "".join(lines).split("\n")])
        if text.strip():
            out.append(text.strip())
        lines.clear()

    def walk(el: Any, depth: int) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or (skip_tables and tag == "table") or _footnote_mark(el, tag):
            pass
        else:
            block = tag in _BLOCK
            if block:
                flush()
            if el.text:
                lines.append(el.text)
            for child in el:
                walk(child, depth + 1)
            if block:
                flush()
        if el.tail:
            lines.append(el.tail)

    walk(root, 0)
    flush()
    return out


_MARK = re.compile(r"\s*[\[(]?\d{1,3}[\])]?\s*")


def _footnote_mark(el: Any, tag: str) -> bool:
    """A footnote number: a superscript of one to three digits (``<sup>1</sup>``, mammoth's
    ``<sup><a href="#footnote-1">[1]</a></sup>``), not a figure of the text."""
    return tag == "sup" and _MARK.fullmatch(el.text_content()) is not None


def html_tables(data: bytes | str, name: str, root: HtmlElement | None = None) -> list[Grid]:
    """The data tables of a page: those holding no other table, with two rows and two columns
    or more."""
    with guarded(name, "the web page"):
        if root is None:
            root = parse(data, name)
        grids: list[Grid] = []
        for table in root.iter("table"):
            if any(True for _ in table.iter("table") if _ is not table):
                continue
            grid = _grid(table, len(grids) + 1, name)
            rows, cols = grid.size
            if rows >= 2 and cols >= 2:
                grid.index = len(grids) + 1
                grids.append(grid)
        return grids


def _rows(table: Any) -> list[Any]:
    rows = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def _span(el: Any, attr: str) -> int:
    try:
        return min(max(int(str(el.get(attr, "1")).strip() or 1), 1), _MAX_SPAN)
    except ValueError:
        return 1


def _grid(table: Any, index: int, name: str) -> Grid:
    rows = _rows(table)
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = min(_span(td, "rowspan"), len(rows) - r)
            colspan = _span(td, "colspan")
            text = " ".join(paragraphs_of(td, skip_tables=False))
            cells.append(Cell(r, c, text, rowspan, colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            if len(taken) > MAX_CELLS:
                raise AidcalcError(f"table {index} has too many cells to read", file=name)
            c += colspan
    above = [normalise(" ".join(cap.text_content().split())) for cap in table.iter("caption")]
    if not above:
        above = _before(table)
    return Grid(cells, None, index, f"table {index} of the page", above, [])


def _before(table: Any) -> list[str]:
    """Up to two short paragraphs right before the table (a title, a unit line)."""
    out: list[str] = []
    el = table.getprevious()
    while el is not None and len(out) < 2:
        if isinstance(el.tag, str) and el.tag not in _SKIP:
            text = normalise(" ".join(el.text_content().split()))
            if len(text) > 40 or el.tag == "table":
                break
            if text:
                out.insert(0, text)
        el = el.getprevious()
    return out
