"""Which encoding a text file is in: the one rule every reader of text follows.

A file's bytes are read, in this order, as

1. the encoding the user named (``--encoding``), if any;
2. what a byte order mark says: UTF-8 (``utf-8-sig``, the mark dropped), UTF-16 little or big
   endian (``utf-16``);
3. UTF-16 without a mark, when every other byte of the first 4 KiB is zero (ASCII text in
   UTF-16); any other zero byte makes it a binary file, refused;
4. UTF-8, when the bytes decode;
5. refused, naming the line, when most lines beyond ASCII are plainly UTF-8 and one is not (a
   stray byte from Latin-1 in a UTF-8 file: read whole as GB18030, every other line would be
   garbled, silently);
6. GB18030 (which contains GBK and GB2312), when the bytes decode;
7. else refused: neither UTF-8 nor GB18030.

A CSV file is read as a stream: :func:`detect` decides from its first bytes (which may end inside
a character) and :func:`undecodable` words an error met later. A text read whole (``extract``)
goes through :func:`decode_text`. Every refusal is an
:class:`~aidcalc.core.errors.AidcalcError` naming the file, the line and the bytes shown.

=====================================  ==========================================================
``detect(head, name, …)``              the codec for a stream that starts with ``head``
``decode_text(data, name, …)``         a whole text's bytes as text
``decode_head(head, enc, name, …)``    the first bytes of a stream as text, strictly
``undecodable(e, enc, name, line, …)``  the error for bytes a stream could not decode
``stray_line(head, complete)``         where the one non-UTF-8 line of a UTF-8 text starts
=====================================  ==========================================================

``kind`` names what the file should be in a refusal ("text", "CSV text"); ``option`` is the
command's option that names an encoding (``--encoding``), or None when it has none.
"""

from __future__ import annotations

import codecs

from aidcalc.core.errors import AidcalcError

__all__ = [
    "SURE",
    "decode_head",
    "decode_text",
    "detect",
    "line_at",
    "stray_line",
    "undecodable",
]

#: the start of a file looked at for UTF-16 without a mark
_SAMPLE = 4096
#: the codecs :func:`detect` is sure of (a mark says so, or the bytes decode as UTF-8, which
#: other text seldom does); a reader says on stderr when it read a file in any other it found
SURE = frozenset({"utf-8", "utf-8-sig", "utf-16"})


