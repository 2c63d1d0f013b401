"""Explaining reported figures: the relations their words state, then the arithmetic search.

==============================  ==============================================================
``explain(rows, data=())``      each row without a formula: explained, misstated, given, unchecked
``read_rows(table)``            the rows of an open claims table (with kind, year, status …)
``rows_result(rows)``           the rows as a claims table, ready for ``check``
``data_figures(path, shown)``   totals, counties, means and shares of a data file's groups
``Row``, ``Status``             one claims row as explain sees it; its status
==============================  ==============================================================

**Words first.** When a figure's words state its relation (占…的, 同比增长…增收, 县均, per pupil,
是…的N倍, made up of …: :mod:`aidcalc.text.relations`), that formula is written whether or not the
figures fit it, with ``cue`` the words that state it: ``check`` decides, so a figure that does not
fit is a mistake caught. When the words name a relation whose other figure cannot be found for
sure, the row is ``unchecked`` with that reason, never guessed.

**Then the search.** For the other rows, the arithmetic search of :mod:`aidcalc.text.search` tries
the shapes of :mod:`aidcalc.text.candidates` and accepts a match only when chance cannot explain it
(:mod:`aidcalc.text.chance`); ``cue`` is blank. A row neither explains is ``given`` when it is a
level the text states (an amount or a count), else ``unchecked`` with why.

Rows keep their reading order: ``check`` reads formulas that name rows stated later. A formula
never closes a circle of names (a stated relation that would is left unchecked), nor uses a
misstated figure. Columns ``extract`` writes (``start``, ``end``, ``paragraph``, ``page``,
``text``) pass through unchanged, and give the relations the text the figures stand in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from aidcalc.checker.claims import LOCATION_COLUMNS, Claim, claim_rows
from aidcalc.checker.wording import Kind, Reported, read_reported
from aidcalc.core.errors import AidcalcError
from aidcalc.core.result import Cell, ColumnKind, Result, ResultColumn
from aidcalc.reader import Table
from aidcalc.text.candidates import _Fig, _row_figure
from aidcalc.text.chance import LEVEL, WINDOW, show
from aidcalc.text.data_figures import DataFigure, data_figures
from aidcalc.text.relations import Stated, read_relations
from aidcalc.text.search import (
    SUM_LIMIT,
    Status,
    _explain_one,
    _formula_text,
    _has_cue,
    _mistake_formula,
    _mistake_name,
    _Outcome,
    _State,
)
from aidcalc.text.sentences import Doc, read_doc
from aidcalc.text.shapes import write

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

#: The columns ``explain`` writes: extract's, then its own.
COLUMNS = ("name", "claim", "reported", "kind", "year", "formula", "status", "why", "chance",
           "mistake", "mistake_formula", "cue")  # fmt: skip


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
    cue: str = ""  # the words that state the formula (blank: found by search)


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
            cell("why"), cell("chance"), cell("mistake"), cell("mistake_formula"), cell("cue"),
        )  # fmt: skip


def rows_result(rows: Sequence[Row]) -> Result:
    """The rows as a claims table with the columns of :data:`COLUMNS` (then ``precision`` and
    extract's location columns, when rows have them), which ``check`` reads."""
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
            "mistake": r.mistake, "mistake_formula": r.mistake_formula, "cue": r.cue,
        }  # fmt: skip
        values.update((k, getattr(c, k)) for k in LOCATION_COLUMNS)
        out.append([values[k] for k in keys])
    shown = (Status.EXPLAINED, Status.MISSTATED, Status.GIVEN, Status.UNCHECKED)
    counts = {s: sum(r.status == s.value for r in rows) for s in shown}
    note = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    return Result(columns, out, [note] if note else [])


# ---------------------------------------------------------------------------------------------
# Explaining


@dataclass
class _Found:
    """What explain writes into a row: status, the rows its formula uses and how it is written
    from their names, and why."""

    status: Status
    uses: tuple[int, ...] = ()
    formula: Callable[[dict[int, str]], str] | None = None
    why: str = ""
    chance: str = ""
    mistake: str = ""
    mistake_formula: Callable[[dict[int, str]], str] | None = None
    cue: str = ""


