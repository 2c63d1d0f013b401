"""Tables laid out for print: units, title rows, header row, total and footer rows.

Published funding tables (财政厅, 统计局, ministries abroad) are made to be read on paper: a
title, a unit line (``单位：万元``, ``£ million``), the header, detail rows with the group written
only on its first row, subtotal rows (``甲省 小计``, ``Total shire counties``), a grand total
(``合计``, ``England``), then notes (``注：``, ``Source:``). This module knows what such rows look
like. It is pure: no files, no printing; callers hand it cells (strings) and amounts already read.

=====================================================  ==========================================
``parse_unit(text)``                                   ``万元``, ``(£m)``, ``金额（美元）``
``header_unit(header)``                                ``金额（万元）`` → (name, Unit)
``parse_unit_line(cells)``                             ``单位：万元`` row → Unit; other rows → None
``find_header(rows, header_row=None)``                 passes over titles and unit lines → Preamble
``amount_candidates(headers)``                         columns that may hold the amount
``is_missing_marker(text)``                            ``..``, ``-``, ``–``, ``x``, ``n/a``, ``*``
``is_footer_start(text)``                              ``注：``, ``Source:``, ``*`` …
``total_label(label)``                                 what a label says: total, subtotal of X, none
``TableShape(labels, amounts).feed(cells, line, read)``  one row → Row(kind, label, values, note)
``TotalsCheck(n).add(kind, line, label, values)``      reported totals against their rows
``FillDown(columns).apply(cells)``                     blank "same as above" cells filled
=====================================================  ==========================================

Rules, and the decisions taken where a table could be read two ways
-----------------------------------------------------------------------

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
wrong unit would be off by a power of ten. A title
ending in a bracketed unit (``资金分配表（单位：万元）``) is a title that also sets the unit.

Header. The header is the first row, among those given, with two or more different filled cells
that is not a unit line; rows above it are titles (one filled cell, or merged across), unit lines,
blank, or (with ``header_row``) other rows passed over. A table one column wide has its header on
the first filled row that is not a unit line. Two unit lines that disagree are an error.

Row kinds (:class:`RowKind`). :class:`TableShape` classifies each row after the header, in order,
from its raw cells (classify before filling down: fill-down would glue ``乙省`` onto ``,合计``):

- ``BLANK``: every cell blank. It does not end the data.
- ``FOOTER``: a row without amounts whose text starts with ``注``, ``说明``, ``备注``, ``资料来源``,
  ``数据来源``, ``来源``, ``Note(s)``, ``Source(s)``, ``*``, ``※``, ``†`` (also numbered, ``2.数据
  来源：``); once a footer has started, every later row without amounts is a footer, and a row with
  amounts after the notes is an error (a second table below would otherwise be added in).
- ``TOTAL`` / ``SUBTOTAL``: the label (the filled label cells joined, compared without spaces and
  punctuation, so ``合  计`` and ``小计：`` count) is a total word. Certain grand totals: ``合计``,
  ``总计``, ``共计``, ``全国``, ``全省``, ``全市``, ``全区``, ``全县``, ``全国合计``…, ``Total``,
  ``Totals``, ``Grand total``, ``Overall total``. Certain subtotals: any label ending in ``小计``,
  ``Subtotal``, ``Subtotal X``, ``X subtotal``; ``Total X``, ``X total`` and ``X合计`` when X is a
  group seen above (in the group column of a detail or heading row). When X has not been seen
  (``Total Energies Ltd``?) the amounts decide: equal, within rounding, to the rows since the last
  subtotal (at least one) → ``SUBTOTAL``; else equal to all detail rows → ``TOTAL``; else
  ``AMBIGUOUS``.
- A grand total named by a place (``England`` after ``Total metropolitan districts``) is recognised
  only when the table already has a subtotal, no detail row came since the last total, the row's
  group cell is filled and its other label cells blank, the group was not seen before, and every
  amount equals the sum of all detail rows within rounding. Such a row that does not match is
  ``AMBIGUOUS`` (a wrong total, or a group given as one row?).
- A row with amounts and every label cell blank that equals the sum of at least two rows above (its
  block or all) is ``AMBIGUOUS`` (an unlabelled total?); otherwise it is a detail row.
- ``PART``: a ``其中：X`` / ``of which X`` row, and after a ``其中：`` row without amounts, the
  following rows whose label is indented (leading space or ideographic space); the first row that
  is not indented ends the parts. Parts are already inside the row above: never summed. A
  ``其中：`` row followed by a row that is not indented is ``AMBIGUOUS``: where the parts end
  cannot be seen.
- ``HEADING``: a row with a label but no amounts before any footer (``Shire counties,,,`` over its
  block, ``一、东部地区``). Not data; the caller reports it.
- ``DETAIL``: everything else.

Amount cells are "filled" when not blank, unless one text that is no number fills every filled
cell of the row (a note merged across the whole row). The caller's
``read`` turns a filled amount cell into ``(mantissa, exp, rounded)`` as
:func:`aidcalc.numbers.parse_amount` does, or ``None`` for a missing marker; it may raise.

Totals (:class:`TotalsCheck`). A subtotal covers the detail rows since the previous subtotal or
total (or the start); a grand total covers every detail row of the table, wherever it stands (a
total at the top is checked at the end). A figure with rounding stands for every value within half
a unit of its last digit; a total agrees with its rows when the reported interval and the interval
of the sum (the half-widths add up) overlap, in exact Fractions. A covered row missing a value, or
a total missing one, leaves that column ``UNCHECKED``. A subtotal that covers no detail rows (a
higher-level subtotal?) is ``UNCHECKED``. Only running sums are kept, never rows.

Not handled: a subtotal placed above its block (``一、东部地区 5000`` then its rows) is read as a
detail row; a grand total then reports a mismatch rather than a silently doubled figure. Two-level
headers are not joined.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from aidcalc.errors import AidcalcError
from aidcalc.figures import CURRENCIES, parse_amount, scaled
from aidcalc.lazy import lazy
from aidcalc.units import SCALES, Unit

__all__ = [
    "AMOUNT_NAMES",
    "Amount",
    "ColumnCheck",
    "FillDown",
    "Preamble",
    "PreambleRow",
    "Reader",
    "Row",
    "RowKind",
    "TableShape",
    "TotalResult",
    "TotalsCheck",
    "Unit",
    "Verdict",
    "amount_candidates",
    "find_header",
    "header_unit",
    "is_footer_start",
    "is_missing_marker",
    "parse_unit",
    "parse_unit_line",
    "total_label",
]

#: An amount as :func:`aidcalc.numbers.parse_amount` returns it: value mantissa·10^exp; rounded
#: means the figure stands for ± half a unit of its last digit, 5·10^(exp−1).
Amount = tuple[int, int, bool]

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


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


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


def _is_figure(text: str) -> bool:
    """A number, a percentage (``40%``, ``100.0%``) or a missing-value mark: a cell that holds a
    figure, not a label.

    >>> _is_figure("72"), _is_figure("100%"), _is_figure("--"), _is_figure("合计")
    (True, True, True, False)
    """
    t = text.strip()
    if t.endswith(("%", "％", "‰")):
        t = t[:-1]
    return _is_number(t) or is_missing_marker(text)


def _is_number(text: str) -> bool:
    try:
        parse_amount(text)
    except AidcalcError:
        return False
    return True


def _filled(cells: Sequence[str]) -> list[tuple[int, str]]:
    return [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]


def _one_text(cells: Sequence[str]) -> str | None:
    """The text of a row with one filled cell, or the same text in every filled cell (merged)."""
    filled = _filled(cells)
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
    text = _one_text(cells)
    if text is not None:
        return _labelled_unit(text) or _unit_only(text)
    filled = _filled(cells)
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
        filled = _filled(cells)
        text = " | ".join(t for _, t in filled)
        if not filled:
            passed.append((i, PreambleRow.BLANK, ""))
            continue
        u = parse_unit_line(cells)
        if u is not None:
            set_unit(u, i, text)
            passed.append((i, PreambleRow.UNIT, text))
            if _one_text(cells) is None:  # "表题,,,单位：万元": the other cells are a title
                titles.extend(dict.fromkeys(t for _, t in filled[:-1]))
            continue
        one = _one_text(cells)
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
    unclear_text = unclear[1] if unclear is not None and unclear[0] < header and not unit else None
    return Preamble(header, tuple(titles), unit, unit_row, tuple(passed), unclear_text)


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


# ---------------------------------------------------------------------------------------------
# Cells


_MISSING = frozenset({"..", "...", "…", "-", "--", "–", "—", "——", "x", "n/a", "na", "*", ":", "/"})


def is_missing_marker(text: str) -> bool:
    """A cell that says "no figure" (``..``, ``-``, ``–``, ``x``, ``n/a``, ``*``): not zero.

    >>> is_missing_marker("n/a"), is_missing_marker("0")
    (True, False)
    """
    return _norm(text).casefold() in _MISSING


_FOOTER = lazy(
    r"^(?:\d+\s*[.、)）]\s*)?(?:"
    r"(?:注|说明|备注)(?=$|[\s:：.,，。、(（\d])|资料来源|数据来源|来源\s*[:：]"
    r"|(?:notes?|sources?|footnotes?)\b|[*※†‡]"
    r")",
    re.IGNORECASE,
)


def is_footer_start(text: str) -> bool:
    """A note or source line after the data: ``注：``, ``说明``, ``Source:``, ``*``, ``2.来源：``.

    >>> is_footer_start("注：1.本表为省级财政资金"), is_footer_start("注册企业")
    (True, False)
    """
    return bool(_FOOTER.match(_norm(text)))


#: Column names that mean "the amount" (compared in lower case, without a unit in brackets).
AMOUNT_NAMES = frozenset(
    {
        "amount",
        "amounts",
        "金额",
        "资金",
        "资金额",
        "拨付资金",
        "funding",
        "funds",
        "allocation",
        "allocations",
        "value",
    }
)


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
        if name.casefold() in AMOUNT_NAMES:
            named.append(i)
        elif unit is not None and unit.currency is not None:
            money.append(i)
    return named or money


# ---------------------------------------------------------------------------------------------
# Total labels


class RowKind(Enum):
    """What a row after the header is; see the module docstring for the rules."""

    DETAIL = "detail"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    PART = "part"
    HEADING = "heading"
    FOOTER = "footer"
    BLANK = "blank"
    AMBIGUOUS = "ambiguous"


def _key(text: str) -> str:
    """Compare labels without case, spaces or punctuation: ``合  计：`` → ``合计``."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum() and c != "_"
    )


