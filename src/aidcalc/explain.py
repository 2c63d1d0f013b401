"""Explaining reported figures by the arithmetic between them, with a guard against coincidences.

=============================  ===============================================================
``explain(rows, data=())``     each row without a formula: explained, misstated or unexplained
``read_rows(table)``           the rows of an open claims table (with kind, year, status …)
``rows_result(rows)``          the rows as a claims table, ready for ``check``
``data_figures(path, shown)``  totals, counties, means and shares of a data file's groups
``Row``, ``Status``            one claims row as explain sees it; its status
=============================  ===============================================================

**Candidates.** For a figure, every formula of these shapes over the other figures is a candidate:
share and ratio ``a / b``, multiple ``a / b``, growth ``a / b - 1``, decline ``1 - a / b``,
difference ``a - b``, sums of two to four figures, mean per count ``a / n``, percentage-point
difference ``a - b`` of percentages, ``a * b`` (an amount times a count, a share or a multiple), an
amount divided by a multiple, and CAGR between two figures with years. The kinds must fit (a
percentage from two amounts or two counts, an amount from amounts …). A candidate **matches**
when :func:`aidcalc.exact.decide` finds the claim consistent: some values of the inputs, each
within its own interval, give a value the reported figure allows.

**The guard.** A match may be a coincidence. Let X be the figure and W the window from X/10 to
10·X. For a candidate whose values range over [lo, hi], the figure (with its own interval, X − d₁ to
X + d₂) would have matched for every value from lo − d₂ to hi + d₁; ``p`` is the share of W, on a
log scale, that those values cover: the chance that an unrelated figure written the same way,
drawn log-uniformly from W, would match the candidate. ``m`` is the number of candidates tried
whose value as written lies in W (the others could not match a figure from W). The match is an
explanation only if ``m · p ≤ 0.05``; ``chance`` is ``m · p``.

**Cue words narrow the vocabulary**, and so ``m``: with ``average``/``each``/``per``/平均/县均, only
means are tried for an amount; with ``share``/``accounting for``/占, only shares for a percentage;
with ``times``/倍, only multiples; with ``up``/``growth``/``higher``/增长, only growth (and
differences for amounts, points for points); ``points``/百分点; ``total``/共/总 (sums); ``annual``/
年均 (CAGR). Without a cue every shape of the figure's kind is tried. A comparison names its base:
``higher than the average`` lets only a figure named ``average`` (or, failing that, ``…_average``)
be the base ``b``; ``that of 2017``, ``是2017年的`` and ``比上年`` ask for a base of that year, and
when the text has none the figure is unexplained for want of it. Figures of one year are not
mixed with another's except in comparisons.

**Misstatements.** When no correct candidate matches, known mistakes are tried, each the
mistaken form of a correct candidate: the wrong base ``(a - b) / a`` for ``a / b - 1``; percent
for percentage points (``a - b`` of two percentages printed as ``%``); a 万/亿 (10⁴) or
thousand/million (10³) slip in an amount; ``增长N倍`` printed for N times; a share of the wrong
total (``a / (b - a)``, ``a / (a + b)`` for ``a / b``). The same guard applies, with ``m`` counting
the correct and the mistaken candidates. A misstated row keeps the correct formula, so ``check``
finds it inconsistent by itself, and ``why`` names the mistake and its formula.

**Order.** Rows with a cue word are explained first, then the others, each in reading order; a
candidate may not use a figure that is itself explained through the one being explained (no
circles), nor a misstated figure. Output keeps reading order, except that a row explained by later
figures moves to just after the last of them (``check`` reads names of earlier rows only).

**Bounds.** Pairs are tried in both orders where the shape allows (n² per figure); sums take
figures of the target's kind in increasing order, in integers, stop as soon as a partial sum
passes 10·X, and at most ``SUM_LIMIT`` sums are looked at per figure (past it the rest count in
``m`` unexamined, which can only make the guard stricter). No candidate's ``p`` is below
``p_min``, the ``p`` of a candidate that is one exact value at X; so once ``m`` passes
``0.05 / p_min`` nothing can be explained, and the search for that figure stops there ("too many
candidates for a figure written this coarsely"). Only candidates whose enclosure meets the
reported interval go to :func:`~aidcalc.exact.decide`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal
from enum import Enum
from fractions import Fraction

from aidcalc import exact
from aidcalc.claims import LOCATION_COLUMNS, Claim, claim_rows
from aidcalc.errors import AidcalcError
from aidcalc.exact import Add, Const, Expr, Mul, Neg, Outcome, Var, div
from aidcalc.extract import name_words, roles_in
from aidcalc.formatting import Rounding, format_fixed, format_like
from aidcalc.groups import Group, Tally
from aidcalc.reader import Table
from aidcalc.result import Cell, ColumnKind, Result, ResultColumn
from aidcalc.wording import Kind, Reported, read_reported

__all__ = [
    "COLUMNS",
    "LEVEL",
    "SUM_LIMIT",
    "WINDOW",
    "DataFigure",
    "Row",
    "Status",
    "data_figures",
    "explain",
    "read_rows",
    "rows_result",
]

#: The columns ``explain`` writes.
COLUMNS = ("name", "claim", "reported", "kind", "year", "formula", "status", "why", "chance",
           "mistake", "mistake_formula")  # fmt: skip
LEVEL = Fraction(1, 20)  # accept when m·p is at most this
WINDOW = 10  # the window is X / WINDOW to X · WINDOW
SUM_LIMIT = 20000  # sums looked at per figure

A, C, P, F, M, PP = (Kind.AMOUNT, Kind.COUNT, Kind.PERCENT, Kind.FRACTION, Kind.MULTIPLE,
                     Kind.POINTS)  # fmt: skip


class Status(str, Enum):
    """What explain found for a row without a formula."""

    EXPLAINED = "explained"  # a formula gives the figure, and not by coincidence
    MISSTATED = "misstated"  # no formula does, but a known mistake does
    UNEXPLAINED = "unexplained"  # nothing fits: a given, or it needs data the text lacks


@dataclass(frozen=True)
class Row:
    """One claims row: the claim, and what extract and explain add to it."""

    claim: Claim
    kind: str = ""
    year: int | None = None
    status: str = ""
    why: str = ""
    chance: str = ""
    mistake: str = ""  # a misstated row: the mistake's name (``wrong base``) …
    mistake_formula: str = ""  # … and the mistaken formula, which ``check`` evaluates


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


# ---------------------------------------------------------------------------------------------
# Reading and writing rows


def read_rows(table: Table) -> Iterator[Row]:
    """The rows of an open claims table; it needs a ``reported`` column."""
    for claim, cell in claim_rows(table, strict=False):
        year = cell("year")
        if year and not re.fullmatch(r"\d{4}", year):
            raise AidcalcError("a year is four digits", line=claim.line, value=year)
        yield Row(
            claim, cell("kind"), int(year) if year else None, cell("status"),
            cell("why"), cell("chance"), cell("mistake"), cell("mistake_formula"),
        )  # fmt: skip


def rows_result(rows: Sequence[Row]) -> Result:
    """The rows as a claims table with the columns of :data:`COLUMNS` (and ``precision`` when a
    row has one), which ``check`` reads."""
    keys = list(COLUMNS)
    if any(r.claim.precision for r in rows):
        keys.append("precision")
    where = any(getattr(r.claim, k) for r in rows for k in LOCATION_COLUMNS)
    keys += LOCATION_COLUMNS if where else ()  # extract's locations, passed through
    columns = [ResultColumn(k, k, ColumnKind.TEXT) for k in keys]
    out: list[list[Cell]] = []
    for r in rows:
        c = r.claim
        values = {
            "name": c.name, "claim": c.claim, "reported": c.reported, "kind": r.kind,
            "year": str(r.year) if r.year else "", "formula": c.formula, "status": r.status,
            "why": r.why, "chance": r.chance, "precision": c.precision,
            "mistake": r.mistake, "mistake_formula": r.mistake_formula,
        }  # fmt: skip
        values.update((k, getattr(c, k)) for k in LOCATION_COLUMNS)
        out.append([values[k] for k in keys])
    counts = {s: sum(r.status == s.value for r in rows) for s in Status}
    note = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    return Result(columns, out, [note] if note else [])


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass
class _Fig:
    id: int
    row: int | None  # the row it comes from; None for a data figure
    text: str  # as printed (for why), or the data formula
    kind: Kind
    year: int | None
    point: Fraction
    lo: Fraction
    hi: Fraction
    expr: Expr
    stem: str = ""  # the row's name without a _2 suffix, for naming a comparison's base


def _row_figure(i: int, row: Row, rep: Reported) -> _Fig | None:
    if rep.lo is None or rep.hi is None or rep.lo <= 0:
        return None
    point = min(max(rep.value, rep.lo), rep.hi)
    expr = Var(("row", i), rep.lo, rep.hi, point)
    stem = re.sub(r"_\d+$", "", row.claim.name.casefold())
    return _Fig(i, i, row.claim.reported, rep.kind, row.year, point, rep.lo, rep.hi, expr, stem)


# ---------------------------------------------------------------------------------------------
# Candidates: shapes of formulas


@dataclass(frozen=True)
class _Cand:
    op: str
    ids: tuple[int, ...]
    point: Fraction
    scale: int = 0  # a slip: the value times 10^scale
    years: int = 0  # CAGR: years between the two figures


# how each shape is written, from its inputs' names (or figures as printed)
_TEXTS: dict[str, Callable[[list[str]], str]] = {
    "ratio": lambda n: f"{n[0]} / {n[1]}",
    "product": lambda n: f"{n[0]} * {n[1]}",
    "sum": lambda n: " + ".join(n),
    "diff": lambda n: f"{n[0]} - {n[1]}",
    "growth": lambda n: f"{n[0]} / {n[1]} - 1",
    "decline": lambda n: f"1 - {n[0]} / {n[1]}",
    "wrong_base": lambda n: f"({n[0]} - {n[1]}) / {n[0]}",
    "rest": lambda n: f"{n[0]} / ({n[1]} - {n[0]})",
    "added": lambda n: f"{n[0]} / ({n[0]} + {n[1]})",
}
# a mistake: the correct shape it is the mistaken form of, and how why names it
_MISTAKES = {
    "wrong_base": ("growth", "wrong base"),
    "pct_for_points": ("growth", "percent for percentage points"),  # "rose 5%": a / b - 1
    "rest": ("ratio", "share of the wrong total (of the rest)"),
    "added": ("ratio", "share of the wrong total (part added to the total)"),
    "times_for_growth": ("ratio", ""),
}


def _point(op: str, v: list[Fraction], years: int = 0) -> Fraction | None:
    a, b = v[0], v[-1]
    if op == "data":
        return a
    if op in ("ratio", "growth", "decline"):
        r = a / b
        return r - 1 if op == "growth" else 1 - r if op == "decline" else r
    if op == "product":
        return a * b
    if op == "sum":
        return sum(v, Fraction(0))
    if op in ("diff", "pct_for_points"):
        return a - b
    if op == "wrong_base":
        return (a - b) / a
    if op == "rest":
        return a / (b - a) if b > a else None
    if op == "added":
        return a / (a + b)
    if op == "cagr":  # a later, b earlier: only to place it in the window, roughly
        return Fraction(_root(a / b, years)) - 1
    raise AssertionError(op)


def _root(x: Fraction, n: int) -> Decimal:
    ctx = Context(prec=30)
    return ctx.power(ctx.divide(Decimal(x.numerator), Decimal(x.denominator)),
                     ctx.divide(Decimal(1), Decimal(n)))  # fmt: skip


def _enclosure(op: str, f: list[_Fig]) -> tuple[Fraction, Fraction] | None:
    """Bounds of the candidate over its inputs, exact for these monotone shapes (each input's
    influence has one sign): every input is positive."""
    a, b = f[0], f[-1]
    if op == "data":
        return a.lo, a.hi
    if op in ("ratio", "growth", "decline"):
        lo, hi = a.lo / b.hi, a.hi / b.lo
        return (lo - 1, hi - 1) if op == "growth" else (1 - hi, 1 - lo) if op == "decline" else (
            lo, hi)  # fmt: skip
    if op == "product":
        return a.lo * b.lo, a.hi * b.hi
    if op == "sum":
        return sum((x.lo for x in f), Fraction(0)), sum((x.hi for x in f), Fraction(0))
    if op in ("diff", "pct_for_points"):
        return a.lo - b.hi, a.hi - b.lo
    if op == "wrong_base":  # 1 - b/a
        return 1 - b.hi / a.lo, 1 - b.lo / a.hi
    if op == "rest":  # 1 / (b/a - 1)
        if b.lo <= a.hi:
            return None
        return a.lo / (b.hi - a.lo), a.hi / (b.lo - a.hi)
    if op == "added":  # 1 / (1 + b/a)
        return a.lo / (a.lo + b.hi), a.hi / (a.hi + b.lo)
    return None  # cagr: irrational, left to exact


def _expr(op: str, f: list[_Fig], years: int) -> Expr:
    x = [g.expr for g in f]
    if op == "data":
        return x[0]
    if op == "ratio":
        return div(x[0], x[1])
    if op == "growth":
        return Add((div(x[0], x[1]), Const(Fraction(-1))))
    if op == "decline":
        return Add((Const(Fraction(1)), Neg(div(x[0], x[1]))))
    if op == "product":
        return Mul((x[0], x[1]))
    if op == "sum":
        return Add(tuple(x))
    if op in ("diff", "pct_for_points"):
        return Add((x[0], Neg(x[1])))
    if op == "wrong_base":
        return div(Add((x[0], Neg(x[1]))), x[0])
    if op == "rest":
        return div(x[0], Add((x[1], Neg(x[0]))))
    if op == "added":
        return div(x[0], Add((x[0], x[1])))
    if op == "cagr":
        return exact.cagr(x[1], x[0], Const(Fraction(years)))
    raise AssertionError(op)


def _formula(op: str, names: list[str], years: int = 0) -> str:
    if op == "data":
        return names[0]
    if op == "cagr":
        return f"cagr({names[1]}, {names[0]}, {years})"
    return _TEXTS[op](names)


# ---------------------------------------------------------------------------------------------
# Which shapes, for which kinds and cue words


@dataclass(frozen=True)
class _Shape:
    op: str
    kinds: tuple[frozenset[Kind], ...]  # the kinds each input may have
    order: int = 0  # 1: a > b; -1: a < b (as written)
    comparison: bool = False  # a comparison: its base may be named, and of another year


def _ks(*kinds: Kind) -> frozenset[Kind]:
    return frozenset(kinds)


_AMOUNT, _COUNT, _PCT = _ks(A), _ks(C), _ks(P, F)
_SHAPES: dict[Kind, dict[str, list[_Shape]]] = {
    A: {
        "average": [_Shape("ratio", (_AMOUNT, _COUNT))],
        "total": [_Shape("sum", (_AMOUNT,)), _Shape("product", (_AMOUNT, _COUNT))],
        "share": [_Shape("product", (_AMOUNT, _PCT))],
        "multiple": [_Shape("product", (_AMOUNT, _ks(M))), _Shape("ratio", (_AMOUNT, _ks(M)))],
        "growth": [_Shape("diff", (_AMOUNT, _AMOUNT), 1, True)],
        "decline": [_Shape("diff", (_AMOUNT, _AMOUNT), 1, True)],
    },
    C: {
        "total": [_Shape("sum", (_COUNT,))],
        "share": [_Shape("product", (_COUNT, _PCT))],
        "growth": [_Shape("diff", (_COUNT, _COUNT), 1, True)],
        "decline": [_Shape("diff", (_COUNT, _COUNT), 1, True)],
    },
    P: {
        "share": [_Shape("ratio", (k, k), -1) for k in (_AMOUNT, _COUNT)],
        "growth": [_Shape("growth", (k, k), 1, True) for k in (_AMOUNT, _COUNT)],
        "annual": [_Shape("cagr", (k, k), 0, True) for k in (_AMOUNT, _COUNT)],
        "decline": [_Shape("decline", (k, k), -1, True) for k in (_AMOUNT, _COUNT)],
        "total": [_Shape("sum", (_ks(P),))],
    },
    F: {"share": [_Shape("ratio", (k, k), -1) for k in (_AMOUNT, _COUNT)]},
    PP: {r: [_Shape("diff", (_ks(P), _ks(P)), 1, True)] for r in ("points", "growth", "decline")},
    M: {
        r: [_Shape("ratio", (k, k), 1, True) for k in (_AMOUNT, _COUNT)]
        for r in ("multiple", "growth")
    },
}


def _shapes(kind: Kind, roles: set[str]) -> list[_Shape]:
    table = _SHAPES.get(kind, {})
    if kind is P and "share" in roles:
        roles = roles - {"total"}
    if kind is P and "annual" in roles:
        roles = roles - {"growth"}
    chosen = [r for r in table if r in roles] or list(table)
    out: list[_Shape] = []
    for r in chosen:
        out += [s for s in table[r] if s not in out]
    return out


def _mistakes(shape: _Shape, kind: Kind) -> list[str]:
    out = []
    if shape.op == "growth":
        out.append("wrong_base")
    if shape.op == "ratio" and kind in (P, F):
        out += ["rest", "added"]
    return out


# ---------------------------------------------------------------------------------------------
# Cue words of a claim


@dataclass(frozen=True)
class _Cues:
    roles: frozenset[str]
    base_words: tuple[str, ...]
    base_year: int | None
    previous_year: bool


_BASE_EN = re.compile(
    r"\b(?:than|that of|those of|compared (?:with|to)|over|against)\s+(?:in\s+)?([^,;.]{0,40})",
    re.IGNORECASE,
)
_BASE_ZH = re.compile(
    r"(?:比|较|是|为|相当于|高于|低于|高出)([^,，;；。]{1,12}?)(?:的|增长|增加|提高|下降|减少|降低|高|低|多|少|$)"
)
_PREVIOUS = re.compile(
    r"上年|去年|上一年|前一年|同期|last year|(?:the )?previous year|a year (?:earlier|ago)"
    r"|the year before",
    re.IGNORECASE,
)


def _cues(claim: str, reported: str) -> _Cues:
    """Roles, and a comparison's base, in the claim (the figure itself left out).

    >>> c = _cues("31% higher than the average funds", "31%")
    >>> sorted(c.roles), c.base_words
    (['growth'], ('average', 'funds'))
    >>> _cues("是2017年的6倍", "6倍").base_year
    2017
    """
    text = claim.replace(reported, " ", 1)
    base = ""
    m = _BASE_EN.search(text) or _BASE_ZH.search(text)
    if m:
        base = m.group(1)
        text = text[: m.start(1)] + " " + text[m.end(1) :]
    year = re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", base)
    words = tuple(w for w in name_words(base) if w not in ("the", "of", "in", "a", "an"))
    return _Cues(
        frozenset(roles_in(text)),
        words,
        int(year.group()) if year else None,
        bool(_PREVIOUS.search(claim)),
    )


# ---------------------------------------------------------------------------------------------
# The guard


def _chance_p(rep: Reported, lo: Fraction, hi: Fraction) -> Fraction:
    """p: the log share of the window from X/10 to 10·X covered by the values an unrelated
    figure, written like this one, could take and still match a candidate ranging over
    [lo, hi]. Computed to 30 digits, rounded up."""
    x = rep.value
    w_lo, w_hi = x / WINDOW, x * WINDOW
    a = w_lo if rep.hi is None else max(w_lo, lo - (rep.hi - x))
    b = w_hi if rep.lo is None else min(w_hi, hi + (x - rep.lo))
    if a >= b:
        return Fraction(0)
    ctx = Context(prec=30)
    ratio = ctx.divide(Decimal(b.numerator * a.denominator), Decimal(b.denominator * a.numerator))
    p = ctx.divide(ratio.ln(ctx), ctx.ln(Decimal(WINDOW * WINDOW)))
    return Fraction(p) + Fraction(1, 10**25)


@dataclass
class _Match:
    cand: _Cand
    p: Fraction
    lo: Fraction
    hi: Fraction
    alternative: bool = False  # matched the other reading of 增长N倍


@dataclass
class _Outcome:
    status: Status
    cand: _Cand | None = None
    chance: Fraction | None = None
    why: str = ""
    mistake: _Cand | None = None  # misstated: the mistaken candidate that fits


# ---------------------------------------------------------------------------------------------
# Explaining


@dataclass
class _State:
    rows: list[Row]
    reps: dict[int, Reported]
    figs: list[_Fig]
    deps: dict[int, set[int]] = field(default_factory=dict)  # row → rows its formula uses
    misstated: set[int] = field(default_factory=set)
    cache: dict[tuple[str, tuple[int, ...]], Fraction | None] = field(default_factory=dict)
    sums_looked: int = 0  # sums looked at for the current figure

    def depends(self, row: int, on: int) -> bool:
        """Whether ``row``'s formula uses ``on``, directly or through other rows."""
        seen, todo = set(), [row]
        while todo:
            r = todo.pop()
            if r == on:
                return True
            if r not in seen:
                seen.add(r)
                todo.extend(self.deps.get(r, ()))
        return False


