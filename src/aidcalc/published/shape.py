"""The rows of a table laid out for print, classified in reading order.

:class:`TableShape` classifies each row after the header from its raw cells (classify before
filling down: fill-down would glue ``乙省`` onto ``,合计``) and counts it in a
:class:`~aidcalc.published.totals.TotalsCheck`:

- ``BLANK``: every cell blank. It does not end the data.
- ``FOOTER``: a row without amounts whose text starts a note (:func:`~aidcalc.published.tablewords.
  is_footer_start`); once a footer has started, every later row without amounts is a footer, and
  a row with amounts after the notes is an error (a second table below would otherwise be added).
- ``NOT_AMOUNT``: a row whose label says its figures are rates, shares or changes (``增长%``,
  ``Per capita``, ``Change``): never summed with amounts.
- ``TOTAL`` / ``SUBTOTAL`` named by a word (:func:`~aidcalc.published.tablewords.total_label`,
footnote
  digits glued to a label ignored). ``Total X``/``X合计`` is a subtotal when X is a group above;
  otherwise the amounts decide: equal to the rows since the last total → ``SUBTOTAL``; to all
  detail rows → ``TOTAL``; else ``AMBIGUOUS``.
- ``TOTAL`` / ``SUBTOTAL`` found by arithmetic (:attr:`Row.note` says why). A row no word names is
  a total when its amounts equal, within rounding, the sum of its block: the first row against all
  rows below it, the last against all rows above it (or those since the previous total), and, once
  the table has a total row, any row against the rows since the previous total. It counts as
  evidence only when the chance of such a match by accident
  (:meth:`~aidcalc.published.totals.TotalsCheck. chance`, times the comparisons made in the table)
  is at most 0.05. A match that could be chance is ``AMBIGUOUS`` (refused, asking) where the layout
  expects a total — a row without a label, or a new group's one row right after a subtotal — and
  elsewhere is read as data, with a note saying so. With ``confirm`` (``--totals drop``) every match
  is a total.
- ``PART``: a ``其中：X`` / ``of which X`` row, and the rows after it that are indented or, not
  indented (as in a workbook, where indentation is a cell format), complete the parts to the row
  above (within rounding): parts are inside the row above and are never summed. A row past the
  row above is data; a non-indented row that fits but leaves the parts short is ``AMBIGUOUS``.
- ``HEADING``: a row with a label but no amounts before any footer (``一、东部地区``).
- ``HEAD``: a row with amounts that may stand above its block (numbered as a heading, a group named
  alone over its rows, or its rows indented below it): held until its block ends, then a
  ``SUBTOTAL`` checked against its block or a ``DETAIL`` row (:mod:`aidcalc.published.heads`).
- ``DETAIL``: everything else.

Not handled: two-level headers are not joined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from aidcalc.core.errors import AidcalcError
from aidcalc.published.heads import AboveBlocks, chance_text
from aidcalc.published.parts import Part, Parts
from aidcalc.published.tablewords import (
    LabelKind,
    is_footer_start,
    key,
    not_amount,
    of_which,
    total_label,
    without_footnote,
)
from aidcalc.published.totals import COINCIDENCE, Amount, RowKind, TotalResult, TotalsCheck
from aidcalc.published.unitlines import filled_cells, is_figure, is_number, one_text

__all__ = ["Candidate", "Reader", "Row", "TableShape"]

#: Reads one amount cell: (column index, text) → an amount, or None for a missing marker.
Reader = Callable[[int, str], Amount | None]

_KINDS = {LabelKind.TOTAL: RowKind.TOTAL, LabelKind.SUBTOTAL: RowKind.SUBTOTAL}


@dataclass(frozen=True, repr=False)
class Row:
    """A classified row: its kind, its label (filled label cells joined), the amounts read (one per
    amount column, None where blank or missing; empty when the row has none) and why, for rows a
    caller should report."""

    kind: RowKind
    label: str
    values: tuple[Amount | None, ...] = ()
    note: str = ""


@dataclass(repr=False, eq=False)
class Candidate:
    """A detail row that may yet turn out a total: the first of the table or the last."""

    line: int
    label: str
    values: tuple[Amount | None, ...]
    total: bool = False  # decided: a total (found by arithmetic)
    note: str = ""
    group: str = ""  # its group cell
    new: bool = True  # no other row has its group cell


@dataclass(repr=False, eq=False)
class TableShape(AboveBlocks):
    """Classifies the rows after the header, in order, and checks the totals it finds.

    ``label_columns`` are the columns that name a row (group first); ``group_column`` (default: the
    first label column) is the one whose values name groups, for ``Total X``. ``confirm``: take
    every row whose arithmetic makes it a total for one (``--totals drop``); ``skip_missing``:
    missing cells are left out of their column (``--skip-blank``).

    >>> shape = TableShape([0, 1], [2])
    >>> read = lambda col, text: (int(text.replace(",", "")), 0, False)
    >>> rows = [["甲省", "A县", "1,200"], ["", "B县", "800"], ["甲省 小计", "", "2,000"],
    ...         ["合计", "", "2,000"], ["注：示例", "", ""]]
    >>> [shape.feed(r, n, read).kind.value for n, r in enumerate(rows, 4)]
    ['detail', 'detail', 'subtotal', 'total', 'footer']
    >>> [r.verdict.value for r in shape.totals()]
    ['match', 'match']
    """

    label_columns: Sequence[int]
    amount_columns: Sequence[int]
    group_column: int | None = None
    confirm: bool = False
    skip_missing: bool = False
    arithmetic: bool = True  # look for totals by arithmetic
    check: TotalsCheck = field(init=False)
    first: Candidate | None = field(init=False, default=None)  # the first detail row
    last: Candidate | None = field(init=False, default=None)  # the last detail row
    _groups: set[str] = field(init=False, default_factory=set)
    _raw_groups: set[str] = field(init=False, default_factory=set)
    _footer: bool = field(init=False, default=False)
    _parts: Parts = field(init=False)  # the open 其中 block
    _subtotals: int = field(init=False, default=0)
    _totals: int = field(init=False, default=0)
    _since_total: int = field(init=False, default=0)
    _tests: int = field(init=False, default=0)  # comparisons made by arithmetic
    _last_values: tuple[Amount | None, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        if self.group_column is None and self.label_columns:
            self.group_column = self.label_columns[0]
        self.check = TotalsCheck(len(self.amount_columns), skip_missing=self.skip_missing)
        self._parts = Parts(len(self.amount_columns))
        self._init_heads(len(self.amount_columns), self.confirm, self.skip_missing)

    @property
    def groups_seen(self) -> int:
        """How many different group cells the detail and heading rows had."""
        return len(self._groups)

    def seen_group(self, cell: str) -> bool:
        """Whether a detail or heading row above had this group cell."""
        return key(cell) in self._groups

    @property
    def plain(self) -> bool:
        """Whether a row with an ordinary label is surely a detail row here: no notes started,
        no 其中 parts open, no subtotal yet (after which a row may be a total by arithmetic), no
        head open above its block."""
        return (
            not self._footer
            and not self._parts.open
            and not self._subtotals
            and not self.heads.open
        )

    def add_details(
        self,
        rows: int,
        sums: Sequence[Sequence[tuple[int, int, int]]],
        groups: Iterable[str],
        ones: Sequence[Amount | None] = (),
    ) -> None:
        """Count ``rows`` detail rows at once (see :meth:`TotalsCheck.add_details`), whose group
        cells are ``groups``; only while :attr:`plain`."""
        self.check.add_details(rows, sums, ones)
        self._since_total += rows
        self._prev = None
        groups = set(groups)
        if self.first is not None and self.first.group in groups:
            self.first.new = False
        new = groups - self._raw_groups  # group cells as written, each keyed once
        if new:
            self._raw_groups |= new
            self._groups.update(key(g) for g in new if g.strip())

    def hold_first(
        self, line: int, cells: Sequence[str], values: tuple[Amount | None, ...]
    ) -> None:
        """The first detail row, let through in a batch (and counted there): it may be a total."""
        group = self._cell(cells, self.group_column)
        self.first = Candidate(line, self.label_of(cells), values, group=group)
        self._prev = (line, cells, values, self.first.label)
        if group:
            self._groups.add(key(group))

    def hold_last(self, line: int, cells: Sequence[str], values: tuple[Amount | None, ...]) -> None:
        """The last detail row so far, counted already: it may be a total."""
        group = self._cell(cells, self.group_column)
        new = bool(group) and key(group) not in self._groups
        self.last = Candidate(line, self.label_of(cells), values, group=group, new=new)
        self._prev = (line, cells, values, self.last.label)
        self._again(group, line)
        if group:
            self._groups.add(key(group))

    def _again(self, group: str, line: int) -> None:
        first = self.first
        if first is not None and group == first.group and line != first.line:
            first.new = False  # its group has more rows: no total

    def feed(self, cells: Sequence[str], line: int, read: Reader) -> Row:
        """Classify one row (raw cells, before any fill-down) and count it in the totals check;
        a ``HEAD`` row is held until its block ends (:attr:`decided`)."""
        self._heads_before(cells)
        row = self._classify(cells, line, read)
        if row.kind is RowKind.DETAIL and self._numbered_head(cells, line, row.label, row.values):
            return Row(RowKind.HEAD, row.label, row.values, "numbered as a heading")
        values = row.values or (None,) * len(self.amount_columns)
        kind = row.kind
        if kind in (RowKind.SUBTOTAL, RowKind.TOTAL):
            self._place_first(values)
            self.last = None
        found = row.note if kind in (RowKind.SUBTOTAL, RowKind.TOTAL) else ""
        self.check.add(kind, line, row.label, values, found)
        if kind is RowKind.DETAIL:
            self._since_total += 1
            group = self._cell(cells, self.group_column)
            if self.arithmetic and self.first is None and self.check.all_rows == 1:
                self.first = Candidate(line, row.label, values, group=group)
            self._last_values = values
            self.last = Candidate(
                line,
                row.label,
                values,
                group=group,
                new=bool(group) and key(group) not in self._groups,
            )
            self._again(group, line)
            self._heads_after(cells, line, row.label, values)
        else:
            self._heads_other(cells)
        if kind in (RowKind.SUBTOTAL, RowKind.TOTAL):
            self._last_values = values  # 其中 under a total row: parts of the total
            self._since_total = 0
            self._subtotals += kind is RowKind.SUBTOTAL
            self._totals += kind is RowKind.TOTAL
        if kind in (RowKind.DETAIL, RowKind.HEADING):
            group = self._cell(cells, self.group_column)
            if group:
                self._groups.add(key(group))
        return row

    def _place_first(self, values: Sequence[Amount | None]) -> None:
        """At the first total row: is the first detail row inside its block, or above it (a total
        at the top)? Above only when the total agrees without it and not with it."""
        first = self.first
        if first is None or first.total or self._subtotals + self._totals:
            return
        self._tests += 1
        with_it = self.check.chance(values, block=True, least=1)
        self.check.remove(first.values)
        without = self.check.chance(values, block=True, least=1)
        if without is not None and with_it is None:
            first.total = True
            first.note = "the first row, above the rows of the first total that agrees without it"
        else:
            self.check.add_detail(first.values)
            self.first = None  # a detail row of the first block

    def _chance(
        self, values: Sequence[Amount | None], *, block: bool, minus: int = 0
    ) -> Fraction | None:
        self._tests += 1
        return self.check.chance(values, block=block, minus=minus)

    def finish(self, *, last: bool = True) -> list[TotalResult]:
        """Decide the first and last rows (``last``: the last detail row seen is the table's
        last), then every total and subtotal with its check; call after the last row."""
        self._heads_close(0, final=True)
        first = self.first
        if first is not None and not first.total and self._eligible(first):
            p = self._chance(first.values, block=False, minus=1)
            if p is not None and self._decide(p, first, "the first row", "all the rows below it"):
                self.check.remove(first.values)
        if first is not None and first.total:
            why = first.note or "the first row, above the rows it adds up to"
            self.check.add(RowKind.TOTAL, first.line, first.label, first.values, why)
        cand = self.last if last else None
        if cand is not None and (first is None or cand.line != first.line) and self._eligible(cand):
            p = self._chance(cand.values, block=False, minus=1)
            scope = "all the rows above it"
            if p is None and self.check.block_rows < self.check.all_rows:
                p = self._chance(cand.values, block=True, minus=1)
                scope = "the rows since the last total"
            if p is not None and self._decide(p, cand, "the last row", scope):
                self.check.remove(cand.values)
                kind = RowKind.TOTAL if "all" in scope else RowKind.SUBTOTAL
                self.check.add(kind, cand.line, cand.label, cand.values, cand.note)
        results = self.check.finish()
        if self.heads.pushed:  # subtotals above their block are checked when the block ends
            results.sort(key=lambda r: r.line)
        return results

    def _eligible(self, cand: Candidate) -> bool:
        """A first or last row may be a total no word names when its label names something (no
        year), its group has no other row, and it would add up at least three rows of at least two
        other groups (two rows and their sum are as often three rows of data)."""
        from aidcalc.published.years import may_name_total

        return (
            cand.new
            and len(self._groups) >= 3
            and self.check.all_rows >= 4
            and may_name_total(cand.label)
        )

    def _decide(self, p: Fraction, cand: Candidate, which: str, scope: str) -> bool:
        """Take a row whose amounts match a sum for a total, or refuse where it could be chance."""
        chance = p * self._tests
        if self.confirm or chance <= COINCIDENCE:
            cand.total = True
            cand.note = (
                f"{which} equals the sum of {scope} (chance of a coincidence {chance_text(chance)})"
            )
            return True
        what = "a grand total named by a place?" if scope.startswith("all") else "a total?"
        raise AidcalcError(
            f"{which} equals the sum of {scope}: {what} That could be chance"
            f" ({chance_text(chance)}); --totals drop takes it for a total, --totals keep reads"
            " it as data",
            line=cand.line,
            value=cand.label,
        )

    def totals(self) -> list[TotalResult]:
        """Every total and subtotal row with its check; call after the last row."""
        return self.finish()

    @staticmethod
    def _cell(cells: Sequence[str], i: int | None) -> str:
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def label_of(self, cells: Sequence[str]) -> str:
        """The filled label cells joined: merged across once; a figure (a count of counties or
        a share beside 合计) is no label."""
        parts: list[str] = []
        for i in self.label_columns:
            t = self._cell(cells, i)
            if t and (not parts or parts[-1] != t) and not is_figure(t):
                parts.append(t)
        return " ".join(parts)

    def _classify(self, cells: Sequence[str], line: int, read: Reader) -> Row:
        filled = filled_cells(cells)
        if not filled:
            return Row(RowKind.BLANK, "")
        first = filled[0][1]
        label = self.label_of(cells)
        amount_cells = [(c, self._cell(cells, c)) for c in self.amount_columns]
        has_amount = any(t for _, t in amount_cells)
        if has_amount and len(filled) > 1 and one_text(cells) is not None and not is_number(first):
            has_amount = False  # one text merged across the row, the amount columns too
        if not has_amount:
            return self._without_amount(first, label, line)
        if self._footer:
            raise AidcalcError(
                "a row with amounts after the notes below the table; is a second table here?",
                line=line,
                value=" | ".join(t for _, t in filled),
            )
        values = tuple(read(c, t) if t else None for c, t in amount_cells)
        first_label = next(
            (
                t
                for t in map(self._cell, [cells] * len(self.label_columns), self.label_columns)
                if t
            ),
            "",
        )
        if not_amount(first_label):
            return Row(RowKind.NOT_AMOUNT, label, values, "a row of rates or changes, not amounts")
        part = self._part(cells, label, values)
        if part is not None:
            return part
        if of_which(label) is not None:
            self._parts.start(self._last_values, values)
            return Row(RowKind.PART, label, values, "其中 (of which): already in the row above")
        return self._by_label(cells, label, values, line)

    def _part(
        self, cells: Sequence[str], label: str, values: tuple[Amount | None, ...]
    ) -> Row | None:
        """A row after a 其中 row (:mod:`aidcalc.published.parts`): a part, a question, or None."""
        if not self._parts.open:
            return None
        raw = next((cells[i] for i in self.label_columns if self._cell(cells, i)), "")
        word = total_label(without_footnote(label))[0] is not None or of_which(label) is not None
        part = self._parts.row(raw[:1].isspace(), word, values)
        if part is Part.PAST:
            return None
        kind = RowKind.PART if part in (Part.PART, Part.COMPLETES) else RowKind.AMBIGUOUS
        return Row(kind, label, values, part.value)

    def _without_amount(self, first: str, label: str, line: int) -> Row:
        if self._footer or is_footer_start(first):
            self._footer = True
            self._parts.close()
            return Row(RowKind.FOOTER, first, (), "note below the table")
        part = of_which(label)
        if part is not None and not part:
            self._parts.start(self._last_values, ())
            return Row(
                RowKind.PART, label, (), "其中 (of which): the parts below are in the row above"
            )
        self._parts.close()
        return Row(RowKind.HEADING, label or first, (), "a row without amounts")

    def _by_label(
        self, cells: Sequence[str], label: str, values: tuple[Amount | None, ...], line: int
    ) -> Row:
        said, named = total_label(without_footnote(label))
        kind = _KINDS.get(said) if said is not None else None
        check = self.check
        if (
            kind is RowKind.TOTAL
            and check.block_rows < check.all_rows
            and check.chance(values, block=True, least=1) is not None
            and check.chance(values, block=False, least=1) is None
        ):  # 合计 of one block of a long table (each year's 合计): a subtotal
            return Row(RowKind.SUBTOTAL, label, values, "")
        if kind is not None:
            return Row(kind, label, values)
        if named is not None:
            if key(named) in self._groups:
                return Row(RowKind.SUBTOTAL, label, values)
            if check.chance(values, block=True, least=1) is not None:
                return Row(RowKind.SUBTOTAL, label, values)
            if check.chance(values, block=False, least=1) is not None:
                return Row(RowKind.TOTAL, label, values)
            return Row(
                RowKind.AMBIGUOUS,
                label,
                values,
                f"a total of {named!r}? it is no group above, and its amounts are not the sum"
                " of the rows above",
            )
        if not self.arithmetic:
            return Row(RowKind.DETAIL, label, values)
        if not label:
            p = self._chance(values, block=True) or self._chance(values, block=False)
            if p is not None:
                return self._found(label, values, p, "a row without a label")
            return Row(RowKind.DETAIL, label, values)
        group = self._cell(cells, self.group_column)
        others = [i for i in self.label_columns if i != self.group_column]
        after_subtotal = (
            self._subtotals
            and self._since_total == 0
            and group
            and not any(self._cell(cells, i) for i in others)
            and key(group) not in self._groups
        )
        if after_subtotal:
            p = self._chance(values, block=False)
            if p is not None:
                return self._found(
                    label,
                    values,
                    p,
                    "a new name right after a subtotal",
                    scope="all the rows above it",
                )
            return Row(RowKind.DETAIL, label, values)
        if self._subtotals and check.block_rows >= 2:
            p = self._chance(values, block=True)
            if p is not None:
                return self._found(label, values, p, "a row")
        return Row(RowKind.DETAIL, label, values)

    def _found(
        self,
        label: str,
        values: tuple[Amount | None, ...],
        p: Fraction,
        what: str,
        *,
        scope: str = "the rows since the last total",
    ) -> Row:
        """A row no word names whose amounts equal a sum: a total, a question, or data."""
        chance = p * self._tests
        whole = scope.startswith("all") or self.check.block_rows == self.check.all_rows
        kind = RowKind.TOTAL if whole else RowKind.SUBTOTAL
        why = f"{what} equal to the sum of {scope} (chance of a coincidence {chance_text(chance)})"
        if self.confirm or chance <= COINCIDENCE:
            return Row(kind, label, values, why)
        return Row(
            RowKind.AMBIGUOUS,
            label,
            values,
            f"{why}: a total, or data that happens to equal it? (--totals drop takes it for a"
            " total)",
        )
