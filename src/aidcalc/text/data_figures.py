"""A data file's figures as candidates for explain: totals, counties, means and shares of its
groups (``explain --data FILE``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction

from aidcalc.calc.groups import Group, Tally
from aidcalc.checker import exact
from aidcalc.checker.exact import Add, Const, Expr, Mul, Var, div
from aidcalc.checker.wording import Kind
from aidcalc.core.errors import AidcalcError

__all__ = ["DataFigure", "data_figures"]

A, P, C = Kind.AMOUNT, Kind.PERCENT, Kind.COUNT


@dataclass(frozen=True)
class DataFigure:
    """A figure from a data file: its formula (``total(f[g="x"])``), kind, exact expression and
    enclosure."""

    formula: str
    kind: Kind
    expr: Expr
    point: Fraction
    lo: Fraction
    hi: Fraction


def data_figures(path: str, shown: str | None = None) -> list[DataFigure]:
    """The figures of a data file as candidates: the total, counties and mean per county of the
    file and of each group of every column with 2 to 12 distinct values, and each group's share
    of the total. ``shown`` is the path as formulas write it (default ``path``).
    """
    from aidcalc.calc.tally import tally
    from aidcalc.reader import Source, open_table
    from aidcalc.reader.query import Query

    shown = shown or path
    if not os.path.isfile(path):
        raise AidcalcError("no such file", file=path)
    overall = tally([Source.file(path)], Query())
    with open_table(Source.file(path)) as table:
        names = [c.name for c in table.columns]
    out = _group_figures(shown, overall, overall.overall)
    skip = {"amount", "counties", "county"}
    for col in names:
        if col in skip:
            continue
        t = tally([Source.file(path)], Query(by=(col,)))
        if not 2 <= len(t.groups) <= 12:
            continue
        for key, g in t.groups.items():
            value = key[0]
            label = f'{shown}[{col}="{value}"]'
            out += _group_figures(label, t, g)
            # its share of the total: the group and the rest are separate variables
            part = Var(("data", label), *_bounds(g.total, g.slack))
            rest_total = overall.overall.total - g.total
            rest_slack = overall.overall.slack - g.slack
            if g.total > 0 and rest_total > 0:
                rest = Var(("data-rest", shown, col, value), *_bounds(rest_total, rest_slack))
                expr = div(part, Add((part, rest)))
                r = exact.value_range(expr)
                out.append(DataFigure(f"total({label}) / total({shown})", P, expr,
                                      g.total / overall.overall.total, r.lo, r.hi))  # fmt: skip
    return out


def _bounds(x: Fraction, slack: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    return x - slack, x + slack, x


def _group_figures(label: str, t: Tally, group: Group) -> list[DataFigure]:
    out = []
    if group.total > 0:
        lo, hi, pt = _bounds(group.total, group.slack)
        var = Var(("data", label), lo, hi, pt)
        out.append(DataFigure(f"total({label})", A, var, pt, lo, hi))
        counties = t.counties_of(group)
        if counties:
            n = Fraction(counties)
            out.append(DataFigure(f"counties({label})", C, Const(n), n, n, n))
            out.append(DataFigure(f"mean({label})", A, Mul((var, Const(1 / n))), pt / n, lo / n,
                                  hi / n))  # fmt: skip
    return out