def explain(rows: Sequence[Row], data: Sequence[DataFigure] = ()) -> list[Row]:
    """Explain every row without a formula; rows with one are kept as they are. The rows come
    back in reading order, but for a row explained by later figures, which moves after them.

    >>> rows = [Row(Claim("2.831 billion", name="total")), Row(Claim("72", name="counties")),
    ...         Row(Claim("39.33 million", name="average", claim="an average of 39.33 million"))]
    >>> [(r.claim.formula, r.status) for r in explain(rows)]
    [('', 'unexplained'), ('', 'unexplained'), ('total / counties', 'explained')]
    """
    rows = list(rows)
    reps: dict[int, Reported] = {}
    figs: list[_Fig] = []
    errors: dict[int, str] = {}
    for i, row in enumerate(rows):
        try:
            rep = read_reported(row.claim.reported, row.claim.precision)
        except AidcalcError as e:
            errors[i] = e.reason
            continue
        reps[i] = rep
        if not row.kind:
            rows[i] = row = replace(row, kind=rep.kind.value)
        fig = _row_figure(len(figs), row, rep)
        if fig is not None:
            figs.append(fig)
    for d in data:
        figs.append(_Fig(len(figs), None, d.formula, d.kind, None, d.point, d.lo, d.hi, d.expr))
    state = _State(rows, reps, figs)
    for i, row in enumerate(rows):
        if row.claim.formula:
            state.deps[i] = {
                j for j, other in enumerate(rows)
                if other.claim.name and re.search(rf"\b{re.escape(other.claim.name)}\b",
                                                   row.claim.formula)
            }  # fmt: skip
    todo = [i for i, r in enumerate(rows) if not r.claim.formula]
    cued = [i for i in todo if i in reps and _has_cue(reps[i], rows[i])]
    outcomes: dict[int, _Outcome] = {}
    for i in [*cued, *(i for i in todo if i not in cued)]:
        if i in errors:
            outcomes[i] = _Outcome(Status.UNEXPLAINED, why=f"cannot read the figure: {errors[i]}")
            continue
        out = _explain_one(state, i)
        outcomes[i] = out
        if out.cand is not None:
            state.deps[i] = {r for k in out.cand.ids if (r := figs[k].row) is not None}
        if out.status is Status.MISSTATED:
            state.misstated.add(i)
    return _written(state, outcomes)


