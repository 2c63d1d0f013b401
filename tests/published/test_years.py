"""Years as published tables write them (issue 10 item 22, issue 11 item 5)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidcalc.core.errors import AidcalcError
from aidcalc.published.years import FIRST_YEAR, LAST_YEAR, Year, YearForm, parse_year, year_columns

C, F, FY = YearForm.CALENDAR, YearForm.FISCAL, YearForm.FY


@pytest.mark.parametrize(
    "text, start, form",
    [
        ("2017", 2017, C),
        ("２０１７", 2017, C),
        (" 2017 ", 2017, C),
        ("2017年", 2017, C),
        ("２０１７年", 2017, C),
        ("2017年度", 2017, C),
        ("2016年", 2016, C),
        ("2017 (万元)", 2017, C),
        ("2017（万元）", 2017, C),
        ("2017年（亿元）", 2017, C),
        ("2023-24 (£m)", 2023, F),
        ("FY2021", 2021, FY),
        ("fy 2024", 2024, FY),
        ("FY2024", 2024, FY),
        ("2022-23", 2022, F),
        ("2022/23", 2022, F),
        ("2022–23", 2022, F),
        ("2022—23", 2022, F),
        ("2023-24", 2023, F),
        ("2023/24", 2023, F),
        ("2024-25", 2024, F),
        ("1999-00", 1999, F),
        ("2022-2023", 2022, F),
        ("FY2022-23", 2022, F),
        ("2019-06-03", 2019, C),
        ("2019/6/3", 2019, C),
        ("2019.06.03", 2019, C),
        ("2019-06-03 00:00:00", 2019, C),
        ("2019-06-03T00:00:00", 2019, C),
        ("2019年6月3日", 2019, C),
    ],
)
def test_parse_year(text: str, start: int, form: YearForm) -> None:
    label = re.sub(r"\s*[(（].*[)）]$", "", text.strip())
    if re.search(r"\d[-/.月年]\d", label) and form is YearForm.CALENDAR:
        label = str(start)  # a date in a year column is shown as its year
    assert parse_year(text) == Year(start, label, form)


def test_the_label_is_kept_as_written() -> None:
    y = parse_year("２０１７年")
    assert y is not None and y.label == "２０１７年"
    y = parse_year("2017 (万元)")
    assert y is not None and y.label == "2017"
    y = parse_year("2022/23")
    assert y is not None and y.label == "2022/23"


@pytest.mark.parametrize(
    "text",
    ["", "地区", "项目", "2017年预算", "Class", "1200", "2300", "20170", "17", "Total", "2017a"],
)
def test_not_a_year(text: str) -> None:
    assert parse_year(text) is None


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2020.0", "decimal"),
        ("2017.5", "decimal"),
        ("FY21", "two-digit"),
        ("2022-24", "not one fiscal year"),
        ("2022/2024", "not one fiscal year"),
        ("2022-22", "not one fiscal year"),
        ("2019-13-01", "not a date"),
        ("2019-02-30", "not a date"),
    ],
)
def test_refused(text: str, reason: str) -> None:
    with pytest.raises(AidcalcError, match=reason) as e:
        parse_year(text)
    assert e.value.value == text


@given(st.integers(FIRST_YEAR, LAST_YEAR - 1))
def test_every_form_gives_the_start_year(y: int) -> None:
    short = f"{(y + 1) % 100:02d}"
    for text in [str(y), f"{y}年", f"FY{y}", f"{y}-{short}", f"{y}/{short}", f"{y}-{y + 1}"]:
        got = parse_year(text)
        assert got is not None and got.start == y and got.label == text


def test_year_columns_layout_3() -> None:
    got = year_columns(["项目", "2016年", "2017年", "2018年", "2019年"])
    assert [(i, y.start) for i, y in got] == [(1, 2016), (2, 2017), (3, 2018), (4, 2019)]


def test_year_columns_layout_2() -> None:
    got = year_columns(["Class", "Authority", "2023-24", "2024-25"])
    assert [(i, y.start, y.label) for i, y in got] == [(2, 2023, "2023-24"), (3, 2024, "2024-25")]


def test_year_columns_with_units_and_gaps() -> None:
    got = year_columns(["地区", "2015 (万元)", "2017 (万元)"])
    assert [y.start for _, y in got] == [2015, 2017]  # a two-year gap, measured on the years


@pytest.mark.parametrize(
    "headers, reason",
    [
        (["项目", "2017", "2022-23"], "cannot be ordered"),
        (["项目", "FY2021", "2021-22"], "cannot be ordered"),
        (["项目", "FY2021", "2022"], "cannot be ordered"),
        (["项目", "2017", "2017年"], "two columns for the year 2017"),
        (["项目", "2020.0", "2021"], "decimal"),
    ],
)
def test_year_columns_refused(headers: list[str], reason: str) -> None:
    with pytest.raises(AidcalcError, match=reason):
        year_columns(headers)


def test_no_year_columns() -> None:
    assert year_columns(["地区", "县", "金额"]) == []
