"""The batched path: a batch of plainly written amounts checked by one regular expression and
converted by C code, summed in running dictionaries until :meth:`FastSums.flush`.

Most data cells are plain numbers with the same number of decimals (``1234.50``). For a batch of
rows whose amount cells all have that shape, one regular expression over the joined column checks
every cell at once and ``map(int, …)`` converts them; sums run per raw group key and per power of
ten. A batch that does not fit is left untouched (``add`` returns False) for the row-by-row path
in :mod:`aidcalc.calc.tally`, which also finds and names the first bad cell. Both paths must give
the same groups, totals, rounding and counties: ``tests/calc/test_paths.py`` checks that they do.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable
from itertools import repeat
from operator import itemgetter

from aidcalc.calc.groups import Group
from aidcalc.core.figures import plain_number
from aidcalc.reader.filters import cell_value
from aidcalc.reader.query import FILE, Counting, Keys, Layout

__all__ = ["WHOLE_COUNT", "FastSums", "Plain", "plain_sums", "read_plain"]

MAX_DECIMALS = 30
_SHAPES: dict[int, re.Pattern[str]] = {}
#: A number of counties the batched path reads itself (any other goes to the full parser).
WHOLE_COUNT = "[0-9]{1,18}"
_WHOLE_COUNTS = re.compile(f"{WHOLE_COUNT}(?:\n{WHOLE_COUNT})*")


def _shape(decimals: int) -> re.Pattern[str]:
    """A column of plain numbers that all have ``decimals`` decimals, one per line."""
    if decimals not in _SHAPES:
        one = plain_number(decimals)
        _SHAPES[decimals] = re.compile(f"{one}(?:\n{one})*")
    return _SHAPES[decimals]


#: A column of plain numbers read at once: number of decimals → (the rows that have that many,
#: or None for all of them; their mantissas, the decimal point dropped).
Plain = dict[int, tuple[list[int] | None, list[int]]]
_ANY = re.compile(f"{plain_number()}(?:\n{plain_number()})*")


def read_plain(cells: list[str]) -> Plain | None:
    """The mantissas of a column of plainly written amounts, by number of decimals, or None when
    a cell is not plain (or holds a line break). One number of decimals is the common case and
    is checked by one regular expression; a column that mixes them (numbers from a workbook, where
    1234.50 shows as 1234.5) is split by decimals.

    >>> read_plain(["1.50", "-2.25"])
    {2: (None, [150, -225])}
    >>> read_plain(["3", "1.5", "2.25"])
    {0: ([0], [3]), 1: ([1], [15]), 2: ([2], [225])}
    """
    first = cells[0]
    dot = first.find(".")
    decimals = 0 if dot < 0 else len(first) - dot - 1
    joined = "\n".join(cells)
    if joined.count("\n") != len(cells) - 1:
        return None  # a cell holds a line break
    if decimals <= MAX_DECIMALS and _shape(decimals).fullmatch(joined):
        values = list(map(int, joined.replace(".", "").split("\n") if decimals else cells))
        return {decimals: (None, values)}
    if not _ANY.fullmatch(joined):
        return None
    plain: Plain = {}
    for i, cell in enumerate(cells):
        dot = cell.find(".")
        d = 0 if dot < 0 else len(cell) - dot - 1
        if d > MAX_DECIMALS:
            return None
        rows, values = plain.setdefault(d, ([], []))
        assert rows is not None
        rows.append(i)
        values.append(int(cell.replace(".", "")) if d else int(cell))
    return plain


def plain_sums(plain: Plain, unit_exp: int, unit_rounded: bool) -> list[tuple[int, int, int]]:
    """``(mantissa sum, exp, rounded count)`` for each number of decimals of a plain column."""
    return [
        (sum(values), unit_exp - d, len(values) if d or unit_rounded else 0)
        for d, (_, values) in plain.items()
    ]


class FastSums:
    """Running sums of the batched path for one table, by raw group key, until flushed."""

    def __init__(self, layout: Layout, keys: Keys) -> None:
        self.layout = layout
        self.keys = keys
        self.amount = itemgetter(layout.amount)
        self.counting = layout.counting
        self.count = itemgetter(layout.count_idx)
        self.keyed = any(i != FILE for i in layout.keys)  # else the raw key is always None
        self.sums: dict[int, dict[Hashable, int]] = {}  # exponent → raw key → sum of mantissas
        self.rows: dict[int, Counter[Hashable]] = {}  # exponent → raw key → rows
        self.rounded: set[int] = set()  # exponents at which the cells show rounding
        self.counties: Counter[Hashable] = Counter()
        self.names_seen: set[str] = set()  # county cells as written, all groups
        self.pairs: set[tuple[Hashable, str]] = set()  # (raw key, county as written)
        self.good_keys: set[Hashable] = set()  # raw keys known to have no blank part
        self.order: dict[Hashable, None] = {}  # raw keys in the order of their first rows

    def add(
        self, rows: list[list[str]], plain: Plain | None = None, names: set[str] | None = None
    ) -> bool:
        """Add a batch whose amounts are all plainly written (``plain``: already read, by the
        sifting of a published table; ``names``: the distinct county cells, already gathered);
        False, and nothing added, when the batch does not fit."""
        layout = self.layout
        if layout.per_idx >= 0:
            return False  # row by row reads the column divided by
        if plain is None:
            plain = read_plain(list(map(self.amount, rows)))
            if plain is None:
                return False  # not plain, or a cell holds a line break
        counts: list[str] = []
        if self.counting is Counting.COUNTS:
            counts = list(map(self.count, rows))
            joined_counts = "\n".join(counts)
            if (
                not _WHOLE_COUNTS.fullmatch(joined_counts)
                or joined_counts.count("\n") != len(counts) - 1
            ):
                return False
        elif self.counting is Counting.NAMES:
            new = (names if names is not None else set(map(self.count, rows))).difference(
                self.names_seen
            )
            if new and not all(c.strip() for c in new):
                return False  # row by row names the blank cell
            self.names_seen |= new
        raw: Callable[[list[str]], Hashable] = self.keys.raw
        keys = list(map(raw, rows)) if self.keyed else None
        if keys is not None:
            new = set(keys).difference(self.good_keys)
            if new:
                if any("" in self.keys.decode(k) for k in new):
                    return False  # row by row names the blank group cell
                self.good_keys |= new
        # everything checked: from here on the batch is added
        if self.counting is Counting.NAMES:
            self.pairs.update(
                zip(keys if keys is not None else repeat(None), map(self.count, rows))
            )
        if counts:
            counties = self.counties
            if keys is None:
                counties[None] += sum(map(int, counts))
            else:
                for k, c in zip(keys, map(int, counts)):
                    counties[k] += c
        if keys is not None:  # groups come in the order of their first rows (decimals may mix)
            self.order.update(dict.fromkeys(keys))
        for d, (which, values) in plain.items():
            exp = layout.unit_exp - d
            sums = self.sums.setdefault(exp, {})
            n_rows = self.rows.setdefault(exp, Counter())
            if d or layout.unit_rounded:
                self.rounded.add(exp)
            if keys is None:
                sums[None] = sums.get(None, 0) + sum(values)
                n_rows[None] += len(values)
                continue
            ks = keys if which is None else [keys[i] for i in which]
            get = sums.get
            for k, v in zip(ks, values):
                sums[k] = get(k, 0) + v
            n_rows.update(ks)
        return True

    def flush(self, group: Callable[[tuple[str, ...]], Group]) -> None:
        """Add what was summed to the groups (``group(key)`` finds or makes one), and start
        afresh."""
        decode = self.keys.decode
        for k in self.order:
            group(decode(k))
        for exp, sums in self.sums.items():
            n_rows = self.rows[exp]
            rounded = exp in self.rounded
            for k, total in sums.items():
                group(decode(k)).add(exp, total, n_rows[k], rounded)
        for k, n in self.counties.items():
            group(decode(k)).counties += n
        for k, name in self.pairs:
            county_set = group(decode(k)).county_set
            assert county_set is not None
            county_set.add(cell_value(name))  # NFKC, as group values
        self.sums.clear()
        self.order.clear()
        self.rounded.clear()
        self.rows.clear()
        self.counties.clear()
        self.pairs.clear()
        self.names_seen.clear()
