"""Checking reported figures against their rounding: the claims file, and a verdict per row.

Every figure is an interval: ``39.33 million`` is 39,325,000 to 39,335,000. A row's formula is
evaluated on intervals (see :mod:`aidcalc.formula`); the claim is *consistent* when the computed
interval and the reported one overlap, *inconsistent* when they do not. A row without a formula is
a *given*; a row whose formula cannot be evaluated is an *error*, and the others are still checked.

=========================  ==================================================================
``check_file(source)``     every row of a claims CSV → :class:`Check`
``check_one(f, r)``        one formula against one reported figure
``Check.result()``         the rows as a :class:`~aidcalc.stats.Result` for rendering
``Check.exit_status``      2 if any error, else 1 if any inconsistent, else 0
=========================  ==================================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction

from aidcalc.errors import AidcalcError
from aidcalc.formula import Value, evaluate, parse
from aidcalc.intervals import Interval
from aidcalc.numbers import Figure, format_fixed, format_like, parse_reported
from aidcalc.reader import Source, open_table
from aidcalc.stats import Cell, Result, ResultColumn
from aidcalc.tally import Condition, Query, Tally, tally

__all__ = ["Check", "Row", "check_file", "check_one"]

GIVEN, CONSISTENT, INCONSISTENT, ERROR = "given", "consistent", "inconsistent", "error"


@dataclass(frozen=True)
class Reported:
    """A reported figure and the interval it stands for (open where it is one-sided)."""

    figure: Figure
    lo: Fraction | None
    hi: Fraction | None
    lo_open: bool = False
    hi_open: bool = False

    def overlaps(self, iv: Interval) -> bool:
        if self.lo is not None and (iv.hi < self.lo or (self.lo_open and iv.hi == self.lo)):
            return False
        return not (
            self.hi is not None and (iv.lo > self.hi or (self.hi_open and iv.lo == self.hi))
        )

    def interval(self) -> Interval:
        if self.lo is None or self.hi is None:
            raise AidcalcError("a one-sided figure ('more than …') cannot be computed with")
        return Interval(self.lo, self.hi)


@dataclass
class Row:
    """One checked row: what was claimed, what the figures give, and the verdict."""

    line: int | None
    name: str
    claim: str
    reported: str
    formula: str
    verdict: str
    figure: Figure | None = None
    value: Value | None = None
    reason: str = ""


@dataclass
class Check:
    rows: list[Row] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        verdicts = {r.verdict for r in self.rows}
        return 2 if ERROR in verdicts else 1 if INCONSISTENT in verdicts else 0

    def result(self) -> Result:
        return Result(_COLUMNS, [_cells(r) for r in self.rows], _notes(self.rows))


# ---------------------------------------------------------------------------------------------
# Reading the reported figure


def read_reported(text: str, precision: str = "") -> Reported:
    """The interval a reported figure stands for, by its writing or by an explicit precision."""
    fig = parse_reported(text)
    half = fig.half_width
    p = precision.strip()
    if p:
        if p.lower() == "exact":
            half = Fraction(0)
        else:
            why = "precision is 'exact' or the size of the last digit (1000, 0.1%)"
            try:
                step = parse_reported(p)
            except AidcalcError:
                raise AidcalcError(why, value=p) from None
            if step.value <= 0 or step.bound:
                raise AidcalcError(why, value=p)
            half = step.value / 2
    v = fig.value
    if fig.bound in (">", ">="):
        return Reported(fig, v, None, lo_open=fig.bound == ">")
    if fig.bound in ("<", "<="):
        return Reported(fig, None, v, hi_open=fig.bound == "<")
    return Reported(fig, v - half, v + half)


# ---------------------------------------------------------------------------------------------
# Checking


class _Env:
    """Names of earlier rows, and data files relative to the claims file (each read once)."""

    def __init__(self, base_dir: str) -> None:
        self.base_dir = base_dir
        self.names: dict[str, Value] = {}
        self.cache: dict[tuple[str, tuple[tuple[str, str, bool], ...]], Tally] = {}

    def name(self, name: str) -> Value:
        if name not in self.names:
            raise AidcalcError(f"unknown name {name!r}: no earlier row has that name")
        return self.names[name]

    def data(self, function: str, path: str, where: tuple[tuple[str, str, bool], ...]) -> Value:
        full = os.path.join(self.base_dir, path)
        if not os.path.exists(full):
            raise AidcalcError(f"no such file {path!r} (looked in {self.base_dir or '.'})")
        if not os.path.isfile(full):
            raise AidcalcError(f"{path!r} is not a regular file")
        key = (os.path.normpath(full), where)
        if key not in self.cache:
            query = Query(where=tuple(Condition(c, v, eq) for c, v, eq in where))
            self.cache[key] = tally([Source(path, path=full)], query)
        t = self.cache[key]
        g = t.overall
        if function == "rows":
            return _exact(Fraction(g.rows))
        total = Value(g.total, Interval.around(g.total, g.slack))
        if function == "total":
            return total
        counties = t.counties_of(g)
        if counties is None:
            raise AidcalcError(
                f"{path!r} has neither a 'counties' nor a 'county' column to count counties"
            )
        if function == "counties":
            return _exact(Fraction(counties))
        if not counties:
            raise AidcalcError(f"no counties in {path!r}{' with that filter' if where else ''}")
        return Value(total.point / counties, total.interval / Interval.point(counties))


def _exact(x: Fraction) -> Value:
    return Value(x, Interval.point(x))


def check_file(source: Source, *, base_dir: str | None = None) -> Check:
    """Check every row of a claims CSV, in order. Problems with one row make that row an error;
    problems with the file itself (no ``reported`` column, bad bytes) raise AidcalcError."""
    if base_dir is None:
        base_dir = os.path.dirname(source.path) if source.path else ""
    env = _Env(base_dir)
    check = Check()
    with open_table(source) as table:
        cols = {c.name: c.index for c in table.columns}
        if "reported" not in cols:
            table.column("reported")  # raises, listing the columns there are

        def cell(row: list[str], name: str) -> str:
            i = cols.get(name)
            return row[i].strip() if i is not None else ""

        for line, row in table.rows:
            check.rows.append(
                _check_row(
                    env,
                    line,
                    name=cell(row, "name"),
                    claim=cell(row, "claim"),
                    reported=cell(row, "reported"),
                    formula=cell(row, "formula"),
                    precision=cell(row, "precision"),
                )
            )
    return check


def check_one(formula: str, reported: str, *, precision: str = "", base_dir: str = "") -> Check:
    """Check one formula against one reported figure."""
    check = Check()
    check.rows.append(_check_row(_Env(base_dir), None, "", "", reported, formula, precision))
    return check


def _check_row(
    env: _Env,
    line: int | None,
    name: str,
    claim: str,
    reported: str,
    formula: str,
    precision: str,
) -> Row:
    row = Row(line, name, claim, reported, formula, ERROR)
    try:
        rep = read_reported(reported, precision)
        row.figure = rep.figure
        if name:
            _check_name(name, env)
        if not formula:
            row.verdict = GIVEN
            if name:
                env.names[name.casefold()] = Value(rep.figure.value, rep.interval())
            return row
        value = evaluate(parse(formula), env)
        row.value = value
        if rep.overlaps(value.interval):
            row.verdict = CONSISTENT
        else:
            row.verdict = INCONSISTENT
            row.reason = _how_far(rep, value)
        if name:  # later rows use the figure as reported
            env.names[name.casefold()] = Value(rep.figure.value, rep.interval())
    except AidcalcError as e:
        row.verdict = ERROR
        row.reason = e.message()  # names the data file, line and cell when the data is at fault
    return row


def _check_name(name: str, env: _Env) -> None:
    if not (name[0].isalpha() or name[0] == "_") or not all(c.isalnum() or c == "_" for c in name):
        raise AidcalcError(f"the name {name!r} is not a name: use letters, digits and _")
    if name.casefold() in env.names:
        raise AidcalcError(f"the name {name!r} is already used by an earlier row")


# ---------------------------------------------------------------------------------------------
# Showing verdicts


_COLUMNS = [
    ResultColumn("line", "line", "count", where="machines"),
    ResultColumn("name", "name", "text", optional=True),
    ResultColumn("claim", "claim", "text", optional=True),
    ResultColumn("reported", "reported", "text"),
    ResultColumn("formula", "formula", "text", where="machines"),
    ResultColumn("computed", "computed", "text", where="people"),
    ResultColumn("value", "value", "number", where="machines"),
    ResultColumn("low", "low", "lower", where="machines"),
    ResultColumn("high", "high", "upper", where="machines"),
    ResultColumn("verdict", "verdict", "text"),
    ResultColumn("off_by", "off by", "number", where="machines"),
    ResultColumn("reason", "why", "text"),
]


def _cells(r: Row) -> list[Cell]:
    v, f = r.value, r.figure
    computed = _computed_text(v, f) if v is not None and f is not None else ""
    off = v.point - f.value if r.verdict == INCONSISTENT and v and f else None
    return [
        r.line,
        r.name,
        r.claim,
        r.reported,
        r.formula,
        computed,
        v.point if v else None,
        v.interval.lo if v else None,
        v.interval.hi if v else None,
        r.verdict,
        off,
        r.reason,
    ]


def _computed_text(v: Value, f: Figure) -> str:
    """``46% (45.8%–46.1%)``: the value in the reported notation, then its interval one digit finer,
    rounded outward so the shown interval contains the true one."""
    point = format_like(v.point, f)
    if v.interval.exact:
        return point
    lo = format_like(v.interval.lo, f, extra=1, rounding="floor")
    hi = format_like(v.interval.hi, f, extra=1, rounding="ceiling")
    return f"{point} ({lo}–{hi})"


def _how_far(rep: Reported, v: Value) -> str:
    f = rep.figure
    iv = v.interval
    limit = format_like(f.value, f)
    if f.bound in (">", ">="):
        return f"computed is at most {format_like(iv.hi, f, 1)}, not {f.bound} {limit}"
    if f.bound in ("<", "<="):
        return f"computed is at least {format_like(iv.lo, f, 1)}, not {f.bound} {limit}"
    diff = v.point - f.value
    if f.kind in ("percent", "points"):
        pts = format_fixed(diff * 100, f.decimals + 1)
        text = f"{_signed(pts)} percentage points"
    else:
        text = _signed(format_like(diff, f, 1))
        if f.value:
            text += f" ({_signed(format_fixed(diff / abs(f.value) * 100, 1))}%)"
    return f"off by {text}"


def _signed(text: str) -> str:
    return text if text.startswith("-") else "+" + text


def _notes(rows: list[Row]) -> list[str]:
    counts = {v: sum(r.verdict == v for r in rows) for v in (CONSISTENT, INCONSISTENT, ERROR)}
    parts = [f"{n} {v}" for v, n in counts.items() if n]
    return [", ".join(parts)] if parts else []
