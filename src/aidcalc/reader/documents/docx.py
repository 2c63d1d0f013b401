"""Word documents (.docx) through mammoth: its HTML gives the text and the tables.

mammoth keeps tracked insertions and drops tracked deletions (the document as it reads with the
changes accepted), and writes a merged cell once, with its ``colspan``/``rowspan``; the HTML
reader of :mod:`aidcalc.reader.documents.html` does the rest. A row whose every cell was deleted as
a tracked change comes out of mammoth as an empty row; it is dropped.
"""

from __future__ import annotations

import io
from typing import Any

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.document import Document
from aidcalc.reader.documents.grid import Grid
from aidcalc.reader.documents.html import html_tables, paragraphs_of, parse
from aidcalc.reader.documents.limits import check_zip, guarded
from aidcalc.reader.documents.text import document

__all__ = ["docx_html", "docx_tables", "read_docx"]


def docx_html(data: bytes, name: str) -> Any:
    """The document as parsed HTML."""
    check_zip(data, name)
    with guarded(name, "the Word document"):
        import mammoth

        try:
            html = mammoth.convert_to_html(io.BytesIO(data)).value
        except (KeyError, ValueError, OSError) as e:
            raise AidcalcError(f"cannot read the Word document: {e}", file=name) from None
        except Exception as e:  # the XML inside: lxml's and zipfile's errors
            if isinstance(e, (MemoryError, RecursionError)):
                raise
            raise AidcalcError(f"cannot read the Word document: {e}", file=name) from None
        return parse(html or "<p></p>", name)


def read_docx(data: bytes, name: str) -> Document:
    root = docx_html(data, name)
    return document([(p, None) for p in paragraphs_of(root)])


def docx_tables(data: bytes, name: str) -> list[Grid]:
    root = docx_html(data, name)
    grids = html_tables(b"", name, root=root)
    for g in grids:
        g.position = f"table {g.index} of the document"
    return grids
