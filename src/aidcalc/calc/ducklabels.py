"""The label evidence of DuckDB's reading, in memory that does not grow with the rows.

Every label cell of a table read by DuckDB is looked at, as the sift looks at it
(:mod:`aidcalc.calc.labels`), over distinct values:

- a label column with few values (years, provinces, categories) comes from the second grouping set
  of the main query (:meth:`aidcalc.calc.duck.File.run`);
- a column with many values in its first rows (a project title, an ID: :func:`many_valued`) would
  make that set as large as the file, so its distinct values are streamed by a query of their own,
  in chunks (:func:`odd_values` keeps only the odd ones).

The vocabulary's cheap pre-filter (:func:`~aidcalc.published.tablewords.may_be_special`) runs over a
chunk at once; the values it flags are found by halving the chunk, then read one by one by the
sift's own tests (:func:`~aidcalc.calc.labels.may_not_be_data`): ``Totalville`` and
``Water resources`` hold a fragment of the vocabulary and are data; ``合计`` and ``增长%`` are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aidcalc.calc.labels import may_not_be_data
from aidcalc.published.tablewords import may_be_special

__all__ = ["CHUNK", "MANY", "many_valued", "odd_values"]

#: A label column with more distinct values than this in its first 1,024 rows is streamed on its
#: own (:func:`odd_values`) instead of joining the main query's second grouping set.
MANY = 256
CHUNK = 4096  # values the pre-filter reads at once


def many_valued(first_rows: Sequence[Sequence[str]], columns: Iterable[int]) -> list[int]:
    """The ``columns`` whose cells in ``first_rows`` take more than :data:`MANY` values."""
    return [i for i in columns if len({row[i] for row in first_rows if i < len(row)}) > MANY]


def _flagged(values: Sequence[str]) -> list[str]:
    """The values the pre-filter flags, found by halving (the pre-filter reads a chunk at once)."""
    if not may_be_special(values):
        return []
    if len(values) == 1:
        return [values[0]]
    half = len(values) // 2
    return _flagged(values[:half]) + _flagged(values[half:])


def odd_values(values: Iterable[str], *, keep: bool = False) -> list[str]:
    """The values among ``values`` whose rows may not be data for the sift (``keep``: with
    ``--totals keep``, where blanks and total words are data), in the order met."""
    odd: list[str] = []
    chunk: list[str] = []
    for v in values:
        chunk.append(v)
        if len(chunk) == CHUNK:
            odd += [x for x in _flagged(chunk) if may_not_be_data(x, keep=keep)]
            chunk = []
    if chunk:
        odd += [x for x in _flagged(chunk) if may_not_be_data(x, keep=keep)]
    return odd