_GRAND_KEYS = frozenset({"total", "totals", "grandtotal", "overalltotal", "totalall", "alltotal"})
_WHOLE = frozenset({"全国", "全省", "全市", "全区", "全县", "全州", "总", "全部", "总体"})
_CN_TOTAL = lazy(r"^(.*?)(合计|总计|共计|小计)(数)?$")
_EN_TOTAL = lazy(
    r"^(?:(?P<grand>grand\s+|overall\s+)?(?P<sub>sub-?\s?)?totals?(?:\s*[:\-–]\s*|\s+)"
    r"(?:for\s+|of\s+)?(?P<x>.+)"
    r"|(?P<y>.+?)\s*[:\-–]?\s+(?P<sub2>sub-?\s?)?totals?)$",
    re.IGNORECASE,
)


def total_label(label: str) -> tuple[RowKind | None, str | None]:
    """What a row's label says on its own: ``(TOTAL, None)`` for a grand total,
    ``(SUBTOTAL, None)`` for a certain subtotal, ``(None, X)`` for ``Total X``/``X合计`` (a subtotal
    of X when X is a group seen above), ``(None, None)`` when it is no total word.

    >>> total_label("合  计"), total_label("甲省 小计")
    ((<RowKind.TOTAL: 'total'>, None), (<RowKind.SUBTOTAL: 'subtotal'>, None))
    >>> total_label("Total shire counties")
    (None, 'shire counties')
    """
    key = _key(label)
    if not key:
        return None, None
    if key in _GRAND_KEYS or key in _WHOLE:
        return RowKind.TOTAL, None
    if key in ("subtotal", "subtotals"):
        return RowKind.SUBTOTAL, None
    m = _CN_TOTAL.match(key)
    if m:
        prefix, word = m.group(1), m.group(2)
        if word == "小计":
            return RowKind.SUBTOTAL, None
        if not prefix or prefix in _WHOLE:
            return RowKind.TOTAL, None
        return None, prefix
    s = " ".join(_norm(label).split()).rstrip(":：.。 ")
    m = _EN_TOTAL.match(s)
    if m:
        if m.group("x") is not None:
            if m.group("sub"):
                return RowKind.SUBTOTAL, None
            if m.group("grand"):
                return RowKind.TOTAL, None
            return None, m.group("x").strip()
        if m.group("sub2"):
            return RowKind.SUBTOTAL, None
        return None, m.group("y").strip()
    return None, None


