"""Tables laid out for print, read as data: which rows are data, and the table's own totals checked.

A published table holds more than data rows: subtotal and total rows (``甲省 小计``, ``合计``,
``Total shire counties``, ``England``, or a row no word names that equals the sum of its block),
``其中`` ("of which") parts, headings, rows of rates, notes under the table, blank "same as above"
cells. :class:`Sift` passes each batch of rows of one table through
:class:`~aidcalc.published.shape.TableShape` and keeps only the data rows, filled down where asked;
the rest is counted for stderr, and each total row is checked against the rows it covers
(:meth:`Sift.finish`). A total row is never added in.

Most batches of most files hold nothing but data: when the label cells of a batch hold no word of
the vocabulary (:func:`~aidcalc.published.tablewords.may_be_special`) and its amounts are plainly
written, the batch passes whole, its sums counted at once. Any other batch goes row by row.

The first and the last detail row of a table may be totals that no word names (``All States``
first, ``England`` last): they are held back from the tally until :meth:`Sift.finish` has decided,
and :meth:`Sift.release` hands back those that are data. A batch let through whole holds back its
last row only when it is the table's last batch (the tally reads one batch ahead), or when the next
batch's first row may show it to stand above its block; row by row, the last data row so far is
held until another comes.

A row that may be a subtotal standing above its block (:mod:`aidcalc.published.heads`: numbered as
a heading, a group named alone over its rows, a category over indented items) is held back too, from
the row that shows it (itself, or the next row) until its block ends: a subtotal is counted for
stderr, a data row is let through then. Such labels (and blank ones) send their batch row by row,
and so does a batch whose first row would make the row held before it a head.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from aidcalc.calc.fastpath import plain_sums, read_plain
from aidcalc.calc.labels import label_columns
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import parse_amount
from aidcalc.published.filldown import FillDown
from aidcalc.published.shape import TableShape
from aidcalc.published.sifted import Sifted
from aidcalc.published.tablewords import is_heading, is_missing_marker, may_be_special
from aidcalc.published.totals import Amount, RowKind
from aidcalc.published.unitlines import unit_in_note
from aidcalc.reader import Batch, Table
from aidcalc.reader.query import Layout

__all__ = ["Sift", "Sifted"]


_SEEN_LIMIT = 100_000  # plain label values remembered per column


Held = tuple[list[str], int]  # a row held back, and its line


def _batch(rows: list[list[str]], lines: list[int]) -> Batch:
    return Batch(rows, lines[0], lines[-1], lines)


class Sift:
    """Sorts the rows of one table, in reading order, into data rows and the rest."""

    def __init__(self, table: Table, layout: Layout) -> None:
        self.layout = layout
        self.amounts = [layout.amount] if not layout.wide else [i for i, _ in layout.wide]
        labels = label_columns(table, layout)
        self.labels = labels
        self.arithmetic = not layout.keep_totals  # totals found by their arithmetic
        self.shape = TableShape(
            labels,
            self.amounts,
            confirm=layout.confirm_totals,
            skip_missing=layout.skip_blank,
            arithmetic=self.arithmetic,
        )
        self.quick = [itemgetter(i) for i in labels]  # every label column: 合计 may stand in any
        self.seen: list[set[str]] = [set() for _ in labels]
        self.group = itemgetter(labels[0]) if labels else None
        self.fill = FillDown(layout.fill_down) if layout.fill_down else None
        self.level = next((c.index for c in table.columns if c.name == "level"), -1)
        self.found = Sifted()
        self.started = False  # whether a data row was seen (the first is held)
        self.first: Held | None = None  # the first data row, held until finish
        self.pending: Held | None = None  # the last data row so far, held until another comes
        self.heads: dict[int, list[str]] = {}  # rows that may stand above their block, by line
        self.released: list[Held] = []  # heads found to be data at the end of the table
        self.one_value = [True] * len(self.amounts)  # every plain row so far printed one value
        self.read: Callable[[int, str], Amount | None] = self._read

    def _read(self, column: int, text: str) -> Amount | None:
        if is_missing_marker(text):
            return None
        return parse_amount(text, self.layout.unit_exp, self.layout.unit_rounded)

    def _values(self, row: list[str], line: int) -> tuple[Amount | None, ...]:
        try:
            return tuple(self.read(c, row[c]) if row[c].strip() else None for c in self.amounts)
        except AidcalcError as e:
            raise self.layout.located(e, line, self.amounts[0]) from None

    def sift(self, batch: Batch, *, last: bool = False, after: Batch | None = None) -> list[Batch]:
        """The data rows of ``batch`` (filled down where asked), as batches in reading order;
        ``last``: the table's last batch; ``after``: the next one, if known (a row that stands
        above its block may show it only in the next row)."""
        out: list[Batch] = []
        if self.fill is None and self.level < 0 and self.shape.plain:
            done = self._whole(batch, out, last or self._marked(batch, after))
            if done:
                return out
        rows = self._by_row(batch)
        if rows is not None:
            out.append(rows)
        return out

    def _release_pending(self, keep: list[Held]) -> None:
        if self.pending is not None:
            keep.append(self.pending)
            self.pending = None

    def _marked(self, batch: Batch, after: Batch | None) -> bool:
        """Whether the first row of the next batch may show that this batch's last row stands
        above its block (its labels are not surely data, or a code of the last row's begins
        its code): then that row is held back."""
        if after is None or not after.rows or not self.arithmetic:
            return False
        first = after.rows[0]
        if may_be_special([first[i] for i in self.labels]):
            return True
        return bool(batch.rows) and any(
            may_be_special([batch.rows[-1][i], first[i]]) for i in self.labels
        )

    def _whole(self, batch: Batch, out: list[Batch], last: bool) -> bool:
        """Let a batch of plain data rows through at once (holding back its first row when it
        starts the table, and its last row when it ends it, or when the next batch may show that
        it stands above its block); False when the batch is not plain."""
        rows = batch.rows
        n = len(rows)
        hold = self.arithmetic
        start = 1 if hold and not self.started else 0
        end = n - 1 if hold and last and n - start >= 1 else n
        if end < start:
            return False
        if not self._labels_plain(batch) or self.shape.opens_head(rows[0]):
            return False
        sub = batch
        if (start, end) != (0, n):
            part = rows[start:end]
            if batch.last_line - batch.first_line + 1 == n:
                first_line = batch.first_line + start
                sub = Batch(part, first_line, first_line + len(part) - 1, None)
            else:
                lines = [batch.line(i) for i in range(start, end)]
                sub = Batch(part, lines[0] if lines else 0, lines[-1] if lines else 0, lines)
        sums = self._plain(sub) if sub.rows else []
        if sums is None:
            return False
        held = [
            (rows[i], batch.line(i))
            for i in ((0,) if start else ()) + ((n - 1,) if end < n else ())
        ]
        if any(read_plain([r[i]]) is None for r, _ in held for i in self.amounts):
            return False  # a held row that is not plain: row by row classifies it
        held_values = [self._values(r, line) for r, line in held]
        if self.pending is not None:
            row, line = self.pending
            self.pending = None
            out.append(_batch([row], [line]))
        if start:
            row, line = held[0]
            self.started = True
            self.first = (row, line)
            self.shape.check.add_detail(held_values[0])
            self.shape.hold_first(line, row, held_values[0])
        if sub.rows:
            groups: set[str] = set()
            if self.group is not None:
                whole = sub is batch  # (else the held rows' groups are not the batch's)
                groups = batch.cells[self.labels[0]] if whole else set(map(self.group, sub.rows))
            ones = self._ones(sub) if any(self.one_value) else ()
            self.shape.add_details(len(sub.rows), sums, groups, ones)
            out.append(sub)
        if end < n:
            row, line = held[-1]
            values = held_values[-1]
            self.pending = (row, line)
            self.shape.check.add_detail(values)
            self.shape.hold_last(line, row, values)
        return True

    def _ones(self, sub: Batch) -> list[Amount | None]:
        """For each amount column, its one printed value when every row of the batch has it."""
        ones: list[Amount | None] = []
        for k, i in enumerate(self.amounts):
            plain = sub.plain.get(i)
            one: Amount | None = None
            if self.one_value[k] and plain is not None and len(plain) == 1:
                ((d, (_, values)),) = plain.items()
                if min(values) == max(values):
                    one = (values[0], self.layout.unit_exp - d, bool(d) or self.layout.unit_rounded)
            if one is None:
                self.one_value[k] = False
            ones.append(one)
        return ones

    def _by_row(self, batch: Batch) -> Batch | None:
        keep: list[Held] = []
        for i, row in enumerate(batch.rows):
            line = batch.line(i)
            if self.level >= 0 and row[self.level].strip().lower() in ("all", "span"):
                self.found.own_totals += 1
                continue
            if self._missing(row, line):
                self.found.skipped += 1
                continue
            try:
                kind = self.shape.feed(row, line, self.read)
            except AidcalcError as e:
                raise self.layout.located(e, line, self.amounts[0]) from None
            if self.shape.converted or self.shape.decided:
                self._take_heads(keep)  # (before this row lets the row held before it through)
            k = kind.kind
            if k is RowKind.HEAD:
                if self.fill is not None:
                    row = self.fill.apply(row)  # a head names the group of the rows below it
                self.heads[line] = row
            elif k is RowKind.DETAIL or (
                not self.arithmetic and k in (RowKind.TOTAL, RowKind.SUBTOTAL)
            ):
                if self.fill is not None:
                    row = self.fill.apply(row)
                self._release_pending(keep)
                if self.shape.first is not None and self.shape.first.line == line:
                    self.first = (row, line)  # held until finish
                    self.started = True
                elif self.arithmetic:
                    self.pending = (row, line)
                else:
                    keep.append((row, line))
                self.started = True
            elif k in (RowKind.TOTAL, RowKind.SUBTOTAL):
                if self.first is not None and self.shape.first is None:
                    keep.append(self.first)  # the first row was data of the first block
                    self.first = None
                self._release_pending(keep)
                if self.fill is not None:
                    self.fill.reset()
                if kind.note:
                    self.found.found.append((line, kind.label, kind.note))
            else:
                self._passed(k, kind.label, kind.note, row, line, keep)
        if not keep:
            return None
        keep.sort(key=itemgetter(1))
        return _batch([r for r, _ in keep], [n for _, n in keep])

    def _take_heads(self, keep: list[Held]) -> None:
        """Hold back the rows the shape found may stand above their block (the previous data row,
        still held), and let through those it found to be data; count the subtotals."""
        shape = self.shape
        for line in shape.converted:
            if self.pending is not None and self.pending[1] == line:
                self.heads[line], self.pending = self.pending[0], None
            elif self.first is not None and self.first[1] == line:
                self.heads[line], self.first = self.first[0], None
            else:  # (the batched path holds back a row the next batch may show to be a head)
                raise AidcalcError(
                    "a row that stands above its block was let through before its block was seen",
                    file=self.layout.file,
                    line=line,
                )
        shape.converted.clear()
        for d in shape.decided:
            row = self.heads.pop(d.line)
            if d.subtotal:
                self.found.heads.append((d.line, d.label, d.sign.value))
            else:
                keep.append((row, d.line))
                if d.note:
                    self.found.data_heads.append((d.line, d.label, d.note))
        shape.decided.clear()

    def _passed(
        self,
        k: RowKind,
        label: str,
        note: str,
        row: list[str],
        line: int,
        keep: list[Held],
    ) -> None:
        """Count a row that is not data (or keep a data row whose amount is blank)."""
        if k is RowKind.FOOTER:
            self.found.footers += 1
            self._note_unit(label, line)
        elif k is RowKind.BLANK:
            self.found.blank += 1
        elif k is RowKind.PART:
            self.found.parts += 1
        elif k is RowKind.NOT_AMOUNT:
            self.found.not_amounts.append((line, label))
        elif k is RowKind.HEADING and self._heading(row):
            self.found.headings.append((line, label))
            if self.fill is not None:
                self.fill.apply(row)  # a heading names the group of the rows below it
        elif k is RowKind.HEADING or (k is RowKind.AMBIGUOUS and not self.arithmetic):
            # a data row with a blank amount (the tally says so), or --totals keep: data
            self._release_pending(keep)
            keep.append((row, line))
        elif k is RowKind.AMBIGUOUS:
            raise AidcalcError(
                f"{note}; the row cannot be read without a guess (--totals keep reads such rows"
                " as data)",
                file=self.layout.file,
                line=line,
                value=label,
            )

    def _note_unit(self, text: str, line: int) -> None:
        """A note under the table that names the unit of the amounts must agree with the unit
        they were read in."""
        unit = unit_in_note(text)
        if unit is None:
            return
        have = self.layout.unit
        exp, currency = (have.exp, have.currency) if have is not None else (0, "CNY")
        if (exp, currency or unit.currency) == (unit.exp, unit.currency or currency):
            return
        shown = have.name if have is not None else "yuan (no unit given)"
        raise AidcalcError(
            f"a note under the table says the amounts are in {unit.name}, but they were read in"
            f" {shown}; give the unit with --in-unit",
            file=self.layout.file,
            line=line,
            value=text,
        )

    def _missing(self, row: list[str], line: int) -> bool:
        """Whether the row's amount is a mark for a missing figure (``..``, ``-``, ``n/a``) and
        --skip-blank says to skip it; without --skip-blank such a mark is an error here. In a
        wide table the mark drops that cell only (the tally skips it), not the row."""
        for i in self.amounts:
            if is_missing_marker(row[i]):
                if not self.layout.skip_blank:
                    err = AidcalcError(
                        "a mark for a missing figure, not an amount (and not zero);"
                        " --skip-blank skips such rows",
                        value=row[i],
                    )
                    raise self.layout.located(err, line, i)
                return len(self.amounts) == 1
        return False

    def _heading(self, row: list[str]) -> bool:
        """A row without amounts is a heading over its block (``Shire counties``) when the table
        has several label columns and only one is filled, or its label is numbered as a heading
        (``一、东部地区``); otherwise it is a data row whose
        amount is blank, which is an error unless --skip-blank."""
        filled = [row[i] for i in self.labels if row[i].strip()]
        return (len(self.labels) >= 2 and len(filled) == 1) or any(map(is_heading, filled))

    def _labels_plain(self, batch: Batch) -> bool:
        """Whether no label cell of the batch may be a word of the vocabulary (or blank). The
        distinct cells of each label column are kept on the batch (the group and county columns
        are not gathered again)."""
        rows = batch.rows
        for column, get, seen in zip(self.labels, self.quick, self.seen):
            cells = batch.cells[column] = set(map(get, rows))
            new = cells - seen  # label values already known to be plain are not looked at again
            if new:
                if may_be_special(new):
                    return False
                if len(seen) < _SEEN_LIMIT:
                    seen |= new
        return True

    def _plain(self, batch: Batch) -> list[list[tuple[int, int, int]]] | None:
        """The amount sums of a batch of plainly written amounts, or None. The amounts read are
        kept on the batch for the batched path of the tally."""
        rows = batch.rows
        layout = self.layout
        sums = []
        for i in self.amounts:
            plain = read_plain(list(map(itemgetter(i), rows)))
            if plain is None:
                return None
            batch.plain[i] = plain
            sums.append(plain_sums(plain, layout.unit_exp, layout.unit_rounded))
        return sums

    def finish(self) -> Sifted:
        """What was found; total rows checked against the rows they cover."""
        shape = self.shape
        if not self.arithmetic:
            self.found.filled = self.fill.filled if self.fill is not None else 0
            return self.found
        if shape.last is not None and (self.pending is None or shape.last.line != self.pending[1]):
            shape.last = None  # (already let through)
        try:
            totals = shape.finish()
        except AidcalcError as e:
            raise e.located(file=self.layout.file) from None
        self._take_heads(self.released)
        self.found.totals = [] if not self.arithmetic else totals
        for t in totals:
            if t.found and t.line not in {line for line, _, _ in self.found.found}:
                self.found.found.append((t.line, t.label, t.found))
        if self.fill is not None:
            self.found.filled = self.fill.filled
        return self.found

    def release(self) -> Batch | None:
        """The held rows that :meth:`finish` found to be data."""
        keep: list[Held] = self.released
        self.released = []
        shape = self.shape
        if self.first is not None and not (shape.first is not None and shape.first.total):
            keep.append(self.first)
        last_total = shape.last is not None and shape.last.total
        if self.pending is not None and not last_total and self.pending != self.first:
            keep.append(self.pending)
        self.first = self.pending = None
        if not keep:
            return None
        keep.sort(key=itemgetter(1))
        return _batch([r for r, _ in keep], [n for _, n in keep])
