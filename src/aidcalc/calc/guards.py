"""What one pass over the rows watches besides the sums: that a ``--where`` filter kept some row
(a filter that matches none is an error naming the nearest values, never a total of 0), and that
the amounts are in one currency."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from aidcalc.core.errors import AidcalcError
from aidcalc.reader import Batch, Source
from aidcalc.reader.filters import cell_value
from aidcalc.reader.query import Layout, Query

__all__ = ["Currencies", "Filters"]


class Filters:
    """Whether ``--where`` kept any row: a filter that matches none is an error naming values
    the column does have, nearest first, never a total of 0 (a typo is not a figure)."""

    LIMIT = 10_000  # distinct values remembered per column while nothing has matched

    def __init__(self, query: Query) -> None:
        self.query = query
        self.read = 0
        self.kept = 0
        self.values: dict[int, set[str]] = {}

    def batch(self, layout: Layout, rows: list[list[str]], kept: int) -> None:
        self.read += len(rows)
        self.kept += kept
        if self.kept:
            return
        for i, _ in layout.conditions:
            if i >= 0:
                seen = self.values.setdefault(i, set())
                if len(seen) < self.LIMIT:
                    seen.update(cell_value(r[i]) for r in rows)

    def check(self, sources: Sequence[Source]) -> None:
        if not self.query.where or not self.read or self.kept:
            return
        shown = ", ".join(str(c) for c in self.query.where)
        hint = ""
        first = self.query.where[0]
        values = next(iter(self.values.values()), set()) if len(self.values) == 1 else set()
        if values:
            near = difflib.get_close_matches(first.value, sorted(values), n=5, cutoff=0)
            more = len(values) - len(near)
            listed = ", ".join(repr(v) for v in near) + (f" and {more} more" if more > 0 else "")
            hint = f"; {first.column} has {listed}"
        raise AidcalcError(
            f"no row passes the filter {shown}{hint}",
            file=sources[0].name if len(sources) == 1 else None,
        )


class Currencies:
    """The currency of the amounts: one for all files and cells, or an error naming the cell."""

    def __init__(self) -> None:
        self.currency: str | None = None
        self.where = ""
        self.column_code: str | None = None  # the first code of a currency column …
        self.column_line = 0  # … and its line

    def expect(self, layout: Layout) -> None:
        if layout.unit is not None and layout.unit.currency:
            self.seen(layout.unit.currency, f"the unit of {layout.file}", layout, None, 0, "")

    def seen(
        self, currency: str, where: str, layout: Layout, line: int | None, col: int, cell: str
    ) -> None:
        if self.currency is None:
            self.currency, self.where = currency, where
        elif currency != self.currency:
            err = AidcalcError(
                f"amounts in {currency} where {self.where} is in {self.currency}: one currency"
                " per column",
                value=cell or None,
            )
            raise (
                layout.located(err, line, col)
                if line is not None
                else err.located(file=layout.file)
            )

    def column(
        self, layout: Layout, batch: Batch, rows: list[list[str]], index: list[int] | None
    ) -> None:
        """The currency column's cells of the rows kept (``index``: their places in ``batch``):
        a second currency is an error at its cell, never a sum across currencies."""
        i = layout.currency_idx
        for n, row in enumerate(rows):
            code = cell_value(row[i]).upper()
            if not code or code == self.column_code:
                continue
            line = batch.line(index[n] if index is not None else n)
            if self.column_code is None:
                self.column_code, self.column_line = code, line
                continue
            # rows may come out of order (a table's first row is held back): the later is at fault
            (first, _), (other, at) = sorted(
                [(self.column_code, self.column_line), (code, line)], key=lambda c: c[1]
            )
            name = layout.columns[i] if i < len(layout.columns) else "currency"
            err = AidcalcError(
                f"amounts in {other} where earlier rows are in {first}: amounts in two"
                f" currencies are not added; group them with --by {name!r} or keep one with"
                f' --where "{name}={first}"',
                value=other,
            )
            raise layout.located(err, at, i)

    def shown(self) -> str | None:
        """The currency to name in headers: none for yuan, the default."""
        return None if self.currency in (None, "CNY") else self.currency
