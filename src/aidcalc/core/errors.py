"""The one error type of aidcalc's core.

Every problem a user can cause — a missing file, a cell that is not an amount, an unknown column,
a formula that does not parse — is an :class:`AidcalcError`. It carries where the problem is
(file, line, column) and the offending value, and :meth:`AidcalcError.message` renders them as the
single line the command line prints.
"""

from __future__ import annotations

import unicodedata

__all__ = ["AidcalcError", "one_line"]


class AidcalcError(Exception):
    """Bad input or bad usage, found by the core. The CLI prints :meth:`message` and exits 2."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        self.value = value

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the location (a second process sends its error back this way)."""
        return (_rebuild, (self.reason, self.file, self.line, self.column, self.value))

    def located(
        self, *, file: str | None = None, line: int | None = None, column: str | None = None
    ) -> AidcalcError:
        """Return this error with the location filled in where it was not known yet."""
        return AidcalcError(
            self.reason,
            file=self.file or file,
            line=self.line if self.line is not None else line,
            column=self.column or column,
            value=self.value,
        )

    def message(self) -> str:
        """One line: ``FILE, line N, column "C": value "V": reason``."""
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f'column "{one_line(self.column)}"')
        where = ", ".join(parts)
        what = self.reason
        if self.value is not None:
            what = f"{_show(self.value)}: {what}"
        text = f"{where}: {what}" if where else what
        return one_line(text)

    def __str__(self) -> str:
        return self.message()


def _rebuild(
    reason: str, file: str | None, line: int | None, column: str | None, value: str | None
) -> AidcalcError:
    return AidcalcError(reason, file=file, line=line, column=column, value=value)


def _show(value: str, limit: int = 60) -> str:
    """Quote a cell for an error message, shortened when it is very long."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return '"' + value + '"'


_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def one_line(text: str) -> str:
    r"""Control characters and line or paragraph separators written as escapes: one line, always.

    Error messages and the cells of tables for people go through it, so that a cell cannot
    move the cursor, set a terminal's title or add a line.

    >>> print(one_line("a" + chr(10) + "b" + chr(27) + "]0;x" + chr(7)))
    a\nb\x1b]0;x\x07
    """
    if text.isprintable():
        return text
    return "".join(
        _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) in ("Cc", "Zl", "Zp")
        else c
        for c in text
    )
