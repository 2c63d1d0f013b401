"""Filters: ``COL=VALUE``, ``COL!=VALUE``, ``COL>=N``, ``COL<2019-07-01``, ``COL in (A, B)`` —
the one parser for ``--where`` and for the filters of data functions in formulas.

=========================  ===========================================================
``Condition``              one comparison of a column with a value; ``holds(cell)``
``parse_conditions(text)`` ``a=1, b in (x, y)`` → conditions (all must hold)
``filter_forms(col)``      the comparisons, as help and messages list them
=========================  ===========================================================

Values are compared as written (NFKC), as numbers when both sides are numbers, and as dates
when the value is a full date; a year compares years.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from aidcalc.core.errors import AidcalcError

__all__ = ["Condition", "Op", "cell_value", "filter_forms", "parse_conditions", "unquote"]


class Op(str, Enum):
    """How a filter compares a cell with its value(s)."""

    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    IN = "in"


_ORDERED = (Op.LT, Op.LE, Op.GT, Op.GE)


def _form(op: Op, col: str = "COL") -> str:
    """How a filter with ``op`` is written: ``COL=VALUE``, ``COL<N``, ``COL in (A, B)``."""
    if op is Op.IN:
        return f"{col} in (A, B)"
    return f"{col}{op.value}{'N' if op in _ORDERED else 'VALUE'}"


def filter_forms(col: str = "COL") -> str:
    """Every comparison a filter makes, as the help and refusals list it: derived from
    :class:`Op`, so a new comparison is listed where it is parsed.

    >>> for part in filter_forms().split("; "):
    ...     print(part)
    COL=VALUE, COL!=VALUE, COL in (A, B) (text)
    COL<N, COL<=N, COL>N, COL>=N (numbers and years
    a full date, date>=2019-07-01, compares dates)
    """
    text = ", ".join(_form(op, col) for op in Op if op not in _ORDERED)
    ordered = ", ".join(_form(op, col) for op in _ORDERED)
    return (
        f"{text} (text); {ordered} (numbers and years; a full date, date>=2019-07-01,"
        " compares dates)"
    )


@dataclass(frozen=True)
class Condition:
    """One filter: ``COL=VALUE``, ``COL!=VALUE``, ``COL<N`` (``<= > >=``), ``COL in (A, B, C)``.

    ``=``, ``!=`` and ``in`` compare text, the cell trimmed; ``< <= > >=`` compare numbers, and a
    year (``2017``, ``2017年``, ``FY2021``, ``2022-23``) is the number of the year it starts. A
    full date as the value (``date>=2019-07-01``) compares full dates: a cell must then be a date.
    """

    column: str
    op: Op
    values: tuple[str, ...]

    @property
    def value(self) -> str:
        """The value compared with (the first of an ``in`` list)."""
        return self.values[0]

    @property
    def equal(self) -> bool:
        """False for ``!=``: the one negated comparison."""
        return self.op is not Op.NE

    def __str__(self) -> str:
        if self.op is Op.IN:
            return f"{self.column} in ({', '.join(map(_quoted, self.values))})"
        return f"{self.column}{self.op.value}{_quoted(self.value)}"

    @classmethod
    def parse(cls, text: str) -> Condition:
        """
        >>> Condition.parse('group != "severely poor"')
        Condition(column='group', op=<Op.NE: '!='>, values=('severely poor',))
        >>> Condition.parse("year in (2016, '2017')").values
        ('2016', '2017')
        >>> str(Condition.parse("year>=2011"))
        'year>=2011'
        """
        t = text.strip()
        if re.search(r"&&|\|\|", _outside_quotes(t)):
            raise AidcalcError(_AND_OR, value=t)
        m = _IN.fullmatch(t)
        if m:
            values = tuple(_value(v, t) for v in _split_outside_quotes(m.group(2)))
            if not values:
                raise AidcalcError("'in' needs values: COL in (A, B)", value=t)
            return cls(_column(m.group(1), t), Op.IN, tuple(map(cell_value, values)))
        i, op = _operator(t)
        if op is None:
            raise AidcalcError(f"a filter is {filter_forms('COLUMN')}", value=t)
        rest = t[i + len(op.value) :]
        if op is Op.EQ and rest.startswith("="):  # == as people write it
            rest = rest[1:]
        value = _value(rest, t)
        if op in _ORDERED and _number_of(value) is None:
            raise AidcalcError(
                f"{op.value} compares numbers or years, and {value!r} is neither", value=t
            )
        return cls(_column(t[:i], t), op, (cell_value(value),))

    def holds(self, cell: str) -> bool:
        """Whether a cell (trimmed) passes; an ordered comparison of a cell that is not a number
        or a year is an error."""
        op = self.op
        if op is Op.EQ:
            return cell == self.values[0]
        if op is Op.NE:
            return cell != self.values[0]
        if op is Op.IN:
            return cell in self.values
        return _compare(op, self.values[0], cell)


_IN = re.compile(r"(.+?)\s+in\s*\((.*)\)", re.IGNORECASE | re.DOTALL)
_AND_OR = (
    "'and' and 'or' are not part of a filter: join conditions with ',' (all must hold), write"
    " COL in (A, B) for one of several values, or quote a value that holds the word"
)


def _outside_quotes(text: str) -> str:
    """``text`` with quoted parts blanked out."""
    out, quote = [], ""
    for c in text:
        if quote:
            quote = "" if c == quote else quote
            out.append(" ")
        elif c in "\"'":
            quote = c
            out.append(" ")
        else:
            out.append(c)
    return "".join(out)


def _operator(text: str) -> tuple[int, Op | None]:
    """The first comparison operator outside quotes, and where it starts."""
    bare = _outside_quotes(text)
    for i, c in enumerate(bare):
        two = bare[i : i + 2]
        if two in ("!=", "<=", ">="):
            return i, Op(two)
        if c in "=<>":
            return i, Op(c)
    return -1, None


def _column(text: str, whole: str) -> str:
    col = unquote(text.strip())
    if not col:
        raise AidcalcError("a filter needs a column name", value=whole)
    if re.search(r"\s(and|or)\s", col, re.IGNORECASE):
        raise AidcalcError(_AND_OR, value=whole)
    return col


def cell_value(text: str) -> str:
    """How group and filter values are compared: trimmed, and in Unicode's compatibility form
    (NFKC), as column names are, so ``é`` composed or decomposed and full-width ``ＡＢ`` are one.

    >>> cell_value(" e\u0301 ") == cell_value("\u00e9")
    True
    """
    s = text.strip()
    return s if s.isascii() else unicodedata.normalize("NFKC", s)


def _value(text: str, whole: str) -> str:
    """A value as written: a quoted one exactly, a bare one trimmed. A bare value with 'and' or
    'or' between words, or text after a closing quote, is refused."""
    v = text.strip()
    if v[:1] in ("'", '"'):
        end = v.find(v[0], 1)
        if end < 0:
            raise AidcalcError("a quote without its closing quote", value=whole)
        if v[end + 1 :].strip():
            rest = v[end + 1 :].strip()
            if re.match(r"(and|or)\b", rest, re.IGNORECASE):
                raise AidcalcError(_AND_OR, value=whole)
            raise AidcalcError(f"text after the closing quote: {rest!r}", value=whole)
        return v[1:end]
    if re.search(r"\s(and|or)\s", f" {v} ", re.IGNORECASE) and v.lower() not in ("and", "or"):
        raise AidcalcError(_AND_OR, value=whole)
    return v


def _quoted(value: str) -> str:
    if value and value.strip() == value and not re.search(r"[,\[\]()\"'=<>!]", value):
        return value
    return '"' + value + '"' if '"' not in value else "'" + value + "'"


def _number_of(text: str) -> Fraction | None:
    """A cell or value as a number: a year is the year it starts in, else a plain amount."""
    from aidcalc.core.figures import normalize, parse_amount, scaled
    from aidcalc.published.years import parse_year

    s = normalize(text)
    try:
        year = parse_year(s)
    except AidcalcError:
        year = None
    if year is not None:
        return Fraction(year.start)
    try:
        m, e, _ = parse_amount(s)
    except AidcalcError:
        return None
    return scaled(m, e)


def _date_of(text: str) -> datetime.date | None:
    from aidcalc.published.years import parse_date

    try:
        return parse_date(text)
    except AidcalcError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def _compare(op: Op, value: str, cell: str) -> bool:
    """``cell OP value``. A full date as the value compares full dates (``date>=2019-07-01``);
    a year as the value compares the year of a date cell (``date>=2019`` is 2019 on)."""
    day = _date_of(value)
    if day is not None:
        cell_day = _date_of(cell)
        if cell_day is None:
            raise AidcalcError(
                f"not a date, so it cannot be compared with the date {value}", value=cell
            )
        return _ordered(op, cell_day, day)
    a, b = _number_of(cell), _number_of(value)
    if a is None or b is None:
        raise AidcalcError(
            f"not a number or a year, so it cannot be compared ({op.value} {value})", value=cell
        )
    return _ordered(op, a, b)


def _ordered(op: Op, a: Any, b: Any) -> bool:
    if op is Op.LT:
        return bool(a < b)
    if op is Op.LE:
        return bool(a <= b)
    if op is Op.GT:
        return bool(a > b)
    return bool(a >= b)


def parse_conditions(text: str) -> tuple[Condition, ...]:
    """Conditions separated by commas outside quotes and parentheses, all of which must hold.

    >>> [c.value for c in parse_conditions('group="a, b", year!=2016')]
    ['a, b', '2016']
    >>> [str(c) for c in parse_conditions("year>=2011, year<=2015, g in (a, b)")]
    ['year>=2011', 'year<=2015', 'g in (a, b)']
    """
    return tuple(Condition.parse(part) for part in _split_outside_quotes(text))


def _split_outside_quotes(text: str) -> list[str]:
    parts, cur, quote, depth = [], "", "", 0
    for c in text:
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth <= 0:
            parts.append(cur)
            cur = ""
            continue
        cur += c
    parts.append(cur)
    return [p for p in parts if p.strip()]


def unquote(text: str) -> str:
    """A value without the quotes around it: ``"a, b"`` → ``a, b``."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
