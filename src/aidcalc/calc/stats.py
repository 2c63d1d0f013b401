"""Totals, per-county means, shares and year-over-year multiples, from one :class:`Tally`.

=============================  ==============================================================
``summary(t)``                 rows, counties, total, mean per county, share — per group and all
``totals(t)``, ``means(t)``,   one statistic per group (``means`` adds the difference from the
``shares(t)``                  overall mean; ``shares`` sorts largest first)
``yoy(t)``                     amount, previous amount, multiple, change, CAGR over the span
=============================  ==============================================================

Results are :class:`~aidcalc.core.result.Result` tables of exact values (Fractions, ints, text),
rounded only when rendered — except the CAGR, which is irrational in general and is kept to 15
significant digits, the precision machine formats print. The tally itself — reading the rows
once — is :mod:`aidcalc.calc.tally`.

A result with group rows (``--by``, and every ``yoy``) starts with a ``level`` column for
machines (csv, tsv, json, jsonl and ``records()``): ``group`` for a group's row, ``all`` for the
overall row, ``span`` for a span row of ``yoy``, so that a group named ``all`` is never taken for
the overall row. Without ``--by`` the one row is the overall row and needs no mark. Tables for
people show the overall row as ``all``, without that column. A ``--by`` column named like a
column of the result, or given twice, is refused: its key would appear twice in a JSON object.

Years (``yoy``) are read with :func:`aidcalc.published.years.parse_year`: ``2020`` and
``２０２０`` are one year, ``2017年``, ``FY2021``, ``2022-23`` and ``2022/23`` are read (a
fiscal year by the year it starts), gaps are measured on the years, and the label is shown as
first written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING

from aidcalc.calc.groups import Group, Tally
from aidcalc.core.errors import AidcalcError
from aidcalc.core.measures import cagr, mean_per
from aidcalc.core.result import Audience, Cell, ColumnKind, Result, ResultColumn
from aidcalc.published.tablewords import CURRENCY_COLUMN_NAMES
from aidcalc.reader import normalize_name

if TYPE_CHECKING:
    from aidcalc.published.years import Year, YearForm

__all__ = [
    "means",
    "shares",
    "summary",
    "totals",
    "yoy",
]

ALL = "all"

# The values of the ``level`` column: what a row of a result is.
GROUP_ROW, ALL_ROW, SPAN_ROW = "group", "all", "span"
LEVEL = ResultColumn("level", "level", ColumnKind.TEXT, where=Audience.MACHINES)


def _key_columns(
    by: Iterable[str], *stats: ResultColumn, level: bool = False
) -> list[ResultColumn]:
    """``level`` (with ``--by``, or when ``level``), the ``--by`` columns, then ``stats``; a key
    that would appear twice is refused.

    >>> total = ResultColumn("total", "total", ColumnKind.AMOUNT)
    >>> [c.key for c in _key_columns(["Region"], total)], [c.key for c in _key_columns([], total)]
    (['level', 'Region', 'total'], ['total'])
    >>> _key_columns(["g", "G"])
    Traceback (most recent call last):
    aidcalc.core.errors.AidcalcError: --by 'G': the column g is already grouped by; give it once
    """
    keys = [normalize_name(b) for b in by]
    reserved = {LEVEL.key, *(c.key for c in stats)}
    seen: set[str] = set()
    for b, key in zip(by, keys, strict=True):
        if key in seen:
            raise AidcalcError(f"--by {b!r}: the column {key} is already grouped by; give it once")
        if key in reserved:
            raise AidcalcError(
                f"--by {b!r}: the output already has a column named {key!r}, so the two could"
                " not be told apart; group by another column, or rename this one in the data"
            )
        seen.add(key)
    first = [LEVEL] if keys or level else []
    shown = [unicodedata.normalize("NFKC", b).strip() for b in by]  # as the user wrote them
    return [*first, *(ResultColumn(k, k, ColumnKind.TEXT) for k in shown), *stats]


def _all_label(t: Tally) -> list[Cell]:
    """The overall row's ``level`` and group cells: ``all`` under the first ``--by`` column."""
    if not t.by:
        return []
    label: list[Cell] = [ALL_ROW, ALL]
    return label + [""] * (len(t.by) - 1)


def _rows_with_all(t: Tally) -> list[tuple[list[Cell], Group]]:
    """Each group with its label, then the ``all`` row (alone when there is no ``--by``)."""
    out: list[tuple[list[Cell], Group]] = []
    if t.by:
        out = [([GROUP_ROW, *k], g) for k, g in t.groups.items()]
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


def _currencies(t: Tally) -> tuple[str, list[str]]:
    """The column naming each row's currency and its codes, when the groups are by it (``--by
    currency``) and in more than one currency: then no amount of the ``all`` row, and no share,
    adds amounts across currencies. ``("", [])`` otherwise."""
    for i, b in enumerate(t.by):
        if normalize_name(b) in CURRENCY_COLUMN_NAMES:
            codes = sorted({k[i].strip().upper() for k in t.groups})
            if len(codes) > 1:
                return b, codes
    return "", []


