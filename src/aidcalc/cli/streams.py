r"""The process's standard streams: what is written to them, and what happens when that fails.

=============================  ==================================================================
``install()``                  stdout and stderr fall back to ASCII for what their encoding lacks
``write(text, err=)``          the whole output to stdout (notes to stderr), exactly; a failure is
                               an AidcalcError
``say(text)``                  a message on stderr, best effort: a failure never changes the status
``describe(error)``            an ``OSError`` as the words of a one-line message
=============================  ==================================================================

Decisions:

- A legacy encoding (``PYTHONIOENCODING=cp1252``, a ``cp437`` console, ``latin-1``, ``ascii``)
  cannot show bar glyphs, ``–``, ``×`` or Chinese. Those characters, and only those, are written
  in ASCII: blocks as ``#`` (a bar keeps its length to the nearest character), dashes as ``-``,
  ``×`` as ``x``, ``…`` as ``...``, and anything else as an escape (``\u4e2d``), never as a silent
  ``?``. The exit status is the same as with UTF-8.
- Output is written with ``sys.stdout.write``, not ``click.echo``: click strips ANSI sequences when
  stdout is not a terminal, which would change cells of machine formats. Tables escape control
  characters themselves (:mod:`aidcalc.output.render`).
- A reader that goes away (``| head``) is no error: the rest is dropped quietly. A full disk, a
  closed stdout or any other failure to write is one line and exit 2.
- After a failed write the stream is pointed at ``/dev/null``, so that Python's final flush at exit
  cannot print a second message or change the exit status.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from typing import TextIO

from aidcalc.core.errors import AidcalcError

__all__ = ["FALLBACK", "describe", "install", "say", "write"]

FALLBACK = "aidcalc-ascii"  # the name of the codec error handler

_ASCII = {
    "█": "#",
    "▉": "#",
    "▊": "#",
    "▋": "#",
    "▌": "#",
    "▍": "",
    "▎": "",
    "▏": "",
    "–": "-",
    "—": "-",
    "−": "-",
    "×": "x",
    "…": "...",
    "·": ".",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}


def _fallback(error: UnicodeError) -> tuple[str, int]:
    r"""The codec error handler: ASCII for the characters the encoding cannot write.

    >>> "█▌ 2012–2020 1.19× 中".encode("ascii", FALLBACK)
    b'## 2012-2020 1.19x \\u4e2d'
    >>> "2012–2020 1.19× █".encode("cp1252", FALLBACK)  # cp1252 has – and ×
    b'2012\x962020 1.19\xd7 #'
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_ascii(c) for c in text), error.end


def _ascii(c: str) -> str:
    if c in _ASCII:
        return _ASCII[c]
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


codecs.register_error(FALLBACK, _fallback)


def install() -> None:
    """Make stdout and stderr fall back to ASCII instead of failing on a character."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed or odd stream: leave it
                reconfigure(errors=FALLBACK)


def write(text: str, *, err: bool = False) -> None:
    """Write ``text`` to stdout (or stderr) as it is, and flush; failing to is an
    :class:`AidcalcError` (but a reader that went away is not)."""
    stream = sys.stderr if err else sys.stdout
    what, where = ("notes", "standard error") if err else ("output", "standard output")
    if not text:
        return
    if stream is None or stream.closed:
        raise AidcalcError(f"cannot write the {what}: {where} is closed")
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a stream install() could not reconfigure
            enc = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(enc, FALLBACK).decode(enc))
        stream.flush()
    except BrokenPipeError:  # the reader went away (| head): not an error
        silence(stream)
    except OSError as e:
        silence(stream)
        raise AidcalcError(f"cannot write the {what}: {describe(e)}") from None
    except ValueError:  # closed while we were writing
        raise AidcalcError(f"cannot write the {what}: {where} is closed") from None


def say(text: str) -> None:
    """Write a message to stderr if it can be written; never raise."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        silence(stream)


def describe(error: OSError) -> str:
    """An OSError in words: ``No space left on device``, with the file when it names one.

    >>> describe(OSError(28, "No space left on device"))
    'No space left on device'
    >>> describe(FileNotFoundError(2, "No such file or directory", "x.csv"))
    'x.csv: No such file or directory'
    """
    what = error.strerror or str(error) or type(error).__name__
    return f"{error.filename}: {what}" if error.filename is not None else what


def silence(stream: TextIO) -> None:
    """Point ``stream``'s file descriptor at /dev/null, so that nothing more fails on it."""
    try:
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):
        return
    try:
        os.dup2(devnull, fd)
    except OSError:
        pass
    finally:
        os.close(devnull)
