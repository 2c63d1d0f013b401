"""Cell references of a sheet: a 0-based column as letters, a cell as ``D7``."""

from __future__ import annotations

__all__ = ["cell_ref", "column_letters"]


def column_letters(index: int) -> str:
    """The letters of a 0-based column index.

    >>> column_letters(0), column_letters(3), column_letters(25), column_letters(26)
    ('A', 'D', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """The reference of the cell in 1-based ``row`` and 0-based ``column``: ``cell_ref(7, 3)``
    is ``"D7"``."""
    return f"{column_letters(column)}{row}"
