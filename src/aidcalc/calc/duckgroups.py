"""The answers of :mod:`aidcalc.calc.duck`'s queries turned into groups, by aidcalc's own rules.

DuckDB hands back, per combination of raw group, filter and county cells, how many amounts were
plain at the column's scale and their exact DECIMAL sum, and how many were not; then the others
grouped by their text. Here, in Python: the filters (:class:`~aidcalc.reader.filters.Condition`),
the group keys (NFKC, :func:`~aidcalc.reader.filters.cell_value`, once per distinct value), the
other cells (:func:`~aidcalc.core.figures.parse_cell`, once per distinct text), the groups' order
(the first rows as aidcalc's reader reads them, then DuckDB's row numbers), and the published-table
rules over the distinct labels (:func:`~aidcalc.calc.ducklabels.odd_values`, and the arithmetic of a
grand total named by a place). Whatever cannot be vouched for raises :class:`Unsuited`, or for a
Parquet file an error naming the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aidcalc.calc.ducklabels import odd_values
from aidcalc.calc.groups import Group
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import parse_cell, scaled
from aidcalc.published.tablewords import is_missing_marker
from aidcalc.published.unitlines import is_figure
from aidcalc.reader.filters import Condition, cell_value
from aidcalc.reader.query import FILE, Keys

if TYPE_CHECKING:
    from aidcalc.calc.duck import File

__all__ = ["Found", "RowError", "Rows", "Unsuited"]

MAX_LOOKUPS = 1000  # rows fetched again to rule out a grand total among them
HEAD_ROWS = 65_536  # rows read by aidcalc's reader for the groups' order


class Unsuited(Exception):
    """This input needs the streaming reader; the reason, for stderr."""


class RowError(Exception):
    """A Parquet row's error: the rows come grouped, so the first bad row is found among all."""

    def __init__(self, row: int, error: AidcalcError) -> None:
        super().__init__(error.message())
        self.row = row
        self.error = error


@dataclass
class Found:
    groups: dict[tuple[str, ...], Group] = field(default_factory=dict)
    first: dict[tuple[str, ...], int] = field(default_factory=dict)  # key → its first row
    currencies: set[str] = field(default_factory=set)
    kept: int = 0  # rows that pass the filters