def _has_cue(rep: Reported, row: Row) -> bool:
    cues = _cues(row.claim.claim, row.claim.reported)
    table = _SHAPES.get(rep.kind, {})
    return any(r in table for r in cues.roles)


def _explain_one(state: _State, t: int) -> _Outcome:
    rep = state.reps[t]
    row = state.rows[t]
    x = rep.value
    if x <= 0:
        return _Outcome(Status.UNEXPLAINED, why="only positive figures are searched")
    cues = _cues(row.claim.claim, row.claim.reported)
    shapes = _shapes(rep.kind, set(cues.roles))
    if not shapes:
        return _Outcome(Status.UNEXPLAINED, why=f"{rep.kind.noun} is not computed from others")
    base_year = cues.base_year
    if base_year is None and cues.previous_year and row.year is not None:
        base_year = row.year - 1
    usable = [
        f for f in state.figs
        if f.row is not None and f.row != t and f.row not in state.misstated
        and not state.depends(f.row, t)
    ]  # fmt: skip
    base_ids = _base(usable, cues.base_words)
    w_lo, w_hi = x / WINDOW, x * WINDOW
    p_min = _chance_p(rep, x, x)  # no candidate's p is smaller
    budget = LEVEL / p_min if p_min else None  # with more candidates than this, none can pass
    correct: list[_Cand] = []
    wrong: list[_Cand] = []
    mistakes = True  # whether a misstatement could still pass the guard
    m = 0
    for shape in shapes:
        for cand in _candidates(state, shape, usable, row.year, base_year, base_ids, x):
            if w_lo <= cand.point <= w_hi:
                m += 1
                correct.append(cand)
                if budget is not None and m > budget:
                    return _crowded(m, p_min)
            if mistakes:
                wrong += _mistaken(state, shape, rep, cand, w_lo, w_hi)
                if budget is not None and m + len(wrong) > budget:
                    mistakes, wrong = False, []
        m += _unexamined(state, shape, usable, x)
    for f in state.figs:  # a data file's figures are candidates themselves
        if f.row is None and _same_kind(f.kind, rep.kind) and w_lo <= f.point <= w_hi:
            m += 1
            correct.append(_Cand("data", (f.id,), f.point))
    if budget is not None and m > budget:
        return _crowded(m, p_min)
    if (
        mistakes
        and rep.kind is P
        and ({"growth", "decline"} & cues.roles or not cues.roles & set(_SHAPES[P]))
    ):
        pp = _Shape("diff", (_ks(P), _ks(P)), 1, True)
        for cand in _candidates(state, pp, usable, row.year, base_year, base_ids, x):
            if w_lo <= cand.point <= w_hi:
                wrong.append(_Cand("pct_for_points", cand.ids, cand.point))
    matches = [mt for c in correct if (mt := _match(state, rep, c)) is not None]
    best = _best(matches, m)
    if best is not None and best[1] <= LEVEL:
        return _Outcome(Status.EXPLAINED, best[0].cand, best[1])
    if matches and best is not None:
        names = _formula_text(state, best[0].cand, printed=True)
        return _Outcome(
            Status.UNEXPLAINED, chance=best[1],
            why=f"{names} fits, but could be a coincidence (chance {_show(best[1])} > 0.05)",
        )  # fmt: skip
    m_all = m + len(wrong)
    slips = [mt for c in wrong if (mt := _match(state, rep, c)) is not None]
    worst = _best(slips, m_all)
    if worst is not None and worst[1] <= LEVEL:
        return _misstated(state, rep, worst[0], worst[1])
    if base_year is not None and not any(f.year == base_year for f in usable):
        return _Outcome(
            Status.UNEXPLAINED, why=f"needs the figure for {base_year}, not in the text"
        )
    if worst is not None:
        return _Outcome(
            Status.UNEXPLAINED, chance=worst[1],
            why=f"maybe {_mistake_why(state, rep, worst[0])}; but that could be a coincidence"
                f" (chance {_show(worst[1])} > 0.05)",
        )  # fmt: skip
    return _Outcome(Status.UNEXPLAINED, why="no arithmetic between the figures gives it")


