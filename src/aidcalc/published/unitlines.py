"""Units, unit lines, titles and the header row of a table laid out for print.

=====================================================  ==========================================
``parse_unit(text)``                                   ``万元``, ``(£m)``, ``金额（美元）``
``header_unit(header)``                                ``金额（万元）`` → (name, Unit)
``parse_unit_line(cells)``                             ``单位：万元`` row → Unit; other rows → None
``find_header(rows, header_row=None)``                 passes over titles and unit lines → Preamble
``amount_candidates(headers)``                         columns that may hold the amount
=====================================================  ==========================================

Units. A unit is a power of ten and a currency: ``万元`` is (4, CNY), ``£m`` (6, GBP), ``($
thousands)`` (3, USD). ``¥``, ``元``, ``RMB``, ``CNY``, ``人民币`` are CNY; ``$`` and ``dollars``
without a country are taken as USD (the written text is kept in ``Unit.text`` for display). A unit
is only vocabulary: scale words (``SCALES`` of :mod:`aidcalc.numbers` and ``'000``), currency marks
and words, and the connectors ``of`` and ``in``; anything else makes the text not a unit. A bare
abbreviation (``m``, ``k``, ``bn``) is a unit only beside a currency (``£m``), so a column named
``M`` is not read as millions. Two different currencies in one unit are an error.

Unit lines. A row is a unit line when its one filled cell (or the same text merged across) is a
unit, possibly introduced (``单位：``, ``金额单位：``, ``Unit:``, ``Figures in``, ``(in …)``). A
unit after a label that says "unit" (``单位：``, ``Unit:``, ``Currency:``, with the colon) may also
stand in the last filled cell beside other text (``填报单位：甲省,,,单位：万元``). Such a label
followed by no readable unit (``单位：万元、%``) is an error, not a title: bare numbers read in the
wrong unit would be off by a power of ten. A title ending in a bracketed unit
(``资金分配表（单位：万元）``) is a title that also sets the unit.

Header. The header is the first row, among those given, with two or more different filled cells
that is not a unit line; rows above it are comments (a first cell starting with ``#``), titles
(one filled cell, or merged across), unit lines, blank, or (with ``header_row``) other rows passed
over. A unit line just under the header (``(millions of dollars)``) sets the unit too, and the data
start below it (:attr:`Preamble.body`). A table one column wide has its header on the first filled
row that is not a unit line. Two unit lines that disagree are an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import CURRENCIES, parse_amount
from aidcalc.core.lazy import lazy
from aidcalc.core.units import SCALES, Unit
from aidcalc.published.tablewords import AMOUNT_NAMES, is_missing_marker, simplified
from aidcalc.published.tablewords import norm as _norm

__all__ = [
    "Preamble",
    "PreambleRow",
    "Unit",
    "amount_candidates",
    "filled_cells",
    "find_header",
    "header_unit",
    "is_figure",
    "is_number",
    "one_text",
    "parse_unit",
    "parse_unit_line",
    "unit_in_note",
]

# ---------------------------------------------------------------------------------------------
# Units


_ABBREVIATIONS = frozenset({"k", "m", "mn", "bn"})
_UNIT_SCALES: dict[str, int] = {
    **SCALES,
    "'000": 3,
    "000": 3,
    "000s": 3,
    "'000s": 3,
    "thousands": 3,
}
_CONNECTORS = frozenset({"of", "in"})
# (token, kind, value); kind "s" scale (value: exponent), "c" currency (value: code)
_TOKENS: list[tuple[str, str, str | int]] = sorted(
    [(w, "s", e) for w, e in _UNIT_SCALES.items()]
    + [(w, "c", c) for w, c in CURRENCIES.items()]
    + [(w, "x", 0) for w in _CONNECTORS],
    key=lambda t: -len(t[0]),
)
_BRACKETED = lazy(r"^(.*?)\s*[(\[]([^()\[\]]*)[)\]]$")


def _unbracket(s: str) -> str:
    while len(s) >= 2 and s[0] in "([" and s[-1] in ")]":
        s = s[1:-1].strip()
    return s


def _unit_only(text: str) -> Unit | None:
    """The whole text is a unit (outer brackets and a leading ``in`` allowed), or None."""
    shown = _unbracket(_norm(text))
    s = shown.casefold()
    if not s:
        return None
    exps: list[int] = []
    currencies: set[str] = set()
    abbreviated = False
    i = 0
    while i < len(s):
        if s[i].isspace() or s[i] in ",":
            i += 1
            continue
        for word, kind, val in _TOKENS:
            if not s.startswith(word, i):
                continue
            end = i + len(word)
            if word[-1].isascii() and word[-1].isalpha() and end < len(s) and s[end].isalnum():
                continue  # "m" in "mean"
            if word[0].isascii() and word[0].isalpha() and i > 0 and s[i - 1].isalnum():
                continue  # "m" in "£m" is fine, "eur" in "neur" is not
            if kind == "s":
                assert isinstance(val, int)
                exps.append(val)
                abbreviated = abbreviated or word in _ABBREVIATIONS
            elif kind == "c":
                assert isinstance(val, str)
                currencies.add(val)
            i = end
            break
        else:
            return None
    if len(exps) > 1 or (not exps and not currencies):
        return None
    if abbreviated and not currencies:
        return None
    if len(currencies) > 1:
        raise AidcalcError(
            f"two currencies in one unit ({', '.join(sorted(currencies))})", value=text
        )
    return Unit(shown, exps[0] if exps else 0, next(iter(currencies), None))


def header_unit(header: str) -> tuple[str, Unit | None]:
    """Split a column header into its name and the unit in brackets at its end.

    >>> header_unit("金额（美元）")
    ('金额', Unit(name='美元', exp=0, currency='USD'))
    >>> header_unit("Authority")
    ('Authority', None)
    """
    s = _norm(header)
    m = _BRACKETED.match(s)
    if m:
        unit = _unit_only(m.group(2)) or _labelled_unit(m.group(2), strict=False)
        if unit is not None:
            return m.group(1).strip(), unit
    return s, None


def parse_unit(text: str) -> Unit | None:
    """A unit, written alone (``万元``, ``(£m)``, ``thousands of dollars``) or in brackets at the
    end of a header (``金额（美元）``, ``2017 (万元)``); None when the text holds no unit.

    >>> parse_unit("($ thousands)")
    Unit(name='$ thousands', exp=3, currency='USD')
    >>> parse_unit("Authority") is None
    True
    """
    unit = _unit_only(text)
    if unit is None:
        unit = header_unit(text)[1]
    return unit


# A label that says "unit": what follows must be a unit. A label that only may introduce one
# ("Figures in", "(in …)"): what follows is a unit or the row is something else.
_STRICT_LABEL = lazy(
    r"^(?:(?:金额|货币|计量|资金|价值)?单位\s*[:：]|units?\s*:|currency\s*:)\s*(.+)$", re.IGNORECASE
)
_LOOSE_LABEL = lazy(
    r"^(?:(?:all\s+)?(?:figures|amounts|values|data|numbers)"
    r"\s+(?:are\s+)?(?:shown\s+|given\s+|expressed\s+)?in\b|in\b)\s*(.+)$",
    re.IGNORECASE,
)


def _labelled_unit(text: str, *, strict: bool = True) -> Unit | None:
    """A labelled unit (``单位：万元``, ``Unit: £m``, ``(in thousands of dollars)``), or None.

    With ``strict``, a label that says "unit" followed by no readable unit is an error.
    """
    s = _unbracket(_norm(text))
    m = _STRICT_LABEL.match(s)
    if m:
        rest = _unbracket(m.group(1).strip())
        unit = _unit_only(rest)
        if unit is None and strict:
            raise AidcalcError(
                "a unit line aidcalc cannot read; bare numbers would be read in the wrong unit"
                " (give the header row, or write the unit as 万元, 亿元, £ million …)",
                value=text,
            )
        return unit
    m = _LOOSE_LABEL.match(s)
    return _unit_only(_unbracket(m.group(1).strip())) if m else None


def is_figure(text: str) -> bool:
    """A number, a percentage (``40%``, ``100.0%``) or a missing-value mark: a cell that holds a
    figure, not a label.

    >>> is_figure("72"), is_figure("100%"), is_figure("--"), is_figure("合计")
    (True, True, True, False)
    """
    t = text.strip()
    if t.endswith(("%", "％", "‰")):
        t = t[:-1]
    return is_number(t) or is_missing_marker(text)


def is_number(text: str) -> bool:
    try:
        parse_amount(text)
    except AidcalcError:
        return False
    return True


def filled_cells(cells: Sequence[str]) -> list[tuple[int, str]]:
    return [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]


def one_text(cells: Sequence[str]) -> str | None:
    """The text of a row with one filled cell, or the same text in every filled cell (merged)."""
    filled = filled_cells(cells)
    if filled and all(t == filled[0][1] for _, t in filled):
        return filled[0][1]
    return None


def parse_unit_line(cells: Sequence[str]) -> Unit | None:
    """The unit a unit line gives, or None when the row is not a unit line.

    >>> parse_unit_line(["单位：万元", "", "", ""])
    Unit(name='万元', exp=4, currency='CNY')
    >>> parse_unit_line(["", "", "", "(in thousands of dollars)"])
    Unit(name='thousands of dollars', exp=3, currency='USD')
    >>> parse_unit_line(["2019年东西部扶贫协作财政援助资金分配表", "", ""]) is None
    True
    """
    text = one_text(cells)
    if text is not None:
        return _labelled_unit(text) or _unit_only(text)
    filled = filled_cells(cells)
    if filled and _STRICT_LABEL.match(_unbracket(_norm(filled[-1][1]))):
        return _labelled_unit(filled[-1][1])  # "单位：万元" in the last cell, beside other text
    return None


def _title_unit(text: str) -> Unit | None:
    """A unit in brackets at the end of a title: ``资金分配表（单位：万元）``."""
    m = _BRACKETED.match(_norm(text))
    if not m or not m.group(1).strip():
        return None
    return _labelled_unit(m.group(2)) or _unit_only(m.group(2))


# ---------------------------------------------------------------------------------------------
# The header row


class PreambleRow(Enum):
    """What a row above the header is."""

    BLANK = "blank"
    TITLE = "title"
    UNIT = "unit line"
    COMMENT = "comment"
    OTHER = "passed over"


@dataclass(frozen=True)
class Preamble:
    """Where the header is (``header``, 0-based index into the rows given) and what is above it."""

    header: int
    titles: tuple[str, ...] = ()
    unit: Unit | None = None
    unit_row: int | None = None
    passed: tuple[tuple[int, PreambleRow, str], ...] = ()
    unclear_unit: str | None = None  # a title that seems to name a unit aidcalc cannot read
    unit_below: bool = False  # the unit line stands just under the header: data start after it

    @property
    def body(self) -> int:
        """The index of the first row after the header (and a unit line just under it)."""
        return self.header + 1 + self.unit_below


def find_header(rows: Sequence[Sequence[str]], header_row: int | None = None) -> Preamble:
    """Find the header row among the first rows of a table; ``header_row`` (1-based) overrides.

    >>> rows = [["Table 3", "", ""], ["£ million", "", ""], ["Class", "Authority", "2023-24"]]
    >>> p = find_header(rows)
    >>> p.header, p.titles, p.unit
    (2, ('Table 3',), Unit(name='£ million', exp=6, currency='GBP'))
    """
    if header_row is not None and not 1 <= header_row <= len(rows):
        raise AidcalcError(f"no row {header_row} here: the table starts with {len(rows)} rows")
    titles: list[str] = []
    passed: list[tuple[int, PreambleRow, str]] = []
    unclear: tuple[int, str] | None = None
    unit: Unit | None = None
    unit_row: int | None = None
    header: int | None = None

    def set_unit(u: Unit, i: int, text: str) -> None:
        nonlocal unit, unit_row
        if unit is not None and (unit.exp, unit.currency) != (u.exp, u.currency):
            raise AidcalcError(
                f"two unit lines disagree: {unit.name!r} and {u.name!r} (row {i + 1})",
                value=text,
            )
        if unit is None:
            unit, unit_row = u, i

    last = header_row - 1 if header_row is not None else len(rows)
    for i, cells in enumerate(rows[:last]):
        filled = filled_cells(cells)
        text = " | ".join(t for _, t in filled)
        if not filled:
            passed.append((i, PreambleRow.BLANK, ""))
            continue
        if filled[0][1].startswith("#"):  # a comment above the table, commas and all
            passed.append((i, PreambleRow.COMMENT, text))
            continue
        u = parse_unit_line(cells)
        if u is not None:
            set_unit(u, i, text)
            passed.append((i, PreambleRow.UNIT, text))
            if one_text(cells) is None:  # "表题,,,单位：万元": the other cells are a title
                titles.extend(dict.fromkeys(t for _, t in filled[:-1]))
            continue
        one = one_text(cells)
        if one is not None:
            titles.append(one)
            passed.append((i, PreambleRow.TITLE, one))
            tu = _title_unit(one)
            if tu is not None:
                set_unit(tu, i, one)
            elif unclear is None and _UNIT_HINT.search(_norm(one)):
                unclear = (i, one)
            continue
        if header_row is None:
            header = i
            break
        passed.append((i, PreambleRow.OTHER, text))
    if header_row is not None:
        header = header_row - 1
    if header is None:
        header = _one_column_header(rows, passed)
    # a title above the header that seems to name a unit it cannot read (a one-column table's
    # header is found after its rows were taken for titles: those below it are data)
    below = False
    if header + 1 < len(rows):  # a unit line just under the header: (millions of dollars)
        u = parse_unit_line(rows[header + 1])
        if u is not None:
            set_unit(u, header + 1, " | ".join(t for _, t in filled_cells(rows[header + 1])))
            passed.append((header + 1, PreambleRow.UNIT, u.name))
            below = True
    unclear_text = unclear[1] if unclear is not None and unclear[0] < header and not unit else None
    return Preamble(header, tuple(titles), unit, unit_row, tuple(passed), unclear_text, below)


#: Words that make a title row look like a unit line: a currency, a scale beside money, "unit".
_UNIT_HINT = lazy(
    r"[£$€¥]|元|单位|\b(?:unit|units|rmb|cny|usd|gbp|eur|hkd|million|thousand|billion)\b"
    r"|'?000s?\b",
    re.IGNORECASE,
)


def _one_column_header(
    rows: Sequence[Sequence[str]], passed: list[tuple[int, PreambleRow, str]]
) -> int:
    """No row has two filled cells: a table one column wide, headed by its first filled row."""
    for n, (i, kind, _) in enumerate(passed):
        if kind is PreambleRow.TITLE:
            del passed[n:]
            return i
    raise AidcalcError(f"no header row in the first {len(rows)} rows; name it with --header-row")


def amount_candidates(headers: Sequence[str]) -> list[int]:
    """Columns that may hold the amount: those named like one (金额, funding, value …), or, when
    none is, those whose header carries a money unit (a currency, or 元).

    >>> amount_candidates(["地区", "县", "金额（万元）"])
    [2]
    >>> amount_candidates(["Class", "Spending (£m)", "Population"])
    [1]
    """
    named: list[int] = []
    money: list[int] = []
    for i, h in enumerate(headers):
        name, unit = header_unit(h)
        if simplified(name).casefold() in AMOUNT_NAMES:
            named.append(i)
        elif unit is not None and unit.currency is not None:
            money.append(i)
    return named or money


# A unit named inside a note under the table: 注：金额单位为万元。 / Figures are in £ million.
_NOTE_UNIT = lazy(
    r"(?:单位|unit|units)\s*(?:为|是|:|：|is|are)\s*([^\s。，,;；)）]{1,20})"
    r"|(?:figures|amounts|values|numbers)\s+(?:are\s+)?(?:shown\s+|given\s+)?in\s+([^.;,()]{1,30})",
    re.IGNORECASE,
)


def unit_in_note(text: str) -> Unit | None:
    """The unit a note under the table names for the amounts, or None.

    >>> unit_in_note("注：金额单位为万元。")
    Unit(name='万元', exp=4, currency='CNY')
    """
    m = _NOTE_UNIT.search(_norm(text))
    if not m:
        return None
    try:
        return _unit_only(m.group(1) or m.group(2))
    except AidcalcError:
        return None