def _across(t: Tally, what: str) -> list[str]:
    """The note for ``what`` left empty because the groups are in several currencies."""
    column, codes = _currencies(t)
    if not codes:
        return []
    return [
        f"{what}: empty, because the groups are in {len(codes)} currencies ({', '.join(codes)})"
        f" and amounts in different currencies are not added; keep one with --where"
        f' "{column}={codes[0]}"'
    ]


def summary(t: Tally) -> Result:
    """Rows, counties, total, mean per county and share of the grand total, per group and all."""
    across = _across(t, "the all row's amounts, and every share")
    mixed = bool(across)
    grand = None if mixed else t.overall.total
    cols = _key_columns(
        t.by,
        ResultColumn("rows", "rows", ColumnKind.COUNT),
        ResultColumn("counties", "counties", ColumnKind.COUNT),
        ResultColumn("total", "total", ColumnKind.AMOUNT),
        ResultColumn("mean", "mean per county", ColumnKind.AMOUNT),
        ResultColumn("share", "share", ColumnKind.SHARE),
    )
    if t.per:
        cols.insert(-1, ResultColumn(f"per {t.per}", f"per {t.per}", ColumnKind.AMOUNT))
    rows: list[list[Cell]] = []
    for label, g in _rows_with_all(t):
        if mixed and g is t.overall:
            rows.append([*label, g.rows, t.counties_of(g), None, None, *[None] * bool(t.per), None])
            continue
        total = g.total
        per = [mean_per(total, g.per)] if t.per else []
        share = _share(total, grand) if grand is not None else None
        rows.append([*label, g.rows, t.counties_of(g), total, _mean(t, g), *per, share])
    notes = _no_counties_note(t) + across
    if not t.groups:
        notes.append("no rows: the total is 0 and there is nothing to average")
    elif grand == 0:
        notes.append("share: empty, because the grand total is 0")
    return Result(cols, rows, notes, currency=t.currency)


def totals(t: Tally) -> Result:
    """The exact total of each group, then all."""
    cols = _key_columns(
        t.by,
        ResultColumn("rows", "rows", ColumnKind.COUNT),
        ResultColumn("total", "total", ColumnKind.AMOUNT),
    )
    across = _across(t, "the all row's total")
    rows: list[list[Cell]] = [
        [*label, g.rows, None if across and g is t.overall else g.total]
        for label, g in _rows_with_all(t)
    ]
    return Result(cols, rows, across, currency=t.currency)


def means(t: Tally) -> Result:
    """Mean per county of each group, and how far it is from the overall mean per county.

    The difference is taken relative to the size of the overall mean, so that a group above the
    overall mean is ``+`` even when the overall mean is negative.
    """
    if t.counting is None:
        raise AidcalcError(
            "a mean per county needs the number of counties: the data has neither a 'counties'"
            " nor a 'county' column; name one with --counties COL or --county COL"
        )
    overall = t.overall
    if not overall.rows:
        raise AidcalcError("no rows: there is nothing to average")
    across = _across(t, "the all row, and every difference from the overall mean")
    mixed = bool(across)
    base = None if mixed else _mean(t, overall)
    cols = _key_columns(
        t.by,
        ResultColumn("counties", "counties", ColumnKind.COUNT),
        ResultColumn("total", "total", ColumnKind.AMOUNT),
        ResultColumn("mean", "mean per county", ColumnKind.AMOUNT),
        ResultColumn("vs_mean", "vs overall mean", ColumnKind.CHANGE),
    )
    if t.per:  # the mean per person (or household) too, as summary shows it
        cols.insert(-1, ResultColumn(f"per {t.per}", f"per {t.per}", ColumnKind.AMOUNT))
    rows: list[list[Cell]] = []
    for label, g in _rows_with_all(t):
        if mixed and g is overall:
            rows.append([*label, t.counties_of(g), None, None, *[None] * bool(t.per), None])
            continue
        m = _mean(t, g)
        diff = (m - base) / abs(base) if m is not None and base else None
        per = [mean_per(g.total, g.per)] if t.per else []
        rows.append([*label, t.counties_of(g), g.total, m, *per, diff])
    notes = across
    if mixed:
        pass  # the note says why the all row is empty
    elif base is None:
        notes.append("no counties were counted, so there is no mean")
    elif base == 0:
        notes.append("vs overall mean: empty, because the overall mean is 0")
    elif base < 0:
        notes.append(
            "vs overall mean: the overall mean is negative; each difference is relative to its"
            " size, so + is above it and - below"
        )
    return Result(cols, rows, notes, currency=t.currency)


