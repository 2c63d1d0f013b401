"""Checking reported figures: a verdict per claim, decided exactly.

Every reported figure stands for an interval, by its wording (:mod:`aidcalc.checker.wording`):
``39.33 million`` is 39,325,000 to 39,335,000, ``约540亿`` is 535亿 to 545亿, ``more than 50`` is
above 50. A claim is **consistent** if and only if some values of its inputs, each inside its own
interval, give a value inside the reported interval, and **inconsistent** if none does
(:func:`aidcalc.checker.exact.decide`). Each input is one variable however often it appears: the
figure of an earlier row, a rounded literal, a disjoint part of a data file
(:mod:`aidcalc.checker.datafiles`). Where that cannot be decided within the search limit the verdict
is **undecided**, never a guess. A claim without a formula is a **given**, or **unchecked** when
``explain`` said no relation checks it (its ``status`` column is ``unchecked``; ``why`` says what is
missing). A formula may name rows stated before or after it; a circle of names is an error naming
the circle. A claim that cannot be checked is an **error** (a formula that does not parse, a formula
whose result is of another kind than the figure, a data file that cannot be read), and the other
rows are still checked.

==============================  =============================================================
``check_claims(claims, root)``  each :class:`~.claims.Claim` → :class:`Checked`, in order
``check_file(source)``          every row of a claims file → :class:`CheckReport`
``check_one(f, r)``             one formula against one reported figure
``CheckReport.result()``        the rows as a :class:`~aidcalc.core.result.Result` for rendering
``CheckReport.exit_status``     1 if any inconsistent; else 2 if any error or undecided, or
                                nothing was checked; else 0
==============================  =============================================================

The ``computed`` column shows the value from the figures as written, in the notation of the
reported figure, and then the exact range of the formula one digit finer, rounded outward. When
the value would print like the reported figure though the verdict is inconsistent, or unlike it
though consistent (the range straddles a rounding boundary), it gets more digits, until it does
not mislead. Machine formats give the value and the range; where they are irrational (non-integer
powers) they are given to 15 significant digits, the bounds rounded outward.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from aidcalc.checker import exact
from aidcalc.checker.claims import Claim, Verdict, check_name, dependency_order, read_claims
from aidcalc.checker.datafiles import DataFiles
from aidcalc.checker.dimension import Dimension, dimension
from aidcalc.checker.display import COLUMNS, cells, computed_text, gap, how_far, summary
from aidcalc.checker.fixes import Fix, find_fixes
from aidcalc.checker.formula import (
    Node,
    Value,
    check_size,
    currencies,
    data_nodes,
    names_in,
    parse,
)
from aidcalc.checker.wording import Reported, read_reported
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import Kind
from aidcalc.core.formatting import Rounding, format_fixed, round_to_int
from aidcalc.core.intervals import Interval
from aidcalc.core.result import Result
from aidcalc.reader import Source, open_table
from aidcalc.reader.filters import Condition

__all__ = [
    "CheckReport",
    "Checked",
    "Mistake",
    "check_claims",
    "check_file",
    "check_one",
    "gap",
]

SIGNIFICANT = 15  # digits of irrational values in machine formats
#: explain's statuses of a row without a formula that no relation checks (not a given)
UNCHECKED_STATUSES = ("unchecked", "unexplained")


@dataclass(frozen=True)
class Mistake:
    """A misstated claim's mistaken formula (from ``explain``'s ``mistake_formula`` column), by
    the name of the mistake (``wrong base``), with its value and exact range computed as the
    claim's own formula is."""

    name: str
    formula: str
    value: Value


