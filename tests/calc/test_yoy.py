"""Year over year: from a year column or from file names; gaps, new groups and zero bases."""

from __future__ import annotations

import shutil
from decimal import Decimal

from helpers import DATA, bad, parse_csv, run


def test_central_fund_table() -> None:
    assert run("yoy", DATA / "central-fund.csv", "--unit", "yi").stdout == (
        "year         amount (yi)  base year      base amount (yi)    multiple    change    abs change (yi)     CAGR  note\n"
        "---------  -------------  -----------  ------------------  ----------  --------  -----------------  -------  ------------------\n"
        "2012              332.00                                                                                     first year\n"
        "2013              394.00  2012                     332.00       1.19×   +18.67%              62.00\n"
        "2014              432.87  2013                     394.00       1.10×    +9.87%              38.87\n"
        "2015              460.90  2014                     432.87       1.06×    +6.48%              28.03\n"
        "2017              860.95  2015                     460.90       1.87×   +86.80%             400.05           2 years since 2015\n"
        "2018            1,060.95  2017                     860.95       1.23×   +23.23%             200.00\n"
        "2019            1,260.95  2018                   1,060.95       1.19×   +18.85%             200.00\n"
        "2020            1,461.00  2019                   1,260.95       1.16×   +15.87%             200.05\n"
        "2012–2020       1,461.00  2012                     332.00       4.40×  +340.06%           1,129.00  +20.35%\n"
    )


def test_central_fund_csv() -> None:
    rows = parse_csv(run("yoy", DATA / "central-fund.csv", "--format", "csv").stdout)
    by_year = {r["year"]: r for r in rows}
    assert by_year["2018"]["amount"] == "106095000000"
    assert by_year["2018"]["previous_amount"] == "86095000000"
    assert by_year["2018"]["abs_change"] == "20000000000"
    assert Decimal(by_year["2018"]["multiple"]) == Decimal("1.23230152738254")
    span = by_year["2012–2020"]
    assert (span["previous_year"], span["previous_amount"], span["amount"]) == (
        "2012",
        "33200000000",
        "146100000000",
    )
    # CAGR: 332亿 growing for 8 years to 1461亿
    cagr = Decimal(span["cagr"])
    assert abs((1 + cagr) ** 8 * Decimal(33200000000) - Decimal(146100000000)) < 1000


def test_years_from_file_names_with_missing_groups_and_zero(tmp_path) -> None:
    (tmp_path / "2017.csv").write_text("province,amount\nA,100\nB,50\n")
    (tmp_path / "funds-2018.csv").write_text("province,amount\nA,150\nC,10\nB,0\n")
    (tmp_path / "2019.csv").write_text("province,amount\nA,0\nB,5\nC,20\n")
    files = [tmp_path / n for n in ("2017.csv", "funds-2018.csv", "2019.csv")]
    rows = parse_csv(run("yoy", *files, "--by", "province", "--format", "csv").stdout)
    got = {(r["province"], r["year"]): r for r in rows}
    assert got["A", "2018"]["multiple"] == "1.5" and got["A", "2018"]["change"] == "0.5"
    assert got["A", "2017–2019"]["multiple"] == "0" and got["A", "2017–2019"]["cagr"] == "-1"
    assert got["C", "2017"]["note"] == "not in 2017" and got["C", "2017"]["amount"] == ""
    assert got["C", "2018"]["note"] == "not in 2017" and got["C", "2018"]["multiple"] == ""
    assert got["B", "2019"]["note"] == "zero in 2018: no multiple"
    assert got["B", "2019"]["abs_change"] == "5"
    assert got["B", "2017–2019"]["multiple"] == "0.1"


def test_file_against_itself_is_one(tmp_path) -> None:
    shutil.copy(DATA / "2018.csv", tmp_path / "2017.csv")
    shutil.copy(DATA / "2018.csv", tmp_path / "2018.csv")
    rows = parse_csv(
        run(
            "yoy", tmp_path / "2017.csv", tmp_path / "2018.csv", "--by", "group", "--format", "csv"
        ).stdout
    )
    assert [r["multiple"] for r in rows if r["year"] == "2018"] == ["1", "1"]


def test_year_column_option(write) -> None:
    path = write("y.csv", "fy,amount\n2020,10\n2021,25\n")
    rows = parse_csv(run("yoy", path, "--year", "fy", "--format", "csv").stdout)
    assert rows[1]["multiple"] == "2.5"


def test_yoy_needs_a_year(write) -> None:
    path = write("y.csv", "amount\n1\n")
    assert "no year column 'year'" in bad("yoy", path)
    a, b = write("a.csv", "amount\n1\n"), write("b2018-2019.csv", "amount\n1\n")
    assert "cannot tell the year from the file name" in bad("yoy", a, b)
