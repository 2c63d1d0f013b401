"""aidcalc from Python: read a table with the CLI's options, compute a statistic, check claims.

Every function returns a typed result that renders exactly as the command line prints it
(``result.render("table")``) and converts to plain records (``result.records()``) or, where pandas
is installed, to a DataFrame (``result.to_pandas()``). Documented with runnable examples in
``docs/api.md``. The names here are also reachable as ``aidcalc.summary`` and so on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from aidcalc.calc import stats
from aidcalc.calc.engine import read as read_with
from aidcalc.calc.engine import using
from aidcalc.calc.groups import Tally
from aidcalc.checker.verdicts import CheckReport, check_file, check_one
from aidcalc.core.result import Result
from aidcalc.core.units import Unit, parse_unit
from aidcalc.reader import Source
from aidcalc.reader.filters import Condition
from aidcalc.reader.query import Query

__all__ = [
    "CheckReport",
    "Result",
    "Tally",
    "check",
    "check_formula",
    "mean",
    "read",
    "share",
    "summary",
    "total",
    "yoy",
]

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def read(
    paths: Paths,
    *,
    amount: str = "amount",
    in_unit: str | None = None,
    by: str | Iterable[str] = (),
    where: str | Iterable[str] = (),
    counties: str | None = None,
    county: str | None = None,
    skip_blank: bool = False,
    delimiter: str | None = None,
    encoding: str | None = None,
    year: str | None = None,
    engine: str = "auto",
) -> Tally:
    """Read one or more files in one pass, with the options of the command line
    (``by="group"`` is ``--by group``, ``where="group=severely poor"`` is ``--where …``).
    With ``year`` (a column), the year leads every group key, as ``yoy`` needs; with several
    files and ``year=None`` in :func:`yoy`, the year comes from the file names. ``engine`` is
    ``--engine``: ``auto``, ``python`` (the streaming reader) or ``duckdb``."""
    return _read(paths, _query(locals()), year_from_names=False, engine=engine)


def _query(opts: dict[str, object]) -> Query:
    def many(v: object) -> tuple[str, ...]:
        return (v,) if isinstance(v, str) else tuple(str(x) for x in v)  # type: ignore[attr-defined]

    in_unit = opts.get("in_unit")
    return Query(
        amount=str(opts.get("amount") or "amount"),
        in_unit=parse_unit(in_unit) if isinstance(in_unit, str) else None,
        by=many(opts.get("by", ())),
        where=tuple(Condition.parse(w) for w in many(opts.get("where", ()))),
        counties=opts.get("counties"),  # type: ignore[arg-type]
        county=opts.get("county"),  # type: ignore[arg-type]
        skip_blank=bool(opts.get("skip_blank")),
        delimiter=opts.get("delimiter"),  # type: ignore[arg-type]
        encoding=opts.get("encoding"),  # type: ignore[arg-type]
        year=opts.get("year"),  # type: ignore[arg-type]
    )


def _sources(paths: Paths) -> list[Source]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return [Source.file(os.fspath(p)) for p in paths]


def _read(
    paths: Paths | Tally, query: Query, *, year_from_names: bool, engine: str = "auto"
) -> Tally:
    if isinstance(paths, Tally):
        return paths
    return read_with(_sources(paths), query, year_from_names=year_from_names, engine=engine)


def summary(data: Paths | Tally, **options: object) -> Result:
    """Rows, counties, total, mean per county and share, per group and for all.

    ``data`` is a :class:`Tally` from :func:`read`, or paths read with ``options``."""
    return stats.summary(
        _read(data, _query(options), year_from_names=False, engine=_engine(options))
    )


def total(data: Paths | Tally, **options: object) -> Result:
    """The exact total of the amounts, per group and for all."""
    query = Query(**{**_query(options).__dict__, "count_counties": False})
    return stats.totals(_read(data, query, year_from_names=False, engine=_engine(options)))


def mean(data: Paths | Tally, **options: object) -> Result:
    """Mean per county, per group, and how far each is from the overall mean."""
    return stats.means(_read(data, _query(options), year_from_names=False, engine=_engine(options)))


def share(data: Paths | Tally, **options: object) -> Result:
    """Each group's share of the grand total, largest first."""
    query = Query(**{**_query(options).__dict__, "count_counties": False})
    return stats.shares(_read(data, query, year_from_names=False, engine=_engine(options)))


def yoy(data: Paths | Tally, *, year: str | None = None, **options: object) -> Result:
    """Year over year, from a ``year`` column (``year=`` names another) or, for several files
    and no ``year``, from the year in each file's name."""
    if isinstance(data, Tally):
        return stats.yoy(data)
    sources = _sources(data)
    from_names = year is None and len(sources) > 1
    query = _query({**options, "year": None if from_names else year or "year"})
    query = Query(**{**query.__dict__, "count_counties": False})
    return stats.yoy(read_with(sources, query, year_from_names=from_names, engine=_engine(options)))


def check(
    claims: str | os.PathLike[str], *, data_dir: str | None = None, engine: str = "auto"
) -> CheckReport:
    """Check every claim of a claims file; data files in formulas are read relative to its
    folder (or ``data_dir``), by ``engine`` (as :func:`read`)."""
    path = os.fspath(claims)
    with using(engine):
        return check_file(Source.file(path), base_dir=data_dir)


def check_formula(formula: str, reported: str, *, precision: str = "") -> CheckReport:
    """Check one formula against one reported figure, as ``aidcalc check --formula``."""
    return check_one(formula, reported, precision=precision)


def _engine(options: dict[str, object]) -> str:
    return str(options.get("engine") or "auto")


def _unit(name: str) -> Unit:
    return parse_unit(name)
