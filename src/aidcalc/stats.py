"""Totals, per-county means, shares and year-over-year multiples, from one :class:`Tally`.

=============================  ==============================================================
``summary(t)``                 rows, counties, total, mean per county, share — per group and all
``totals(t)``, ``means(t)``,   one statistic per group (``means`` adds the difference from the
``shares(t)``                  overall mean; ``shares`` sorts largest first)
``yoy(t)``                     amount, previous amount, multiple, change, CAGR over the span
=============================  ==============================================================

Results are :class:`~aidcalc.result.Result` tables of exact values (Fractions, ints, text),
rounded only when rendered — except the CAGR, which is irrational in general and is kept to 15
significant digits, the precision machine formats print. The tally itself — reading the rows
once — is :mod:`aidcalc.tally`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Context, Decimal, localcontext
from fractions import Fraction

from aidcalc.errors import AidcalcError
from aidcalc.groups import Group, Tally
from aidcalc.measures import cagr, mean_per
from aidcalc.result import Cell, ColumnKind, Result, ResultColumn

__all__ = [
    "means",
    "shares",
    "summary",
    "totals",
    "yoy",
]

ALL = "all"


def _key_columns(by: Iterable[str]) -> list[ResultColumn]:
    names = [unicodedata.normalize("NFKC", b).strip() for b in by]  # as the user wrote them
    return [ResultColumn(n, n, ColumnKind.TEXT) for n in names]


def _all_label(t: Tally) -> list[Cell]:
    if not t.by:
        return []
    label: list[Cell] = [ALL]
    return label + [""] * (len(t.by) - 1)


def _rows_with_all(t: Tally) -> list[tuple[list[Cell], Group]]:
    """Each group with its label, then the ``all`` row (alone when there is no ``--by``)."""
    out: list[tuple[list[Cell], Group]] = []
    if t.by:
        out = [(list(k), g) for k, g in t.groups.items()]
    out.append((_all_label(t), t.overall))
    return out


def _mean(t: Tally, g: Group) -> Fraction | None:
    return mean_per(g.total, t.counties_of(g))


def _share(part: Fraction, whole: Fraction) -> Fraction | None:
    return part / whole if whole else None


def _no_counties_note(t: Tally) -> list[str]:
    if t.counting is None:
        return [
            "mean per county: empty, because the data has neither a 'counties' column (counties"
            " per row) nor a 'county' column (one county per row); name one with --counties COL"
            " or --county COL"
        ]
    return []


def summary(t: Tally) -> Result:
    """Rows, counties, total, mean per county and share of the grand total, per group and all."""
    grand = t.overall.total
    cols = [
        *_key_columns(t.by),
        ResultColumn("rows", "rows", ColumnKind.COUNT),
        ResultColumn("counties", "counties", ColumnKind.COUNT),
        ResultColumn("total", "total", ColumnKind.AMOUNT),
        ResultColumn("mean", "mean per county", ColumnKind.AMOUNT),
        ResultColumn("share", "share", ColumnKind.SHARE),
    ]
    if t.per:
        cols.insert(-1, ResultColumn(f"per {t.per}", f"per {t.per}", ColumnKind.AMOUNT))
    rows: list[list[Cell]] = []
    for label, g in _rows_with_all(t):
        total = g.total
        per = [mean_per(total, g.per)] if t.per else []
        rows.append(
            [*label, g.rows, t.counties_of(g), total, _mean(t, g), *per, _share(total, grand)]
        )
    notes = _no_counties_note(t)
    if not t.groups:
        notes.append("no rows: the total is 0 and there is nothing to average")
    elif not grand:
        notes.append("share: empty, because the grand total is 0")
    return Result(cols, rows, notes, currency=t.currency)


def totals(t: Tally) -> Result:
    """The exact total of each group, then all."""
    cols = [
        *_key_columns(t.by),
        ResultColumn("rows", "rows", ColumnKind.COUNT),
        ResultColumn("total", "total", ColumnKind.AMOUNT),
    ]
    rows = [[*label, g.rows, g.total] for label, g in _rows_with_all(t)]
    return Result(cols, rows, currency=t.currency)


def means(t: Tally) -> Result:
    """Mean per county of each group, and how far it is from the overall mean per county."""
    if t.counting is None:
        raise AidcalcError(
            "a mean per county needs the number of counties: the data has neither a 'counties'"
            " nor a 'county' column; name one with --counties COL or --county COL"
        )
    overall = t.overall
    if not overall.rows:
        raise AidcalcError("no rows: there is nothing to average")
    base = _mean(t, overall)
    cols = [
        *_key_columns(t.by),
        ResultColumn("counties", "counties", ColumnKind.COUNT),
        ResultColumn("total", "total", ColumnKind.AMOUNT),
        ResultColumn("mean", "mean per county", ColumnKind.AMOUNT),
        ResultColumn("vs_mean", "vs overall mean", ColumnKind.CHANGE),
    ]
    rows: list[list[Cell]] = []
    for label, g in _rows_with_all(t):
        m = _mean(t, g)
        diff = m / base - 1 if m is not None and base else None
        rows.append([*label, t.counties_of(g), g.total, m, diff])
    notes = []
    if base is None:
        notes.append("no counties were counted, so there is no mean")
    elif base == 0:
        notes.append("vs overall mean: empty, because the overall mean is 0")
    return Result(cols, rows, notes, currency=t.currency)


def shares(t: Tally) -> Result:
    """Each group's share of the grand total, largest first, then all."""
    grand = t.overall.total
    cols = [
        *_key_columns(t.by),
        ResultColumn("total", "total", ColumnKind.AMOUNT),
        ResultColumn("share", "share", ColumnKind.SHARE),
    ]
    groups = [(label, g.total) for label, g in _rows_with_all(t)[:-1]] if t.by else []
    groups.sort(key=lambda lg: lg[1], reverse=True)
    rows: list[list[Cell]] = [[*label, total, _share(total, grand)] for label, total in groups]
    rows.append([*_all_label(t), grand, _share(grand, grand)])
    notes = ["share: empty, because the grand total is 0"] if not grand else []
    return Result(cols, rows, notes, bar="share", currency=t.currency)


