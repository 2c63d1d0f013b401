"""What a workbook's own bytes say, read before python-calamine is let to load anything.

:class:`Prescan` checks the container first (the ZIP directory of an ``.xlsx``/``.ods``: entry
sizes and compression ratios; the OLE2 directory of an ``.xls``: its chains, and whether it holds
a workbook or an encrypted ``.xlsx``), then measures each sheet before it is loaded: its extent
against :data:`~aidcalc.reader.workbook_limits.MAX_CELLS`, its error cells, and the number cells
whose format names a currency or a percentage. ``.xls`` and ``.ods`` workbooks are loaded whole
by python-calamine, so all their sheets are measured at once; an ``.xlsx`` sheet is measured
when it is about to be loaded. See :mod:`aidcalc.reader.workbook_limits` for the limits.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from typing import Any, Union
from xml.etree import ElementTree

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.workbook_limits import SheetScan, check_zip

__all__ = ["Prescan"]

Data = Union[bytes, str, "os.PathLike[str]"]

#: What a damaged container raises while aidcalc reads it itself.
_DAMAGE = (
    OSError,
    LookupError,  # KeyError, IndexError, and an XML declaration naming an unknown encoding
    ValueError,
    EOFError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ElementTree.ParseError,
    struct.error,
    NotImplementedError,  # a ZIP compression method Python does not know
    RuntimeError,  # an encrypted ZIP entry
)


class Prescan:
    """The checks and scans of one workbook, made before python-calamine reads it."""

    def __init__(self, data: Data, kind: str | None, file_name: str) -> None:
        self.kind = kind
        self.file_name = file_name
        self.data = data
        self.sheets: dict[str, SheetScan] = {}
        self._zip: zipfile.ZipFile | None = None
        self._marks: dict[int, str] | None = None
        try:
            if kind in ("xlsx", "ods"):
                src: Any = io.BytesIO(data) if isinstance(data, bytes) else os.fspath(data)
                self._zip = zipfile.ZipFile(src)
                check_zip(self._zip, file_name)
                if kind == "ods":
                    from aidcalc.reader.ods_scan import scan_ods

                    self.sheets = scan_ods(self._zip)
            elif kind == "xls":
                self.sheets = self._xls()
        except AidcalcError:
            raise
        except _DAMAGE as e:
            raise self.damaged(e) from None
        for name, scan in self.sheets.items():
            scan.check(name, file_name)

    def damaged(self, e: BaseException) -> AidcalcError:
        detail = str(e).strip() or type(e).__name__
        return AidcalcError(f"the workbook is damaged: {detail}", file=self.file_name)

    def _xls(self) -> dict[str, SheetScan]:
        from aidcalc.reader.biff import scan_xls
        from aidcalc.reader.ole2 import Ole2, check_workbook

        data = self.data
        if not isinstance(data, bytes):
            with open(data, "rb") as f:
                data = f.read()
        stream = check_workbook(Ole2(data), self.file_name)
        sheets, encrypted = scan_xls(stream)
        if encrypted:
            raise AidcalcError(
                "the workbook is protected by a password: save it without the password first",
                file=self.file_name,
            )
        return sheets

    def sheet(self, name: str) -> SheetScan:
        """The scan of the sheet called ``name``, checked against the limits; call it before
        python-calamine loads that sheet."""
        scan = self.sheets.get(name)
        if scan is not None:
            return scan
        scan = SheetScan()
        if self.kind == "xlsx" and self._zip is not None:
            from aidcalc.reader.xlsx_scan import scan_xlsx, sheet_part, style_marks

            try:
                if self._marks is None:
                    self._marks = style_marks(self._zip)
                scan = scan_xlsx(self._zip, sheet_part(self._zip, name), self._marks)
            except _DAMAGE as e:
                raise AidcalcError(
                    f"cannot read sheet {name}: {str(e).strip() or type(e).__name__}",
                    file=self.file_name,
                ) from None
        scan.check(name, self.file_name)
        self.sheets[name] = scan
        return scan

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None
