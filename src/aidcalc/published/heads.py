"""Subtotals standing above their block: ``一、一般性转移支付 8000`` over the rows adding up to it.

A row is a head (a candidate) only on evidence of the layout, never on a word alone, and only when
it has amounts:

- ``NUMBERED``: its label is numbered as a heading (:func:`~aidcalc.published.tablewords.
  heading_style`: ``一、``, ``（一）``, ``Part I``); each style of numbering is one level.
- ``GROUP``: its group cell is filled and its other label cells are blank, and the next row has the
  same group (or leaves it blank) and fills them (``甲省,,300`` over ``甲省,A县,100``).
- ``INDENTED``: the next row's label is indented further (leading spaces or U+3000,
  :func:`~aidcalc.published.tablewords.indent`): ``一般公共服务支出`` over ``  人大事务``.
- ``CODED``: its codes (:mod:`aidcalc.published.codes`) are a level above the next row's, its name
  filled in both: ``201,,,一般公共服务支出`` over ``,01,,人大事务``; ``201`` over ``20101``.

Its block is the detail rows after it up to a row it does not cover: for ``NUMBERED`` the next row
numbered the same way (or as an enclosing head is), for ``GROUP`` a row of another group, for
``INDENTED`` a row indented no further than it, for ``CODED`` a row not below its codes; and for
every head a row without amounts (but a heading a level down: numbered otherwise, or indented
further), a total or subtotal row, a blank row, a note, the end of the table. Heads nest: a head
inside another's block is closed with it or before it; an enclosing head's block is its detail
rows (a subtotal inside it counted once). A 序号 or year cell before the label is no label.

When its block ends, a head is a SUBTOTAL when its amounts equal the block's sum within the
rounding :class:`~aidcalc.published.totals.TotalsCheck` allows and the block has at least two rows,
or one row and the chance of the match by accident (times the comparisons made in the table) is at
most :data:`~aidcalc.published.totals.COINCIDENCE` (with ``confirm``, ``--totals drop``: every
match). Otherwise it is data, counted like any detail row, and a grand total below then shows the
mismatch as it would without this rule. Heads of one kind that disagree (one a subtotal, another
not the sum of its rows) are refused, but with ``confirm``: such rows could be amounts of their own.

A head whose one row equals it by what could be chance is decided by the layout: inside another
head, by the enclosing head (a subtotal when that adds up without it, data when with it); else by
the other heads of its kind (same sign, numbering) — subtotals when one was shown to be one, data
when none was, a chain of such heads as one — at the next total row, row without amounts, blank
row or note, or the end. A head read as data over a block of rows
is refused when heads nest (inside another head, or over heads with rows of their own): it and its
rows would be summed twice, and where the blocks end cannot be told. Numbered rows with nothing
below them (``（一）`` items under ``一、``) are data rows of the head around them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import Protocol

from aidcalc.core.errors import AidcalcError
from aidcalc.published.codes import codes, under
from aidcalc.published.tablewords import (
    heading_style,
    indent,
    key,
    not_amount,
    of_which,
    total_label,
    without_footnote,
)
from aidcalc.published.totals import (
    COINCIDENCE,
    Amount,
    RowKind,
    TotalResult,
    TotalsCheck,
    chance_text,
)
from aidcalc.published.unitlines import is_figure

__all__ = ["AboveBlocks", "Decision", "Head", "Heads", "Place", "Sign", "chance_text"]


class Sign(Enum):
    """The evidence that a row stands above its block."""

    NUMBERED = "numbered as a heading"
    GROUP = "a group named alone, its rows below"
    INDENTED = "its rows indented below it"
    CODED = "its code a level above the codes below it"


@dataclass(repr=False, eq=False)
class Head:
    """An open head: a row held back until its block ends."""

    line: int
    label: str
    values: tuple[Amount | None, ...]
    sign: Sign
    level: str | int | tuple[str, ...]  # numbering style, indentation, group (keyed) or codes
    check: TotalsCheck
    nested: bool = False  # inside another head, or over heads of its own with rows below them
    maybe: list[Head] = field(default_factory=list)  # heads inside it that equal their one row
    chance: Fraction | None = None  # of its match by accident, when it equals its one row


@dataclass(frozen=True, repr=False)
class Decision:
    """A head decided: a subtotal (``result``: its check against its block) or data."""

    line: int
    label: str
    values: tuple[Amount | None, ...]
    sign: Sign
    result: TotalResult | None = None
    note: str = ""  # why a head over a block of rows is data

    @property
    def subtotal(self) -> bool:
        return self.result is not None


@dataclass(frozen=True, repr=False)
class Place:
    """Where a row stands, for the heads open above it: its numbering style, indentation, group
    cell (keyed), whether its other label cells are filled, and its codes (:func:`codes`)."""

    style: str | None
    indent: int
    group: str
    others: bool
    codes: tuple[str, ...] | None = None


class Heads:
    """The heads open above the current row, innermost last."""

    def __init__(self, width: int, *, confirm: bool = False, skip_missing: bool = False) -> None:
        self.width = width
        self.confirm = confirm
        self.skip_missing = skip_missing
        self.stack: list[Head] = []
        self.pushed = 0  # heads opened in the table
        self.confirmed: set[tuple[Sign, str | int | None]] = set()  # kinds of heads shown subtotals
        self.waiting: list[Head] = []  # equal to their one row, until the layout shows more
        self.short: dict[tuple[Sign, str | int | None], Head] = {}  # by kind: one not adding up
        self.shown: dict[tuple[Sign, str | int | None], Head] = {}  # by kind: one adding up

    @staticmethod
    def kind(head: Head) -> tuple[Sign, str | int | None]:
        """Heads of one kind: of one sign, and numbered heads of one style."""
        return head.sign, str(head.level) if head.sign is Sign.NUMBERED else None

    @property
    def open(self) -> bool:
        return bool(self.stack or self.waiting)

    def push(
        self,
        line: int,
        label: str,
        values: tuple[Amount | None, ...],
        sign: Sign,
        level: str | int | tuple[str, ...],
    ) -> None:
        """Open a head over the rows that follow."""
        self.pushed += 1
        check = TotalsCheck(self.width, skip_missing=self.skip_missing)
        self.stack.append(Head(line, label, values, sign, level, check, nested=bool(self.stack)))

    def detail(self, values: Sequence[Amount | None], sign: int = 1) -> None:
        """A detail row (``sign`` −1: taken back out) in the block of every open head."""
        for head in self.stack:
            head.check.add_detail(values, sign)

    def ended(self, place: Place) -> int | None:
        """The index of the outermost open head whose block a row standing at ``place`` is not in
        (it and every head inside it end), or None."""
        for i, head in enumerate(self.stack):
            if head.sign is Sign.NUMBERED:
                if place.style == head.level:
                    return i
            elif head.sign is Sign.INDENTED:
                if place.indent <= int(head.level):  # type: ignore[arg-type]
                    return i
            elif head.sign is Sign.CODED:
                if not isinstance(head.level, tuple) or not under(head.level, place.codes):
                    return i
            elif (place.group and place.group != head.level) or not place.others:
                return i
        return None

    def close(self, index: int, count: Callable[[], int], *, final: bool = False) -> list[Decision]:
        """End the heads from ``index`` on, innermost first; ``count`` counts one comparison
        made in the table and returns how many so far. ``final`` (a total row, a row without
        amounts, the end): decide the heads that equal their one row too."""
        out: list[Decision] = []
        while len(self.stack) > index:
            out += self._decide(self.stack.pop(), count)
        if final and not self.stack:
            for head in self.waiting:  # with the one-row heads inside it, as one chain
                chain = self._chain(head)
                shown = any(self.kind(h) in self.confirmed for h in chain)
                out += [self._subtotal(h) if shown else self._data(h) for h in chain]
            self.waiting.clear()
        return out

    def _chain(self, head: Head) -> list[Head]:
        """A head and the one-row heads inside it still undecided, innermost first."""
        return [*(h for m in head.maybe for h in self._chain(m)), head]

    def _decide(self, head: Head, count: Callable[[], int]) -> list[Decision]:
        check = head.check
        rows = check.all_rows
        if rows and self.stack:  # a head over rows inside another (numbered rows alone are data)
            self.stack[-1].nested = True
        maybe = head.maybe
        p = check.chance(head.values, block=True, least=1)
        if p is None and maybe:  # does it add up with the heads inside it read as data?
            for m in maybe:
                check.add_detail(m.values)
            p = check.chance(head.values, block=True, least=1)
            if p is not None:
                rows = check.all_rows
                out = [self._data(m) for m in maybe]
                maybe = []
            else:
                for m in maybe:
                    check.add_detail(m.values, -1)
                out = []
        else:
            out = []
        if p is not None:
            chance = p * count()
            if self.confirm or rows >= 2 or chance <= COINCIDENCE:
                self.confirmed.add(self.kind(head))
                self.shown.setdefault(self.kind(head), head)
                self._agree(head)
                out += [self._subtotal(m) for m in maybe]
                return [*out, self._subtotal(head)]
            head.chance = chance
            if self.stack:  # one row, equal perhaps by chance: the head around it decides
                self.stack[-1].maybe.append(head)
            else:  # or the other heads of its kind: subtotals of two rows or more, or not
                self.waiting.append(head)
            return out
        if maybe or (head.nested and rows):
            inner = maybe[0] if maybe else None
            why = (
                f"the row at line {inner.line} ({inner.label!r}) inside it equals its one row,"
                " which could be chance,"
                if inner is not None
                else "heads nest here,"
            )
            raise AidcalcError(
                f"a row standing above its block ({head.sign.value}) whose amounts are not the"
                f" sum of the {rows} rows below it; {why} so which rows are subtotals cannot be"
                " told (--totals drop takes every row that adds up for a subtotal, --totals keep"
                " reads them all as data)",
                line=head.line,
                value=head.label,
            )
        return [*out, self._data(head)]

    def _agree(self, head: Head, short: Head | None = None) -> None:
        """Refuse heads of one kind that disagree: one the sum of its block (``head``), another
        (``short``) not the sum of its rows — the rows of that kind could be subtotals or amounts
        of their own, and which cannot be told (``--totals drop``: those adding up are
        subtotals)."""
        kind = self.kind(head)
        if short is None:
            short = self.short.get(kind)
            if short is None or self.confirm:
                return
        rows = short.check.all_rows
        raise AidcalcError(
            f"a row standing above its block ({head.sign.value}) whose amounts are not the sum of"
            f" the {rows} row{'s' if rows > 1 else ''} below it, while the row at line"
            f" {head.line} ({head.label!r}), of the same kind, is the sum of its own: such rows"
            " could be subtotals or amounts of their own (--totals keep reads them all as data,"
            " --totals drop takes those that add up for subtotals and the others for data)",
            line=short.line,
            value=short.label,
        )

    def _subtotal(self, head: Head) -> Decision:
        head.check.add(RowKind.SUBTOTAL, head.line, head.label, head.values)
        result = head.check.finish()[-1]
        return Decision(head.line, head.label, head.values, head.sign, result)

    def _data(self, head: Head) -> Decision:
        """A head read as data: a detail row of the heads around it."""
        self.detail(head.values)
        rows = head.check.all_rows
        note = ""
        if head.chance is not None:
            note = (
                f"equal to its one row below, which could be chance (chance of a coincidence"
                f" {chance_text(head.chance)})"
            )
        elif rows:
            note = f"not the sum of the {rows} row{'s' if rows > 1 else ''} below it"
            if not self.confirm and any(v and v[0] for v in head.values):  # (a 0 tells nothing)
                self.short.setdefault(self.kind(head), head)
                shown = self.shown.get(self.kind(head))
                if shown is not None:
                    self._agree(shown, head)
        return Decision(head.line, head.label, head.values, head.sign, note=note)


def _first_label(cells: Sequence[str], labels: Sequence[int]) -> str:
    return _first(cells, labels)[1]  # (as written: its indentation kept)


def _first(cells: Sequence[str], labels: Sequence[int]) -> tuple[int, str]:
    """The first label cell that names the row (a 序号 or a year before it is a figure), its column
    and text as written; else the first filled one; (-1, "") when none."""
    filled = [(i, cells[i]) for i in labels if i < len(cells) and cells[i].strip()]
    return next((f for f in filled if not is_figure(f[1])), filled[0] if filled else (-1, ""))


def _cell(cells: Sequence[str], i: int | None) -> str:
    return cells[i].strip() if i is not None and i < len(cells) else ""


_LEVELS = ("Part I", "一、", "（一）")  # the styles of numbering (HEADING_STYLES), outermost first


class _Lined(Protocol):
    line: int


class AboveBlocks:
    """Finding heads, for :class:`~aidcalc.published.shape.TableShape` (mixed in): it keeps the
    heads open, the previous row (its evidence comes with the next row), and what it decided
    (``decided``) or took back from the detail rows counted (``converted``: lines) for the
    caller that holds the rows.

    >>> from aidcalc.published.shape import TableShape
    >>> shape = TableShape([0], [1])
    >>> read = lambda col, text: (int(text), 0, False)
    >>> rows = [["一般公共服务", "1000"], ["  人大事务", "300"], ["  政府办公厅", "700"],
    ...         ["教育", "2000"], ["  普通教育", "1500"], ["  职业教育", "500"], ["合计", "3000"]]
    >>> [shape.feed(r, n, read).kind.value for n, r in enumerate(rows, 2)][:4]
    ['detail', 'detail', 'detail', 'detail']
    >>> shape.converted, [(d.line, d.subtotal) for d in shape.decided]
    ([2, 5], [(2, True), (5, True)])
    >>> [(r.label, r.rows, r.verdict.value) for r in shape.finish()]
    [('一般公共服务', 2, 'match'), ('教育', 2, 'match'), ('合计', 4, 'match')]
    """

    label_columns: Sequence[int]
    amount_columns: Sequence[int]
    group_column: int | None
    arithmetic: bool
    check: TotalsCheck
    heads: Heads
    decided: list[Decision]
    converted: list[int]
    _prev: tuple[int, Sequence[str], tuple[Amount | None, ...], str] | None
    _since_total: int
    _tests: int
    first: _Lined | None
    last: _Lined | None

    def _init_heads(self, width: int, confirm: bool, skip_missing: bool) -> None:
        self.heads = Heads(width, confirm=confirm, skip_missing=skip_missing)
        self.decided = []
        self.converted = []
        self._prev = None

    def _count(self) -> int:
        self._tests += 1
        return self._tests

    def _forget(self, line: int) -> None:
        """A detail row counted is a head after all: no candidate for a total."""
        if self.first is not None and self.first.line == line:
            self.first = None
        if self.last is not None and self.last.line == line:
            self.last = None

    def _heads_before(self, cells: Sequence[str]) -> None:
        """End the heads whose block a row does not belong to, before it is classified (a head
        read as data is counted in the block a total row below checks)."""
        if not self.heads.open:
            return
        labels = self.label_columns
        if not any(c.strip() for c in cells) or not any(
            _cell(cells, i) for i in self.amount_columns
        ):
            if not self._sub_heading(cells):
                self._heads_close(0, final=True)  # a blank row, a heading, a note
            return
        label = " ".join(t for t in (_cell(cells, i) for i in labels) if t)
        if not_amount(label) or of_which(label) is not None:
            return
        if total_label(without_footnote(label)) != (None, None):
            self._heads_close(0, final=True)
            return
        index = self.heads.ended(self._place(cells))
        if index is not None:
            self._heads_close(index)

    def _place(self, cells: Sequence[str]) -> Place:
        raw = _first_label(cells, self.label_columns)
        group = _cell(cells, self.group_column)
        others = any(_cell(cells, i) for i in self.label_columns if i != self.group_column)
        found = codes(cells, self.label_columns)
        return Place(heading_style(raw) if raw else None, indent(raw), key(group), others, found)

    def _sub_heading(self, cells: Sequence[str]) -> bool:
        """Whether a row without amounts is a heading of a level below the heads open (numbered
        in another style, or indented further): its rows are still in their blocks."""
        label = " ".join(t for t in (_cell(cells, i) for i in self.label_columns) if t)
        if not label or not self.heads.stack:
            return False
        if total_label(without_footnote(label)) != (None, None):
            return False
        place = self._place(cells)
        if place.style is None and not place.indent:
            return False
        if place.style is not None and any(  # (``二、`` under ``（一）`` is a level up)
            _LEVELS.index(place.style) <= _LEVELS.index(str(h.level))
            for h in self.heads.stack
            if h.sign is Sign.NUMBERED
        ):
            return False
        return self.heads.ended(place) is None

    def _heads_other(self, cells: Sequence[str]) -> None:
        """A row not counted as detail: the previous row stays a candidate for a head only over
        a heading without amounts indented further (``  普通教育`` between ``教育支出`` and its
        items)."""
        prev = self._prev
        if prev is None or any(_cell(cells, i) for i in self.amount_columns):
            self._prev = None
            return
        labels = self.label_columns
        raw, before = _first_label(cells, labels), _first_label(prev[1], labels)
        if not raw or not before or indent(raw) <= indent(before):
            self._prev = None

    def _heads_close(self, index: int, *, final: bool = False) -> None:
        for d in self.heads.close(index, self._count, final=final):
            self.decided.append(d)
            if d.result is not None:
                self.check.add_result(d.result)
            else:
                self.check.add_detail(d.values)
                self._since_total += 1

    def _numbered_head(
        self, cells: Sequence[str], line: int, label: str, values: tuple[Amount | None, ...]
    ) -> bool:
        """Open a head at a detail row numbered as a heading; False when it is none."""
        style = heading_style(_first_label(cells, self.label_columns))
        if style is None or not self.arithmetic or all(v is None for v in values):
            return False
        self.heads.push(line, label, values, Sign.NUMBERED, style)
        self._prev = None
        return True

    def _evidence(
        self, prev: Sequence[str], cells: Sequence[str]
    ) -> tuple[Sign, str | int | tuple[str, ...]] | None:
        """Whether ``cells`` (the next row) shows the row ``prev`` stands above its block."""
        labels = self.label_columns
        above = codes(prev, labels)
        if above is not None:
            return (Sign.CODED, above) if under(above, codes(cells, labels)) else None
        (column, before), (own, now) = _first(prev, labels), _first(cells, labels)
        if not before or not now:
            return None
        if own == column and indent(now) > indent(before):  # (``甲, A`` over ``, B``: no indent)
            return Sign.INDENTED, indent(before)
        g = self.group_column
        if g is None or len(labels) < 2:
            return None
        group = _cell(prev, g)
        if not group or any(_cell(prev, i) for i in labels if i != g):
            return None
        if any(_cell(cells, i) for i in labels if i != g) and _cell(cells, g) in ("", group):
            return Sign.GROUP, key(group)
        return None

    def opens_head(self, cells: Sequence[str]) -> bool:
        """Whether the row ``cells`` makes the previous row a head (the batched path asks before
        it lets a batch through)."""
        prev = self._prev
        return prev is not None and self.arithmetic and self._evidence(prev[1], cells) is not None

    def _heads_after(
        self, cells: Sequence[str], line: int, label: str, values: tuple[Amount | None, ...]
    ) -> None:
        """A detail row, counted: the previous row may be a head after all; this row is in the
        block of every head open."""
        prev = self._prev
        if prev is not None and self.arithmetic:
            found = self._evidence(prev[1], cells)
            if found is not None and any(v is not None for v in prev[2]):
                pline, _, pvalues, plabel = prev
                self.check.remove(pvalues)
                self.heads.detail(pvalues, -1)
                self._since_total -= 1
                self._forget(pline)
                self.heads.push(pline, plabel, pvalues, *found)
                self.converted.append(pline)
        self.heads.detail(values)
        self._prev = (line, cells, values, label)
