"""Codes that nest: the budget tables' 类/款/项 columns (``201,,,`` over ``,01,`` over ``,,01``) or
one 科目编码 column (``201`` over ``20101`` over ``2010101``). A row whose code is a level above the
next row's may stand above its block (:mod:`aidcalc.published.heads`); the pre-filter
(:func:`~aidcalc.published.tablewords.may_be_special`) sends a set of label cells holding such a
pair (:func:`prefix_heads`) to the row-by-row sift; DuckDB compares the rows next to each other in
the file (:mod:`aidcalc.calc.duckgroups`: an ID column holds ``1`` and ``10`` far apart)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

__all__ = ["codes", "prefix_heads", "under"]


def codes(cells: Sequence[str], labels: Sequence[int]) -> tuple[str, ...] | None:
    """The code cells of a row whose label columns before its last are codes (digits or blank,
    one filled at least: ``201,,,``; ``,01,,``; or one column, ``20101``) and whose last label
    cell (its name) is filled; None for another row."""
    if len(labels) < 2 or not (labels[-1] < len(cells) and cells[labels[-1]].strip()):
        return None
    got = tuple(cells[i].strip() if i < len(cells) else "" for i in labels[:-1])
    if not any(got) or not all(c.isdigit() and c.isascii() for c in got if c):
        return None
    return got


def under(head: tuple[str, ...], row: tuple[str, ...] | None) -> bool:
    """Whether a row with codes ``row`` is below a row with codes ``head``: in one column, its
    code extends the head's (``20101`` under ``201``); in several, it fills a column further
    right, and agrees with the head's filled cells left of it (``,,01`` under ``,01,``)."""
    if row is None:
        return False
    if len(head) == 1:
        return row[0].startswith(head[0]) and len(row[0]) > len(head[0])
    deepest = max(i for i, c in enumerate(head) if c)
    if max(i for i, c in enumerate(row) if c) <= deepest:
        return False
    return all(not row[i] or not head[i] or row[i] == head[i] for i in range(deepest + 1))


def prefix_heads(cells: Iterable[str]) -> list[str]:
    """The cells of digits that begin another cell of digits among ``cells`` (``201`` of
    ``20101``): sorted, a code's successor begins with it if any cell does.

    >>> prefix_heads(["20101", "205", "201", "Kent"]), prefix_heads(["101", "102"])
    (['201'], [])
    """
    digits = sorted({c.strip() for c in cells if c.strip().isdigit() and c.strip().isascii()})
    return [a for a, b in pairwise(digits) if b.startswith(a)]