def _mistaken(
    state: _State, shape: _Shape, rep: Reported, cand: _Cand, w_lo: Fraction, w_hi: Fraction
) -> list[_Cand]:
    """The mistaken forms of a candidate whose values lie in the window."""
    out = []
    for op in _mistakes(shape, rep.kind):
        pt = _cached(state, op, cand.ids)
        if pt is not None and w_lo <= pt <= w_hi:
            out.append(_Cand(op, cand.ids, pt))
    if rep.kind is A:
        for k in (-4, -3, 3, 4):
            pt = cand.point * _TEN**k
            if w_lo <= pt <= w_hi:
                out.append(_Cand(cand.op, cand.ids, pt, scale=k, years=cand.years))
    if rep.alternatives and w_lo <= cand.point <= w_hi:
        out.append(_Cand("times_for_growth", cand.ids, cand.point))
    return out


_TEN = Fraction(10)


def _crowded(m: int, p_min: Fraction) -> _Outcome:
    return _Outcome(
        Status.UNEXPLAINED,
        chance=m * p_min,
        why=f"{m} or more candidates for a figure written this coarsely: any fit could be a"
        f" coincidence (chance at least {_show(m * p_min)})",
    )


def _same_kind(a: Kind, b: Kind) -> bool:
    percent = (P, F)
    return a is b or (a in percent and b in percent)