@dataclass
class Checked:
    """One checked claim: the claim, the figure it reports, what the formula gives, the verdict.

    ``value.point`` is the value from the figures as written; ``value.interval`` the exact range
    of the formula over its inputs (a sound enclosure when ``undecided``). For a consistent
    claim, ``witness`` gives inputs whose value the figure allows, by name (``literal 2`` for
    the second rounded number of the formula), where one was found. ``mistaken`` is the value
    of the mistaken formula a misstated claim names, when it names one."""

    claim: Claim
    verdict: Verdict
    reported: Reported | None = None
    value: Value | None = None
    reason: str = ""
    computed: str = ""
    witness: dict[str, Fraction] | None = None  # inputs that give a value the figure allows
    mistaken: Mistake | None = None  # what the report computed instead (a misstated claim)
    # the range of each data function the formula read, by its span in the formula: the page
    # shows them without reading the files again
    data_values: dict[tuple[int, int], Interval] = field(default_factory=dict)
    fix: Fix | None = None  # one printed figure's change that clears this failure (fixes.py)


@dataclass
class CheckReport:
    """The checked claims, in order."""

    rows: list[Checked] = field(default_factory=list)

    @property
    def checked(self) -> int:
        """How many rows were checked (not givens, nor unchecked)."""
        return sum(r.verdict not in (Verdict.GIVEN, Verdict.UNCHECKED) for r in self.rows)

    @property
    def exit_status(self) -> int:
        """1 if any row is inconsistent; else 2 if any is an error or undecided, or nothing was
        checked; else 0 (rows left unchecked are said in the summary)."""
        verdicts = {r.verdict for r in self.rows}
        if Verdict.INCONSISTENT in verdicts:
            return 1
        if Verdict.ERROR in verdicts or Verdict.UNDECIDED in verdicts or not self.checked:
            return 2
        return 0

    def result(self) -> Result:
        """The rows as a table: the reported figure, what the formula gives, the verdict, why."""
        return Result(COLUMNS, [cells(r) for r in self.rows], [summary(self.rows)], source=self)


# ---------------------------------------------------------------------------------------------
# Entry points


def check_claims(
    claims: Iterable[Claim], base_dir: str = "", *, where: str = "the claims file's folder"
) -> CheckReport:
    """Check each claim; a formula may name rows stated before or after it (each row is checked
    after the rows it uses; a circle of names is an error naming the circle). The rows come back
    in their order. Data files in formulas are read relative to ``base_dir`` and must lie inside
    it (``where`` names that folder in messages)."""
    claims = list(claims)
    files = DataFiles(base_dir or ".", where)
    parsed: dict[str, Node | AidcalcError] = {}
    for c in claims:  # every file is read once, for all the filters the formulas use on it
        for text in (c.formula, c.mistake_formula):
            if text and text not in parsed:
                try:
                    parsed[text] = node = parse(text)
                except AidcalcError as e:
                    parsed[text] = e
                    continue
                files.plan(node)

    def uses(c: Claim) -> set[str]:
        out: set[str] = set()
        for text in (c.formula, c.mistake_formula):
            node = parsed.get(text) if text else None
            if node is not None and not isinstance(node, AidcalcError):
                out |= names_in(node)
        return out

    order, circles = dependency_order([uses(c) for c in claims],
                                      [c.name.casefold() for c in claims])  # fmt: skip
    env = _Env(files)
    _reserve_names(env, claims)
    checked: dict[int, Checked] = {}
    for i in order:
        c = claims[i]
        if i in circles:
            checked[i] = Checked(c, Verdict.ERROR, reason=f"a circle of names: {circles[i]}")
            env.failed.setdefault(c.name.casefold(), c)
            continue
        checked[i] = _check(env, c, parsed)
    rows = [checked[i] for i in range(len(claims))]
    find_fixes(rows, env, parsed)
    return CheckReport(rows)


def _reserve_names(env: _Env, claims: list[Claim]) -> None:
    """Each name belongs to the first row that has it: a later row with the same name is an
    error (whatever order the rows are checked in)."""
    owner: set[str] = set()
    for c in claims:
        name = c.name.casefold()
        if name and name in owner:
            env.taken[id(c)] = name
        owner.add(name)


