"""Claims: reported figures, one per row of a claims file, and their verdicts.

=========================  ===========================================================
``Claim``                  one row: name, the sentence, the figure as printed, formula, precision
``Verdict``                given, consistent, inconsistent, undecided, error
``read_claims(table)``     the claims of an open claims table, in order
``write_claims(claims)``   claims as CSV text, in the columns ``check`` reads
=========================  ===========================================================

Checking them is :mod:`aidcalc.checker.verdicts`.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from aidcalc.core.errors import AidcalcError
from aidcalc.reader import Table

__all__ = [
    "COLUMNS",
    "EXPLAIN_COLUMNS",
    "KNOWN_COLUMNS",
    "Claim",
    "Verdict",
    "read_claims",
    "write_claims",
]

#: The columns of a claims file, in the order they are written.
COLUMNS = ("name", "claim", "reported", "formula", "precision")
#: Columns ``explain`` writes that ``check`` reads: what it found wrong with a misstated figure
#: (``why``), the mistake's name (``wrong base``) and the mistaken formula, which ``check``
#: evaluates so the report can show its value beside the correct one.
EXPLAIN_COLUMNS = ("why", "mistake", "mistake_formula")
#: Columns ``extract`` writes that say where each figure is in the document: its offsets in the
#: text, its paragraph and page, and the whole text (in the first row only). ``check`` keeps them
#: on each :class:`Claim` for the HTML page, which shows the text with the figures marked.
LOCATION_COLUMNS = ("start", "end", "paragraph", "page", "text")
#: Columns other commands write (``extract``, ``explain``): ``check`` keeps ``status`` and
#: ``why`` (a row without a formula that explain left unchecked is not a given) and ``cue``.
OTHER_COLUMNS = ("kind", "year", "status", "chance", "cue")
KNOWN_COLUMNS = COLUMNS + EXPLAIN_COLUMNS + LOCATION_COLUMNS + OTHER_COLUMNS
#: Claims files in Chinese: 名称 原文 报告值 公式 精度.
CHINESE = {
    "名称": "name",
    "原文": "claim",
    "报告值": "reported",
    "公式": "formula",
    "精度": "precision",
}


class Verdict(str, Enum):
    """What a claim's check found."""

    GIVEN = "given"  # no formula, stated as a given: a figure formulas can use by its name
    CONSISTENT = "consistent"  # some reading of the inputs gives a value the figure allows
    INCONSISTENT = "inconsistent"  # no reading of the inputs does
    UNCHECKED = "unchecked"  # no formula, and not a given: explain found no relation (why says)
    UNDECIDED = "undecided"  # not decided within the search limit: never a guess
    ERROR = "error"  # the row could not be checked


@dataclass(frozen=True)
class Claim:
    """One reported figure, with how it follows from others (its formula) if it does."""

    reported: str
    formula: str = ""
    name: str = ""
    claim: str = ""
    precision: str = ""
    line: int | None = None
    why: str = ""  # what ``explain`` found wrong with the figure (a misstated row)
    mistake: str = ""  # the name of the mistake explain found (``wrong base``)
    mistake_formula: str = ""  # the mistaken formula, in the names of other rows
    status: str = ""  # explain's status: ``unchecked`` (or an older ``unexplained``): no given
    cue: str = ""  # the cue words that stated the formula (blank: found by search, or by hand)
    # where the figure is in the document (``extract``'s columns, as written; blank if unknown)
    start: str = ""
    end: str = ""
    paragraph: str = ""
    page: str = ""
    text: str = ""  # the whole document's text: in the first row only


def read_claims(table: Table) -> Iterator[Claim]:
    """The claims in an open claims table, in order; it needs a ``reported`` column (报告值).

    Every column must be a known one: a typo in a header (``formulas``) would otherwise turn
    every row into a given and pass.
    """
    for claim, _ in claim_rows(table, strict=True):
        yield claim