def _cached(state: _State, op: str, ids: tuple[int, ...]) -> Fraction | None:
    key = (op, ids)
    if key not in state.cache:
        try:
            state.cache[key] = _point(op, [state.figs[i].point for i in ids])
        except ZeroDivisionError:
            state.cache[key] = None
    return state.cache[key]


def _base(usable: list[_Fig], words: tuple[str, ...]) -> set[int] | None:
    """The figures a comparison's base may be: those named by its words, if any are."""
    if not words:
        return None
    exact_names = {f.id for f in usable if f.stem and f.stem in words}
    if exact_names:
        return exact_names
    ends = {f.id for f in usable if f.stem and any(f.stem.endswith("_" + w) for w in words)}
    return ends or None


def _candidates(
    state: _State,
    shape: _Shape,
    usable: list[_Fig],
    year: int | None,
    base_year: int | None,
    base_ids: set[int] | None,
    x: Fraction,
) -> Iterator[_Cand]:
    def same_time(f: _Fig) -> bool:
        return year is None or f.year is None or f.year == year

    if shape.op == "sum":
        yield from _sums(state, shape, [f for f in usable if same_time(f)], x)
        return
    firsts = [f for f in usable if f.kind in shape.kinds[0]]
    seconds = [f for f in usable if f.kind in shape.kinds[1]]
    if shape.comparison:
        firsts = [f for f in firsts if same_time(f) and (base_year is None or f.year != base_year)]
        if base_year is not None:
            seconds = [f for f in seconds if f.year == base_year]
        if base_ids is not None:
            seconds = [f for f in seconds if f.id in base_ids]
    else:
        firsts = [f for f in firsts if same_time(f)]
        seconds = [f for f in seconds if same_time(f)]
    for a in firsts:
        for b in seconds:
            if a.id == b.id or (shape.order > 0 and a.point <= b.point):
                continue
            if shape.order < 0 and a.point >= b.point:
                continue
            years = 0
            if shape.op == "cagr":
                if a.year is None or b.year is None or a.year <= b.year:
                    continue
                years = a.year - b.year
                pt: Fraction | None = _point("cagr", [a.point, b.point], years)
            else:
                pt = _cached(state, shape.op, (a.id, b.id))
            if pt is not None:
                yield _Cand(shape.op, (a.id, b.id), pt, years=years)