def check_file(source: Source, *, base_dir: str | None = None) -> CheckReport:
    """Check every row of a claims file, in order. Problems with one row make that row an error;
    problems with the file itself (unknown columns, bad bytes) raise AidcalcError. Data paths are
    relative to the claims file's folder, or to ``base_dir`` (``--data-dir``)."""
    if base_dir:
        where = f"the data folder {base_dir!r}"
    else:
        base_dir = os.path.dirname(source.path) if source.path else ""
        where = "the claims file's folder" if source.path else "the current folder"
    with open_table(source) as table:
        claims = list(read_claims(table))
    return check_claims(claims, base_dir, where=where)


def check_one(
    formula: str, reported: str, *, precision: str = "", base_dir: str = ""
) -> CheckReport:
    """Check one formula against one reported figure; data paths are relative to the current
    folder (or ``base_dir``) and must lie inside it."""
    where = f"the data folder {base_dir!r}" if base_dir else "the current folder"
    return check_claims([Claim(reported, formula, precision=precision)], base_dir, where=where)


# ---------------------------------------------------------------------------------------------
# Checking


class _Env:
    """What names and data functions stand for: one variable per earlier row's figure, and the
    parts of data files."""

    def __init__(self, files: DataFiles) -> None:
        self.files = files
        self.names: dict[str, Reported] = {}
        self.failed: dict[str, Claim] = {}
        self.taken: dict[int, str] = {}  # rows (by id) whose name an earlier row has

    def replaced(self, name: str, rep: Reported) -> _Env:
        """The same names and files, but ``name`` standing for ``rep`` (a fix being tried)."""
        other = _Env(self.files)
        other.names = {**self.names, name: rep}
        other.failed = self.failed
        return other

    def decide(self, node: Node, rep: Reported, limit: int = exact.LIMIT) -> exact.Outcome:
        """Whether ``node`` can give a value ``rep`` allows, within ``limit`` boxes (errors are
        AidcalcError)."""
        if not dimension(node, self.kind).fits(rep.kind):
            raise AidcalcError(_kind_mismatch(dimension(node, self.kind), rep.kind))
        expr = exact.to_expr(node, self)
        return exact.decide(expr, rep.lo, rep.hi, rep.lo_open, rep.hi_open, limit).outcome

    def kind(self, name: str) -> Kind | None:
        rep = self.names.get(name)
        return rep.kind if rep is not None else None

    def name(self, name: str) -> exact.Expr:
        rep = self.names.get(name)
        if rep is None:
            failed = self.failed.get(name)
            if failed is not None:
                line = f" (line {failed.line})" if failed.line is not None else ""
                raise AidcalcError(
                    f"the row named {name!r}{line} is an error, so {name!r} has no value"
                )
            raise AidcalcError(f"unknown name {name!r}: no row has that name")
        if rep.lo is None or rep.hi is None:
            raise AidcalcError(
                f"{name!r} is a one-sided figure ({rep.text!r}): it bounds the value on one side"
                " only, so no formula can compute with it; report a figure or a range instead"
            )
        if rep.lo == rep.hi:
            return exact.Const(rep.lo)
        # an open end (600多亿 is below 700亿) is taken closed: the variable ranges over the
        # closure, which changes no verdict but on the boundary itself
        return exact.Var(("name", name), rep.lo, rep.hi, rep.value)

    def data(self, function: str, path: str, where: tuple[Condition, ...]) -> exact.Expr:
        return self.files.expr(function, path, where)