def claim_rows(table: Table, *, strict: bool) -> Iterator[tuple[Claim, Callable[[str], str]]]:
    """Each row's claim, and a function giving any of the row's cells by column name (for the
    columns of ``extract`` and ``explain``: kind, year, status, chance). With ``strict``, a column
    that is not a known one is an error."""
    cols: dict[str, int] = {}
    unknown = []
    for c in table.columns:
        name = CHINESE.get(c.name, c.name)
        if name not in KNOWN_COLUMNS:
            unknown.append(c.text)
        elif name in cols:
            raise AidcalcError(
                f"two columns say {name!r}; keep one",
                file=table.source.name,
                line=table.header_line,
                value=c.text,
            )
        else:
            cols[name] = c.index
    if unknown and strict:
        which = ", ".join(repr(u) for u in unknown)
        raise AidcalcError(
            f"unknown {'column' if len(unknown) == 1 else 'columns'} {which} in the claims file;"
            f" the columns are {', '.join(COLUMNS)} ({', '.join(CHINESE)});"
            f" {', '.join(EXPLAIN_COLUMNS)}, which explain writes for a misstated figure;"
            f" {', '.join(LOCATION_COLUMNS)}, which extract writes for the html page;"
            f" and {', '.join(OTHER_COLUMNS)}, which check ignores",
            file=table.source.name,
            line=table.header_line,
        )
    if "reported" not in cols:
        table.column("reported")  # raises, listing the columns there are

    for line, row in table.rows:

        def cell(name: str, row: list[str] = row) -> str:
            i = cols.get(name)
            return row[i].strip() if i is not None else ""

        claim = Claim(
            reported=cell("reported"),
            formula=cell("formula"),
            name=cell("name"),
            claim=cell("claim"),
            precision=cell("precision"),
            line=line,
            why=cell("why"),
            mistake=cell("mistake"),
            mistake_formula=cell("mistake_formula"),
            status=cell("status"),
            cue=cell("cue"),
            start=cell("start"),
            end=cell("end"),
            paragraph=cell("paragraph"),
            page=cell("page"),
            text=_raw(row, cols.get("text")),
        )
        yield claim, cell


def _raw(row: list[str], i: int | None) -> str:
    """A cell as written (the document's text keeps its spaces: offsets point into it)."""
    return row[i] if i is not None and i < len(row) else ""


def write_claims(claims: Iterable[Claim]) -> str:
    """Claims as CSV text with the header ``name,claim,reported,formula,precision``.

    >>> print(write_claims([Claim("39.33 million", "total / counties", name="average")]), end="")
    name,claim,reported,formula,precision
    average,,39.33 million,total / counties,
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for c in claims:
        w.writerow([c.name, c.claim, c.reported, c.formula, c.precision])
    return buf.getvalue()


def check_name(name: str, used: Iterable[str]) -> None:
    """A claim's name must be a name (letters, digits, _) and not used by an earlier row."""
    if not (name[0].isalpha() or name[0] == "_") or not all(c.isalnum() or c == "_" for c in name):
        raise AidcalcError(f"the name {name!r} is not a name: use letters, digits and _")
    if name.casefold() in used:
        raise AidcalcError(f"the name {name!r} is already used by an earlier row")


def dependency_order(
    uses: Sequence[set[str]], names: Sequence[str]
) -> tuple[list[int], dict[int, str]]:
    """An order to check rows in: every row after the rows whose names its formula uses, earlier
    or later in the file, and otherwise in reading order. ``uses[i]`` are the names row ``i``'s
    formula uses, ``names[i]`` its own name (casefolded; the first row of a name owns it). Rows in
    a circle of names come back in the second value, each with the circle written out
    (``a → b → a``); they are errors, and so are the rows that use them.

    >>> dependency_order([{"b"}, set(), {"a"}], ["a", "b", "c"])
    ([1, 0, 2], {})
    >>> dependency_order([{"b"}, {"a"}, set()], ["a", "b", "c"])
    ([0, 1, 2], {0: 'a → b → a', 1: 'b → a → b'})
    """
    owner: dict[str, int] = {}
    for i, n in enumerate(names):
        if n:
            owner.setdefault(n, i)
    deps = [{owner[n] for n in u if n in owner and owner[n] != i} for i, u in enumerate(uses)]
    circles: dict[int, str] = {}
    for i in range(len(names)):
        path = _circle_from(i, deps)
        if path:
            circles[i] = " → ".join(names[j] for j in path)
    order: list[int] = []
    placed: set[int] = set()
    first = [i for i in circles]  # circles first: the rows that use them then see them failed
    placed.update(first)
    pending = [i for i in range(len(names)) if i not in placed]
    while pending:
        ready = [i for i in pending if deps[i] <= placed | set(circles)]
        if not ready:  # only rows behind a circle are left
            ready = pending[:1]
        nxt = ready[0]
        order.append(nxt)
        placed.add(nxt)
        pending.remove(nxt)
    return first + order, circles


def _circle_from(start: int, deps: Sequence[set[int]]) -> list[int]:
    """A circle of dependencies through ``start`` (``[start, …, start]``, each row using the next),
    or [] when there is none; found breadth first, so it is a shortest one."""
    parent: dict[int, int] = {}  # parent[k] = j: j uses k
    todo = deque(sorted(deps[start]))
    for j in todo:
        parent[j] = start
    while todo:
        j = todo.popleft()
        if j == start:
            break
        for k in sorted(deps[j]):
            if k not in parent:
                parent[k] = j
                todo.append(k)
    else:
        return []
    chain = [start]
    k = parent[start]
    while k != start:
        chain.append(k)
        k = parent[k]
    return [start, *reversed(chain[1:]), start]
