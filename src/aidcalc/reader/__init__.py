"""Reading inputs as tables: ``open_table(source)`` yields a format-neutral :class:`Table`.

=========================  ===========================================================
``table.py``               Source, Column, Batch, Table: what every reader yields
``delimited.py``           CSV/TSV text: encodings, delimiter sniffing, streaming batches
=========================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from aidcalc.reader.delimited import open_csv
from aidcalc.reader.table import Batch, Column, Source, Splittable, Table, normalize_name

__all__ = [
    "Batch",
    "Column",
    "Source",
    "Splittable",
    "Table",
    "normalize_name",
    "open_table",
]


@contextmanager
def open_table(
    source: Source,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Table]:
    """Open ``source`` and read its header; the rows stream as the caller iterates."""
    with open_csv(source, delimiter=delimiter, encoding=encoding, progress=progress) as table:
        yield table
