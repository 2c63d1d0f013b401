"""Tables laid out for print: the one import for what the sifting of published tables knows.

Published funding tables (财政厅, 统计局, ministries abroad) are made to be read on paper: a
title, a unit line (``单位：万元``, ``£ million``), the header, detail rows with the group written
only on its first row, subtotal rows (``甲省 小计``, ``Total shire counties``), a grand total
(``合计``, ``England``), then notes (``注：``, ``Source:``). What is known about them lives in one
module per concern; this module gathers their public names:

================  ======================================================================
``tablewords``    the words: totals, subtotals, notes, 其中, rows that are not amounts,
                  missing-value marks, amount column names; the batched pre-filter
``unitlines``     units, unit lines, comments and titles above the header, the header
``years``         years as tables write them (``2017年``, ``FY2021``, ``2022-23``)
``totals``        total rows checked against their rows, with rounding; the coincidence
                  guard for totals found by arithmetic
``parts``         其中 / of-which parts and the row they belong to
``heads``         subtotals standing above their block (``一、`` rows, a group named alone,
                  a category over indented items), decided when the block ends
``shape``         each row's kind in reading order (:class:`TableShape`)
``filldown``      blank "same as above" cells
``sifted``        what sifting a table found besides data rows, for stderr
================  ======================================================================

The sift itself, which passes a table's batches through all of this as they are read, is
:mod:`aidcalc.calc.sift`; the reader finds a table's header with :mod:`.unitlines`.

All of it is pure: no files, no printing; callers hand it cells (strings) and amounts already read.
"""

from __future__ import annotations

import importlib
from typing import Any

#: The public names, and the module of this package each comes from. Imported on first use: the
#: reader needs only the words and unit lines to find a header, and a run over a plain table
#: should not pay for the rest (start-up time in shell loops).
_HOME = {
    "FillDown": "filldown",
    "Reader": "shape",
    "Row": "shape",
    "TableShape": "shape",
    "AMOUNT_NAMES": "tablewords",
    "is_footer_start": "tablewords",
    "is_missing_marker": "tablewords",
    "total_label": "tablewords",
    "Amount": "totals",
    "ColumnCheck": "totals",
    "RowKind": "totals",
    "TotalResult": "totals",
    "TotalsCheck": "totals",
    "Verdict": "totals",
    "Preamble": "unitlines",
    "PreambleRow": "unitlines",
    "Unit": "unitlines",
    "amount_candidates": "unitlines",
    "find_header": "unitlines",
    "header_unit": "unitlines",
    "parse_unit": "unitlines",
    "parse_unit_line": "unitlines",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(f"aidcalc.published.{_HOME[name]}"), name)
    raise AttributeError(f"module 'aidcalc.published' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
