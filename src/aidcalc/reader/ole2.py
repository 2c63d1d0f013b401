"""Reading an OLE2 compound file (the container of ``.xls``), enough to find a workbook's stream.

A compound file is a small FAT file system: a header, sectors, a table of sector chains (the FAT,
found through the header and the DIFAT), a directory of named streams, and a second table for
small streams (the mini FAT). Every number in it comes from the file, so every one is checked:
a chain that leaves the file, loops, or points nowhere is a damaged file (:class:`Damaged`), never
an ``IndexError``; nothing read is larger than the file.

=============================  ==================================================================
``Ole2(data)``                 the compound file: its directory of streams
``.names()``                   the stream names
``.stream(names)``             the first stream with one of the names, or None
``Damaged``                    a ``ValueError`` saying what is wrong with the file
=============================  ==================================================================

An ``.xlsx`` protected by a password is stored in an OLE2 file too, with the streams
``EncryptionInfo`` and ``EncryptedPackage`` instead of ``Workbook``: :func:`check_workbook` says so.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from aidcalc.core.errors import AidcalcError

__all__ = ["OLE2_MAGIC", "Damaged", "Ole2", "check_workbook"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFA  # sector numbers from here on are markers (end of chain, free, FAT, DIFAT)
WORKBOOK_STREAMS = ("Workbook", "Book")


class Damaged(ValueError):
    """The compound file contradicts itself."""


class Ole2:
    """An OLE2 compound file held in memory."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(OLE2_MAGIC) or len(data) < 512:
            raise Damaged("not an OLE2 file")
        self.data = data
        sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if not 7 <= sector_shift <= 16 or not 2 <= mini_shift <= sector_shift:
            raise Damaged(f"sector sizes 2^{sector_shift} and 2^{mini_shift}")
        self.size = 1 << sector_shift
        self.mini_size = 1 << mini_shift
        self.n_sectors = max(0, (len(data) - 512) // self.size + 1)
        n_fat, dir_start, _, self.mini_cutoff, mini_fat_start, n_mini_fat, difat, n_difat = (
            struct.unpack_from("<IIIIIIII", data, 44)
        )
        per = self.size // 4
        fat_sectors = list(struct.unpack_from("<109I", data, 76))[: min(n_fat, 109)]
        seen: set[int] = set()
        for _ in range(min(n_difat, self.n_sectors)):
            if difat >= _END:
                break
            if difat in seen:
                raise Damaged("the DIFAT loops")
            seen.add(difat)
            entries = struct.unpack(f"<{per}I", self._sector(difat))
            fat_sectors.extend(entries[:-1])
            difat = entries[-1]
        if n_fat > self.n_sectors:
            raise Damaged(f"{n_fat} FAT sectors in a file of {self.n_sectors}")
        self.fat: list[int] = []
        for s in fat_sectors[:n_fat]:
            self.fat.extend(struct.unpack(f"<{per}I", self._sector(s)))
        directory = self._chain_bytes(dir_start, self.fat, self._sector)
        self.entries: list[tuple[str, int, int, int]] = []
        for off in range(0, len(directory) - 127, 128):
            name_len = min(64, struct.unpack_from("<H", directory, off + 64)[0])
            name = directory[off : off + max(0, name_len - 2)].decode("utf-16-le", "replace")
            kind = directory[off + 66]
            start, stream_size = struct.unpack_from("<II", directory, off + 116)
            self.entries.append((name, kind, start, stream_size))
        self._mini_fat_start, self._n_mini_fat = mini_fat_start, n_mini_fat

    def _sector(self, i: int) -> bytes:
        if i >= self.n_sectors:
            raise Damaged(f"sector {i} lies past the end of the file")
        block = self.data[(i + 1) * self.size : (i + 2) * self.size]
        return block + bytes(self.size - len(block))  # the last sector may be cut short

    def _chain(self, start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        seen: set[int] = set()
        while start < _END:
            if start >= len(table) or start in seen:
                raise Damaged(f"a sector chain {'loops' if start in seen else 'leaves the file'}")
            seen.add(start)
            out.append(start)
            start = table[start]
        return out

    def _chain_bytes(self, start: int, table: list[int], read: Callable[[int], bytes]) -> bytes:
        return b"".join(read(s) for s in self._chain(start, table))

    def _mini_stream_bytes(self, start: int) -> bytes:
        """A small stream: a chain of mini sectors, inside the root entry's stream."""
        root = next((e for e in self.entries if e[1] == 5), None)
        if root is None:
            raise Damaged("no root entry")
        mini_fat: list[int] = []
        per = self.size // 4
        for s in self._chain(self._mini_fat_start, self.fat)[: self._n_mini_fat]:
            mini_fat.extend(struct.unpack(f"<{per}I", self._sector(s)))
        mini = self._chain_bytes(root[2], self.fat, self._sector)
        m = self.mini_size

        def mini_sector(i: int) -> bytes:
            if (i + 1) * m > len(mini):
                raise Damaged(f"mini sector {i} lies past the mini stream")
            return mini[i * m : (i + 1) * m]

        return self._chain_bytes(start, mini_fat, mini_sector)

    def names(self) -> list[str]:
        """The names of the streams (directory entries of kind 2)."""
        return [name for name, kind, _, _ in self.entries if kind == 2]

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        """The first stream called one of ``names``, or None."""
        for name, kind, start, stream_size in self.entries:
            if kind != 2 or name not in names:
                continue
            if stream_size > len(self.data):
                raise Damaged(f"the stream {name} is larger than the file")
            if stream_size >= self.mini_cutoff:
                return self._chain_bytes(start, self.fat, self._sector)[:stream_size]
            return self._mini_stream_bytes(start)[:stream_size]
        return None


def check_workbook(ole: Ole2, file_name: str) -> bytes:
    """The BIFF workbook stream of an ``.xls``; an encrypted ``.xlsx``, or an OLE2 file with no
    workbook in it (a ``.doc``), is an :class:`AidcalcError` saying which it is."""
    names = ole.names()
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise AidcalcError(
            "the workbook is protected by a password (an encrypted .xlsx): save it without the"
            " password first",
            file=file_name,
        )
    stream = ole.stream(WORKBOOK_STREAMS)
    if stream is None:
        shown = ", ".join(names[:5]) or "none"
        raise AidcalcError(
            f"an OLE2 file with no Workbook stream (its streams: {shown}): not an .xls workbook",
            file=file_name,
        )
    return stream
