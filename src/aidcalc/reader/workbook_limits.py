"""The limits a workbook must keep before python-calamine is let to load it, and why.

python-calamine loads a sheet as a dense grid from its first to its last cell: a 2 KB file with
cells at ``A1`` and ``XFD1048576`` asks for 17 billion cells (512 GB). A ZIP entry of a few KB can
inflate to gigabytes. So every workbook is measured first, from what its file says about itself,
reading no more than the limits allow:

=====================  ========================  ============================================
limit                  value                     checked from
=====================  ========================  ============================================
``MAX_CELLS``          10,000,000 cells           each sheet's extent: rows × columns from its
                                                 first to its last cell holding a value, by
                                                 every ``.xlsx`` cell reference (not the
                                                 ``<dimension>``), the ``.xls`` cell records, the
                                                 ``.ods`` rows and repeated cells
``MAX_PART_BYTES``     1 GiB                     each ZIP entry's uncompressed size (``.xlsx``,
                                                 ``.ods``), as declared and as read
``MAX_SHARED_BYTES``   256 MiB                   the ``.xlsx`` shared strings, which are loaded
                                                 whole
``MAX_META_BYTES``     32 MiB                    the parts parsed whole as XML trees: workbook,
                                                 styles, relationships, content types
``MAX_RATIO``          100                       uncompressed / compressed size of an entry over
                                                 1 MiB (XML compresses 5 to 20 times; a ZIP bomb
                                                 a thousand)
``MAX_ENTRIES``        10,000                    entries in the ZIP directory
=====================  ========================  ============================================

Ten million cells is Excel's full height (1,048,576 rows) by nine columns, or 100,000 rows by 100
columns: larger than any funding table, and small enough for a dense grid of them to stay well
under a gigabyte. A file past a limit is refused with one line naming the sheet and its extent.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from aidcalc.core.errors import AidcalcError

__all__ = [
    "MAX_CELLS",
    "MAX_ENTRIES",
    "MAX_META_BYTES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_SHARED_BYTES",
    "SheetScan",
    "check_zip",
]

MAX_CELLS = 10_000_000
MAX_PART_BYTES = 1 << 30
MAX_SHARED_BYTES = 256 << 20
MAX_META_BYTES = 32 << 20
_META = ("xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml", "styles.xml", "meta.xml")
MAX_RATIO = 100
MAX_ENTRIES = 10_000
_SMALL = 1 << 20  # entries up to this size may compress as well as they like


@dataclass
class SheetScan:
    """What a sheet's own bytes say, read before python-calamine loads it.

    ``bad``: {0-based row: {0-based column: reason}} for error cells and formulas with no saved
    value; ``marks``: {row: {column: mark}} for number cells whose format names a currency or a
    percentage (see :mod:`aidcalc.reader.number_formats`); ``extent``: (first row, first column,
    last row, last column), 0-based, of the cells, or None for an empty sheet.
    """

    bad: dict[int, dict[int, str]] = field(default_factory=dict)
    marks: dict[int, dict[int, str]] = field(default_factory=dict)
    extent: tuple[int, int, int, int] | None = None

    def cell(self, row: int, col: int) -> None:
        """Take a cell at 0-based ``row``, ``col`` into the extent."""
        e = self.extent
        if e is None:
            self.extent = (row, col, row, col)
        elif not (e[0] <= row <= e[2] and e[1] <= col <= e[3]):
            self.extent = (min(e[0], row), min(e[1], col), max(e[2], row), max(e[3], col))

    def check(self, sheet: str, file_name: str) -> None:
        """Refuse a sheet whose extent is past :data:`MAX_CELLS`."""
        if self.extent is None:
            return
        r0, c0, r1, c1 = self.extent
        rows, cols = r1 - r0 + 1, c1 - c0 + 1
        if rows * cols > MAX_CELLS:
            from aidcalc.reader.cellrefs import cell_ref

            raise AidcalcError(
                f"sheet {sheet} spans {cell_ref(r0 + 1, c0)}:{cell_ref(r1 + 1, c1)}, {rows:,} rows"
                f" by {cols:,} columns: past the limit of {MAX_CELLS:,} cells that aidcalc reads"
                " from a sheet (a cell far from the others? delete it, or save the table alone)",
                file=file_name,
            )


def check_zip(z: zipfile.ZipFile, file_name: str) -> None:
    """Refuse a ZIP whose directory declares too many entries, an entry too large, or an entry
    compressed more than any spreadsheet's XML would be (a ZIP bomb)."""
    infos = z.infolist()
    if len(infos) > MAX_ENTRIES:
        raise AidcalcError(
            f"the workbook has {len(infos):,} parts, past the limit of {MAX_ENTRIES:,}",
            file=file_name,
        )
    for info in infos:
        name = info.filename
        limit = (
            MAX_SHARED_BYTES
            if name.endswith("sharedStrings.xml")
            else MAX_META_BYTES
            if name in _META or name.endswith(".rels")
            else MAX_PART_BYTES
        )
        if info.file_size > limit:
            raise AidcalcError(
                f"the workbook part {info.filename} would inflate to {info.file_size:,} bytes,"
                f" past the limit of {limit:,}",
                file=file_name,
            )
        # Python's zipfile stops reading an entry at its declared size, so what aidcalc reads
        # itself cannot inflate past these numbers either.
        if info.file_size > _SMALL and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise AidcalcError(
                f"the workbook part {info.filename} is compressed {info.file_size:,} bytes into"
                f" {info.compress_size:,}: more than {MAX_RATIO} to 1, as a ZIP bomb is, not a"
                " spreadsheet",
                file=file_name,
            )