# ---------------------------------------------------------------------------------------------
# Year over year


def yoy(t: Tally) -> Result:
    """Per group and year: amount, previous year's amount, multiple, change, absolute change.

    The keys of ``t`` start with the year. With three or more years a group also gets a span row
    (``2012–2020``) comparing its last amount with its first, with the average annual growth.
    """
    by = t.by
    years = sorted({k[0] for k in t.groups}, key=_year_sort)
    per_group: dict[tuple[str, ...], dict[str, Fraction]] = {}
    for key, g in t.groups.items():
        per_group.setdefault(key[1:], {})[key[0]] = g.total
    cols = [
        *_key_columns(by),
        ResultColumn("year", "year", ColumnKind.TEXT),
        ResultColumn("amount", "amount", ColumnKind.AMOUNT),
        ResultColumn("previous_year", "base year", ColumnKind.TEXT),
        ResultColumn("previous_amount", "base amount", ColumnKind.AMOUNT),
        ResultColumn("multiple", "multiple", ColumnKind.MULTIPLE),
        ResultColumn("change", "change", ColumnKind.CHANGE),
        ResultColumn("abs_change", "abs change", ColumnKind.AMOUNT),
        ResultColumn("cagr", "CAGR", ColumnKind.CHANGE),
        ResultColumn("note", "note", ColumnKind.TEXT),
    ]
    rows: list[list[Cell]] = []
    for group, amounts in per_group.items():
        label: list[Cell] = list(group)
        prev_year: str | None = None
        for year in years:
            cur = amounts.get(year)
            prev = amounts.get(prev_year) if prev_year else None
            row = _compare(cur, prev, year, prev_year)
            rows.append([*label, year, cur, prev_year, prev, *row])
            prev_year = year
        present = [y for y in years if y in amounts]
        if len(present) >= 3:
            first, last = present[0], present[-1]
            a, b = amounts[first], amounts[last]
            span = _compare(b, a, last, first)
            span[3] = _cagr(a, b, int(last) - int(first)) if a > 0 and b >= 0 else None
            span[4] = (
                "" if span[3] is not None else "no growth rate: the first amount is not positive"
            )
            rows.append([*label, f"{first}–{last}", b, first, a, *span])
    notes = []
    if len(years) < 2:
        notes.append("only one year in the data: there is nothing to compare")
    return Result(cols, rows, notes, currency=t.currency)


def _year_sort(y: str) -> tuple[int, str]:
    return (int(y), y) if y.isdigit() else (1 << 62, y)


def _compare(
    cur: Fraction | None, prev: Fraction | None, year: str, prev_year: str | None
) -> list[Cell]:
    """multiple, change, absolute change, cagr (empty), note — or words where there is no number."""
    if prev_year is None:
        return [None, None, None, None, "first year" if cur is not None else f"not in {year}"]
    if cur is None and prev is None:
        return [None, None, None, None, f"in neither {prev_year} nor {year}"]
    if cur is None:
        return [None, None, None, None, f"not in {year}"]
    if prev is None:
        return [None, None, None, None, f"not in {prev_year}"]
    if prev == 0:
        return [None, None, cur - prev, None, f"zero in {prev_year}: no multiple"]
    multiple = cur / prev
    note = "" if prev > 0 else f"negative in {prev_year}"
    gap = int(year) - int(prev_year) if year.isdigit() and prev_year.isdigit() else 1
    if gap > 1:
        note = f"{gap} years since {prev_year}" + (f"; {note}" if note else "")
    return [multiple, multiple - 1, cur - prev, None, note]


def _cagr(first: Fraction, last: Fraction, years: int) -> Fraction | None:
    """The average annual growth, to 15 significant digits (it is irrational in general)."""
    if years <= 0:
        return None
    growth = cagr(first, last, years)
    with localcontext(Context(prec=15)):
        return Fraction(Decimal(growth.numerator) / Decimal(growth.denominator))
