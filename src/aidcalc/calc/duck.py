"""Large tidy tables through DuckDB, exactly: DuckDB scans and groups, aidcalc decides.

One query per file reads every cell as text (``all_varchar``, no type sniffing) and groups the rows
by their raw group, filter and county cells, by the number of decimals of a plainly written amount
(aidcalc's own pattern, :func:`aidcalc.core.figures.plain_number`), and by the text of any other
amount cell. A plain amount is cast by DuckDB to an integer mantissa at its own scale — a DECIMAL
whose scale is its count of decimals — and summed per count of decimals, so nothing is rounded;
every other cell (``(5,000)``, ``14.35亿``, ``1,234.5``) is read by aidcalc's parser, once per
distinct text. Group, filter and county values are normalised (NFKC) in Python over their distinct
values; the rows' first-seen order comes from DuckDB's row numbers. The same scan gives the distinct
values of every label column, which the published-table rules
(:func:`aidcalc.calc.ducklabels.odd_values`) look at in Python: a table with possible total or note
rows is no tidy table.

Whatever this module cannot vouch for — a bad cell, a blank group value, a possible total row,
two currencies, a sum past 38 digits, any file DuckDB reads differently — raises :class:`Unsuited`,
and the caller (:mod:`aidcalc.calc.engine`) reads the input with the streaming reader instead, which
gives the same figures or names the same cell. A Parquet file, which only DuckDB reads, gets its
error here instead, naming the row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from itertools import chain
from typing import Any

import duckdb

from aidcalc.calc.duckgroups import Found, RowError, Rows, Unsuited
from aidcalc.calc.ducklabels import CHUNK, many_valued
from aidcalc.calc.fastpath import WHOLE_COUNT
from aidcalc.calc.groups import Group, Tally, year_of
from aidcalc.calc.labels import label_columns
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import plain_number
from aidcalc.published.tablewords import special_sql
from aidcalc.reader import Batch, Source, Table, open_table
from aidcalc.reader.query import FILE, Counting, Layout, Query
from aidcalc.reader.table import columns_of

__all__ = ["File", "Unsuited", "is_parquet", "tally"]

FIRST_ROWS = 1024  # first rows read by aidcalc's reader: the scale, label columns of many values
#: Longest plain amount DuckDB casts (sign, point and at most 37 digits fit a HUGEINT mantissa).
MAX_CAST_CHARS = 38
_PAT = plain_number()
_ANY = re.compile(_PAT)
_FLOATS = ("DOUBLE", "FLOAT", "REAL")
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")


def is_parquet(name: str) -> bool:
    return name.lower().endswith(".parquet")


def tally(sources: Sequence[Source], query: Query, *, year_from_names: bool = False) -> Tally:
    """What :func:`~aidcalc.calc.tally.tally` gives for ``sources`` (files on disk), by DuckDB."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # stderr is aidcalc's
    groups: dict[tuple[str, ...], Group] = {}
    notes: list[str] = []
    counting: Counting | None = None
    currencies: set[str] = set()
    years: set[str] = set()
    kept = 0
    try:
        for n, source in enumerate(sources):
            prefix: tuple[str, ...] = ()
            if year_from_names:
                year = year_of(source.name)
                if year in years:
                    raise Unsuited("two files give one year")
                years.add(year)
                prefix = (year,)
            read = File(con, source, query, prefix)
            try:
                if n and read.layout.counting != counting:
                    raise Unsuited("counties are counted differently in two files")
                counting = read.layout.counting
                found = read.run()
                where = f"{source.name}: " if len(sources) > 1 else ""
                notes += [where + note for note in read.notes]
            finally:
                read.close()
            kept += found.kept
            currencies |= found.currencies
            for key, g in sorted(found.groups.items(), key=lambda kv: found.first[kv[0]]):
                mine = groups.get(key)
                if mine is None:
                    groups[key] = g
                else:
                    mine.merge(g)
    except duckdb.Error as e:  # a file DuckDB reads otherwise, or a sum past 38 digits
        raise Unsuited(f"DuckDB could not read it ({_first_line(e)})") from None
    finally:
        con.close()
    if query.where and not kept:
        raise Unsuited("no row passes the filter")
    if len(currencies) > 1:
        raise Unsuited("amounts in two currencies")
    by = query.by
    currency = next(iter(currencies), None)
    return Tally(
        by,
        groups,
        counting,
        0,
        notes,
        [],
        None if currency in (None, "CNY") else currency,
        query.per,
    )


