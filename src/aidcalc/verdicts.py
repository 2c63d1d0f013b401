"""Checking reported figures against their rounding: a verdict per claim.

Every figure is an interval: ``39.33 million`` is 39,325,000 to 39,335,000. A claim's formula is
evaluated on intervals (see :mod:`aidcalc.formula`); the claim is *consistent* when the computed
interval and the reported one overlap, *inconsistent* when they do not. A claim without a formula
is a *given*; one whose formula cannot be evaluated is an *error*, and the others are still checked.

==============================  =============================================================
``check_claims(claims, dir)``   each :class:`~aidcalc.claims.Claim` → :class:`Checked`, in order
``check_file(source)``          every row of a claims CSV → :class:`CheckReport`
``check_one(f, r)``             one formula against one reported figure
``CheckReport.result()``        the rows as a :class:`~aidcalc.result.Result` for rendering
``CheckReport.exit_status``     2 if any error, else 1 if any inconsistent, else 0
==============================  =============================================================
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from aidcalc.claims import Claim, Verdict, check_name, read_claims
from aidcalc.errors import AidcalcError
from aidcalc.figures import Bound, Figure, Kind, parse_reported
from aidcalc.formatting import Rounding, format_fixed, format_like
from aidcalc.formula import Value, evaluate, parse
from aidcalc.groups import Tally
from aidcalc.intervals import Interval
from aidcalc.measures import mean_per
from aidcalc.query import Condition, Query
from aidcalc.reader import Source, open_table
from aidcalc.result import Audience, Cell, ColumnKind, Result, ResultColumn
from aidcalc.tally import tally

__all__ = [
    "CheckReport",
    "Checked",
    "Reported",
    "check_claims",
    "check_file",
    "check_one",
    "read_reported",
]


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
class Checked:
    """One checked claim: the claim, the figure it reports, what the formula gives, the verdict."""

    claim: Claim
    verdict: Verdict
    reported: Reported | None = None
    value: Value | None = None
    reason: str = ""


@dataclass
class CheckReport:
    """The checked claims, in order."""

    rows: list[Checked] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        verdicts = {r.verdict for r in self.rows}
        return 2 if Verdict.ERROR in verdicts else 1 if Verdict.INCONSISTENT in verdicts else 0

    def result(self) -> Result:
        """The rows as a table: the reported figure, what the formula gives, the verdict, why."""
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
    if fig.bound in (Bound.GT, Bound.GE):
        return Reported(fig, v, None, lo_open=fig.bound is Bound.GT)
    if fig.bound in (Bound.LT, Bound.LE):
        return Reported(fig, None, v, hi_open=fig.bound is Bound.LT)
    return Reported(fig, v - half, v + half)


# ---------------------------------------------------------------------------------------------
# Checking


class _Env:
    """Names of earlier rows, and data files relative to the claims file (each read once)."""

    def __init__(self, base_dir: str) -> None:
        self.base_dir = base_dir
        self.names: dict[str, Value] = {}
        self.cache: dict[tuple[str, tuple[Condition, ...]], Tally] = {}

    def name(self, name: str) -> Value:
        if name not in self.names:
            raise AidcalcError(f"unknown name {name!r}: no earlier row has that name")
        return self.names[name]

    def data(self, function: str, path: str, where: tuple[Condition, ...]) -> Value:
        full = os.path.join(self.base_dir, path)
        if not os.path.exists(full):
            raise AidcalcError(f"no such file {path!r} (looked in {self.base_dir or '.'})")
        if not os.path.isfile(full):
            raise AidcalcError(f"{path!r} is not a regular file")
        key = (os.path.normpath(full), where)
        if key not in self.cache:
            self.cache[key] = tally([Source(path, path=full)], Query(where=where))
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
        mean = mean_per(total.point, counties)
        if mean is None:
            raise AidcalcError(f"no counties in {path!r}{' with that filter' if where else ''}")
        return Value(mean, total.interval / Interval.point(counties))


def _exact(x: Fraction) -> Value:
    return Value(x, Interval.point(x))


def check_claims(claims: Iterable[Claim], base_dir: str = "") -> CheckReport:
    """Check each claim in order; data files in formulas are read relative to ``base_dir``."""
    env = _Env(base_dir)
    return CheckReport([_check(env, c) for c in claims])


def check_file(source: Source, *, base_dir: str | None = None) -> CheckReport:
    """Check every row of a claims CSV, in order. Problems with one row make that row an error;
    problems with the file itself (no ``reported`` column, bad bytes) raise AidcalcError."""
    if base_dir is None:
        base_dir = os.path.dirname(source.path) if source.path else ""
    with open_table(source) as table:
        return check_claims(read_claims(table), base_dir)


def check_one(
    formula: str, reported: str, *, precision: str = "", base_dir: str = ""
) -> CheckReport:
    """Check one formula against one reported figure."""
    return check_claims([Claim(reported, formula, precision=precision)], base_dir)


def _check(env: _Env, claim: Claim) -> Checked:
    row = Checked(claim, Verdict.ERROR)
    name = claim.name
    try:
        rep = read_reported(claim.reported, claim.precision)
        row.reported = rep
        if name:
            check_name(name, env.names)
        if not claim.formula:
            row.verdict = Verdict.GIVEN
            if name:
                env.names[name.casefold()] = Value(rep.figure.value, rep.interval())
            return row
        value = evaluate(parse(claim.formula), env)
        row.value = value
        if rep.overlaps(value.interval):
            row.verdict = Verdict.CONSISTENT
        else:
            row.verdict = Verdict.INCONSISTENT
            row.reason = _how_far(rep, value) + (f"; {claim.why}" if claim.why else "")
        if name:  # later rows use the figure as reported
            env.names[name.casefold()] = Value(rep.figure.value, rep.interval())
    except AidcalcError as e:
        row.verdict = Verdict.ERROR
        row.reason = e.message()  # names the data file, line and cell when the data is at fault
    return row


# ---------------------------------------------------------------------------------------------
# Showing verdicts


_MACHINES, _PEOPLE = Audience.MACHINES, Audience.PEOPLE
_COLUMNS = [
    ResultColumn("line", "line", ColumnKind.COUNT, where=_MACHINES),
    ResultColumn("name", "name", ColumnKind.TEXT, optional=True),
    ResultColumn("claim", "claim", ColumnKind.TEXT, optional=True),
    ResultColumn("reported", "reported", ColumnKind.TEXT),
    ResultColumn("formula", "formula", ColumnKind.TEXT, where=_MACHINES),
    ResultColumn("computed", "computed", ColumnKind.TEXT, where=_PEOPLE),
    ResultColumn("value", "value", ColumnKind.NUMBER, where=_MACHINES),
    ResultColumn("low", "low", ColumnKind.LOWER, where=_MACHINES),
    ResultColumn("high", "high", ColumnKind.UPPER, where=_MACHINES),
    ResultColumn("verdict", "verdict", ColumnKind.TEXT),
    ResultColumn("off_by", "off by", ColumnKind.NUMBER, where=_MACHINES),
    ResultColumn("reason", "why", ColumnKind.TEXT),
]


def _cells(r: Checked) -> list[Cell]:
    v, f = r.value, r.reported.figure if r.reported else None
    c = r.claim
    computed = _computed_text(v, f) if v is not None and f is not None else ""
    off = v.point - f.value if r.verdict is Verdict.INCONSISTENT and v and f else None
    return [
        c.line,
        c.name,
        c.claim,
        c.reported,
        c.formula,
        computed,
        v.point if v else None,
        v.interval.lo if v else None,
        v.interval.hi if v else None,
        r.verdict.value,
        off,
        r.reason,
    ]


def _computed_text(v: Value, f: Figure) -> str:
    """``46% (45.8%–46.1%)``: the value in the reported notation, then its interval one digit finer,
    rounded outward so the shown interval contains the true one."""
    point = format_like(v.point, f)
    if v.interval.exact:
        return point
    lo = format_like(v.interval.lo, f, extra=1, rounding=Rounding.FLOOR)
    hi = format_like(v.interval.hi, f, extra=1, rounding=Rounding.CEILING)
    return f"{point} ({lo}–{hi})"


def _how_far(rep: Reported, v: Value) -> str:
    f = rep.figure
    iv = v.interval
    limit = format_like(f.value, f)
    if f.bound in (Bound.GT, Bound.GE):
        return f"computed is at most {format_like(iv.hi, f, 1)}, not {f.bound.value} {limit}"
    if f.bound in (Bound.LT, Bound.LE):
        return f"computed is at least {format_like(iv.lo, f, 1)}, not {f.bound.value} {limit}"
    diff = v.point - f.value
    if f.kind in (Kind.PERCENT, Kind.POINTS):
        pts = format_fixed(diff * 100, f.decimals + 1)
        text = f"{_signed(pts)} percentage points"
    else:
        text = _signed(format_like(diff, f, 1))
        if f.value:
            text += f" ({_signed(format_fixed(diff / abs(f.value) * 100, 1))}%)"
    return f"off by {text}"


def _signed(text: str) -> str:
    return text if text.startswith("-") else "+" + text


def _notes(rows: list[Checked]) -> list[str]:
    shown = (Verdict.CONSISTENT, Verdict.INCONSISTENT, Verdict.ERROR)
    counts = {v: sum(r.verdict is v for r in rows) for v in shown}
    parts = [f"{n} {v.value}" for v, n in counts.items() if n]
    return [", ".join(parts)] if parts else []
