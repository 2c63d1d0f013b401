"""Which columns name a row, and whether their values are surely data: the label rules both
engines apply (the streaming reader's :mod:`aidcalc.calc.sift`, and DuckDB's reading in
:mod:`aidcalc.calc.duckgroups` over the distinct values). Light on purpose: DuckDB's path
imports it without the sift."""

from __future__ import annotations

from collections.abc import Iterable

from aidcalc.published.tablewords import may_be_special
from aidcalc.reader import Table
from aidcalc.reader.query import Layout

__all__ = ["label_columns", "surely_data"]


def label_columns(table: Table, layout: Layout) -> list[int]:
    """The columns that name a row, where total, note and heading words are looked for: every
    column but the amounts (year columns too), and the column divided by. The county column names
    rows too (``甲,小计,300``)."""
    amounts = [layout.amount] if not layout.wide else [i for i, _ in layout.wide]
    skip = {*amounts, layout.per_idx}
    headers = [c.text for c in table.columns]
    if any(ch.isdigit() for h in headers for ch in h):  # year columns are amounts too
        from aidcalc.published.years import year_columns

        skip |= {i for i, _ in year_columns(headers)}
    return [c.index for c in table.columns if c.index not in skip]


def surely_data(labels: Iterable[str]) -> bool:
    """Whether rows with these label values are surely data rows: no blank cell and no word of
    the vocabulary among them (the check a batch passes before it is let through whole, and the
    one DuckDB's reading applies to every label column)."""
    return not may_be_special(labels)