def _check(env: _Env, claim: Claim, parsed: dict[str, Node | AidcalcError]) -> Checked:
    row = Checked(claim, Verdict.ERROR)
    name = claim.name.casefold()
    if claim.mistake_formula and not claim.formula:
        row.reason = "a mistake_formula needs the correct formula beside it, in formula"
        if name:
            env.failed.setdefault(name, claim)
        return row
    try:
        rep = read_reported(claim.reported, claim.precision)
        row.reported = rep
        if name:
            check_name(claim.name, {env.taken[id(claim)]} if id(claim) in env.taken else ())
    except AidcalcError as e:
        row.reason = e.message()
        if name and name not in env.names:
            env.failed.setdefault(name, claim)
        return row
    try:
        if claim.formula:
            node = parsed.get(claim.formula)
            if node is None:
                node = parse(claim.formula)
            if isinstance(node, AidcalcError):
                raise node
            _decide(env, node, rep, row)
            if claim.mistake_formula:
                row.mistaken = _mistaken(env, claim, parsed)
        elif claim.status in UNCHECKED_STATUSES:
            row.verdict = Verdict.UNCHECKED
            row.reason = claim.why or "no relation found"
        else:
            row.verdict = Verdict.GIVEN
    except AidcalcError as e:
        row.verdict = Verdict.ERROR
        row.reason = e.message()  # names the data file, line and column when the data is at fault
        if name:
            env.failed[name] = claim
        return row
    if name:  # later rows use the figure as reported
        env.names[name] = rep
    return row


def _decide(env: _Env, node: Node, rep: Reported, row: Checked) -> None:
    dim = dimension(node, env.kind)
    if not dim.fits(rep.kind):
        raise AidcalcError(_kind_mismatch(dim, rep.kind))
    _same_currency(node, env, rep)
    expr = exact.to_expr(node, env)
    decision = exact.decide(expr, rep.lo, rep.hi, rep.lo_open, rep.hi_open)
    row.value = value = _value(expr, decision.range)
    for d in data_nodes(node):  # what each data function read, for the report to show
        read = exact.value_range(env.data(d.function, d.path, d.where))
        row.data_values[d.span] = Interval(read.lo, read.hi)
    outcome = decision.outcome
    if outcome is exact.Outcome.CONSISTENT:
        row.verdict = Verdict.CONSISTENT
        if decision.witness is not None:
            row.witness = {_input_name(k): x for k, x in decision.witness.items()}
    elif outcome is exact.Outcome.UNDECIDED:
        row.verdict = Verdict.UNDECIDED
        row.reason = (
            f"not decided within {exact.LIMIT} boxes of the search; the formula's value lies"
            " in the range shown"
        )
    else:
        row.verdict = Verdict.INCONSISTENT
        row.reason = how_far(rep, value)
        if row.claim.why:  # what `explain` found the report did instead
            row.reason += f"; {row.claim.why}"
        for label, alt in rep.alternatives:
            other = exact.decide(expr, alt.lo, alt.hi, alt.lo_open, alt.hi_open)
            if other.outcome is exact.Outcome.CONSISTENT:
                times = format_fixed(rep.value, max(rep.figure.decimals, 0), grouping=False)
                row.reason += (
                    f"; only the {label!r} reading fits ({rep.text!r} is {times} times the old"
                    f" figure by the standard reading, {label} by a common loose one)"
                )
    row.computed = computed_text(value, rep, row.verdict)


def _value(expr: exact.Expr, rng: exact.Range) -> Value:
    """The value of ``expr`` from the figures as written, and its range: 15 significant digits
    (the range rounded outward) where the formula has a non-integer power."""
    point = exact.point_value(expr)
    lo, hi = min(rng.lo, point), max(rng.hi, point)  # (the point is inside, but for rounding)
    if _irrational(expr):
        point = _significant(point, Rounding.HALF)
        lo, hi = _significant(lo, Rounding.FLOOR), _significant(hi, Rounding.CEILING)
    value = Value(point, Interval(lo, hi))
    check_size(value)
    return value


def _mistaken(env: _Env, claim: Claim, parsed: dict[str, Node | AidcalcError]) -> Mistake:
    """The mistaken formula's value over the same inputs as the claim's formula. Its kind is not
    checked against the figure's: a mistake can be one of kind (percent for points). A formula
    that cannot be evaluated makes the row an error, as the claim's own would."""
    text = claim.mistake_formula
    try:
        node = parsed.get(text) or parse(text)
        if isinstance(node, AidcalcError):
            raise node
        expr = exact.to_expr(node, env)
        value = _value(expr, exact.value_range(expr))
    except AidcalcError as e:
        raise AidcalcError(f"the mistake_formula {text!r}: {e.message()}") from None
    return Mistake(claim.mistake or "mistaken formula", text, value)


