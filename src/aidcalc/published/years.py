"""Years as published tables write them: ``2017``, ``2017年``, ``FY2021``, ``2022-23``, a date.

=============================  ==================================================================
``parse_year(text)``           a cell or header → Year(start, label, form), None if not a year
``year_columns(headers)``      the columns of a wide table whose header is a year
``parse_date(text)``           a full date (``2019-07-01``, ``2019年7月1日``) → a date, or None
=============================  ==================================================================

Rules and decisions:

- Text is NFKC-normalised first, so full-width ``２０１７`` is 2017. A unit in brackets after the
  year (``2017 (万元)``) is set aside: see :func:`aidcalc.published.header_unit` for reading it.
- Calendar years: ``2017``, ``2017年``, ``2017年度``, and dates (``2019-06-03``, ``2019/6/3``,
  ``2019.06.03``, ``2019年6月3日``, with a time ``00:00:00`` as a workbook writes it) → the year.
- Fiscal years: ``2022-23``, ``2022/23``, ``2022–23``, ``2022-2023``, ``FY2022-23`` are known by the
  year they start (2022); the second year must follow the first (``2022-24`` is refused).
- ``FY2021`` is taken as 2021, the number written. Whether a country's FY2021 starts in 2020 or
  2021 cannot be told from the label, so a table that mixes ``FY`` labels with other forms is
  refused by :func:`year_columns`; within one form the gaps are the same either way.
- Years are 1800 to 2199; another four-digit number is no year (None).
- Refused with :class:`~aidcalc.core.errors.AidcalcError` (a year that cannot be read without a
guess):
  a decimal year (``2020.0`` — a spreadsheet number that lost its format), a two-digit ``FY21``, a
  range that is not one year (``2022-24``), an impossible date (``2019-13-01``).
- The label is kept as written (full-width digits too), without a unit in brackets, for display.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from aidcalc.core.errors import AidcalcError
from aidcalc.core.lazy import lazy
from aidcalc.published.unitlines import header_unit

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "PROSE_YEARS",
    "Year",
    "YearForm",
    "parse_date",
    "parse_year",
    "year_columns",
]

#: Years a table's header or cell may name.
FIRST_YEAR = 1800
LAST_YEAR = 2199
#: Years a bare four-digit number in prose is taken for (``in 2018``, ``2008 to 2015``): a count
#: such as ``1850 schools`` is likelier than a year outside them.
PROSE_YEARS = range(1900, 2100)


class YearForm(Enum):
    """How a year is written; years of different forms cannot be ordered together."""

    CALENDAR = "calendar year"  # 2017, 2017年, a date
    FISCAL = "fiscal year"  # 2022-23, 2022/23
    FY = "FY label"  # FY2021


@dataclass(frozen=True)
class Year:
    """A year: the calendar year it starts in, the label as written, and its form.

    >>> parse_year("2022-23")
    Year(start=2022, label='2022-23', form=<YearForm.FISCAL: 'fiscal year'>)
    """

    start: int
    label: str
    form: YearForm


_PLAIN = lazy(r"(\d{4})(?:\s*年度?)?")
_FY = lazy(r"fy\s*'?\s*(\d{4})", re.IGNORECASE)
_FY_SHORT = lazy(r"fy\s*'?\s*(\d{2})", re.IGNORECASE)
_RANGE = lazy(r"(?:fy\s*)?(\d{4})\s*[-/–—~～]\s*(\d{2}|\d{4})(?:\s*年度?)?", re.IGNORECASE)
_DATE = lazy(
    r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|(\d{4})年(\d{1,2})月(\d{1,2})日"
)
_DECIMAL = lazy(r"\d{4}\.\d+")
_UNIT_AFTER = lazy(r"\s*[(\[（［][^()\[\]（）［］]*[)\]）］]$")


def parse_year(text: str) -> Year | None:
    """Read a year; None when the text is no year form, an error when it is one that cannot be read.

    >>> [parse_year(t).start for t in ["２０１７", "2017年", "FY2021", "2022/23", "2019-06-03"]]
    [2017, 2017, 2021, 2022, 2019]
    >>> parse_year("地区") is None
    True
    """
    shown = text.strip()
    s = unicodedata.normalize("NFKC", shown)
    name, unit = header_unit(s)
    if unit is not None:  # "2017 (万元)": the year is "2017"
        s = name
        shown = _UNIT_AFTER.sub("", shown)
    m = _PLAIN.fullmatch(s)
    if m:
        return _year(int(m.group(1)), shown, YearForm.CALENDAR)
    m = _FY.fullmatch(s)
    if m:
        return _year(int(m.group(1)), shown, YearForm.FY)
    if _FY_SHORT.fullmatch(s):
        raise AidcalcError(
            "a two-digit fiscal year; write it with four digits (FY2021)", value=text
        )
    m = _RANGE.fullmatch(s)
    if m:
        start, end = int(m.group(1)), m.group(2)
        following = (start + 1) % 100 if len(end) == 2 else start + 1
        if int(end) != following:
            raise AidcalcError(
                "not one fiscal year: the second year must follow the first (2022-23)", value=text
            )
        return _year(start, shown, YearForm.FISCAL)
    date = parse_date(s)
    if date is not None:
        y = str(date.year)
        return _year(date.year, y, YearForm.CALENDAR)  # a date in a year column: its year
    if _DECIMAL.fullmatch(s):
        raise AidcalcError(
            "a year written as a decimal number; write it as a whole year (2020)", value=text
        )
    return None


def parse_date(text: str) -> datetime.date | None:
    """A full date (a time after it, as a workbook writes it, is left out); None when the text is
    no date, an error when it is an impossible one.

    >>> parse_date("2019-07-01"), parse_date("2019年7月1日 ") == parse_date("2019/7/1 00:00:00")
    (datetime.date(2019, 7, 1), True)
    >>> parse_date("2019") is None
    True
    """
    s = unicodedata.normalize("NFKC", text).strip()
    m = _DATE.fullmatch(s)
    if m is None:
        return None
    y, mo, d = (m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
    try:
        return datetime.date(int(y), int(mo), int(d))
    except ValueError:
        raise AidcalcError("not a date", value=text) from None


def _year(start: int, label: str, form: YearForm) -> Year | None:
    if not FIRST_YEAR <= start <= LAST_YEAR:
        return None
    return Year(start, label, form)


def year_columns(headers: Sequence[str]) -> list[tuple[int, Year]]:
    """The columns whose header is a year, in column order, with their years.

    Years written in different forms (``2017`` beside ``2022-23`` or ``FY2021``) cannot be ordered
    and are refused, as are two columns for the same year.

    >>> [(i, y.start) for i, y in year_columns(["项目", "2016年", "2017年"])]
    [(1, 2016), (2, 2017)]
    """
    found: list[tuple[int, Year]] = []
    for i, h in enumerate(headers):
        try:
            y = parse_year(h)
        except AidcalcError as e:
            raise AidcalcError(e.reason, column=h, value=e.value) from None
        if y is not None:
            found.append((i, y))
    forms = {y.form for _, y in found}
    if len(forms) > 1:
        shown = ", ".join(
            next(y.label for _, y in found if y.form is f) for f in YearForm if f in forms
        )
        raise AidcalcError(
            f"year columns written in forms that cannot be ordered together ({shown});"
            " write them one way"
        )
    seen: dict[int, str] = {}
    for _, y in found:
        if y.start in seen:
            raise AidcalcError(
                f"two columns for the year {y.start} ({seen[y.start]!r} and {y.label!r})"
            )
        seen[y.start] = y.label
    return found


def may_name_total(label: str) -> bool:
    """Whether a label may name a total: it has letters and is no year (``2021年`` is data)."""
    if not any(ch.isalpha() for ch in label):
        return False
    try:
        return all(parse_year(cell) is None for cell in label.split())
    except AidcalcError:
        return True
