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
``shape``         each row's kind in reading order (:class:`TableShape`)
``filldown``      blank "same as above" cells
``sifted``        what sifting a table found besides data rows, for stderr
================  ======================================================================

The sift itself, which passes a table's batches through all of this as they are read, is
:mod:`aidcalc.calc.sift`; the reader finds a table's header with :mod:`.unitlines`.

All of it is pure: no files, no printing; callers hand it cells (strings) and amounts already read.
"""

from __future__ import annotations

from aidcalc.published.filldown import FillDown
from aidcalc.published.shape import Reader, Row, TableShape
from aidcalc.published.tablewords import (
    AMOUNT_NAMES,
    is_footer_start,
    is_missing_marker,
    total_label,
)
from aidcalc.published.totals import Amount, ColumnCheck, RowKind, TotalResult, TotalsCheck, Verdict
from aidcalc.published.unitlines import (
    Preamble,
    PreambleRow,
    Unit,
    amount_candidates,
    find_header,
    header_unit,
    parse_unit,
    parse_unit_line,
)

__all__ = [
    "AMOUNT_NAMES",
    "Amount",
    "ColumnCheck",
    "FillDown",
    "Preamble",
    "PreambleRow",
    "Reader",
    "Row",
    "RowKind",
    "TableShape",
    "TotalResult",
    "TotalsCheck",
    "Unit",
    "Verdict",
    "amount_candidates",
    "find_header",
    "header_unit",
    "is_footer_start",
    "is_missing_marker",
    "parse_unit",
    "parse_unit_line",
    "total_label",
]
