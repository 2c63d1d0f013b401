"""Tables laid out for print, read as data: which rows are data, and the table's own totals checked.

A published table holds more than data rows: subtotal and total rows (``甲省 小计``, ``合计``,
``Total shire counties``, ``England``), ``其中`` ("of which") parts, headings without amounts,
notes under the table, blank "same as above" cells. :class:`Sift` passes each batch of rows of
one table through :class:`~aidcalc.layout.TableShape` and keeps only the data rows, filled down
where asked; the rest is counted for stderr, and each total row is checked against the rows it
covers (:meth:`Sift.finish`). A total row is never added in.

Most batches of most files hold nothing but data: when the first label columns of a batch hold no
total word, note mark or blank cell, and its amounts are plainly written, the batch passes whole,
its sums counted at once. Any other batch goes row by row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from operator import itemgetter

from aidcalc.errors import AidcalcError
from aidcalc.fastpath import plain_sums, read_plain
from aidcalc.figures import parse_amount, scaled
from aidcalc.formatting import format_fixed
from aidcalc.layout import (
    Amount,
    FillDown,
    RowKind,
    TableShape,
    TotalResult,
    Verdict,
    is_missing_marker,
)
from aidcalc.query import Layout
from aidcalc.reader import Batch, Table

__all__ = ["NotPlain", "Sift", "Sifted", "surely_data"]


class NotPlain(Exception):
    """Raised by a strict :class:`Sift` at the first row that is not plain data."""


#: Words and marks that may make a row something other than data, looked for in a batch's first
#: label columns (lower case) before it is let through whole.
_SPECIAL = (
    "计",
    "全",
    "其中",
    "注",
    "说明",
    "来源",
    "total",
    "of which",
    "including",
    "note",
    "source",
    "\n*",
    "\n※",
    "\n†",
    "\n\n",
)


_SEEN_LIMIT = 100_000  # plain label values remembered per column


def surely_data(labels: set[str]) -> bool:
    """Whether rows with these label values are surely data rows: no blank cell, total word or
    note mark among them (the check a batch passes before it is let through whole)."""
    text = ("\n" + "\n".join(labels) + "\n").lower()
    return "" not in labels and not any(w in text for w in _SPECIAL)


@dataclass
class Sifted:
    """What sifting one table found besides data rows."""

    totals: list[TotalResult] = field(default_factory=list)
    footers: int = 0
    parts: int = 0
    headings: list[tuple[int, str]] = field(default_factory=list)
    own_totals: int = 0  # rows marked level=all/span in aidcalc's own output read back
    blank: int = 0  # rows with every cell blank
    skipped: int = 0  # rows whose amount is a mark for a missing figure, with --skip-blank
    filled: int = 0

    def notes(self, unit_exp: int, unit_name: str) -> list[str]:
        """One line each, for stderr."""
        out = []
        matched = [t for t in self.totals if t.verdict is Verdict.MATCH]
        if self.totals:
            out.append(
                f"total rows: {len(matched)} of {len(self.totals)} match the rows they cover"
                " (total rows are checked, never added in)"
            )
        if self.footers:
            out.append(f"passed over {self.footers} note rows under the table")
        if self.parts:
            out.append(f"passed over {self.parts} 其中 (of which) rows: already in the row above")
        if self.headings:
            line, label = self.headings[0]
            more = f" and {len(self.headings) - 1} more" if len(self.headings) > 1 else ""
            out.append(
                f"passed over {len(self.headings)} rows without an amount"
                f" (line {line}: {label!r}{more})"
            )
        if self.blank:
            out.append(f"passed over {self.blank} blank rows")
        if self.own_totals:
            out.append(f"passed over {self.own_totals} total rows of aidcalc's own output")
        return out

    def mismatches(self, unit_exp: int, unit_name: str) -> list[str]:
        """One line per total row that disagrees with its rows, naming both figures."""
        out = []
        for t in self.totals:
            if t.verdict is not Verdict.MISMATCH:
                continue
            for c in t.columns:
                if c.verdict is not Verdict.MISMATCH or c.reported is None:
                    continue
                assert c.computed is not None
                what = "subtotal" if t.kind is RowKind.SUBTOTAL else "total"
                out.append(
                    f"line {t.line}: the {what} row {t.label!r} says"
                    f" {_show(c.reported, unit_exp, unit_name)}, but the {t.rows} rows it covers"
                    f" add up to {_show(c.computed, unit_exp, unit_name)}"
                )
        return out


def _show(x: Fraction, unit_exp: int, unit_name: str) -> str:
    value = x / scaled(1, unit_exp)
    digits = 0 if value.denominator == 1 else 2
    text = format_fixed(value, digits) if value.denominator in (1, 2, 4, 5, 10) else str(value)
    return f"{text} {unit_name}" if unit_name else text


class Sift:
    """Sorts the rows of one table, in reading order, into data rows and the rest."""

    def __init__(self, table: Table, layout: Layout, *, strict: bool = False) -> None:
        self.layout = layout
        self.strict = strict  # for the second half of a split file: plain data rows only
        self.amounts = [layout.amount] if not layout.wide else [i for i, _ in layout.wide]
        skip = {*self.amounts, layout.per_idx, layout.count_idx if layout.counting else -1}
        headers = [c.text for c in table.columns]
        if any(ch.isdigit() for h in headers for ch in h):  # year columns are amounts too
            from aidcalc.years import year_columns

            skip |= {i for i, _ in year_columns(headers)}
        labels = [c.index for c in table.columns if c.index not in skip]
        self.labels = labels
        self.shape = TableShape(labels, self.amounts)
        self.quick = [itemgetter(i) for i in labels]  # every label column: 合计 may stand in any
        self.seen: list[set[str]] = [set() for _ in labels]
        self.group = itemgetter(labels[0]) if labels else None
        self.fill = FillDown(layout.fill_down) if layout.fill_down else None
        self.level = next((c.index for c in table.columns if c.name == "level"), -1)
        self.found = Sifted()
        self.last: tuple[list[str], int] | None = None  # the last data row and its line
        self.last_new = False  # whether its group cell was new (a total named by a place is)
        self.read: Callable[[int, str], Amount | None] = self._read

    def _read(self, column: int, text: str) -> Amount | None:
        if is_missing_marker(text):
            return None
        return parse_amount(text, self.layout.unit_exp, self.layout.unit_rounded)

    def sift(self, batch: Batch) -> Batch | None:
        """The data rows of ``batch`` (filled down where asked), or None when there are none."""
        rows = batch.rows
        if self.fill is None and self.level < 0 and self.shape.plain:
            sums = self._plain(batch)
            if sums is not None:
                groups = set(map(self.group, rows)) if self.group is not None else set()
                self._note_last(rows, len(rows) - 1, batch)
                self.shape.add_details(len(rows), sums, groups)
                return batch
        keep_rows: list[list[str]] = []
        keep_lines: list[int] = []
        for i, row in enumerate(rows):
            line = batch.line(i)
            if self.level >= 0 and row[self.level].strip().lower() in ("all", "span"):
                self.found.own_totals += 1
                continue
            marked = self._missing(row, line)
            if marked:
                self.found.skipped += 1
                continue
            new = self.group is not None and not self.shape.seen_group(self.group(row))
            try:
                kind = self.shape.feed(row, line, self.read)
            except AidcalcError as e:
                raise self.layout.located(e, line, self.amounts[0]) from None
            k = kind.kind
            if self.strict and k not in (RowKind.DETAIL, RowKind.BLANK):
                raise NotPlain
            if k is RowKind.DETAIL or (
                self.layout.keep_totals and k in (RowKind.TOTAL, RowKind.SUBTOTAL)
            ):
                if self.fill is not None:
                    row = self.fill.apply(row)
                keep_rows.append(row)
                keep_lines.append(line)
                self.last_new = new
            elif k is RowKind.FOOTER:
                self.found.footers += 1
            elif k is RowKind.BLANK:
                self.found.blank += 1
            elif k is RowKind.PART:
                self.found.parts += 1
            elif k is RowKind.HEADING and self._heading(row):
                self.found.headings.append((line, kind.label))
            elif k is RowKind.HEADING:  # a data row with a blank amount: the tally says so
                keep_rows.append(row)
                keep_lines.append(line)
            elif k is RowKind.AMBIGUOUS:
                raise AidcalcError(
                    f"{kind.note}; the row cannot be read without a guess (--totals keep reads"
                    " such rows as data)",
                    file=self.layout.file,
                    line=line,
                    value=kind.label,
                )
            elif k in (RowKind.TOTAL, RowKind.SUBTOTAL) and self.fill is not None:
                self.fill.reset()
        if not keep_rows:
            return None
        self.last = (keep_rows[-1], keep_lines[-1])  # (self.last_new was set as it was read)
        return Batch(keep_rows, keep_lines[0], keep_lines[-1], keep_lines)

    def _missing(self, row: list[str], line: int) -> bool:
        """Whether the row's amount is a mark for a missing figure (``..``, ``-``, ``n/a``) and
        --skip-blank says to skip it; without --skip-blank such a mark is an error here."""
        for i in self.amounts:
            if is_missing_marker(row[i]):
                if not self.layout.skip_blank:
                    err = AidcalcError(
                        "a mark for a missing figure, not an amount (and not zero);"
                        " --skip-blank skips such rows",
                        value=row[i],
                    )
                    raise self.layout.located(err, line, i)
                return True
        return False

    def _heading(self, row: list[str]) -> bool:
        """A row without amounts is a heading over its block (``Shire counties``) when the table
        has several label columns and only one is filled; otherwise it is a data row whose
        amount is blank, which is an error unless --skip-blank."""
        filled = sum(1 for i in self.labels if row[i].strip())
        return len(self.labels) >= 2 and filled == 1

    def _plain(self, batch: Batch) -> list[list[tuple[int, int, int]]] | None:
        """The amount sums of a batch that is surely all data, or None. The amounts read are kept
        on the batch for the batched path of the tally."""
        rows = batch.rows
        for get, seen in zip(self.quick, self.seen):
            new = set(map(get, rows))
            new -= seen  # label values already known to be plain are not looked at again
            if new:
                if not surely_data(new):
                    return None
                if len(seen) < _SEEN_LIMIT:
                    seen |= new
        layout = self.layout
        sums = []
        for i in self.amounts:
            plain = read_plain(list(map(itemgetter(i), rows)))
            if plain is None:
                return None
            batch.plain[i] = plain
            sums.append(plain_sums(plain, layout.unit_exp, layout.unit_rounded))
        return sums

    def _note_last(self, rows: list[list[str]], i: int, batch: Batch) -> None:
        """Remember the last row of a batch let through whole, and whether its group is new."""
        self.last = (rows[i], batch.line(i))
        if self.group is None:
            self.last_new = False
            return
        g = self.group(rows[i])
        self.last_new = (
            not self.shape.seen_group(g) and sum(1 for r in rows if self.group(r) == g) == 1
        )

    def _last_is_no_total(self) -> None:
        """The last data row must not equal the sum of all the rows above it: that is a grand
        total labelled by a place (``England``, ``United Kingdom``), which no word shows, and
        adding it in would double the total. At least three rows above, and a label, make a
        coincidence unlikely; ``--totals keep`` reads such a row as data."""
        check = self.shape.check
        if self.last is None or not self.last_new or check.all_rows < 4 or check.width != 1:
            return  # (a row of a group seen above is one more row of that group)
        if self.shape.groups_seen < 3:  # with its own: a total of at least two places above
            return
        row, line = self.last
        cells = [row[i].strip() for i in self.labels if row[i].strip()]
        label = " ".join(cells)
        cell = row[self.amounts[0]]
        if not any(ch.isalpha() for ch in label) or not cell.strip() or is_missing_marker(cell):
            return  # a row named by a number (a year, 2021) is data
        from aidcalc.years import parse_year

        try:
            if any(parse_year(c) is not None for c in cells):
                return  # a row of a year (2021年) is data
        except AidcalcError:
            pass
        try:
            last = parse_amount(cell, self.layout.unit_exp, self.layout.unit_rounded)
        except AidcalcError:
            return  # the tally names the cell
        if last[0] != 0 and check.equals_rest(last):  # (rows of zeros are no total)
            raise AidcalcError(
                "the last row equals the sum of all the rows above it: a grand total named by a"
                " place? It would be added in; remove it, or give --totals keep to read it as"
                " data",
                file=self.layout.file,
                line=line,
                value=label,
            )

    def merge(self, other: Sift) -> None:
        """Count the data rows a strict sift saw in the second half of the file."""
        self.shape.check.merge_details(other.shape.check)

    def finish(self) -> Sifted:
        """What was found; total rows checked against the rows they cover."""
        if not self.layout.keep_totals and not self.strict:
            self._last_is_no_total()
        self.found.totals = [] if self.layout.keep_totals else self.shape.totals()
        if self.fill is not None:
            self.found.filled = self.fill.filled
        return self.found