class Rows:
    """The answer of one file's queries, turned into groups by aidcalc's own rules."""

    def __init__(
        self,
        file: File,
        dims: list[int],
        every: list[int],
        main_mask: int,
        label_set: list[int],
        labels: list[int],
        county: int,
        scale: int,
        many: list[int],
    ) -> None:
        self.file = file
        self.layout = file.layout
        self.dims = dims
        self.every = every
        self.main_mask = main_mask
        self.label_set = label_set
        self.labels = labels
        self.many = many  # label columns of many values, streamed on their own (ducklabels)
        self.grouped = [i for i in labels if i not in many]  # those the main query gives
        self.low: Fraction | None = None  # the range of the amounts, when asked (first_many)
        self.high: Fraction | None = None
        self.county = county
        self.scale = scale
        self.found = Found()
        layout = self.layout
        if layout.unit is not None and layout.unit.currency:
            self.found.currencies.add(layout.unit.currency)
        self._norm: dict[str, str] = {}
        self.sums: dict[int, int] = {}  # every row's amount, kept or not, by exponent
        self.raw_first: dict[tuple[str, ...], int] = {}  # raw dimensions → first row (Parquet)
        self.errors: list[RowError] = []  # a Parquet file's bad rows, the first one named

    def _refuse_first(self) -> None:
        if self.errors:
            raise min(self.errors, key=lambda e: e.row).error

    def norm(self, raw: str) -> str:
        got = self._norm.get(raw)
        if got is None:
            got = self._norm[raw] = cell_value(raw)
        return got

    def read(self, records: list[tuple[Any, ...]]) -> Found:
        width = len(self.every)
        at = {i: n for n, i in enumerate(self.every)}
        values: dict[int, set[str]] = {i: set() for i in self.grouped}
        label_rows: list[tuple[dict[int, str], int, Fraction | None]] = []
        others = 0
        rows = 0
        for rec in records:
            try:
                rows, others = self._record(rec, width, at, values, label_rows, rows, others)
            except RowError as e:
                self.errors.append(e)
        if others or self.errors:
            self._others()
        self._refuse_first()
        self._sifted(values, label_rows, rows)
        if not self.file.parquet:
            self._order()
        return self.found

    def _record(
        self,
        rec: tuple[Any, ...],
        width: int,
        at: dict[int, int],
        values: dict[int, set[str]],
        label_rows: list[tuple[dict[int, str], int, Fraction | None]],
        rows: int,
        others: int,
    ) -> tuple[int, int]:
        """One record of the main query: (rows, other cells) so far."""
        layout = self.layout
        cells = ["" if c is None else c for c in rec[:width]]  # NULL: an empty cell
        which, n_ok, total, n_other, first, counties, not_whole, low, high = rec[width:]
        count = n_ok + n_other
        if not count:
            return rows, others
        value = None  # a lone row's amount, when it is plain at the column's scale
        if count == 1 and not n_other:
            value = scaled(_mantissa(total), layout.unit_exp - self.scale)
        if which != self.main_mask:  # a row of the label set
            lab = {i: cells[at[i]] for i in self.label_set}
            for i, v in lab.items():
                values[i].add(v)
            label_rows.append((lab, count, value))
            return rows, others
        raw = tuple(cells[at[i]] for i in self.dims)
        if self.file.parquet:
            self.raw_first[raw] = int(first)
        if not_whole:  # a number of counties the full parser must read, or refuse
            at_row, cell = self.file.first_uncounted() if self.file.parquet else (-1, "")
            self.file.bad(
                at_row,
                "a number of counties that is not a whole number",
                cell,
                self.file.column_name(layout.count_idx),
            )
        if counties is not None:
            g = self._group(raw, int(first))
            if g is not None:
                g.counties += int(counties)
        rows += count
        others += n_other
        for i in self.dims:
            if i in values:
                values[i].add(cells[at[i]])
        if not self.label_set:
            label_rows.append(({i: cells[at[i]] for i in self.grouped}, count, value))
        if n_ok and isinstance(low, str):  # the range of the plain amounts (first_many)
            exp = layout.unit_exp - self.scale
            self._extend(scaled(_mantissa(low), exp), scaled(_mantissa(high), exp))
        if n_ok:
            self._sum(layout.unit_exp - self.scale, _mantissa(total))
            self._add(raw, int(first), self.scale, _mantissa(total), n_ok)
        return rows, others

    def _others(self) -> None:
        """The cells that are not plain at the column's scale: read by aidcalc's parser."""
        n = len(self.dims)
        for rec in self.file.others(self.dims, self.scale):
            try:
                self._other(rec, n)
            except RowError as e:
                self.errors.append(e)

    def _other(self, rec: tuple[Any, ...], n: int) -> None:
        raw, (d, odd, dbl, count, msum, first, low, high) = tuple(rec[:n]), rec[n:]
        self.raw_first[raw] = min(self.raw_first.get(raw, first), first)
        if d is not None:
            exp, mantissas = self.layout.unit_exp - d, _mantissa(msum)
            self._extend(scaled(int(low), exp), scaled(int(high), exp))
            self._sum(exp, mantissas)
            self._add(raw, first, d, mantissas, count)
            return
        exp, mantissas, rounded = self._amount(odd, dbl, count, first)
        one = scaled(mantissas // count, exp)  # the cells read the same
        self._extend(one, one)
        self._sum(exp, mantissas)
        self._add(raw, first, None, mantissas, count, exp, rounded)

    def _extend(self, low: Fraction, high: Fraction) -> None:
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)

    def _sum(self, exp: int, mantissas: int) -> None:
        self.sums[exp] = self.sums.get(exp, 0) + mantissas

    def _amount(
        self, odd: str | None, dbl: float | None, count: int, first: int
    ) -> tuple[int, int, bool]:
        """``(exp, sum of mantissas, rounded)`` of ``count`` cells that read the same."""
        layout = self.layout
        if dbl is not None:
            from math import isfinite

            from aidcalc.reader.workbook import number_text

            if not isfinite(float(dbl)):
                self.file.bad(first, "not a finite number", str(dbl), layout.amount_col)
            odd = number_text(float(dbl))
        cell = odd or ""
        if not cell.strip() or is_missing_marker(cell):
            self.file.bad(
                first, "a blank amount or a mark for a missing figure", cell, layout.amount_col
            )
        try:
            m, e, r, currency = parse_cell(cell, layout.unit_exp, layout.unit_rounded)
        except AidcalcError as err:
            if self.file.parquet and first >= 0:
                located = err.located(file=self.file.row_of(first), column=layout.amount_col)
                raise RowError(first, located) from None
            if self.file.parquet:
                raise err.located(file=self.file.source.name, column=layout.amount_col) from None
            raise Unsuited("a cell aidcalc's parser refuses") from None
        if currency is not None:
            self.found.currencies.add(currency)
        return e, m * count, r

    def _add(
        self,
        raw: tuple[str, ...],
        first: int,
        d: int | None,
        mantissas: int,
        count: int,
        exp: int | None = None,
        rounded: bool = False,
    ) -> None:
        """Add ``count`` rows of the raw dimensions ``raw`` to their group, if kept."""
        layout = self.layout
        g = self._group(raw, first)
        if g is None:
            return
        self.found.kept += count
        if d is not None:
            g.add(layout.unit_exp - d, mantissas, count, bool(d) or layout.unit_rounded)
        else:
            assert exp is not None
            g.add(exp, mantissas, count, rounded)

    def _group(self, raw: tuple[str, ...], first: int) -> Group | None:
        """The group of the raw dimensions ``raw``, or None when the filters leave them out."""
        layout = self.layout
        cell = dict(zip(self.dims, raw))
        for i, c in layout.conditions:
            if not self._passes(c, i, cell.get(i, ""), first):
                return None
        key = layout.prefix + tuple(
            layout.file if i == FILE else self.norm(cell[i]) for i in layout.keys
        )
        for i, k in zip(layout.keys, key[len(layout.prefix) :], strict=True):
            if not k:
                self.file.bad(first, "a blank group value", "", self.file.column_name(i))
        g = self.found.groups.get(key)
        if g is None:
            g = self.found.groups[key] = Group(self.county >= 0)
        if self.file.parquet:
            self.found.first[key] = min(self.found.first.get(key, first), first)
        if self.county >= 0:
            name = self.norm(cell[self.county])
            if not name:
                self.file.bad(first, "a blank county name", "", self.file.column_name(self.county))
            assert g.county_set is not None
            g.county_set.add(name)
        return g

    def _passes(self, c: Condition, i: int, raw: str, first: int) -> bool:
        if i == FILE:
            return c.holds(self.layout.file)
        if not raw.strip() and "" not in c.values:
            self.file.bad(first, "a blank value in a filtered column", raw, c.column)
        try:
            return c.holds(self.norm(raw))
        except AidcalcError as e:
            if self.file.parquet:
                located = e.located(file=self.file.row_of(first), column=c.column)
                raise RowError(first, located) from None
            raise Unsuited("a filter that cannot compare a cell") from None

    def _codes(self) -> None:
        """A code column beside a name column (``201`` over ``20101``): a row whose code begins
        the next row's may stand above its block (:mod:`aidcalc.published.codes`), which is for
        the streaming reader; the rows next to each other in the file are compared (an ID column
        holds ``1`` and ``10`` far apart)."""
        if len(self.labels) != 2:
            return
        c = f"trim(c{self.labels[0]})"
        sql = f"""
            SELECT c FROM (SELECT {c} AS c, lead({c}) OVER () AS n FROM {self.file.relation})
            WHERE regexp_full_match(c, '[0-9]+') AND starts_with(n, c) AND length(n) > length(c)
            LIMIT 1
        """
        got = self.file.con.execute(sql).fetchall()
        if got:
            self.file.bad(
                -1,
                "a code that begins the next row's: a subtotal above its block, which only the"
                " streaming reader sifts (a CSV goes to it; Parquet is refused); --totals keep"
                " reads such rows as data",
                str(got[0][0]),
                self.file.column_name(self.labels[0]),
            )

    def _sifted(
        self,
        values: dict[int, set[str]],
        label_rows: list[tuple[dict[int, str], int, Fraction | None]],
        rows: int,
    ) -> None:
        """The published-table rules over the distinct labels: a possible total, note or heading
        row is for the streaming reader (in Parquet, refused). So is a row that could be a grand
        total named by a place: its first label seen once, its amount half of all the amounts
        (the streaming reader looks at the last row only; this looks at every such row)."""
        if not self.labels:
            return
        keep = self.layout.keep_totals  # total rows are data then; rates, 其中 and notes are not
        streamed = {i: self.file.distinct_values(i) for i in self.many}
        for i, seen in [*values.items(), *streamed.items()]:
            odd = odd_values(seen, keep=keep)
            if not odd:
                continue
            why = (
                "a label that may mark a total, note or heading row, or a subtotal above its"
                " block (or a blank one)"
            )
            if not self.file.parquet:
                hint = "" if keep else "; --totals keep reads total rows as data"
                self.file.bad(
                    -1, f"{why}: published-table rows need the streaming reader{hint}", ""
                )
            hint = "" if keep else ", or give --totals keep to read total rows as data"
            self.file.bad(
                -1,
                f"{why}: DuckDB, which reads Parquet, does not sift such rows; remove them{hint}",
                min(odd),
                self.file.column_name(i),
            )
        if keep:
            return
        self._codes()
        columns = sorted(values.values(), key=len)  # the fewest values first: all() stops early
        if all(any(not v.strip() or is_figure(v) for v in seen) for seen in columns):
            # every label column holds a figure: a row may have no label at all
            self.file.bad(
                -1,
                "every label column holds a figure or a blank: a row may have no label, which"
                " the sift checks as a possible total",
                "",
            )
        if rows < 4:
            return
        first = self.labels[0]
        everything = sum((scaled(m, e) for e, m in self.sums.items()), Fraction(0))
        # a total printed rounded: within half a unit of the coarsest cell, for each row and itself
        window = (rows + 1) * scaled(1, max(self.sums, default=0)) / 2
        if first in self.many:  # every row may be alone: rule out a row of half the sum
            half = everything / 2
            low, high = self.low, self.high
            if low is not None and high is not None and low - window <= half <= high + window:
                self.file.bad(
                    -1,
                    "a row may equal the sum of all the other rows (a grand total named by a"
                    " place?): DuckDB does not look for it among so many labels; remove it, or"
                    " give --totals keep",
                    "",
                )
            return
        counts: dict[str, int] = {}
        for cells, count, _ in label_rows:
            counts[cells[first]] = counts.get(cells[first], 0) + count
        alone = [(cells[first], value) for cells, count, value in label_rows
                 if count == 1 and counts[cells[first]] == 1]  # fmt: skip
        unknown = [label for label, value in alone if value is None]
        if len(unknown) > MAX_LOOKUPS:
            self.file.bad(-1, "too many rows to rule out a grand total row among them", "")
        if unknown:  # their amounts are not plain: read them (aidcalc's parser)
            for label, cell in self.file.amounts_of(first, unknown):
                exp, mantissas, _ = self._amount(
                    None if isinstance(cell, float) else cell,
                    cell if isinstance(cell, float) else None,
                    1,
                    -1,
                )
                alone.append((label, scaled(mantissas, exp)))
        for label, value in alone:
            if value and abs(everything - 2 * value) <= window:
                self.file.bad(
                    -1,
                    "a row equals the sum of all the other rows (within their rounding): a grand"
                    " total named by a place? It would be added in; remove it, or give --totals"
                    " keep",
                    label,
                )

    def _order(self) -> None:
        """The groups in the order their first rows come in the file: from the first rows read
        by aidcalc's reader, and for groups not among them, from DuckDB's row numbers."""
        layout = self.layout
        keys = Keys(layout)
        left = set(self.found.groups)
        order: dict[tuple[str, ...], int] = {}
        try:
            for row in self.file.head_rows(HEAD_ROWS):
                if not left:
                    break
                if layout.conditions and not layout.keeps(row):
                    continue
                key = keys.of(row)
                if key in left:
                    left.discard(key)
                    order[key] = len(order)
        except AidcalcError:
            raise Unsuited("a filter that cannot compare a cell") from None
        if len(left) > 1:
            first = self.file.order(self.dims)
            n = len(order)
            for raw, at in sorted(first.items(), key=lambda kv: kv[1]):
                cell = dict(zip(self.dims, raw))
                key = layout.prefix + tuple(
                    layout.file if i == FILE else self.norm(cell[i]) for i in layout.keys
                )
                if key in left and all(
                    c.holds(layout.file if i == FILE else self.norm(cell.get(i, "")))
                    for i, c in layout.conditions
                ):
                    left.discard(key)
                    order[key] = n + at
        for key in left:
            order[key] = 1 << 62
        self.found.first = order


def _mantissa(text: str) -> int:
    """A DECIMAL sum as text (``-123.40``) as the integer of its digits."""
    return int(text.replace(".", ""))
