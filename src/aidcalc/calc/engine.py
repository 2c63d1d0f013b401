"""Which engine reads the data: aidcalc's streaming reader, or DuckDB for large tidy inputs.

=========================  ===========================================================
``python``                 the streaming reader (:func:`aidcalc.calc.tally.tally`): every format,
                           published tables with their total rows, flat memory
``duckdb``                 :mod:`aidcalc.calc.duck`: CSV/TSV in UTF-8 and Parquet, by one DuckDB
                           query per file; whatever it cannot vouch for is read by the
                           streaming reader instead, which says the same or names the cell
``auto`` (the default)     DuckDB for Parquet, which only it reads, and for CSV/TSV files that
                           together exceed :data:`DUCKDB_MIN_BYTES`; the streaming reader
                           for everything else (standard input, workbooks, small files)
=========================  ===========================================================

When DuckDB is used, a note on stderr says so (and why); when DuckDB was chosen but the streaming
reader read the input after all, the note says why. DuckDB is imported only when chosen, so the
start-up of a small run is unchanged. ``using(engine)`` sets the choice for code that reads data
files deep inside (``check``'s data functions), the way ``--engine`` sets it for a command.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

from aidcalc.calc.groups import Tally
from aidcalc.core.errors import AidcalcError
from aidcalc.reader import Source
from aidcalc.reader.query import Query

__all__ = ["DUCKDB_MIN_BYTES", "ENGINES", "read", "using"]

ENGINES = ("auto", "python", "duckdb")

#: Below this many bytes of CSV/TSV, ``auto`` keeps the streaming reader: measured with
#: ``bench/bench.py --threshold`` (docs/benchmarks.md), where the two engines' times cross.
DUCKDB_MIN_BYTES = 5 * 1024 * 1024

_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")

_choice: ContextVar[str] = ContextVar("aidcalc_engine", default="auto")


@contextmanager
def using(engine: str) -> Iterator[None]:
    """Read data with ``engine`` (``auto``, ``python`` or ``duckdb``) inside this block."""
    token = _choice.set(_checked(engine))
    try:
        yield
    finally:
        _choice.reset(token)


def _checked(engine: str) -> str:
    if engine not in ENGINES:
        raise AidcalcError(f"unknown engine; the engines are {', '.join(ENGINES)}", value=engine)
    return engine


def _is_parquet(source: Source) -> bool:
    return source.name.lower().endswith(".parquet")


def read(
    sources: Sequence[Source],
    query: Query,
    *,
    year_from_names: bool = False,
    progress: Callable[[int], None] | None = None,
    engine: str | None = None,
) -> Tally:
    """Tally ``sources`` with the engine chosen (``engine``, else the one :func:`using` set)."""
    chosen = _checked(engine or _choice.get())
    parquet = [s for s in sources if _is_parquet(s)]
    if chosen == "python" and parquet:
        raise AidcalcError(
            "a Parquet file is read by DuckDB only: leave out --engine python",
            file=parquet[0].name,
        )
    why = _why_duckdb(sources, query, chosen, bool(parquet))
    if why is None:
        return stream_tally(sources, query, year_from_names=year_from_names, progress=progress)
    from aidcalc.calc import duck

    with _on_disk(sources) as files:
        try:
            t = duck.tally(files, query, year_from_names=year_from_names)
        except duck.Unsuited as e:
            if parquet:  # only DuckDB reads it: say what it could not take
                raise AidcalcError(f"{e}: a Parquet file is read by DuckDB only") from None
            t = stream_tally(files, query, year_from_names=year_from_names, progress=progress)
            t.notes.insert(0, f"engine: the streaming reader, not DuckDB ({why}): {e}")
            return t
    t.notes.insert(0, f"engine: DuckDB ({why}); --engine python reads with the streaming reader")
    return t


def stream_tally(
    sources: Sequence[Source],
    query: Query,
    *,
    year_from_names: bool,
    progress: Callable[[int], None] | None,
) -> Tally:
    """The streaming reader (imported here: DuckDB's reading does not need the sift)."""
    from aidcalc.calc.tally import tally

    return tally(sources, query, year_from_names=year_from_names, progress=progress)


def _why_duckdb(sources: Sequence[Source], query: Query, chosen: str, parquet: bool) -> str | None:
    """Why DuckDB reads these sources, or None for the streaming reader."""
    if chosen == "duckdb":
        return "--engine duckdb"
    if chosen == "python":
        return None
    if parquet:
        return "Parquet"
    if any(s.path is None for s in sources) or query.sheet is not None:
        return None
    if query.page is not None or query.table is not None:
        return None  # a table inside a document (PDF, web page, Word)
    if any(s.name.lower().endswith(_WORKBOOKS) for s in sources):
        return None  # (a workbook is also told by its first bytes: DuckDB hands it back)
    if query.encoding is not None and query.encoding.lower().replace("_", "-") not in (
        "utf-8",
        "utf8",
        "utf-8-sig",
    ):
        return None
    if query.wide or query.fill_down or query.per or (query.header_row or 1) != 1:
        return None
    size = 0
    for s in sources:
        try:
            size += os.path.getsize(s.path or "")
        except OSError:
            return None  # the streaming reader names the file
    if size < DUCKDB_MIN_BYTES:
        return None
    return f"{_mb(size)} of CSV, above the {_mb(DUCKDB_MIN_BYTES)} where it pays"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} kB"


@contextmanager
def _on_disk(sources: Sequence[Source]) -> Iterator[list[Source]]:
    """The sources as files DuckDB can open: standard input copied to a temporary file first
    (named ``<stdin>`` still); removed on the way out."""
    if all(s.stream is None for s in sources):
        yield list(sources)
        return
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="aidcalc-") as tmp:
        out = []
        for n, s in enumerate(sources):
            if s.stream is None:
                out.append(s)
                continue
            path = os.path.join(tmp, f"stdin-{n}")
            with open(path, "wb") as f:
                shutil.copyfileobj(s.stream, f, 1 << 20)
            out.append(replace(s, path=path, stream=None))
        yield out