def _input_name(key: object) -> str:
    if isinstance(key, exact.Literal):
        return f"literal {key.index}"
    if isinstance(key, tuple) and key[:1] == ("name",):
        return str(key[1])
    if isinstance(key, tuple) and key[:1] == ("part",):
        return f"part {key[2]} of {os.path.basename(str(key[1]))}"
    return str(key)


_HINTS = {
    (Dimension.AMOUNT, Kind.PERCENT): "divide by the total?",
    (Dimension.AMOUNT, Kind.FRACTION): "divide by the total?",
    (Dimension.AMOUNT, Kind.MULTIPLE): "divide by the amount it is a multiple of?",
    (Dimension.AMOUNT, Kind.POINTS): "points are a difference of two percentages",
    (Dimension.RATIO, Kind.AMOUNT): "multiply by the total?",
    (Dimension.RATIO, Kind.POINTS): "points are a difference of two percentages: subtract one?",
    (Dimension.POINTS, Kind.AMOUNT): "points are a difference of two percentages",
    (Dimension.DIFFERENCE, Kind.AMOUNT): "multiply by the total?",
    (Dimension.DIFFERENCE, Kind.PERCENT): (
        "a difference of two percentages is in percentage points; a relative change is a / b - 1"
    ),
}


def _same_currency(node: Node, env: _Env, rep: Reported) -> None:
    """Figures in two currencies are never added or compared: an error, not a verdict."""

    def of_name(name: str) -> str | None:
        known = env.names.get(name)
        return known.currency if known is not None else None

    found = currencies(node, of_name, env.files.currency)
    if len(found) > 1:
        raise AidcalcError(
            f"the formula mixes currencies ({', '.join(sorted(found))}): convert first"
        )
    if found and rep.currency and rep.currency not in found:
        raise AidcalcError(
            f"the formula is in {found.pop()} and the report in {rep.currency}: convert first"
        )


def _kind_mismatch(dim: Dimension, kind: Kind) -> str:
    hint = _HINTS.get((dim, kind), "a percentage is a ratio; percentage points a difference of two")
    return f"the formula gives {dim.value} and the report {kind.noun}: {hint}"


def _irrational(expr: exact.Expr) -> bool:
    """Whether the formula has a non-integer power: its values are then computed, not exact."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, exact.Pow):
            ex = e.exponent
            if not (isinstance(ex, exact.Const) and ex.value.denominator == 1):
                return True
            stack.append(e.base)
        elif isinstance(e, exact.Add):
            stack.extend(e.terms)
        elif isinstance(e, exact.Mul):
            stack.extend(e.factors)
        elif isinstance(e, (exact.Neg, exact.Inv)):
            stack.append(e.operand)
        elif isinstance(e, (exact.Min, exact.Max)):
            stack.extend(e.args)
    return False


def _significant(x: Fraction, rounding: Rounding, digits: int = SIGNIFICANT) -> Fraction:
    """``x`` to ``digits`` significant digits, rounded half away from zero or outward.

    >>> third = Fraction(2, 3)
    >>> _significant(third, Rounding.FLOOR, 3), _significant(third, Rounding.HALF, 3)
    (Fraction(333, 500), Fraction(667, 1000))
    """
    if not x:
        return x
    n, d = abs(x.numerator), x.denominator
    e = len(str(n)) - len(str(d))  # 10^e <= |x| < 10^(e+1), after the correction below
    if n * 10 ** max(-e, 0) < d * 10 ** max(e, 0):
        e -= 1
    scale = Fraction(10) ** (digits - 1 - e)
    y = x * scale
    if rounding is Rounding.FLOOR:
        q = y.numerator // y.denominator
    elif rounding is Rounding.CEILING:
        q = -(-y.numerator // y.denominator)
    else:
        q = round_to_int(y)
    return q / scale
