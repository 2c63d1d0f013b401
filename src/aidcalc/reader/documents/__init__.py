"""Reports as they arrive: PDF files, saved web pages and Word documents, besides plain text.

=============================  ================================================================
``read_document(data, name)``  the text ``extract`` reads, as a :class:`~.document.Document`
                               (paragraphs, and pages for a PDF); the kind is chosen by content
``document_kind(head)``        ``"pdf"``, ``"html"``, ``"docx"``, ``"zip"`` or ``"text"``
``tables_of(data, name)``      the tables of a document, as :class:`~.grid.Grid`
``open_document_table(...)``   one of them as a :class:`~aidcalc.reader.Table`, for the commands
                               that read tables
=============================  ================================================================

=============  ===============================================================================
``sniff``      the kind of a file from its first bytes
``text``       normalising text (radicals, full-width digits), joining broken lines, page numbers
``radicals``   CJK radicals → unified ideographs (Unicode's EquivalentUnifiedIdeograph data)
``grid``       a document's table as cells with spans → rows for the table reader
``pdf``        PDF text (pypdfium2) and tables (pdfplumber)
``html``       web pages: the article (readability-lxml), tables from the whole page (lxml)
``docx``       Word documents through mammoth's HTML
``limits``     hostile documents: bombs, nesting, hangs
``tables``     a document's table as a reader Table
=============  ===============================================================================

The PDF, HTML and Word libraries are imported only when a document of that kind is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.documents.sniff import HEAD_BYTES, kind_of

if TYPE_CHECKING:
    from aidcalc.reader.document import Document
    from aidcalc.reader.documents.grid import Grid

__all__ = ["DOCUMENT_KINDS", "document_kind", "read_document", "tables_of"]

#: The kinds of file that are documents (not a CSV, not a workbook).
DOCUMENT_KINDS = ("pdf", "html", "docx")


def document_kind(data: bytes) -> str:
    """The kind of a file from its bytes (a ZIP is a ``"docx"`` when it holds a Word body)."""
    kind = kind_of(data[:HEAD_BYTES])
    if kind == "zip" and _zip_is_word(data):
        return "docx"
    return kind


def _zip_is_word(data: bytes) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_document(data: bytes, name: str) -> Document:
    """The text of a report in any kind this module reads, with where each paragraph stood."""
    from aidcalc.reader.documents.limits import check_size

    check_size(data, name)
    kind = document_kind(data)
    if kind == "pdf":
        from aidcalc.reader.documents.pdf import read_pdf

        return read_pdf(data, name)
    if kind == "html":
        from aidcalc.reader.documents.html import read_html

        return read_html(data, name)
    if kind == "docx":
        from aidcalc.reader.documents.docx import read_docx

        return read_docx(data, name)
    if kind == "zip":
        raise AidcalcError(
            "a ZIP file that is not a Word document (.docx); a report is read from PDF, a web"
            " page, .docx or text",
            file=name,
        )
    from aidcalc.reader.document import plain
    from aidcalc.reader.encoding import decode_text

    return plain(decode_text(data, name))


def tables_of(data: bytes, name: str, page: int | None = None) -> list[Grid]:
    """The tables of a document (of one page of a PDF)."""
    from aidcalc.reader.documents.limits import check_size

    check_size(data, name)
    kind = document_kind(data)
    if page is not None and kind != "pdf":
        raise AidcalcError(f"--page {page}: only a PDF has pages; use --table K", file=name)
    if kind == "pdf":
        from aidcalc.reader.documents.pdf import pdf_tables

        return pdf_tables(data, name, page)
    if kind == "html":
        from aidcalc.reader.documents.html import html_tables

        return html_tables(data, name)
    if kind == "docx":
        from aidcalc.reader.documents.docx import docx_tables

        return docx_tables(data, name)
    raise AidcalcError("not a PDF, web page or Word document: it has no tables to list", file=name)