def shares(t: Tally) -> Result:
    """Each group's share of the grand total, largest first, then all."""
    column, codes = _currencies(t)
    if codes:
        raise AidcalcError(
            f"the groups are in {len(codes)} currencies ({', '.join(codes)}): a share of their"
            f" sum would add amounts in different currencies; keep one with --where"
            f' "{column}={codes[0]}"'
        )
    grand = t.overall.total
    cols = _key_columns(
        t.by,
        ResultColumn("total", "total", ColumnKind.AMOUNT),
        ResultColumn("share", "share", ColumnKind.SHARE),
    )
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

    The keys of ``t`` start with the year as written; spellings of one year (``2020``,
    ``２０２０``, ``2020年``) are added together and shown as first written. With three or more
    years a group also gets a span row (``2012–2020``) comparing its last amount with its first,
    with the average annual growth. A year that cannot be read is an :class:`AidcalcError`
    naming the value (the caller knows the column and can find the line).
    """
    by = t.by
    read = _years(k[0] for k in t.groups)
    labels: dict[int, str] = {}  # the year it starts in → the label as first written
    per_group: dict[tuple[str, ...], dict[int, Fraction]] = {}
    for key, g in t.groups.items():
        written = read[key[0]]
        labels.setdefault(written.start, written.label)
        amounts = per_group.setdefault(key[1:], {})
        amounts[written.start] = amounts.get(written.start, Fraction(0)) + g.total
    years = sorted(labels)
    cols = _key_columns(
        by,
        ResultColumn("year", "year", ColumnKind.TEXT),
        ResultColumn("amount", "amount", ColumnKind.AMOUNT),
        ResultColumn("previous_year", "base year", ColumnKind.TEXT),
        ResultColumn("previous_amount", "base amount", ColumnKind.AMOUNT),
        ResultColumn("multiple", "multiple", ColumnKind.MULTIPLE),
        ResultColumn("change", "change", ColumnKind.CHANGE),
        ResultColumn("abs_change", "abs change", ColumnKind.AMOUNT),
        ResultColumn("cagr", "CAGR", ColumnKind.CHANGE),
        ResultColumn("note", "note", ColumnKind.TEXT),
        level=True,
    )
    rows: list[list[Cell]] = []
    for group, amounts in per_group.items():
        label: list[Cell] = list(group)
        prev_year: int | None = None
        for year in years:
            cur = amounts.get(year)
            prev = amounts.get(prev_year) if prev_year is not None else None
            prev_label = labels[prev_year] if prev_year is not None else None
            gap = year - prev_year if prev_year is not None else 1
            row = _compare(cur, prev, labels[year], prev_label, gap)
            rows.append([GROUP_ROW, *label, labels[year], cur, prev_label, prev, *row])
            prev_year = year
        present = [y for y in years if y in amounts]
        if len(present) >= 3:
            first, last = present[0], present[-1]
            a, b = amounts[first], amounts[last]
            span = _compare(b, a, labels[last], labels[first], 1)
            span[3] = _cagr(a, b, last - first) if a > 0 and b >= 0 else None
            span[4] = (
                "" if span[3] is not None else "no growth rate: the first amount is not positive"
            )
            span_label = f"{labels[first]}–{labels[last]}"
            rows.append([SPAN_ROW, *label, span_label, b, labels[first], a, *span])
    notes = []
    if len(years) < 2:
        notes.append("only one year in the data: there is nothing to compare")
    return Result(cols, rows, notes, currency=t.currency)


_YEAR_FORMS = "2017, 2017年, FY2017, 2017-18 or 2017/18"


def _years(written: Iterable[str]) -> dict[str, Year]:
    """Each year as written → the year read; a value that is no year, or years written in forms
    that cannot be ordered together (``2017`` beside ``FY2018``), is an error naming the value.

    >>> {k: y.start for k, y in _years(["2020", "２０２０", "2021年"]).items()}
    {'2020': 2020, '２０２０': 2020, '2021年': 2021}
    >>> _years(["2019", "FY2020"])
    Traceback (most recent call last):
    aidcalc.core.errors.AidcalcError: "FY2020": years written in forms that cannot be ordered ...
    """
    from aidcalc.published.years import parse_year  # with layout.py, slow to import: only for yoy

    read: dict[str, Year] = {}
    forms: dict[YearForm, str] = {}
    for text in written:
        if text in read:
            continue
        try:
            year = parse_year(text)
        except AidcalcError as e:
            raise AidcalcError(e.reason, value=text) from None
        if year is None:
            what = "a blank year" if not text.strip() else "not a year"
            raise AidcalcError(f"{what}; write years as {_YEAR_FORMS}", value=text)
        forms.setdefault(year.form, text)
        if len(forms) > 1:
            shown = ", ".join(f"{v} ({f.value})" for f, v in forms.items())
            raise AidcalcError(
                f"years written in forms that cannot be ordered together: {shown}; write them"
                " one way",
                value=text,
            )
        read[text] = year
    return read


def _compare(
    cur: Fraction | None, prev: Fraction | None, year: str, prev_year: str | None, gap: int
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
    if gap > 1:
        note = f"{gap} years since {prev_year}" + (f"; {note}" if note else "")
    return [multiple, multiple - 1, cur - prev, None, note]


def _cagr(first: Fraction, last: Fraction, years: int) -> Fraction | None:
    """The average annual growth, to 15 significant digits (it is irrational in general)."""
    from decimal import Context, Decimal, localcontext  # only here: slow to import

    if years <= 0:
        return None
    growth = cagr(first, last, years)
    with localcontext(Context(prec=15)):
        return Fraction(Decimal(growth.numerator) / Decimal(growth.denominator))
