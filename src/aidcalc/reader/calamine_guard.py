"""Calling python-calamine so that a damaged file is one error line, never a crash.

python-calamine is Rust. On some damaged files its code panics: Rust prints the panic (and, with
``RUST_BACKTRACE`` set, a backtrace) straight to file descriptor 2, and pyo3 raises
``pyo3_runtime.PanicException``, which derives from ``BaseException``, not ``Exception``. So every
call that parses the file runs inside :func:`guarded`: file descriptor 2 points to ``/dev/null``
for the duration of the call (Rust's message is not aidcalc's to print), and a panic, caught by
its type's name and nothing broader, becomes an :class:`AidcalcError` saying the file is damaged.

=============================  ==================================================================
``guarded(file_name)``         a context for one call into python-calamine
``load(data, file_name)``      the workbook, from a path or bytes
``sheet(wb, name, file)``      one sheet, loaded
=============================  ==================================================================
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Union

from aidcalc.core.errors import AidcalcError

if TYPE_CHECKING:
    from python_calamine import CalamineSheet, CalamineWorkbook

__all__ = ["guarded", "is_panic", "load", "sheet"]

Data = Union[bytes, str, "os.PathLike[str]"]


def is_panic(e: BaseException) -> bool:
    """Whether ``e`` is a Rust panic raised through pyo3 (its class is not importable)."""
    return type(e).__name__ == "PanicException"


def damaged(e: BaseException, file_name: str) -> AidcalcError:
    detail = str(e).splitlines()[0] if str(e) else "a panic"
    return AidcalcError(
        f"the workbook is damaged: python-calamine cannot read it ({detail})", file=file_name
    )


@contextmanager
def guarded(file_name: str) -> Iterator[None]:
    """Run a call into python-calamine with Rust's messages silenced and its panics caught."""
    saved = _silence()
    try:
        yield
    except BaseException as e:
        if is_panic(e):
            raise damaged(e, file_name) from None
        raise
    finally:
        _restore(saved)


def _silence() -> int | None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()  # what aidcalc wrote before goes out before the descriptor moves
    try:
        saved = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return None
    try:
        os.dup2(null, 2)
    finally:
        os.close(null)
    return saved


def _restore(saved: int | None) -> None:
    if saved is not None:
        os.dup2(saved, 2)
        os.close(saved)


def load(data: Data, file_name: str) -> CalamineWorkbook:
    """The workbook at a path or in bytes; an unreadable one is an :class:`AidcalcError`."""
    import python_calamine

    try:
        with guarded(file_name):
            if isinstance(data, bytes):
                return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            return python_calamine.CalamineWorkbook.from_path(os.fspath(data))
    except python_calamine.PasswordError:
        raise AidcalcError("the workbook is protected by a password", file=file_name) from None
    except (python_calamine.CalamineError, OSError, ValueError) as e:
        raise AidcalcError(f"cannot read the workbook: {e}", file=file_name) from None


def sheet(wb: CalamineWorkbook, name: str, file_name: str) -> CalamineSheet:
    """The sheet called ``name``, loaded (its extent checked before, by the caller)."""
    import python_calamine

    try:
        with guarded(file_name):
            return wb.get_sheet_by_name(name)
    except python_calamine.CalamineError as e:
        raise AidcalcError(f"cannot read sheet {name}: {e}", file=file_name) from None