def explain(rows: Sequence[Row], data: Sequence[DataFigure] = ()) -> list[Row]:
    """Explain every row without a formula; rows with one are kept as they are, and so is the
    reading order.

    >>> rows = [Row(Claim("2.831 billion", name="total")), Row(Claim("72", name="counties")),
    ...         Row(Claim("39.33 million", name="average", claim="an average of 39.33 million"))]
    >>> [(r.claim.formula, r.status) for r in explain(rows)]
    [('', 'given'), ('', 'given'), ('total / counties', 'explained')]
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
            rows[i] = replace(row, kind=rep.kind.value)
    doc = read_doc([
        (r.claim.claim, reps.get(i), r.claim.start, r.claim.end, r.claim.text)
        for i, r in enumerate(rows)
    ])  # fmt: skip
    for spot in doc.spots:  # the year each figure is of, as its words say
        if (
            spot.year is not None
            and not doc.rebuilt
            and (spot.year_written or not rows[spot.row].year)
        ):
            rows[spot.row] = replace(rows[spot.row], year=spot.year)
    for i, row in enumerate(rows):
        fig = _row_figure(len(figs), i, row, reps[i]) if i in reps else None
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
    found = _stated(state, doc, [i for i in todo if i in reps])
    inputs = {r for f in found.values() for r in f.uses}
    for i in todo:  # a figure a stated relation uses is a given the words rest on (unless a
        if i not in found and i in inputs and not data:  # data file's figures may explain it)
            status, why = _unexplained(state, i, "no relation found")
            found[i] = _Found(status, why=why)
    searched = [i for i in todo if i not in found]
    cued = [i for i in searched if i in reps and _has_cue(reps[i], rows[i])]
    for i in [*cued, *(i for i in searched if i not in cued)]:
        if i in errors:
            found[i] = _Found(Status.UNCHECKED, why=f"cannot read the figure: {errors[i]}")
            continue
        out = _explain_one(state, i)
        found[i] = _from_search(state, i, out)
        if out.cand is not None:
            state.deps[i] = set(found[i].uses)
        if out.status is Status.MISSTATED:
            state.misstated.add(i)
    return _written(state, found)


def _stated(state: _State, doc: Doc, todo: list[int]) -> dict[int, _Found]:
    """The relations the words state, for the rows without a formula; none closes a circle."""
    rows = state.rows
    stated = read_relations(doc)
    out: dict[int, _Found] = {}
    for i in todo:
        st = stated.get(i)
        if st is None:
            continue
        uses = tuple(r for r in st.rows if r != i)
        one_sided = [
            r for r in uses if r in state.reps and None in (state.reps[r].lo, state.reps[r].hi)
        ]
        if not st.shape:
            out[i] = _Found(Status.UNCHECKED, why=st.why, cue=st.cue)
        elif one_sided:
            printed = rows[one_sided[0]].claim.reported
            why = f"it would use {printed}, which bounds its figure on one side only"
            out[i] = _Found(Status.UNCHECKED, why=why, cue=st.cue)
        elif any(r not in state.reps or state.depends(r, i) for r in uses):
            out[i] = _Found(Status.UNCHECKED, why="its figures are computed from it", cue=st.cue)
        else:
            out[i] = _from_words(state, i, st)
            state.deps[i] = set(uses)
    return out


def _from_words(state: _State, i: int, st: Stated) -> _Found:
    constant = st.extra
    if st.shape in (
        "at_least",
        "rest_at_most",
    ):  # the total as printed, without its grouping commas
        constant = re.sub(r"(?<=\d),(?=\d{3})", "", state.rows[i].claim.reported)
    rows = st.rows

    def formula(names: dict[int, str]) -> str:
        return write(st.shape, [names[r] for r in rows], constant)

    mistake_formula = None
    if st.mistake:

        def mistake_formula(names: dict[int, str]) -> str:
            return write(st.mistake_shape, [names[r] for r in rows])

    return _Found(Status.EXPLAINED, tuple(r for r in rows if r != i), formula,
                  why=f"the words state it: {st.cue}", mistake=st.mistake,
                  mistake_formula=mistake_formula, cue=st.cue)  # fmt: skip


def _from_search(state: _State, i: int, out: _Outcome) -> _Found:
    if out.cand is None:
        status, why = _unexplained(state, i, out.why)
        return _Found(status, why=why, chance=show(out.chance) if out.chance is not None else "")
    cand, mistake = out.cand, out.mistake
    uses = tuple(r for k in cand.ids if (r := state.figs[k].row) is not None)

    def formula(names: dict[int, str]) -> str:
        return _formula_text(state, cand, printed=False, names=names)

    mistake_formula = None
    if mistake is not None:

        def mistake_formula(names: dict[int, str]) -> str:
            return _mistake_formula(state, mistake, names)

    return _Found(out.status, uses, formula, out.why,
                  show(out.chance) if out.chance is not None else "",
                  _mistake_name(mistake) if mistake is not None else "",
                  mistake_formula)  # fmt: skip


def _unexplained(state: _State, i: int, why: str) -> tuple[Status, str]:
    """A row nothing explains: a given when it is a level the text states (an amount or a
    count), else unchecked with why."""
    rep = state.reps.get(i)
    if rep is not None and rep.kind in (Kind.AMOUNT, Kind.COUNT):
        return Status.GIVEN, ""
    if why.startswith("no arithmetic"):
        why = "no relation found"
    return Status.UNCHECKED, why


# ---------------------------------------------------------------------------------------------
# Writing the rows back


def _written(state: _State, found: dict[int, _Found]) -> list[Row]:
    rows = state.rows
    names = {i: r.claim.name for i, r in enumerate(rows)}
    used = {n.casefold() for n in names.values() if n}
    wanted = {r for f in found.values() for r in f.uses}
    for i in sorted(wanted):
        if not names[i]:
            n, k = f"f{i + 1}", 2
            while n.casefold() in used:
                n, k = f"f{i + 1}_{k}", k + 1
            names[i] = n
            used.add(n.casefold())
    out: list[Row] = []
    for i, row in enumerate(rows):
        claim = replace(row.claim, name=names[i])
        f = found.get(i)
        if f is None:
            out.append(replace(row, claim=claim))
            continue
        formula = f.formula(names) if f.formula else ""
        mistake_formula = f.mistake_formula(names) if f.mistake_formula else ""
        out.append(replace(row, claim=replace(claim, formula=formula), status=f.status.value,
                           why=f.why, chance=f.chance, mistake=f.mistake,
                           mistake_formula=mistake_formula, cue=f.cue))  # fmt: skip
    return out
