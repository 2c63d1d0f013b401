"""Reading inputs as tables: ``open_table(source)`` yields a format-neutral :class:`Table`.

=========================  ===========================================================
``table.py``               Source, Column, Batch, Table: what every reader yields; finding
                           the header past title rows and unit lines
``delimited.py``           CSV/TSV text: encodings, delimiter sniffing, streaming batches
``workbook.py``            .xlsx/.xlsm/.xls/.ods through python-calamine, as cell text
=========================  ===========================================================

A workbook is recognised by its first bytes, from a file or from stdin, never by its name; the
spreadsheet reader is imported only then. So is a document (PDF, web page, Word): one of its
tables is read, chosen with ``page`` and ``table`` (:mod:`aidcalc.reader.documents.tables`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain, islice

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.delimited import open_csv, read_head
from aidcalc.reader.documents.sniff import HEAD_BYTES, kind_of
from aidcalc.reader.table import (
    BATCH_ROWS,
    PREAMBLE_ROWS,
    Batch,
    Column,
    Source,
    Splittable,
    Table,
    checked_batch,
    columns_of,
    find_table,
    normalize_name,
)

__all__ = [
    "Batch",
    "Column",
    "Source",
    "Splittable",
    "Table",
    "normalize_name",
    "open_table",
]

_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # ZIP (xlsx, ods), OLE2 (xls)


@contextmanager
def open_table(
    source: Source,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    page: int | None = None,
    table_number: int | None = None,
) -> Iterator[Table]:
    """Open ``source`` and find its header; the rows stream as the caller iterates."""
    head: bytes | None = None
    if source.stream is not None:
        head = read_head(source.stream)
        magic = head
    else:
        magic = _first_bytes(source)
    if kind_of(magic[:HEAD_BYTES]) in ("pdf", "html", "docx") or (
        page is not None or table_number is not None
    ):
        if sheet is not None:
            raise AidcalcError(
                "--sheet is for workbooks; a table of a PDF, web page or Word document is chosen"
                " with --page and --table (aidcalc tables FILE lists them)",
                file=source.name,
            )
        yield _document_table(source, head, page, table_number, header_row)
        return
    if magic.startswith(_MAGIC):
        data: bytes | str
        if source.stream is not None:
            assert head is not None
            data = head + source.stream.read()
        else:
            data = source.path or source.name
        yield _workbook_table(source, data, sheet, header_row)
        return
    if sheet is not None:
        raise AidcalcError("--sheet is for workbooks; this is a text file", file=source.name)
    with open_csv(
        source,
        delimiter=delimiter,
        encoding=encoding,
        progress=progress,
        header_row=header_row,
        head=head,
    ) as table:
        yield table


def _first_bytes(source: Source) -> bytes:
    path = source.path or source.name
    try:
        with open(path, "rb") as f:
            return f.read(HEAD_BYTES)
    except OSError:
        return b""  # the CSV reader says what is wrong with the file


def _document_table(
    source: Source, head: bytes | None, page: int | None, table: int | None, header_row: int | None
) -> Table:
    from aidcalc.reader.documents import DOCUMENT_KINDS, document_kind
    from aidcalc.reader.documents.tables import open_document_table

    if source.stream is not None:
        data = (head or b"") + source.stream.read()
    else:
        with open(source.path or source.name, "rb") as f:
            data = f.read()
    if document_kind(data) not in DOCUMENT_KINDS:
        raise AidcalcError(
            "--page and --table choose a table of a PDF, web page or Word document; this is not"
            " one",
            file=source.name,
        )
    return open_document_table(source, data, page=page, table=table, header_row=header_row)


def _workbook_table(
    source: Source, data: bytes | str, sheet: str | None, header_row: int | None
) -> Table:
    from aidcalc.reader.workbook import open_sheet, workbook_format

    if isinstance(data, bytes):
        head = data[:4096]
    else:
        with open(data, "rb") as f:
            head = f.read(4096)
    if workbook_format(head) is None:
        raise AidcalcError(
            "a ZIP or OLE2 file that is not a workbook (.xlsx, .xlsm, .xls, .ods)",
            file=source.name,
        )
    name = source.name
    sheet_rows = open_sheet(data, file_name=name, sheet=sheet)
    where = f"{name}, sheet {sheet_rows.name}"
    rows = iter(sheet_rows.rows)
    records = list(islice(rows, PREAMBLE_ROWS))
    found = find_table(records, where, header_row)
    columns = columns_of(found.header, where, found.header_line)
    width = len(columns)
    first = checked_batch(found.rows, found.lines, width, where)

    def rest() -> Iterator[Batch]:
        while chunk := list(islice(rows, BATCH_ROWS)):
            batch = checked_batch([c for _, c in chunk], [n for n, _ in chunk], width, where)
            if batch is not None:
                yield batch

    batches = chain([first] if first is not None else [], rest())
    table = Table(Source(where, source.path), columns, batches, found.header_line)
    table.preamble = found.preamble
    table.sheet = sheet_rows.name
    table.first_column = sheet_rows.first_column
    others = [s for s in sheet_rows.sheets if s != sheet_rows.name]
    if sheet is None and others:  # the other sheets may hold tables too: say which was read
        shown = ", ".join(repr(s) for s in others[:5]) + (" …" if len(others) > 5 else "")
        table.notes.append(
            f"read the sheet {sheet_rows.name!r}, the first that holds a table; the workbook"
            f" also has {shown} (--sheet NAME reads another)"
        )
    return table