def _sums(state: _State, shape: _Shape, usable: list[_Fig], x: Fraction) -> Iterator[_Cand]:
    """Sums of 2 to 4 figures in increasing order, in integers over a common denominator; a
    partial sum past the window's top ends that branch, as do ``SUM_LIMIT`` sums."""
    terms = sorted((f for f in usable if f.kind in shape.kinds[0]), key=lambda f: f.point)
    denominator = math.lcm(*(f.point.denominator for f in terms)) if terms else 1
    values = [f.point.numerator * (denominator // f.point.denominator) for f in terms]
    top = math.floor(x * WINDOW * denominator)
    looked = 0

    def grow(start: int, chosen: tuple[int, ...], total: int) -> Iterator[_Cand]:
        nonlocal looked
        for k in range(start, len(terms)):
            s = total + values[k]
            if s > top or looked >= SUM_LIMIT:
                return
            picked = (*chosen, k)
            if len(picked) >= 2:
                looked += 1
                yield _Cand("sum", tuple(terms[i].id for i in picked), Fraction(s, denominator))
            if len(picked) < 4:
                yield from grow(k + 1, picked, s)

    yield from grow(0, (), 0)
    state.sums_looked = looked


def _unexamined(state: _State, shape: _Shape, usable: list[_Fig], x: Fraction) -> int:
    """Sums left unexamined past SUM_LIMIT: all counted in m."""
    if shape.op != "sum":
        return 0
    looked, state.sums_looked = state.sums_looked, 0
    if looked < SUM_LIMIT:
        return 0
    n = sum(f.kind in shape.kinds[0] for f in usable)
    return sum(math.comb(n, k) for k in (2, 3, 4)) - SUM_LIMIT


def _match(state: _State, rep: Reported, cand: _Cand) -> _Match | None:
    """The candidate, if some reading of its inputs gives a value the figure allows."""
    figs = [state.figs[i] for i in cand.ids]
    op = cand.op if cand.op not in ("times_for_growth",) else "ratio"
    target = rep
    alternative = False
    if cand.op == "times_for_growth":
        target, alternative = rep.alternatives[0][1], True
    scale = Fraction(10) ** cand.scale
    enclosure = _enclosure(op, figs)
    if enclosure is not None:
        lo, hi = enclosure[0] * scale, enclosure[1] * scale
        if (target.lo is not None and hi < target.lo) or (target.hi is not None and lo > target.hi):
            return None
    expr = _expr(op, figs, cand.years)
    if cand.scale:
        expr = Mul((expr, Const(scale)))
    try:
        d = exact.decide(expr, target.lo, target.hi, target.lo_open, target.hi_open)
    except AidcalcError:
        return None
    if d.outcome is not Outcome.CONSISTENT:
        return None
    return _Match(cand, _chance_p(target, d.range.lo, d.range.hi), d.range.lo, d.range.hi,
                  alternative)  # fmt: skip


def _best(matches: list[_Match], m: int) -> tuple[_Match, Fraction] | None:
    if not matches:
        return None
    best = min(matches, key=lambda mt: (mt.p, len(mt.cand.ids)))
    return best, max(m, 1) * best.p


def _misstated(state: _State, rep: Reported, mt: _Match, chance: Fraction) -> _Outcome:
    cand = mt.cand
    op = cand.op
    right = op if cand.scale else _MISTAKES[op][0]  # a slip's shape is right, but its scale
    fixed = _Cand(right, cand.ids, cand.point, years=cand.years)
    why = _mistake_why(state, rep, mt)
    return _Outcome(Status.MISSTATED, fixed, chance, why=why, mistake=cand)


def _mistake_why(state: _State, rep: Reported, mt: _Match) -> str:
    cand = mt.cand
    printed = _formula_text(state, cand, printed=True)
    value = _point_value(state, cand)
    shown = _shown_like(value, rep)
    if cand.scale:
        what = _mistake_name(cand)
        decimals = max(rep.figure.decimals + 1 + cand.scale, 0)
        right = format_fixed(value / Fraction(10) ** rep.figure.shift, decimals, grouping=False)
        return f"{what}: {printed} = {right}{rep.figure.suffix}, printed as {rep.text}"
    if cand.op == "times_for_growth":
        n = _shown_like(rep.value, rep)
        return f"增长N倍 read as N times: {rep.text} means {n}, but {printed} = {shown}"
    if cand.op == "pct_for_points":
        points = format_fixed(value * 100, max(rep.figure.decimals, 0) + 1, grouping=False)
        return f"percent for percentage points: {printed} = {points} percentage points"
    return f"{_mistake_name(cand)}: {printed} = {shown}"


def _mistake_formula(state: _State, cand: _Cand, names: dict[int, str]) -> str:
    """The mistaken formula in the rows' names; a slip is the correct formula times its power of
    ten (all integers, so exact in ``check``)."""
    text = _formula_text(state, cand, printed=False, names=names)
    if cand.scale > 0:
        return f"({text}) * {10**cand.scale}"
    if cand.scale < 0:
        return f"({text}) / {10**-cand.scale}"
    return text


def _mistake_name(cand: _Cand) -> str:
    """The name of a mistaken candidate's mistake, as ``why`` begins and ``check`` shows it."""
    if cand.scale:
        return "a 万/亿 slip" if abs(cand.scale) == 4 else "a thousand/million slip"
    if cand.op == "times_for_growth":
        return "增长N倍 read as N times"
    if cand.op == "pct_for_points":
        return "percent for percentage points"
    return _MISTAKES[cand.op][1]


def _point_value(state: _State, cand: _Cand) -> Fraction:
    op = "ratio" if cand.op == "times_for_growth" else cand.op
    if op == "cagr":
        return exact.point_value(_expr(op, [state.figs[i] for i in cand.ids], cand.years))
    v = _point(op, [state.figs[i].point for i in cand.ids], cand.years)
    assert v is not None
    return v


def _shown_like(value: Fraction, rep: Reported) -> str:
    return format_like(value, rep.figure, extra=1)


def _formula_text(
    state: _State, cand: _Cand, printed: bool, names: dict[int, str] | None = None
) -> str:
    op = "ratio" if cand.op == "times_for_growth" else cand.op
    if op == "pct_for_points":
        op = "diff"
    parts = []
    for i in cand.ids:
        f = state.figs[i]
        if f.row is None:
            parts.append(f.text)
        elif printed:
            parts.append(_printed(f.text))
        else:
            assert names is not None
            parts.append(names[f.row])
    text = _formula(op, parts, cand.years)
    return text.replace(" - ", " − ") if printed else text


def _printed(text: str) -> str:
    """A figure as printed, without its currency (for why): ``57.4 million yuan`` → ``57.4
    million``."""
    return re.sub(r"\s*(?:yuan|元|人民币|rmb|cny)$", "", text, flags=re.IGNORECASE)


def _show(x: Fraction) -> str:
    """A chance to two significant digits, rounded up: ``0.031``, ``0.00053``.

    >>> _show(Fraction(3137, 100000)), _show(Fraction(1, 3)), _show(Fraction(0))
    ('0.032', '0.34', '0')
    """
    if x <= 0:
        return "0"
    decimals = 1
    while x * 10**decimals < 1:
        decimals += 1
    return format_fixed(x, decimals + 1, grouping=False, rounding=Rounding.CEILING)


# ---------------------------------------------------------------------------------------------
# Writing the rows back


def _written(state: _State, outcomes: dict[int, _Outcome]) -> list[Row]:
    rows = state.rows
    names = {i: r.claim.name for i, r in enumerate(rows)}
    used = {n.casefold() for n in names.values() if n}
    wanted = {state.figs[k].row for o in outcomes.values() if o.cand for k in o.cand.ids}
    for i in sorted(r for r in wanted if r is not None):
        if not names[i]:
            n, k = f"f{i + 1}", 2
            while n.casefold() in used:
                n, k = f"f{i + 1}_{k}", k + 1
            names[i] = n
            used.add(n.casefold())
    out: dict[int, Row] = {}
    after: dict[int, set[int]] = {}
    for i, row in enumerate(rows):
        claim = replace(row.claim, name=names[i])
        o = outcomes.get(i)
        if o is None:
            out[i] = replace(row, claim=claim)
            continue
        formula = _formula_text(state, o.cand, printed=False, names=names) if o.cand else ""
        chance = _show(o.chance) if o.chance is not None else ""
        mistake = mistake_formula = ""
        if o.mistake is not None:
            mistake = _mistake_name(o.mistake)
            mistake_formula = _mistake_formula(state, o.mistake, names)
        out[i] = replace(row, claim=replace(claim, formula=formula), status=o.status.value,
                         why=o.why, chance=chance, mistake=mistake,
                         mistake_formula=mistake_formula)  # fmt: skip
        if o.cand:
            after[i] = {r for k in o.cand.ids if (r := state.figs[k].row) is not None}
    return [out[i] for i in _order(len(rows), after)]


def _order(n: int, after: dict[int, set[int]]) -> list[int]:
    """Reading order, each row moved after the rows its formula uses when they come later."""
    done: list[int] = []
    placed: set[int] = set()
    waiting: list[int] = []
    for i in range(n):
        waiting.append(i)
        progress = True
        while progress:
            progress = False
            for j in list(waiting):
                if after.get(j, set()) <= placed | {j}:
                    waiting.remove(j)
                    done.append(j)
                    placed.add(j)
                    progress = True
                    break
    return done + waiting


# ---------------------------------------------------------------------------------------------
# Data files


def data_figures(path: str, shown: str | None = None) -> list[DataFigure]:
    """The figures of a data file as candidates: the total, counties and mean per county of the
    file and of each group of every column with 2 to 12 distinct values, and each group's share
    of the total. ``shown`` is the path as formulas write it (default ``path``).
    """
    from aidcalc.query import Query
    from aidcalc.reader import Source, open_table
    from aidcalc.tally import tally

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
