"""The data files of ``check`` formulas: found safely, each read once, split into disjoint parts.

``total(2018.csv[group="severely poor"]) / total(2018.csv)`` names two totals that share rows. Read
apart, each would be an interval of its own and the ratio would be wider than any reading of the
data allows. So all formulas of a claims file are scanned first (:meth:`DataFiles.plan`) for the
filters each file is read with; each file is then tallied **once**, grouped by the vector of the
filters' truth values. Every group is a disjoint part of the file: one variable (its exact total,
give or take the rounding of its cells), and ``total(f[x])`` is the sum of the parts where ``x``
holds. Rows and counties are exact counts; ``mean`` is total / counties.

=============================  ==================================================================
``DataFiles(root, where)``     data paths resolve inside ``root`` (the claims file's folder, the
                               current folder, or ``--data-dir``)
``.plan(node)``                note the data functions of a parsed formula, before any is read
``.expr(function, path, w)``   ``total(path[w])`` … as an :data:`aidcalc.checker.exact.Expr`
``.currency(data)``            the currency of a data function's amounts (``£`` cells: GBP)
=============================  ==================================================================

**Paths.** A path in a formula is relative to ``root`` and must stay inside it, symbolic links
followed (``os.path.realpath``): no absolute path, no ``..`` out, no link out. A claims file is
often someone else's; it must not make aidcalc read and print other files. For the same reason an
error about such a file (which the user did not name on the command line) never quotes its
contents: the offending cell and the list of its columns are left out of the message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction

from aidcalc.calc import engine
from aidcalc.calc.groups import Group, Tally
from aidcalc.checker import exact, formula
from aidcalc.core.errors import AidcalcError
from aidcalc.reader import Source, normalize_name, open_table
from aidcalc.reader.filters import Condition
from aidcalc.reader.query import Query

__all__ = ["DataFiles"]

Where = tuple[Condition, ...]


@dataclass
class _Plan:
    """What the formulas need of one file: its filters, and whether counties are counted."""

    name: str  # the path as first written, for messages
    filters: list[Where] = field(default_factory=list)
    counties: bool = False


@dataclass
class _Parts:
    """One file tallied by the truth values of its filters."""

    filters: list[Where]
    parts: dict[tuple[bool, ...], Group]
    tally: Tally
    bad: dict[Where, AidcalcError]  # filters that name a column the file does not have


class DataFiles:
    """The data files of a claims file's formulas, resolved inside ``root``."""

    def __init__(self, root: str, where: str) -> None:
        self.root = root or "."
        self.real_root = os.path.realpath(self.root)
        self.where = where  # "the claims file's folder", for messages
        self.plans: dict[str, _Plan] = {}
        self.read: dict[tuple[str, bool], _Parts | AidcalcError] = {}

    # -----------------------------------------------------------------------------------------
    # Before reading

    def plan(self, node: formula.Node) -> None:
        """Note every data function of a parsed formula (paths that fail to resolve are left
        for :meth:`expr` to report on their row)."""
        for data in formula.data_nodes(node):
            try:
                real = self.resolve(data.path)
            except AidcalcError:
                continue
            self._note(real, data)

    def _note(self, real: str, data: formula.Data) -> _Plan:
        plan = self.plans.setdefault(real, _Plan(data.path))
        if data.where and data.where not in plan.filters:
            plan.filters.append(data.where)
            self.read = {k: v for k, v in self.read.items() if k[0] != real}
        if data.function in ("counties", "mean") and not plan.counties:
            plan.counties = True
        return plan

    def resolve(self, path: str) -> str:
        """The real path of a data file named in a formula; it must lie inside the root."""
        if os.path.isabs(path) or path.startswith("~"):
            raise AidcalcError(
                f"{path!r} is an absolute path: a data file is named relative to {self.where}"
            )
        full = os.path.realpath(os.path.join(self.root, path))
        if os.path.commonpath([self.real_root, full]) != self.real_root:
            raise AidcalcError(
                f"{path!r} lies outside {self.where}, where data files must be"
                " (--data-dir DIR reads them from another folder)"
            )
        if not os.path.exists(full):
            raise AidcalcError(f"no such file {path!r} (looked in {self.root})")
        if not os.path.isfile(full):
            raise AidcalcError(f"{path!r} is not a regular file")
        return full

    # -----------------------------------------------------------------------------------------
    # Reading

    def expr(self, function: str, path: str, where: Where) -> exact.Expr:
        """``function(path[where])`` as an expression over the file's parts."""
        real = self.resolve(path)
        plan = self._note(real, formula.Data(function, path, where))
        wanted = function in ("counties", "mean")
        try:
            got = self._parts(real, plan, plan.counties)
        except AidcalcError:
            if wanted or not plan.counties:
                raise
            got = self._parts(real, plan, False)  # a total needs no county count
        if where in got.bad:
            raise got.bad[where]
        matching = [g for vec, g in got.parts.items() if _holds(got.filters, where, vec)]
        keys = [vec for vec in got.parts if _holds(got.filters, where, vec)]
        if where and not matching:
            shown = ", ".join(map(str, where))
            raise AidcalcError(f"no row of {path!r} passes the filter [{shown}]")
        if function == "rows":
            return exact.Const(Fraction(sum(g.rows for g in matching)))
        total = _total(real, keys, matching)
        if function == "total":
            return total
        counties = _counties(got.tally, matching)
        if counties is None:
            raise AidcalcError(
                f"{path!r} has neither a 'counties' nor a 'county' column to count counties"
            )
        if function == "counties":
            return exact.Const(Fraction(counties))
        if not counties:
            raise AidcalcError(f"no counties in {path!r}{' with that filter' if where else ''}")
        return exact.Mul((total, exact.Const(Fraction(1, counties))))

    def currency(self, data: formula.Data) -> str | None:
        """The currency a data function's amounts are in (``GBP`` for cells of ``£100``), or
        None for yuan or when no currency is named: ``total(gbp.csv)`` is a sum of pounds."""
        real = self.resolve(data.path)
        plan = self._note(real, data)
        try:
            got = self._parts(real, plan, plan.counties)
        except AidcalcError:
            if not plan.counties:
                raise
            got = self._parts(real, plan, False)
        return got.tally.currency

    def _parts(self, real: str, plan: _Plan, counties: bool) -> _Parts:
        key = (real, counties)
        got = self.read.get(key)
        if got is None:
            try:
                got = self._tally(real, plan, counties)
            except AidcalcError as e:
                got = _quiet(e)
            self.read[key] = got
        if isinstance(got, AidcalcError):
            raise got
        return got

    def _tally(self, real: str, plan: _Plan, counties: bool) -> _Parts:
        source = Source(plan.name, path=real)
        with open_table(source) as table:  # the header only: which filter columns exist
            bad = {}
            for w in plan.filters:
                for c in w:
                    if normalize_name(c.column) != "file" and not table.has(c.column):
                        bad[w] = AidcalcError(f"no column {c.column!r} here", file=plan.name)
        filters = [w for w in plan.filters if w not in bad]
        columns: list[str] = []
        for w in filters:
            for c in w:
                if normalize_name(c.column) not in map(normalize_name, columns):
                    columns.append(c.column)
        t = engine.read([source], Query(by=tuple(columns), count_counties=counties))
        position = {normalize_name(c): i for i, c in enumerate(columns)}
        parts: dict[tuple[bool, ...], Group] = {}
        for cells, g in t.groups.items():
            vec = tuple(all(_passes(c, cells[position[normalize_name(c.column)]]) for c in w)
                        for w in filters)  # fmt: skip
            part = parts.get(vec)
            if part is None:
                parts[vec] = part = Group(names=g.county_set is not None)
            part.merge(g)
        return _Parts(filters, parts, t, bad)


def _passes(c: Condition, cell: str) -> bool:
    try:
        return c.holds(cell)
    except AidcalcError as e:
        raise e.located(column=c.column) from None


def _holds(filters: list[Where], where: Where, vec: tuple[bool, ...]) -> bool:
    return not where or vec[filters.index(where)]


def _total(real: str, keys: list[tuple[bool, ...]], parts: list[Group]) -> exact.Expr:
    terms: list[exact.Expr] = []
    for vec, g in zip(keys, parts):
        t, slack = g.total, g.slack
        terms.append(exact.Var(("part", real, vec), t - slack, t + slack, t) if slack else
                     exact.Const(t))  # fmt: skip
    if not terms:
        return exact.Const(Fraction(0))
    return terms[0] if len(terms) == 1 else exact.Add(tuple(terms))


def _counties(t: Tally, parts: list[Group]) -> int | None:
    g = Group(names=any(p.county_set is not None for p in parts))
    for p in parts:
        g.merge(p)
    return t.counties_of(g)


def _quiet(e: AidcalcError) -> AidcalcError:
    """The error without what it quotes of the file: the cell, and the list of its columns."""
    reason = e.reason.split("; the columns are:")[0]
    return AidcalcError(reason, file=e.file, line=e.line, column=e.column)
