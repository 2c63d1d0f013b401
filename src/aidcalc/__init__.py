"""aidcalc: exact funding statistics from tables, and a checker for the figures in reports.

Functions (documented with runnable examples in ``docs/api.md``; each returns a typed result
that renders exactly as the command line prints it, ``result.render("table")``):

=====================================  ========================================================
``read(paths, **options)``             one pass over one file or several → :class:`Tally`
``summary(data, **options)``           rows, counties, total, mean per county, share
``total`` / ``mean`` / ``share``       one statistic per group
``yoy(data, year=None, **options)``    year over year: multiples, growth, CAGR
``check(claims, data_dir=None)``       every claim of a claims file → :class:`CheckReport`
``check_formula(formula, reported)``   one formula against one reported figure
=====================================  ========================================================

They are imported only when first used (:mod:`aidcalc.api`), so the command line starts fast.
"""

from __future__ import annotations

from typing import Any

from aidcalc.version import __version__ as __version__

__all__ = [
    "CheckReport",
    "Result",
    "Tally",
    "check",
    "check_formula",
    "mean",
    "read",
    "share",
    "summary",
    "total",
    "yoy",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from aidcalc import api

        return getattr(api, name)
    raise AttributeError(f"module 'aidcalc' has no attribute {name!r}")


def __dir__() -> list[str]:  # the module's own names and the API, for tab completion
    return sorted([*globals(), *__all__])
