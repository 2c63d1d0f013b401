"""Regular expressions compiled on first use.

aidcalc runs in shell loops, where start-up time matters: a module that knows many patterns
(published table layouts, year forms) should cost nothing to import until a pattern is used.
``lazy(pattern, flags)`` stands for ``re.compile(pattern, flags)`` and compiles on first use.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["lazy"]


class _Lazy:
    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled when first used.

    >>> lazy(r"\\d+").fullmatch("2018") is not None
    True
    """
    return _Lazy(pattern, flags)  # type: ignore[return-value]