def detect(
    head: bytes,
    name: str,
    declared: str | None = None,
    *,
    complete: bool = False,
    kind: str = "text",
    option: str | None = None,
) -> str:
    """The codec name of a text whose bytes start with ``head`` (all of them when
    ``complete``; else the last character may be cut off)."""
    if declared:
        try:
            return codecs.lookup(declared).name
        except LookupError:
            raise AidcalcError("unknown encoding", value=declared, file=name) from None
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        sample = head[:_SAMPLE]
        if sample[1::2].count(0) > len(sample) // 4 and sample[::2].count(0) == 0:
            return "utf-16-le"
        if sample[::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
            return "utf-16-be"
        line, text = line_at(head, head.index(b"\x00"))
        raise AidcalcError(f"this is a binary file, not {kind}", file=name, line=line, value=text)
    if _decodes(head, "utf-8", complete):
        return "utf-8"
    stray = stray_line(head, complete)
    if stray is not None:
        line, text = line_at(head, stray)
        raise AidcalcError(
            "this line is not UTF-8, though the file's other lines with letters beyond ASCII are"
            " (a byte from another encoding, such as Latin-1?); fix the line"
            + (f", or name the file's encoding with {option}" if option else ""),
            file=name,
            line=line,
            value=text,
        )
    if _decodes(head, "gb18030", complete):
        return "gb18030"
    try:
        head.decode("utf-8")
        bad = len(head)
    except UnicodeDecodeError as e:
        bad = e.start
    line, text = line_at(head, bad)
    raise AidcalcError(
        "the bytes are neither UTF-8 nor GB18030 text"
        + (f"; name the encoding with {option}" if option else ""),
        file=name,
        line=line,
        value=text,
    )


def decode_text(data: bytes, name: str, *, kind: str = "text", option: str | None = None) -> str:
    """A whole text's bytes as text, by :func:`detect`'s rule (a byte order mark dropped).

    >>> decode_text("县均3933万元".encode("gb18030"), "a.txt")
    '县均3933万元'
    """
    enc = detect(data, name, complete=True, kind=kind, option=option)
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:  # UTF-16, found by its mark or its zero bytes
        line = data[: e.start].decode(enc, "replace").count("\n") + 1
        raise AidcalcError(
            f"the bytes are not valid {enc} ({e.reason})",
            file=name,
            line=line,
            value=_bad_bytes(e),
        ) from None


def decode_head(head: bytes, enc: str, name: str, option: str | None = None) -> str:
    """The first bytes of a stream in ``enc`` as text (a character cut off at the end left out);
    bytes that do not decode are refused, naming their line."""
    try:
        return codecs.getincrementaldecoder(enc)().decode(head, final=False)
    except UnicodeDecodeError as e:
        line, text = line_at(head, e.start)
        raise AidcalcError(
            f"the bytes are not valid {enc} ({e.reason})"
            + (f"; name the encoding with {option}" if option else ""),
            file=name,
            line=line,
            value=text,
        ) from None


def undecodable(
    e: UnicodeDecodeError, enc: str, name: str, line: int, option: str | None = None
) -> AidcalcError:
    """The error for bytes on ``line`` that a stream read as ``enc`` could not decode, with what
    to try: the lines before were UTF-8, so the line is at fault; or the other encoding."""
    if option is None:
        hint = "fix the line"
    elif enc.startswith("utf-8"):
        hint = (
            f"fix the line, or name the file's encoding with {option} (the lines before it"
            " are UTF-8)"
        )
    else:
        hint = f"try {option} {'gb18030' if enc.startswith('utf') else 'utf-8'}"
    return AidcalcError(
        f"the bytes are not valid {enc} ({e.reason}); {hint}",
        file=name,
        line=line,
        value=_bad_bytes(e),
    )


def stray_line(head: bytes, complete: bool = False) -> int | None:
    """Where the first line that is not UTF-8 starts, when more of the lines beyond ASCII are
    plainly UTF-8 than are not: a UTF-8 file with a stray byte from another encoding
    (``Caf\\xe9``), which read whole as GB18030 would garble every other line. None otherwise.

    A line counts as plainly UTF-8 when it decodes and shows a character of three bytes or more
    (Chinese) or only Latin letters beyond ASCII: GB18030 text happens to decode as UTF-8 only
    into two-byte characters of other scripts, so a GB18030 file is not taken for a mixed one.
    """
    utf8 = 0
    bad: list[int] = []
    start = 0
    lines = head.split(b"\n")
    for i, line in enumerate(lines):
        if not line.isascii():
            cut = not complete and i == len(lines) - 1  # the sample may end inside a character
            text = _decoded(line, final=not cut)
            if text is None:
                bad.append(start)
            elif any(ord(c) >= 0x800 for c in text) or all(
                ord(c) < 0x80 or 0xC0 <= ord(c) <= 0x17F for c in text
            ):
                utf8 += 1
        start += len(line) + 1
    return bad[0] if bad and utf8 > len(bad) else None


def line_at(data: bytes, pos: int) -> tuple[int, str]:
    """The line number of byte ``pos`` and that line, undecodable bytes shown as \\xNN."""
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    raw = data[start : end if end >= 0 else len(data)]
    return data.count(b"\n", 0, pos) + 1, raw.decode("utf-8", "backslashreplace")


def _decoded(data: bytes, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return None


def _decodes(data: bytes, enc: str, complete: bool) -> bool:
    """Whether ``data`` decodes (a character cut off at the end allowed unless ``complete``)."""
    try:
        codecs.getincrementaldecoder(enc)().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _bad_bytes(e: UnicodeDecodeError) -> str:
    obj = e.object if isinstance(e.object, bytes) else b""
    return obj[e.start : e.end + 8].decode("utf-8", "backslashreplace").split("\n")[0]
