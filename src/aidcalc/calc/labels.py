"""Which columns name a row, and whether their values are surely data: the label rules both
engines apply (the streaming reader's :mod:`aidcalc.calc.sift`, and DuckDB's reading in
:mod:`aidcalc.calc.duckgroups` over the distinct values). Light on purpose: DuckDB's path
imports it without the sift."""

from __future__ import annotations

from aidcalc.published.tablewords import (
    is_footer_start,
    is_heading,
    not_amount,
    of_which,
    total_label,
    without_footnote,
    word_piece,
)
from aidcalc.reader import Table
from aidcalc.reader.query import Layout

__all__ = ["label_columns", "may_not_be_data"]


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


def may_not_be_data(label: str, *, keep: bool = False) -> bool:
    """Whether a row with this label cell (and an amount) may be other than a data row for the
    sift, by the tests it applies (:class:`~aidcalc.published.shape.TableShape`): a blank cell; a
    total or subtotal word, or a cell that starts, ends or completes a total label when joined
    with the cells beside it (``All`` of ``All States``, ``计`` of ``合 | 计``); a row of rates
    (``增长%``), an 其中 part, a note, a numbered heading, an indented label (the row above may be
    a subtotal over it). With ``keep`` (``--totals keep``) blanks and subtotals above their block
    are data; a cell that is or holds a piece of a word still is not (``Of`` | ``which X``).

    >>> [may_not_be_data(x) for x in ["", "合计", "All", "增长%", "其中：教育", "Totalville"]]
    [True, True, True, True, True, False]
    >>> [may_not_be_data(x, keep=True) for x in ["", "Kent", "Of", "增长%", "注：1"]]
    [False, False, True, True, True]
    """
    text = label.strip()
    if not text:
        return not keep
    if label[:1].isspace() and not keep:  # indented: the row above may be a subtotal of it
        return True
    if not_amount(text) or of_which(text) is not None or is_footer_start(text) or is_heading(text):
        return True
    if word_piece(text):  # 合 | 计, Of | which: the sift reads the row's cells joined
        return True
    if keep:
        return False
    return any(
        total_label(without_footnote(t)) != (None, None) for t in (text, f"{text} x", f"x {text}")
    )