_OF_WHICH = lazy(r"^(?:其中|(?:of\s+which|including)\b)\s*[:：]?\s*(.*)$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Totals


class Verdict(Enum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNCHECKED = "unchecked"


@dataclass(frozen=True)
class ColumnCheck:
    """One amount column of a total row: the reported figure and the sum of the rows it covers,
    each as a value and half the width of its rounding interval."""

    column: int
    reported: Fraction | None
    reported_half: Fraction
    computed: Fraction | None
    computed_half: Fraction
    verdict: Verdict


@dataclass(frozen=True)
class TotalResult:
    """A total or subtotal row checked against the detail rows it covers."""

    kind: RowKind
    line: int
    label: str
    rows: int
    columns: tuple[ColumnCheck, ...]

    @property
    def verdict(self) -> Verdict:
        verdicts = {c.verdict for c in self.columns}
        if Verdict.MISMATCH in verdicts:
            return Verdict.MISMATCH
        return Verdict.MATCH if Verdict.MATCH in verdicts else Verdict.UNCHECKED


class _Sum:
    """A running exact sum of amounts with the sum of their half-widths, in integers."""

    __slots__ = ("exp", "half", "missing", "total")

    def __init__(self) -> None:
        self.total = 0  # in units of 10^exp
        self.half = 0  # in units of 10^(exp-1)
        self.exp = 0
        self.missing = 0

    def add(self, amount: Amount | None) -> None:
        if amount is None:
            self.missing += 1
            return
        m, e, rounded = amount
        if e < self.exp:
            self.total *= 10 ** (self.exp - e)
            self.half *= 10 ** (self.exp - e)
            self.exp = e
        self.total += m * 10 ** (e - self.exp)
        if rounded:
            self.half += 5 * 10 ** (e - self.exp)

    def add_sum(self, mantissas: int, e: int, rounded: int) -> None:
        """Add amounts at precision ``10^e`` whose mantissas sum to ``mantissas``, ``rounded``
        of them showing rounding."""
        if e < self.exp:
            self.total *= 10 ** (self.exp - e)
            self.half *= 10 ** (self.exp - e)
            self.exp = e
        self.total += mantissas * 10 ** (e - self.exp)
        self.half += 5 * rounded * 10 ** (e - self.exp)

    def merge(self, other: _Sum) -> None:
        self.add_sum(other.total, other.exp, 0)  # aligns self.exp to at most other.exp
        self.half += other.half * 10 ** (other.exp - self.exp)
        self.missing += other.missing

    def value(self) -> tuple[Fraction, Fraction] | None:
        if self.missing:
            return None
        return scaled(self.total, self.exp), scaled(self.half, self.exp - 1)


def _interval(amount: Amount) -> tuple[Fraction, Fraction]:
    m, e, rounded = amount
    return scaled(m, e), scaled(5, e - 1) if rounded else Fraction(0)


def _agree(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> bool:
    return abs(a[0] - b[0]) <= a[1] + b[1]


@dataclass
class _Scope:
    sums: list[_Sum]
    rows: int = 0

    def add(self, values: Sequence[Amount | None]) -> None:
        self.rows += 1
        for s, v in zip(self.sums, values):
            s.add(v)

    def add_sums(self, rows: int, sums: Sequence[Sequence[tuple[int, int, int]]]) -> None:
        self.rows += rows
        for s, column in zip(self.sums, sums):
            for m, e, rounded in column:
                s.add_sum(m, e, rounded)


class TotalsCheck:
    """Checks total and subtotal rows against the detail rows they cover, fed in reading order.

    >>> t = TotalsCheck(1)
    >>> t.add(RowKind.DETAIL, 2, "A县", [(1200, 0, False)])
    >>> t.add(RowKind.DETAIL, 3, "B县", [(800, 0, False)])
    >>> t.add(RowKind.SUBTOTAL, 4, "甲省 小计", [(2000, 0, False)])
    >>> t.add(RowKind.TOTAL, 5, "合计", [(20, 2, True)])
    >>> [(r.label, r.verdict.value) for r in t.finish()]
    [('甲省 小计', 'match'), ('合计', 'match')]
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self._all = _Scope([_Sum() for _ in range(width)])
        self._block = _Scope([_Sum() for _ in range(width)])
        self._results: list[TotalResult] = []
        self._pending: list[tuple[int, int, str, tuple[Amount | None, ...]]] = []

    def add(self, kind: RowKind, line: int, label: str, values: Sequence[Amount | None]) -> None:
        """Feed one row; only DETAIL, SUBTOTAL and TOTAL rows count, the others are ignored."""
        if len(values) != self.width:
            raise ValueError(f"{len(values)} values for {self.width} amount columns")
        if kind is RowKind.DETAIL:
            self._all.add(values)
            self._block.add(values)
        elif kind is RowKind.SUBTOTAL:
            self._results.append(self._check(kind, line, label, values, self._block))
            self._block = _Scope([_Sum() for _ in range(self.width)])
        elif kind is RowKind.TOTAL:
            self._pending.append((len(self._results), line, label, tuple(values)))
            # as a total of its block too: a 合计 per year in a long table is one
            block = self._check(RowKind.SUBTOTAL, line, label, values, self._block)
            self._results.append(block)  # a placeholder until finish()
            self._block = _Scope([_Sum() for _ in range(self.width)])

    def add_details(self, rows: int, sums: Sequence[Sequence[tuple[int, int, int]]]) -> None:
        """Feed ``rows`` detail rows at once, as ``(mantissa sum, exp, rounded count)`` for each
        precision in each amount column (a batch of plainly written amounts)."""
        self._all.add_sums(rows, sums)
        self._block.add_sums(rows, sums)

    def merge_details(self, other: TotalsCheck) -> None:
        """Count the detail rows another check saw (the second half of a file, read by another
        process, that held nothing but detail rows)."""
        for scope in (self._all, self._block):
            scope.rows += other._all.rows
            for mine, theirs in zip(scope.sums, other._all.sums):
                mine.merge(theirs)

    def matches(self, values: Sequence[Amount | None], *, block: bool, least: int = 1) -> bool:
        """Whether every given value equals, within rounding, the sum of the detail rows so far
        (``block``: since the last total) — with at least ``least`` rows and one value compared."""
        scope = self._block if block else self._all
        if scope.rows < least:
            return False
        compared = 0
        for s, v in zip(scope.sums, values):
            if v is None:
                continue
            got = s.value()
            if got is None or not _agree(got, _interval(v)):
                return False
            compared += 1
        return compared > 0

    def equals_rest(self, last: Amount) -> bool:
        """Whether ``last``, the last of the detail rows (one amount column), equals, within
        rounding, the sum of all the detail rows before it."""
        got = self._all.sums[0].value()
        if got is None:
            return False
        total, half = got
        value, own = _interval(last)
        return _agree((total - value, half - own), (value, own))

    @property
    def all_rows(self) -> int:
        """Detail rows so far."""
        return self._all.rows

    @property
    def block_rows(self) -> int:
        """Detail rows since the last total or subtotal."""
        return self._block.rows

    def finish(self) -> list[TotalResult]:
        """The totals and subtotals in reading order, grand totals checked against all rows."""
        for index, line, label, values in self._pending:
            grand = self._check(RowKind.TOTAL, line, label, values, self._all)
            block = self._results[index]
            if (
                grand.verdict is Verdict.MISMATCH
                and block.verdict is Verdict.MATCH
                and block.rows < grand.rows
            ):  # not the whole table's total, but its block's (one year's 合计)
                grand = block
            self._results[index] = grand
        self._pending.clear()
        return list(self._results)

    def _check(
        self,
        kind: RowKind,
        line: int,
        label: str,
        values: Sequence[Amount | None],
        scope: _Scope,
    ) -> TotalResult:
        columns = []
        for i, (s, v) in enumerate(zip(scope.sums, values)):
            got = s.value() if scope.rows else None
            rep = _interval(v) if v is not None else None
            if rep is None or got is None:
                verdict = Verdict.UNCHECKED
            else:
                verdict = Verdict.MATCH if _agree(got, rep) else Verdict.MISMATCH
            columns.append(
                ColumnCheck(
                    i,
                    rep[0] if rep else None,
                    rep[1] if rep else Fraction(0),
                    got[0] if got else None,
                    got[1] if got else Fraction(0),
                    verdict,
                )
            )
        return TotalResult(kind, line, label, scope.rows, tuple(columns))


# ---------------------------------------------------------------------------------------------
# Row kinds in context

#: Reads one amount cell: (column index, text) → an amount, or None for a missing marker.
Reader = Callable[[int, str], Amount | None]


@dataclass(frozen=True)
class Row:
    """A classified row: its kind, its label (filled label cells joined), the amounts read (one per
    amount column, None where blank or missing; empty when the row has none) and why, for rows a
    caller should report."""

    kind: RowKind
    label: str
    values: tuple[Amount | None, ...] = ()
    note: str = ""


@dataclass
class TableShape:
    """Classifies the rows after the header, in order, and checks the totals it finds.

    ``label_columns`` are the columns that name a row (group first); ``group_column`` (default: the
    first label column) is the one whose values name groups, for ``Total X``.

    >>> shape = TableShape([0, 1], [2])
    >>> read = lambda col, text: (int(text.replace(",", "")), 0, False)
    >>> rows = [["甲省", "A县", "1,200"], ["", "B县", "800"], ["甲省 小计", "", "2,000"],
    ...         ["合计", "", "2,000"], ["注：示例", "", ""]]
    >>> [shape.feed(r, n, read).kind.value for n, r in enumerate(rows, 4)]
    ['detail', 'detail', 'subtotal', 'total', 'footer']
    >>> [r.verdict.value for r in shape.totals()]
    ['match', 'match']
    """

    label_columns: Sequence[int]
    amount_columns: Sequence[int]
    group_column: int | None = None
    check: TotalsCheck = field(init=False)
    _groups: set[str] = field(init=False, default_factory=set)
    _raw_groups: set[str] = field(init=False, default_factory=set)
    _footer: bool = field(init=False, default=False)
    _parts: bool | None = field(init=False, default=None)  # None: no 其中; False: just opened
    _subtotals: int = field(init=False, default=0)
    _since_total: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if self.group_column is None and self.label_columns:
            self.group_column = self.label_columns[0]
        self.check = TotalsCheck(len(self.amount_columns))

    def totals(self) -> list[TotalResult]:
        """Every total and subtotal row with its check; call after the last row."""
        return self.check.finish()

    @property
    def groups_seen(self) -> int:
        """How many different group cells the detail and heading rows had."""
        return len(self._groups)

    def seen_group(self, cell: str) -> bool:
        """Whether a detail or heading row above had this group cell."""
        return _key(cell) in self._groups

    @property
    def plain(self) -> bool:
        """Whether a row with an ordinary label is surely a detail row here: no notes started,
        no 其中 parts open, no subtotal yet (after which a place name may be a grand total)."""
        return not self._footer and self._parts is None and not self._subtotals

    def add_details(
        self, rows: int, sums: Sequence[Sequence[tuple[int, int, int]]], groups: Iterable[str]
    ) -> None:
        """Count ``rows`` detail rows at once (see :meth:`TotalsCheck.add_details`), whose group
        cells are ``groups``; only while :attr:`plain`."""
        self.check.add_details(rows, sums)
        self._since_total += rows
        new = set(groups) - self._raw_groups  # group cells as written, each keyed once
        if new:
            self._raw_groups |= new
            self._groups.update(_key(g) for g in new if g.strip())

    def feed(self, cells: Sequence[str], line: int, read: Reader) -> Row:
        """Classify one row (raw cells, before any fill-down) and count it in the totals check."""
        row = self._classify(cells, line, read)
        values = row.values or (None,) * len(self.amount_columns)
        self.check.add(row.kind, line, row.label, values)
        if row.kind is RowKind.DETAIL:
            self._since_total += 1
        elif row.kind in (RowKind.SUBTOTAL, RowKind.TOTAL):
            self._since_total = 0
            self._subtotals += row.kind is RowKind.SUBTOTAL
        if row.kind in (RowKind.DETAIL, RowKind.HEADING):
            group = self._cell(cells, self.group_column)
            if group:
                self._groups.add(_key(group))
        return row

    @staticmethod
    def _cell(cells: Sequence[str], i: int | None) -> str:
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def _label(self, cells: Sequence[str]) -> str:
        parts: list[str] = []
        for i in self.label_columns:
            t = self._cell(cells, i)
            # merged across: once; a figure (a count of counties or a share beside 合计) is no label
            if t and (not parts or parts[-1] != t) and not _is_figure(t):
                parts.append(t)
        return " ".join(parts)

    def _classify(self, cells: Sequence[str], line: int, read: Reader) -> Row:
        filled = _filled(cells)
        if not filled:
            return Row(RowKind.BLANK, "")
        first = filled[0][1]
        label = self._label(cells)
        amount_cells = [(c, self._cell(cells, c)) for c in self.amount_columns]
        has_amount = any(t for _, t in amount_cells)
        if (
            has_amount
            and len(filled) > 1
            and _one_text(cells) is not None
            and not _is_number(first)
        ):
            has_amount = False  # one text merged across the row, the amount columns too
        if not has_amount:
            return self._without_amount(first, label)
        if self._footer:
            raise AidcalcError(
                "a row with amounts after the notes below the table; is a second table here?",
                line=line,
                value=" | ".join(t for _, t in filled),
            )
        values = tuple(read(c, t) if t else None for c, t in amount_cells)
        parts = self._parts
        if parts is not None:
            self._parts = None
            raw = next((cells[i] for i in self.label_columns if self._cell(cells, i)), "")
            if raw[:1].isspace():
                self._parts = True
                return Row(RowKind.PART, label, values, "indented row after 其中 (of which)")
            if parts is False:
                return Row(
                    RowKind.AMBIGUOUS,
                    label,
                    values,
                    "the row after 其中 (of which) is not indented: where the parts end is unclear",
                )
        if _OF_WHICH.match(_norm(label)):
            self._parts = True  # indented rows after it are parts too
            return Row(RowKind.PART, label, values, "其中 (of which): already in the row above")
        return self._by_label(cells, label, values)

    def _without_amount(self, first: str, label: str) -> Row:
        if self._footer or is_footer_start(first):
            self._footer = True
            self._parts = None
            return Row(RowKind.FOOTER, first, (), "note below the table")
        m = _OF_WHICH.match(_norm(label))
        if m and not m.group(1):
            self._parts = False
            return Row(
                RowKind.PART, label, (), "其中 (of which): the parts below are in the row above"
            )
        self._parts = None
        return Row(RowKind.HEADING, label or first, (), "a row without amounts")

    def _by_label(self, cells: Sequence[str], label: str, values: tuple[Amount | None, ...]) -> Row:
        kind, named = total_label(label)
        if (
            kind is RowKind.TOTAL
            and self.check.block_rows < self.check.all_rows
            and self.check.matches(values, block=True)
            and not self.check.matches(values, block=False)
        ):  # 合计 of one block of a long table (each year's 合计): a subtotal
            return Row(RowKind.SUBTOTAL, label, values, "a total of the rows since the last total")
        if kind is not None:
            return Row(kind, label, values)
        if named is not None:
            if _key(named) in self._groups:
                return Row(RowKind.SUBTOTAL, label, values)
            if self.check.matches(values, block=True):
                return Row(RowKind.SUBTOTAL, label, values, f"{named!r} is not a group above")
            if self.check.matches(values, block=False):
                return Row(RowKind.TOTAL, label, values, f"{named!r} is not a group above")
            return Row(
                RowKind.AMBIGUOUS,
                label,
                values,
                f"a total of {named!r}? it is no group above, and its amounts are not the sum"
                " of the rows above",
            )
        if not label:
            if self.check.matches(values, block=True, least=2) or self.check.matches(
                values, block=False, least=2
            ):
                return Row(
                    RowKind.AMBIGUOUS,
                    label,
                    values,
                    "a row without a label equal to the sum of the rows above: a total?",
                )
            return Row(RowKind.DETAIL, label, values)
        group = self._cell(cells, self.group_column)
        others = [i for i in self.label_columns if i != self.group_column]
        if (
            self._subtotals
            and self._since_total == 0
            and group
            and not any(self._cell(cells, i) for i in others)
            and _key(group) not in self._groups
        ):
            if self.check.matches(values, block=False):
                return Row(
                    RowKind.TOTAL, label, values, "a place name equal to the sum of all rows"
                )
            return Row(
                RowKind.AMBIGUOUS,
                label,
                values,
                "after the last subtotal, not equal to the sum of all rows:"
                " a grand total that disagrees, or a group of one row?",
            )
        return Row(RowKind.DETAIL, label, values)


# ---------------------------------------------------------------------------------------------
# Fill-down


class FillDown:
    """Carries the value above into blank cells of chosen columns ("same as above").

    A new value in a fill-down column forgets what was carried in the fill-down columns to its
    right (a new province starts its cities afresh). Call :meth:`reset` after a total row so a
    group never carries across one. Apply it to detail rows only.

    >>> f = FillDown([0])
    >>> f.apply(["甲省", "A县"]), f.apply(["", "B县"])
    (['甲省', 'A县'], ['甲省', 'B县'])
    """

    def __init__(self, columns: Sequence[int]) -> None:
        self.columns = sorted(set(columns))
        self._above: dict[int, str] = {}
        self.filled = 0  # cells filled so far

    def apply(self, cells: Sequence[str]) -> list[str]:
        out = list(cells)
        for n, i in enumerate(self.columns):
            if i >= len(out):
                continue
            if out[i].strip():
                if out[i] != self._above.get(i):
                    for j in self.columns[n + 1 :]:
                        self._above.pop(j, None)
                self._above[i] = out[i]
            elif i in self._above:
                out[i] = self._above[i]
                self.filled += 1
        return out

    def reset(self) -> None:
        self._above.clear()