def _numeric(kind: str) -> bool:
    return kind in _FLOATS or kind in _INTEGERS or kind.startswith("DECIMAL")


#: The most digits a plain amount may have for DuckDB to cast it to an int64 mantissa (a
#: DECIMAL(18, s), summed into a DECIMAL(38, s)): longer plain amounts, rare, go to ``others``.
FAST_DIGITS = 18


def _fast(text: str, scale: int) -> str:
    """SQL: whether the cell ``text`` is a plain amount (aidcalc's own pattern) with ``scale``
    decimals, short enough for :func:`_fast_type` — the only cells DuckDB casts itself."""
    if scale < FAST_DIGITS:
        return f"regexp_full_match({text}, {_lit(plain_number(scale, FAST_DIGITS - scale))})"
    pattern = _lit(plain_number(scale))
    return f"(regexp_full_match({text}, {pattern}) AND length({text}) <= {MAX_CAST_CHARS})"


def _fast_type(scale: int) -> str:
    return f"DECIMAL({FAST_DIGITS if scale < FAST_DIGITS else 38}, {scale})"


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def _lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


class File:
    """One file: its header (and first rows) read by aidcalc's reader, its rows by DuckDB."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, source: Source, query: Query, prefix: tuple[str, ...]
    ) -> None:
        self.con = con
        self.source = source
        self.parquet = is_parquet(source.name)
        self.notes: list[str] = []
        self.doubles = False
        self.types: list[str] = []
        self._stack = ExitStack()
        self.head: Iterator[Batch] = iter(())
        try:
            if self.parquet:
                table, self.relation = self._parquet_table(source)
            else:
                table, self.relation = self._csv_table(source, query)
            self.table = table
            self.layout = layout = query.resolve(table, prefix)
        except BaseException:
            self.close()
            raise
        self.notes += [*table.notes, *layout.notes]
        if layout.wide or layout.fill_down or layout.per_idx >= 0:
            self._unsuited("--wide, --fill-down and --per")
        if any(c.name == "level" for c in table.columns):
            self._unsuited("a 'level' column (aidcalc's own output read back)")
        if layout.currency_idx >= 0:
            self._one_currency(layout)
        kind = self.types[layout.amount] if self.parquet else ""
        self.typed = kind.startswith("DECIMAL") or kind in _INTEGERS
        self.in_python = False  # True after a sum passed 38 digits
        self.first_rows: list[list[str]] = []  # the first rows of a CSV, as aidcalc reads them
        if kind in _FLOATS:
            self.doubles = True
            self.notes.append(
                f"the amounts in {layout.amount_col!r} are floating-point numbers: each is read as"
                " its shortest decimal, cut to 15 significant digits, as a workbook cell is"
            )

    def close(self) -> None:
        self._stack.close()

    def _one_currency(self, layout: Layout) -> None:
        """A column naming each row's currency: a CSV goes to the streaming reader, which checks
        it row by row; a Parquet file must name one currency there (kept rows or not)."""
        if not self.parquet:
            self._unsuited("a column naming each row's currency")
        c = f"c{layout.currency_idx}"
        sql = (
            f"SELECT DISTINCT upper(trim({c})) FROM {self.relation}"
            f" WHERE {c} IS NOT NULL AND trim({c}) <> '' LIMIT 2"
        )
        codes = sorted(str(r[0]) for r in self.con.execute(sql).fetchall())
        if len(codes) > 1:
            name = layout.columns[layout.currency_idx]
            raise AidcalcError(
                f"the column {name!r} names {codes[0]} and {codes[1]}: amounts in two currencies"
                f" are not added; group them with --by {name!r}",
                file=self.source.name,
            )

    def _unsuited(self, why: str) -> None:
        if self.parquet:
            raise AidcalcError(
                f"{why}: a Parquet file is read by DuckDB, which does not take these",
                file=self.source.name,
            )
        raise Unsuited(why)

    def _csv_table(self, source: Source, query: Query) -> tuple[Table, str]:
        table = self._stack.enter_context(
            open_table(
                source,
                delimiter=query.delimiter,
                encoding=query.encoding,
                header_row=query.header_row,
            )
        )
        split = table.splittable
        if table.sheet is not None:
            raise Unsuited("a workbook")
        if getattr(split, "encoding", None) not in ("utf-8", "utf-8-sig"):
            raise Unsuited("DuckDB reads UTF-8 text only")
        if table.header_line != 1 or (table.preamble and table.preamble.header != 0):
            raise Unsuited("title rows above the header")
        self.head = table.batches  # the first rows give the groups' order (see _order)
        delim = str(getattr(split, "delimiter", ","))
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(table.columns)))
        relation = (
            f"read_csv({_lit(source.path or source.name)}, header=true, all_varchar=true,"
            f" auto_detect=false, delim={_lit(delim)}, quote='\"', escape='\"',"
            f" strict_mode=true, null_padding=false, columns={{{columns}}})"
        )
        return table, relation

    def _parquet_table(self, source: Source) -> tuple[Table, str]:
        path = source.path or source.name
        if not os.path.isfile(path):
            raise AidcalcError("no such file", file=source.name)
        rel = f"read_parquet({_lit(path)}, file_row_number=true)"
        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()
        except duckdb.Error as e:
            raise AidcalcError(
                f"cannot read it as Parquet ({_first_line(e)})", file=source.name
            ) from None
        names = [str(r[0]) for r in described if r[0] != "file_row_number"]
        types = {str(r[0]): str(r[1]).upper() for r in described}
        self.types = [types[n] for n in names]
        table = Table(source, columns_of(names, source.name, 1), iter(()), 1)
        quoted = ['"' + n.replace('"', '""') + '"' for n in names]
        cells = ", ".join(
            [f"CAST({q} AS VARCHAR) AS c{i}" for i, q in enumerate(quoted)]
            + [f"{q} AS r{i}" for i, q in enumerate(quoted) if _numeric(self.types[i])]
        )
        return table, f"(SELECT {cells}, file_row_number AS rn FROM {rel})"

    # -----------------------------------------------------------------------------------------
    # The queries

    def _scale(self) -> int:
        """The decimals of the amounts, as the first rows show them (the cells with another
        number of decimals are read by the second query)."""
        i = self.layout.amount
        if self.parquet:
            kind = self.types[i]
            if kind.startswith("DECIMAL"):
                return int(kind.rstrip(")").split(",")[-1])
            if kind in _INTEGERS:
                return 0
            cells = [str(r[0]) for r in self.con.execute(
                f"SELECT c{i} FROM {self.relation} WHERE c{i} IS NOT NULL LIMIT {FIRST_ROWS}"
            ).fetchall()]  # fmt: skip
        else:
            batches: list[Batch] = []
            while sum(len(b.rows) for b in batches) < FIRST_ROWS:
                batch = next(self.head, None)
                if batch is None:
                    break
                batches.append(batch)
            self.head = chain(batches, self.head)  # read again for the groups' order
            self.first_rows = [row for b in batches for row in b.rows][:FIRST_ROWS]
            cells = [row[i] for row in self.first_rows]
        plain = [c for c in cells if len(c) <= MAX_CAST_CHARS and _ANY.fullmatch(c)]
        return max((len(c) - c.index(".") - 1 for c in plain if "." in c), default=0)

    def run(self) -> Found:
        layout = self.layout
        dims = [i for i in dict.fromkeys(layout.keys) if i != FILE]
        dims += [i for i, _ in layout.conditions if i != FILE and i not in dims]
        county = layout.count_idx if layout.counting is Counting.NAMES else -1
        if county >= 0 and county not in dims:
            dims.append(county)
        labels = self._labels()  # (with --totals keep too: rows of rates, 其中 rows, notes)
        scale = 0 if self.doubles else self._scale()
        many = many_valued(self._head([i for i in labels if i not in dims]), labels)
        many = [i for i in many if i not in dims]  # streamed on their own (ducklabels)
        own = [i for i in labels if i not in dims and i not in many]  # the main set leaves out
        first_many = bool(labels) and labels[0] in many
        label_set = [labels[0]] if labels and labels[0] not in own and not first_many else []
        label_set += own
        if not own:
            label_set = []  # the main set has every label it looks at: its rows give them
        # Cells are grouped as DuckDB reads them, NULL for an empty one (Python makes it ""):
        # a coalesce() here would copy every string the scan reads. ``v`` is the amount when it
        # is plain at the column's scale (NULL otherwise: those rows are read by ``others``).
        c = f"c{layout.amount}"
        if self.doubles or self.in_python:
            value = "NULL"
        elif self.typed:  # a Parquet DECIMAL or integer: summed as it is, exactly
            value = f"r{layout.amount}"
        else:
            value = f"CAST(CASE WHEN {_fast(c, scale)} THEN {c} END AS {_fast_type(scale)})"
        every = list(dict.fromkeys([*dims, *label_set]))
        names = ", ".join(f"c{i}" for i in every)
        main_mask = sum(1 << (len(every) - 1 - k) for k, i in enumerate(every) if i not in dims)
        grouping = "0"
        group_by = ""
        if every:
            grouping = f"GROUPING({names})"
            sets = [f"({', '.join(f'c{i}' for i in dims)})"]
            if label_set:
                sets.append(f"({', '.join(f'c{i}' for i in label_set)})")
            group_by = f"GROUP BY GROUPING SETS ({', '.join(sets)})"
        first = "min(rn)" if self.parquet else "0"
        counts, whole = "0, 0", "true"  # a column of county counts: summed when whole numbers
        if layout.counting is Counting.COUNTS:
            k = f"c{layout.count_idx}"
            whole = f"coalesce(regexp_full_match({k}, {_lit(WHOLE_COUNT)}), false)"
            counts = (
                f"CAST(sum(CASE WHEN whole THEN CAST({k} AS HUGEINT) END) AS VARCHAR),"
                " count(*) FILTER (WHERE NOT whole)"
            )
        # the range of the amounts, when a grand total must be ruled out by it (see Rows._sifted)
        extremes = "CAST(min(v) AS VARCHAR), CAST(max(v) AS VARCHAR)" if first_many else "0, 0"
        sql = f"""
            SELECT {names}{"," if every else ""} {grouping} AS which,
                count(v), CAST(sum(v) AS VARCHAR), count(*) - count(v), {first}, {counts},
                {extremes}
            FROM (SELECT *, {value} AS v, {whole} AS whole FROM {self.relation})
            {group_by}
        """
        try:
            records = self.con.execute(sql).fetchall()
        except duckdb.OutOfRangeException:  # a sum past 38 digits: every amount read in Python
            if self.in_python:
                raise
            self.in_python, self.typed = True, False
            self.notes.append(
                "a sum passes 38 digits, DuckDB's limit: the amounts were added in Python"
            )
            return self.run()
        rows = Rows(self, dims, every, main_mask, label_set, labels, county, scale, many)
        return rows.read(records)

    def others(self, dims: list[int], scale: int) -> list[tuple[Any, ...]]:
        """The rows whose amount is not plain with ``scale`` decimals, grouped by their raw
        dimensions and the amount's decimals (plain) or text (any other cell)."""
        layout = self.layout
        i = layout.amount
        cols = "".join(f"coalesce(c{j}, '') AS g{j}, " for j in dims)
        names = "".join(f"g{j}, " for j in dims)
        if self.doubles:
            select = f"SELECT {cols}'' AS a, r{i} AS dbl, rn FROM {self.relation}"
        elif self.typed:
            select = (
                f"SELECT {cols}'' AS a, NULL AS dbl, rn FROM {self.relation} WHERE r{i} IS NULL"
            )
        else:
            text = f"coalesce(c{i}, '')"
            rn = "rn" if self.parquet else "0 AS rn"
            select = f"SELECT {cols}{text} AS a, NULL AS dbl, {rn} FROM {self.relation}"
            select += f" WHERE {'true' if self.in_python else f'NOT {_fast(text, scale)}'}"
        plain = f"(regexp_full_match(a, {_lit(_PAT)}) AND length(a) <= {MAX_CAST_CHARS})"
        if self.in_python:  # each distinct amount read by aidcalc's parser, summed in Python
            plain = "false"
        sql = f"""
            SELECT {names}d, odd, dbl, count(*), CAST(sum(m) AS VARCHAR), min(rn),
                CAST(min(m) AS VARCHAR), CAST(max(m) AS VARCHAR)
            FROM (
                SELECT *,
                    CASE WHEN p THEN CAST(replace(a, '.', '') AS HUGEINT) END AS m,
                    CASE WHEN p THEN (CASE WHEN strpos(a, '.') > 0
                        THEN length(a) - strpos(a, '.') ELSE 0 END) END AS d,
                    CASE WHEN p OR dbl IS NOT NULL THEN NULL ELSE a END AS odd
                FROM (SELECT *, {plain} AS p FROM ({select}))
            )
            GROUP BY {names}d, odd, dbl
        """
        return self.con.execute(sql).fetchall()

    def order(self, dims: list[int]) -> dict[tuple[str, ...], int]:
        """The first row of each combination of raw dimensions (CSV: by DuckDB's row numbers,
        which follow the file when it is read in order)."""
        cols = ", ".join(f"coalesce(c{j}, '')" for j in dims)
        sql = f"""
            SELECT {cols}, min(rn) FROM (
                SELECT *, row_number() OVER () AS rn FROM {self.relation}
            ) GROUP BY ALL
        """
        return {tuple(r[:-1]): int(r[-1]) for r in self.con.execute(sql).fetchall()}

    def head_rows(self, limit: int) -> Iterator[list[str]]:
        """The first ``limit`` rows as aidcalc's reader reads them (CSV only)."""
        n = 0
        for batch in self.head:
            yield from batch.rows
            n += len(batch.rows)
            if n >= limit:
                return

    def _head(self, columns: list[int]) -> list[list[str]]:
        """The first :data:`FIRST_ROWS` rows (of ``columns``, for a Parquet file): to tell label
        columns of many values from those of few."""
        if not self.parquet or not columns:
            return self.first_rows
        names = ", ".join(f"coalesce(c{i}, '')" for i in columns)
        sql = f"SELECT {names} FROM {self.relation} LIMIT {FIRST_ROWS}"
        got = self.con.execute(sql).fetchall()
        width = max(columns) + 1
        out = []
        for r in got:
            row = [""] * width
            for i, cell in zip(columns, r, strict=True):
                row[i] = str(cell)
            out.append(row)
        return out

    def distinct_values(self, column: int) -> Iterator[str]:
        """The distinct cells of a label column that may be special, streamed (an empty cell as
        ""): the others are surely data."""
        c = f"c{column}"  # only the cells the vocabulary's pre-filter could flag (special_sql)
        cursor = self.con.execute(
            f"SELECT DISTINCT coalesce({c}, '') FROM {self.relation} WHERE {special_sql(c)}"
        )
        while chunk := cursor.fetchmany(CHUNK):
            yield from (str(r[0]) for r in chunk)

    def _labels(self) -> list[int]:
        """The label columns, as the sifting of published tables counts them."""
        return label_columns(self.table, self.layout)

    def amounts_of(self, column: int, values: list[str]) -> list[tuple[str, Any]]:
        """The amount cells (text, or the float of a Parquet DOUBLE) of the rows whose
        ``column`` holds one of ``values``."""
        i = self.layout.amount
        amount = f"r{i}" if self.doubles else f"coalesce(c{i}, '')"
        listed = ", ".join(map(_lit, values))
        sql = (
            f"SELECT coalesce(c{column}, ''), {amount} FROM {self.relation}"
            f" WHERE coalesce(c{column}, '') IN ({listed})"
        )
        return [(str(r[0]), r[1]) for r in self.con.execute(sql).fetchall()]

    def row_of(self, first: int) -> str:
        return f"{self.source.name}, row {first + 1}"

    def column_name(self, index: int) -> str:
        return self.table.columns[index].text

    def bad(self, first: int, why: str, value: str, column: str | None = None) -> None:
        """Refuse the file (Parquet: ``why`` at the row ``first``, in ``column``, or the file for
        -1), or hand it to the streaming reader, which names the line. A Parquet row's error is
        a :class:`RowError`, so that the first bad row is the one named."""
        if self.parquet:
            if first < 0:
                raise AidcalcError(why, file=self.source.name, column=column, value=value)
            raise RowError(
                first, AidcalcError(why, file=self.row_of(first), column=column, value=value)
            )
        raise Unsuited(why)

    def first_uncounted(self) -> tuple[int, str]:
        """The first row (and its cell) whose number of counties is not a whole number."""
        k = f"c{self.layout.count_idx}"
        sql = (
            f"SELECT rn, coalesce({k}, '') FROM {self.relation}"
            f" WHERE NOT coalesce(regexp_full_match({k}, {_lit(WHOLE_COUNT)}), false)"
            " ORDER BY rn LIMIT 1"
        )
        row = self.con.execute(sql).fetchone()
        assert row is not None
        return int(row[0]), str(row[1])
