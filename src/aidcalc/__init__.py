"""aidcalc: exact funding statistics from CSV files, and a checker for figures in reports.

The Python API (:mod:`aidcalc.api`, documented in ``docs/api.md``) is reachable from here —
``aidcalc.summary(...)``, ``aidcalc.check(...)`` — and is imported only when first used, so that
the command line starts fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"

_API = {
    "read",
    "summary",
    "total",
    "mean",
    "share",
    "yoy",
    "check",
    "check_formula",
    "Result",
    "Tally",
    "CheckReport",
}


def __getattr__(name: str) -> Any:
    if name in _API:
        from aidcalc import api

        return getattr(api, name)
    raise AttributeError(f"module 'aidcalc' has no attribute {name!r}")
