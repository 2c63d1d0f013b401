"""What kind of document a file is, from its first bytes (never its name alone).

>>> kind_of(b"%PDF-1.7\\n"), kind_of(b"\\xef\\xbb\\xbf<!DOCTYPE html><html>"), kind_of(b"2018")
('pdf', 'html', 'text')
"""

from __future__ import annotations

import re

__all__ = ["HEAD_BYTES", "kind_of"]

#: How many first bytes :func:`kind_of` needs.
HEAD_BYTES = 4096

_ZIP = b"PK\x03\x04"
_HTML = re.compile(
    rb"\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|table|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


def kind_of(head: bytes) -> str:
    """``"pdf"``, ``"docx"``, ``"html"``, ``"zip"`` (another ZIP: a workbook, say) or
    ``"text"``, from a file's first :data:`HEAD_BYTES` bytes."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP):
        return "docx" if b"word/" in head else "zip"
    body = head
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if body.startswith(bom):
            body = body[len(bom) :]
            break
    if body[:2] in (b"<\x00", b"\x00<") or head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16
        body = body.replace(b"\x00", b"")
    if _HTML.match(body):
        return "html"
    return "text"
