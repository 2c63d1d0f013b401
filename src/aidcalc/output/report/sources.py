"""What a result was made from, carried to the HTML page in ``Result.source``.

The table of a result is enough for text formats; a page also says what was checked (files, sizes,
hashes) and draws each claim from its typed check. The command line wraps those here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aidcalc.checker.verdicts import CheckReport

__all__ = ["CheckSource", "DataSource"]


@dataclass(frozen=True)
class CheckSource:
    """A check: the typed report, the claims file it read (None for ``--formula``), and the
    language of its page (``en``, ``zh``; None: the report's own)."""

    report: CheckReport
    claims_path: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class DataSource:
    """A calculator result: the data files it read (``-`` for stdin)."""

    files: tuple[str, ...]
