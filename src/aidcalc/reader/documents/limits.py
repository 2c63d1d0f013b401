"""Limits for documents that may be hostile: size, decompression, nesting and time.

A PDF's streams are Flate-compressed and a .docx is a ZIP: a few kilobytes can expand to
gigabytes (a "bomb"). A page can nest elements thousands deep; a parser can be made to loop.
Each ends in one :class:`~aidcalc.core.errors.AidcalcError`, before memory runs out, within seconds:

=============================  ================================================================
``check_size(data)``           the file is at most ``MAX_BYTES``
``check_flate(data)``          every Flate stream of a PDF inflates to at most ``MAX_STREAM``
``check_zip(data)``            a .docx's entries: few, each at most ``MAX_STREAM`` inflated
                               (as declared and as actually read)
``guarded(name)``              a context: ``MemoryError``, ``RecursionError`` and a parser that
                               runs past ``SECONDS`` become one error naming the file
=============================  ================================================================
"""

from __future__ import annotations

import io
import signal
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from aidcalc.core.errors import AidcalcError

__all__ = ["MAX_BYTES", "SECONDS", "check_flate", "check_size", "check_zip", "guarded"]

MAX_BYTES = 256 * 1024 * 1024  # a document file
MAX_STREAM = 64 * 1024 * 1024  # one inflated PDF stream
MAX_INFLATED = 512 * 1024 * 1024  # all of a PDF's streams, or a .docx's entries, inflated
MAX_ENTRIES = 10_000  # entries of a .docx
SECONDS = 10  # reading one document

_BOMB = "a compressed part inflates past {} MB (a compression bomb?); not read"


def check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_BYTES:
        raise AidcalcError(
            f"the document is {len(data) // 2**20} MB; documents over {MAX_BYTES // 2**20} MB"
            " are not read",
            file=name,
        )


def check_flate(data: bytes, name: str) -> None:
    """Inflate every stream of a PDF that looks Flate-compressed, in bounded pieces, and stop
    at the first that inflates past :data:`MAX_STREAM` (or all past :data:`MAX_INFLATED`)."""
    total = 0
    pos = data.find(b"stream")
    while pos >= 0:
        start = pos + 6
        if data[start : start + 2] == b"\r\n":
            start += 2
        elif data[start : start + 1] in (b"\n", b"\r"):
            start += 1
        else:  # "endstream", or the word inside some text
            pos = data.find(b"stream", start)
            continue
        end = data.find(b"endstream", start)
        if end < 0:
            break
        # a zlib header, and enough bytes to inflate past the limit (Deflate's ratio is at most
        # 1032 to 1): smaller streams are left to the reader
        if end - start > MAX_STREAM // 1032 and data[start : start + 1] in (b"x", b"h", b"X"):
            total += _inflated_size(data[start:end], name)
            if total > MAX_INFLATED:
                raise AidcalcError(_BOMB.format(MAX_INFLATED // 2**20), file=name)
        pos = data.find(b"stream", end + 9)


def _inflated_size(chunk: bytes, name: str) -> int:
    d = zlib.decompressobj()
    size = 0
    piece = 1 << 20
    try:
        out = d.decompress(chunk, piece)
        while True:
            size += len(out)
            if size > MAX_STREAM:
                raise AidcalcError(_BOMB.format(MAX_STREAM // 2**20), file=name)
            if d.eof or not d.unconsumed_tail or not out:
                break
            out = d.decompress(d.unconsumed_tail, piece)
    except zlib.error:
        pass  # not Flate after all (or damaged): the PDF reader decides
    return size


def check_zip(data: bytes, name: str) -> None:
    """A .docx's entries: at most :data:`MAX_ENTRIES`, and together at most
    :data:`MAX_INFLATED` inflated, counted as they are actually read (a declared size can lie)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ENTRIES:
                raise AidcalcError(f"a ZIP with {len(infos)} entries; not read", file=name)
            total = 0
            for info in infos:
                if info.file_size > MAX_STREAM:
                    raise AidcalcError(_BOMB.format(MAX_STREAM // 2**20), file=name)
                size = 0
                with z.open(info) as f:
                    while piece := f.read(1 << 20):
                        size += len(piece)
                        total += len(piece)
                        if size > MAX_STREAM or total > MAX_INFLATED:
                            raise AidcalcError(_BOMB.format(MAX_STREAM // 2**20), file=name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as e:
        raise AidcalcError(f"a damaged ZIP (Word) file: {e}", file=name) from None


class _Timeout(Exception):
    pass


@contextmanager
def guarded(name: str, what: str = "the document") -> Iterator[None]:
    """Run a parser with a time limit (in the main thread) and its failures as one error."""
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    old = None

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    if use_alarm:
        old = signal.signal(signal.SIGALRM, on_alarm)
        previous = signal.alarm(SECONDS)
    try:
        yield
    except _Timeout:
        raise AidcalcError(
            f"reading {what} took over {SECONDS} seconds (a document made to hang a reader?);"
            " stopped",
            file=name,
        ) from None
    except MemoryError:
        raise AidcalcError(f"{what} needs more memory than there is; not read", file=name) from None
    except RecursionError:
        raise AidcalcError(f"{what} nests too deeply to read", file=name) from None
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
            if previous:
                signal.alarm(previous)
