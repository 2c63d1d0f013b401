"""Hostile workbooks for tests: sheet XML edited by hand, ZIP bombs, OLE2 files built from parts.

Every file here is small on disk; what it claims about itself is not.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from workbooks import write_ods, write_xls, write_xlsx

TABLE = [["county", "amount"], ["A", 100], ["B", 200]]


def edit_zip(path: Path, part: str, edit: Callable[[bytes], bytes], out: Path) -> Path:
    """A copy of a ZIP package with one part edited."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = edit(data)
            zout.writestr(info, data)  # as it was stored: an .ods mimetype stays uncompressed
    return out


def xlsx_with_sheet_xml(tmp: Path, edit: Callable[[bytes], bytes], rows=TABLE) -> Path:
    """An .xlsx of ``rows`` whose first sheet's XML went through ``edit``."""
    base = write_xlsx(tmp / "base.xlsx", {"s": rows})
    return edit_zip(base, "xl/worksheets/sheet1.xml", edit, tmp / "edited.xlsx")


def add_cell(ref: str, value: str = "1", attrs: str = "") -> Callable[[bytes], bytes]:
    """An edit adding a row with one cell at ``ref`` at the end of the sheet data."""
    row = "".join(c for c in ref if c.isdigit())

    def edit(xml: bytes) -> bytes:
        cell = f'<row r="{row}"><c r="{ref}"{attrs}><v>{value}</v></c></row>'.encode()
        return xml.replace(b"</sheetData>", cell + b"</sheetData>")

    return edit


def replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        assert old in xml, xml[:2000]
        return xml.replace(old, new, 1)

    return edit


def add_merge(ref: str) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
        return xml.replace(b"</sheetData>", b"</sheetData>" + merge)

    return edit


def zip_bomb_xlsx(tmp: Path, megabytes: int = 64) -> Path:
    """An .xlsx whose sheet XML inflates from a few KB to ``megabytes`` (a comment of spaces)."""
    pad = b"<!--" + b" " * (megabytes << 20) + b"-->"
    return xlsx_with_sheet_xml(tmp, lambda xml: xml.replace(b"<sheetData>", pad + b"<sheetData>"))


def ods_with_content(tmp: Path, edit: Callable[[bytes], bytes], rows=TABLE) -> Path:
    base = write_ods(tmp / "base.ods", {"s": rows})
    return edit_zip(base, "content.xml", edit, tmp / "edited.ods")


def xls_with_bytes(tmp: Path, at: int, value: bytes) -> Path:
    """An .xls of the table with the bytes at ``at`` overwritten (the fuzzing of issue 19)."""
    data = bytearray(write_xls(tmp / "base.xls", {"s": TABLE}).read_bytes())
    data[at : at + len(value)] = value
    out = tmp / "damaged.xls"
    out.write_bytes(bytes(data))
    return out


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file holding ``streams`` (each padded past the 4096-byte mini
    stream cutoff, so all live in regular 512-byte sectors)."""
    size = 512
    bodies = [(name, data + bytes(max(0, 4096 - len(data)))) for name, data in streams.items()]
    n_data = sum(-(-len(d) // size) for _, d in bodies)
    n_dir = -(-(len(bodies) + 1) // 4)
    n_fat = 1
    assert n_data + n_dir + n_fat <= size // 4
    fat = [0xFFFFFFFF] * (size // 4)
    fat[0] = 0xFFFFFFFD  # sector 0 holds the FAT
    sector = 1
    starts = []
    for _, d in bodies:
        n = -(-len(d) // size)
        starts.append(sector)
        for i in range(n):
            fat[sector + i] = sector + i + 1 if i < n - 1 else 0xFFFFFFFE
        sector += n
    dir_start = sector
    for i in range(n_dir):
        fat[sector + i] = sector + i + 1 if i < n_dir - 1 else 0xFFFFFFFE

    def entry(name: str, kind: int, start: int, length: int, child: int, right: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = raw + bytes(64 - len(raw))
        e += struct.pack("<HBB", len(raw), kind, 1)
        e += struct.pack("<III", 0xFFFFFFFF, right, child)
        e += bytes(16 + 4 + 16)
        e += struct.pack("<III", start, length, 0)
        return e

    entries = [entry("Root Entry", 5, 0xFFFFFFFE, 0, 1, 0xFFFFFFFF)]
    for i, ((name, d), start) in enumerate(zip(bodies, starts)):
        right = i + 2 if i + 2 <= len(bodies) else 0xFFFFFFFF
        entries.append(entry(name, 2, start, len(d), 0xFFFFFFFF, right))
    directory = b"".join(entries)
    directory += bytes(n_dir * size - len(directory))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)  # magic, class id
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)  # 512-byte sectors
    # directory sectors, FAT sectors, first directory sector, transaction, mini stream cutoff,
    # first mini FAT sector (none), mini FAT sectors, first DIFAT sector (none), DIFAT sectors
    header += struct.pack("<9I", 0, n_fat, dir_start, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<109I", 0, *([0xFFFFFFFF] * 108))  # the FAT is sector 0
    out = header + struct.pack(f"<{size // 4}I", *fat)
    for _, d in bodies:
        out += d + bytes(-len(d) % size)
    return out + directory
