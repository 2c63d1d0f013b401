"""Reading delimited text (CSV, TSV, …) from files and stdin as a :class:`~.table.Table`.

``open_csv(source)`` is a context manager yielding the table: its header (names matched
case-insensitively, a trailing ``(unit)`` split off) and its records as a stream of batches with
the line each starts on. It decides the encoding (by :mod:`aidcalc.reader.encoding`'s rule) and
the delimiter (``,`` ``;`` tab ``|``) from the first 64 KiB, then reads the rest as a stream. A
large file in an encoding where a newline byte is always a newline, and without quotes, can be
split between two processes (:class:`CsvSplit`). Every problem becomes an
:class:`~aidcalc.core.errors.AidcalcError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import BinaryIO, Protocol, TypeVar

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.encoding import SURE, decode_head, detect, undecodable
from aidcalc.reader.table import (
    BATCH_ROWS,
    PREAMBLE_ROWS,
    Batch,
    Column,
    Source,
    Table,
    checked_batch,
    columns_of,
    find_table,
    line_numbers,
)

__all__ = ["DELIMITERS", "open_csv", "read_head"]

DELIMITERS = (",", ";", "\t", "|")
_HEAD_SIZE = 64 * 1024
_OPTION = "--encoding"  # the option that names a file's encoding, said in refusals
_BUFFER = 1024 * 1024
#: One field may be large (a pasted paragraph), but not unbounded.
FIELD_SIZE_LIMIT = 128 * 1024 * 1024


@contextmanager
def open_csv(
    source: Source,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
    header_row: int | None = None,
    head: bytes | None = None,
) -> Iterator[Table]:
    """Open ``source`` and find its header (past title rows and unit lines, or on line
    ``header_row``); the rows stream as the caller iterates. ``head`` is the start of the
    stream when a caller has read it already (to tell a workbook from text)."""
    name = source.name
    raw = _open_binary(source)
    # The csv module's field size limit is process-wide: raised while this table is open, for
    # large fields (a pasted paragraph), and put back on the way out.
    limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        if head is None:
            head = read_head(raw)
        if not head:
            raise AidcalcError("empty file: expected a header row", file=name)
        enc = detect(head, name, encoding, kind="CSV text", option=_OPTION)
        stream = _Prefixed(head, raw, progress)
        text = io.TextIOWrapper(stream, encoding=enc, errors="strict", newline="")  # type: ignore[type-var]
        first_text = decode_head(head, enc, name, _OPTION)
        _refuse_json(first_text, name)
        delim = delimiter if delimiter is not None else _sniff(first_text, name)
        if len(delim) != 1:
            raise AidcalcError("the delimiter must be one character", value=delim)
        reader = csv.reader(text, delimiter=delim, strict=True)
        records = _first_records(reader, name, enc, stream)
        found = find_table(records, name, header_row)
        columns = columns_of(found.header, name, found.header_line)
        width = len(columns)
        first = checked_batch(found.rows, found.lines, width, name)
        rest = _batches(reader, width, name, enc, stream)
        batches = itertools.chain([first] if first is not None else [], rest)
        split = None
        if source.path is not None and enc in SPLITTABLE:
            split = CsvSplit(source, columns, enc, delim, stream)
        table = Table(source, columns, batches, found.header_line, split)
        table.preamble = found.preamble
        if encoding is None and enc not in SURE:
            table.notes.append(
                f"read as {enc.upper()}: the bytes are not UTF-8; if the text looks wrong, name"
                " the encoding with --encoding (latin-1, cp1252, big5 …)"
            )
        yield table
    finally:
        csv.field_size_limit(limit)
        if source.stream is None:
            raw.close()


#: Encodings in which a newline byte is always a newline, so a file can be split at one.
SPLITTABLE = frozenset({"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "ascii", "latin-1",
                        "iso8859-1", "cp1252"})  # fmt: skip


class CsvSplit:
    """How a CSV file on disk is shared with a second process (see :mod:`aidcalc.parallel`)."""

    def __init__(
        self, source: Source, columns: list[Column], enc: str, delim: str, stream: _Prefixed
    ) -> None:
        assert source.path is not None
        self.path = source.path
        self.source = source
        self.columns = columns
        self.encoding = enc
        self.delimiter = delim
        self.stream = stream

    def split_point(self, min_bytes: int) -> int | None:
        """Just after the newline nearest the middle of the file; None when the file is small,
        not a regular file, or has quotes (a quoted field may hold a newline)."""
        path = self.path
        if not os.path.isfile(path):
            return None
        size = os.path.getsize(path)
        if size < min_bytes:
            return None
        with open(path, "rb") as f:  # chunk by chunk: a memory map would count in the peak RSS
            while chunk := f.read(1 << 20):
                if b'"' in chunk:
                    return None
            f.seek(size // 2)
            tail = f.read(1 << 20)
        newline = tail.find(b"\n")
        split = size // 2 + newline + 1
        if newline < 0 or split <= self.stream.position or split >= size:
            return None
        return split

    def stop_at(self, offset: int) -> None:
        self.stream.stop_at(offset)

    def scale_progress(self, factor: float) -> None:
        report = self.stream.progress
        if report is not None:
            self.stream.progress = lambda n: report(int(n * factor))

    @contextmanager
    def part(self, start: int, end: int) -> Iterator[Table]:
        """The records from byte ``start`` (just after a newline) to ``end``, as a table with the
        same columns; line numbers count from ``start``."""
        raw = open(self.path, "rb")  # noqa: SIM115 (closed below)
        limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
        try:
            raw.seek(start)
            stream = _Prefixed(b"", raw, None)
            stream.stop_at(end - start)
            text = io.TextIOWrapper(stream, encoding=self.encoding, errors="strict", newline="")  # type: ignore[type-var]
            reader = csv.reader(text, delimiter=self.delimiter, strict=True)
            name = self.source.name
            batches = _batches(reader, len(self.columns), name, self.encoding, stream)
            yield Table(self.source, self.columns, batches)
        finally:
            csv.field_size_limit(limit)
            raw.close()

    def lines_before(self, offset: int) -> int:
        """How many line breaks (\\n, \\r\\n or a lone \\r) the file has before byte ``offset``."""
        count = 0
        carry = b""
        with open(self.path, "rb") as f:
            left = offset
            while left > 0:
                chunk = carry + f.read(min(left, _BUFFER))
                left -= len(chunk) - len(carry)
                if not chunk:
                    break
                carry = chunk[-1:] if chunk.endswith(b"\r") and left > 0 else b""
                body = chunk[: len(chunk) - len(carry)]
                count += body.count(b"\n") + body.count(b"\r") - body.count(b"\r\n")
        return count


# ---------------------------------------------------------------------------------------------
# Bytes


def _open_binary(source: Source) -> BinaryIO:
    if source.stream is not None:
        return source.stream
    path = source.path or source.name
    if os.path.isdir(path):
        raise AidcalcError("is a directory, not a CSV file", file=source.name)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise AidcalcError("no such file", file=source.name) from None
    except PermissionError:
        raise AidcalcError(
            "permission denied: the file is not readable", file=source.name
        ) from None
    except OSError as e:
        raise AidcalcError(f"cannot open: {e.strerror}", file=source.name) from None


def read_head(raw: BinaryIO) -> bytes:
    """The first 64 KiB of a stream (or all of it, when shorter)."""
    chunks, size = [], 0
    while size < _HEAD_SIZE:
        b = raw.read(_HEAD_SIZE - size)
        if not b:
            break
        chunks.append(b)
        size += len(b)
    return b"".join(chunks)


class _Prefixed(io.BufferedIOBase):
    """The bytes already read for sniffing, then the rest of the stream.

    Counts the newlines before the chunk being decoded, so that a decoding error can name its
    line, and reports bytes read to an optional progress callback.
    """

    def __init__(self, head: bytes, rest: BinaryIO, progress: Callable[[int], None] | None) -> None:
        self._head: bytes | None = head or None
        self._rest = rest
        self.progress = progress
        self.lines_before = 0  # newlines before the last chunk handed out
        self._last = b""
        self.position = 0  # bytes handed out so far
        self._remaining: int | None = None  # bytes still to hand out, when limited

    def stop_at(self, offset: int) -> None:
        """Hand out nothing past byte ``offset`` of the stream."""
        if offset < self.position:
            raise ValueError("already read past that offset")
        self._remaining = offset - self.position

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        if self._head is not None:
            data, self._head = self._head, None
        else:
            n = _BUFFER if size is None or size < _BUFFER else size
            if self._remaining is not None:
                n = min(n, self._remaining)
                self._remaining -= n
            data = self._rest.read(n) if n else b""
        self.position += len(data)
        self.lines_before += self._last.count(b"\n")
        self._last = data
        if self.progress is not None and data:
            self.progress(len(data))
        return data

    def read(self, size: int | None = -1) -> bytes:
        return self.read1(-1 if size is None else size)

    def line_of(self, error: UnicodeDecodeError) -> int:
        """The line of a decoding error in the last chunk (approximate if the error's bytes
        were carried over from the chunk before)."""
        obj = error.object if isinstance(error.object, bytes) else b""
        return self.lines_before + obj[: error.start].count(b"\n") + 1


def _refuse_json(text: str, name: str) -> None:
    """JSON (aidcalc's own ``--format json`` or ``jsonl`` output, say) is no table to read: its
    brackets would be read as cells. A text starting with ``{``, or ``[`` then a value, is one."""
    s = text.lstrip()
    if s.startswith("{") or (s.startswith("[") and s[1:].lstrip()[:1] in ("{", "[", '"', "]")):
        raise AidcalcError(
            "this is JSON, not a table aidcalc reads (CSV, TSV or a workbook); write aidcalc's"
            " output with --format csv to read it again",
            file=name,
            line=1,
        )


def _sniff(text: str, name: str) -> str:
    """The delimiter: whichever of , ; tab | is most frequent outside quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    while text.startswith("#") and "\n" in text:  # comment lines above the table
        text = text.split("\n", 1)[1]
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    if best == 0:
        return ","
    winners = [d for d, n in counts.items() if n == best]
    if len(winners) > 1:
        shown = " and ".join(repr(w) for w in winners)
        raise AidcalcError(
            f"cannot tell the delimiter: the header has as many {shown}; use --delimiter",
            file=name,
            line=1,
        )
    return winners[0]


# ---------------------------------------------------------------------------------------------
# Records


class _Reader(Protocol):
    line_num: int

    def __next__(self) -> list[str]: ...

    def __iter__(self) -> Iterator[list[str]]: ...


def _first_records(
    reader: _Reader, name: str, enc: str, stream: _Prefixed
) -> list[tuple[int, list[str]]]:
    """The first ``PREAMBLE_ROWS`` records with their lines (blank lines as empty records):
    where the header is looked for."""
    records: list[tuple[int, list[str]]] = []
    while len(records) < PREAMBLE_ROWS:
        before = reader.line_num
        cells = _guarded(lambda: next(reader, None), reader, name, enc, stream)
        if cells is None:
            break
        records.append((before + 1, cells))
    return records


def _batches(
    reader: _Reader, width: int, name: str, enc: str, stream: _Prefixed
) -> Iterator[Batch]:
    """Records in batches, read by the csv module's C code; blank lines dropped, ragged refused."""
    while True:
        first_line = reader.line_num + 1
        rows = _guarded(lambda: list(islice(reader, BATCH_ROWS)), reader, name, enc, stream)
        if not rows:
            return
        if set(map(len, rows)) == {width}:
            yield Batch(rows, first_line, reader.line_num, None)
            continue
        batch = checked_batch(rows, line_numbers(rows, first_line), width, name)
        if batch is not None:
            yield batch


T = TypeVar("T")


def _guarded(read: Callable[[], T], reader: _Reader, name: str, enc: str, stream: _Prefixed) -> T:
    """Run ``read``, turning decoding and CSV errors into errors that name the line."""
    try:
        return read()
    except UnicodeDecodeError as e:
        raise undecodable(e, enc, name, stream.line_of(e), _OPTION) from None
    except csv.Error as e:
        raise AidcalcError(f"malformed CSV: {e}", file=name, line=reader.line_num) from None
