"""aidcalc check: verdicts that respect rounding, the formula language, and every error case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers import DATA, parse_csv, parse_json, run


def check_one(formula: str, reported: str, code: int = 0, *extra: str) -> dict[str, str]:
    out = run(
        "check", "--formula", formula, "--reported", reported, "--format", "json", *extra, code=code
    ).stdout
    (row,) = parse_json(out)
    return row


def verdict(formula: str, reported: str) -> str:
    result = run(
        "check", "--formula", formula, "--reported", reported, "--format", "csv", code=None
    )
    return parse_csv(result.stdout)[0]["verdict"]


# ---------------------------------------------------------------------------------------------
# The article


def test_article_claims_table_and_exit_status() -> None:
    result = run("check", DATA / "claims-2018.csv", code=1)
    assert result.stdout == (
        "name               claim                                                 reported       computed                                          verdict       why\n"
        "-----------------  ----------------------------------------------------  -------------  ------------------------------------------------  ------------  ------------------------------\n"
        "total              funds in 2018 were 2.831 billion yuan                 2.831 billion                                                    given\n"
        "growth             six times that of 2017                                six times                                                        given\n"
        "counties           a total of 72 partner counties                        72                                                               given\n"
        "average            an average of 39.33 million yuan in each county       39.33 million  39.319 million (39.3125 million–39.3264 million)  consistent\n"
        "severe             the 25 severely poor counties got 1.435 billion yuan  1.435 billion                                                    given\n"
        "severe_counties    the 25 severely poverty-stricken areas                25                                                               given\n"
        "severe_share       51% of this province's total funds                    51%            51% (50.6%–50.8%)                                 consistent\n"
        "severe_average     an average of 57.4 million yuan to each county        57.4 million   57.4 million (57.38 million–57.42 million)        consistent\n"
        "severe_vs_average  31% higher than the average funds                     31%            46% (45.7%–46.1%)                                 inconsistent  off by +14.3 percentage points\n"
        "note: 9 figures: 3 consistent, 1 inconsistent, 5 unchecked (why: 5 given)\n"
    )


def test_article_claims_against_the_data_file() -> None:
    rows = parse_csv(run("check", DATA / "claims-2018-data.csv", "--format", "csv", code=1).stdout)
    assert {r["name"]: r["verdict"] for r in rows} == {
        "total": "consistent",
        "counties": "consistent",
        "average": "consistent",
        "severe": "consistent",
        "severe_counties": "consistent",
        "severe_share": "consistent",
        "severe_average": "consistent",
        "severe_vs_average": "inconsistent",
    }
    average = next(r for r in rows if r["name"] == "average")
    # total(2018.csv) is 2,831,000,000 ± 1,000,000 (two cells rounded to the million)
    assert Decimal(average["low"]) <= Decimal(2830000000) / 72 <= Decimal(average["high"])
    assert Decimal(average["low"]) == (Decimal(2830000000) / 72).quantize(
        Decimal("1e-7"), "ROUND_FLOOR"
    )


def test_the_naive_recomputation_would_be_wrong_but_the_checker_is_not() -> None:
    # 2,831,000,000 / 72 rounds to 39.32 million, yet 39.33 is a correct report of 2.831 billion
    row = check_one("2.831 billion / 72", "39.33 million")
    assert row["verdict"] == "consistent"
    assert Decimal(str(row["value"])).quantize(Decimal("1")) == Decimal(39319444)
    # with the total taken as exact, 39.33 million is not right
    assert check_one("2831000000 / 72", "39.33 million", 1)["verdict"] == "inconsistent"


def test_single_claim_table() -> None:
    out = run(
        "check", "--formula", "57.4 million / 39.33 million - 1", "--reported", "31%", code=1
    ).stdout
    assert out == (
        "reported    computed           verdict       why\n"
        "----------  -----------------  ------------  ------------------------------\n"
        "31%         46% (45.7%–46.1%)  inconsistent  off by +14.3 percentage points\n"
        "note: 1 figure: 0 consistent, 1 inconsistent, 0 unchecked\n"
    )


# ---------------------------------------------------------------------------------------------
# Reported forms


@pytest.mark.parametrize(
    "formula, reported, expected",
    [
        ("51 / 100", "51%", "consistent"),
        ("0.514", "51 percent", "consistent"),
        ("0.516", "51%", "inconsistent"),
        ("0.054", "5.4 percentage points", "consistent"),
        ("0.054", "5.4pp", "consistent"),
        ("0.06", "5.4pp", "inconsistent"),
        ("2.831 billion / 471 million", "6x", "consistent"),
        ("6.4", "6 times", "consistent"),
        ("6.6", "six times", "inconsistent"),
        ("6.2", "6倍", "consistent"),
        ("5400亿", "more than 5300亿", "consistent"),
        ("530000000000", "more than 5300亿", "inconsistent"),
        ("5300亿", "more than 5300亿", "consistent"),  # a rounded 5300亿 may be a bit more
        ("5300亿", "at least 5300亿", "consistent"),
        ("5200亿", "over 5300亿", "inconsistent"),
        ("2", "less than 3", "consistent"),
        ("3", "under 3", "inconsistent"),
        ("3", "at most 3", "consistent"),
        ("4", "below 3", "inconsistent"),
        ("1435000000", "1,435,000,000", "consistent"),
        ("1435000001", "1,435,000,000", "inconsistent"),
        ("1435400000", "14.35亿", "consistent"),
        ("39.33 million", "¥39.33 million", "consistent"),
    ],
)
def test_reported_forms(formula: str, reported: str, expected: str) -> None:
    assert verdict(formula, reported) == expected


def test_precision_option_and_column(write) -> None:
    assert (
        check_one("1435400000", "14.35亿", 1, "--precision", "exact")["verdict"] == "inconsistent"
    )
    assert check_one("1435", "1,000", 0, "--precision", "1000")["verdict"] == "consistent"
    path = write(
        "p.csv",
        "reported,formula,precision\n"
        "51%,0.5149,\n"
        "51%,0.5149,0.1%\n"
        "1000,1400,1000\n"
        "1000,1400,exact\n",
    )
    rows = parse_csv(run("check", path, "--format", "csv", code=1).stdout)
    assert [r["verdict"] for r in rows] == [
        "consistent",
        "inconsistent",
        "consistent",
        "inconsistent",
    ]


# ---------------------------------------------------------------------------------------------
# Operators and functions


@pytest.mark.parametrize(
    "formula, value",
    [
        ("1 + 2", "3"),
        ("10 - 4 - 3", "3"),
        ("2 * 3 * 4", "24"),
        ("1 / 8", "0.125"),
        ("2 ^ 10", "1024"),
        ("2 ^ 3 ^ 2", "512"),
        ("2 ^ -1", "0.5"),
        ("-2 ^ 2", "-4"),
        ("(-2) ^ 2", "4"),
        ("--3", "3"),
        ("-(1 + 2) * 3", "-9"),
        ("(1 + 2) * 3", "9"),
        ("1 + 2 * 3", "7"),
        ("sum(1, 2, 3)", "6"),
        ("min(3, 1, 2)", "1"),
        ("max(3, 1, 2)", "3"),
        ("cagr(100, 121, 2)", "0.1"),
        ("SUM(1, 2)", "3"),
        ("16 ^ 0.5", "4"),
        ("51% * 200", "102"),
        ("1.5 k + 1", "1501"),
        ("24.7亿 / 10", "247000000"),
    ],
)
def test_operators_and_functions(formula: str, value: str) -> None:
    row = check_one(formula, value)
    assert row["verdict"] == "consistent", row
    assert Decimal(str(row["value"])) == Decimal(value)


def test_intervals_through_operators() -> None:
    row = check_one("1.5 - 0.5", "1")
    assert (row["low"], row["high"]) == (0.9, 1.1)
    row = check_one("1.5 * 2.0", "3")
    assert (Decimal(str(row["low"])), Decimal(str(row["high"]))) == (
        Decimal("2.8275"),
        Decimal("3.1775"),
    )
    row = check_one("cagr(100, 121, 2)", "10%")
    assert Decimal(str(row["low"])) <= Decimal("0.1") <= Decimal(str(row["high"]))


def test_data_functions_with_filters(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "alloc.csv").write_text(
        "province,county,category,amount\n四川,A,severe,100\n四川,A,other,50\n四川,B,severe,30.5\n贵州,C,severe,20\n",
        encoding="utf-8",
    )
    claims = tmp_path / "claims.csv"
    claims.write_text(
        "name,reported,formula\n"
        "t,200.5,total(sub/alloc.csv)\n"
        ',180.5,"total(sub/alloc.csv[province=四川])"\n'
        ",130.5,\"total(sub/alloc.csv[province='四川', category=severe])\"\n"
        ',20,"total(sub/alloc.csv[province!=四川, category!=other])"\n'
        ",3,counties(sub/alloc.csv)\n"
        ",4,rows(sub/alloc.csv)\n"
        ",66.83,mean(sub/alloc.csv)\n"
        ',90.25,"mean(sub/alloc.csv[province=四川])"\n'
        ",0.5,t / 401\n",
        encoding="utf-8",
    )
    rows = parse_csv(run("check", claims, "--format", "csv").stdout)
    assert [r["verdict"] for r in rows] == ["consistent"] * 9, rows
    # 30.5 is rounded to the tenth, so the total is 200.5 ± 0.05
    assert (rows[0]["low"], rows[0]["high"]) == ("200.45", "200.55")


# ---------------------------------------------------------------------------------------------
# Errors: the row says why, the others are still checked, exit 2


@pytest.mark.parametrize(
    "formula, why",
    [
        ("1 +", "ends where a number"),
        ("(1 + 2", "expected ')'"),
        ("1 2", "unexpected '2'"),
        ("nobody * 2", "unknown name 'nobody'"),
        ("foo(1)", "unknown function 'foo'"),
        ("total(missing.csv)", "no such file 'missing.csv'"),
        ("total(.)", "is not a regular file"),
        ("total(data.csv[nope=1])", "no column 'nope' here"),
        ("total(data.csv[nope])", "a filter is COLUMN=VALUE"),
        ("total()", "needs a file"),
        ("total(data.csv", "no closing ')'"),
        ("1 / 0", "division by zero"),
        ("1 / (0.1 - 0.1)", "division by a value that can be zero"),
        ("1 / 0.0", "division by a value that can be zero"),
        ("mean(nocounties.csv)", "neither a 'counties' nor a 'county' column"),
        ("(-8) ^ 0.5", "non-integer power"),
        ("2 ^ 100000", "exponent over 1000"),
        ("2 ** 3", "'**' is not an operator"),
        ("__import__('os')", "unknown function '__import__'"),
        ("__import__('os').system('touch PWNED')", "unknown function"),
        ("().__class__", "unexpected ')'"),
        ("x.__class__", "unexpected '.'"),
        ("getattr(1, 'real')", "unknown function 'getattr'"),
        ("eval('1')", "unknown function 'eval'"),
        ("lambda: 1", "unexpected ':'"),
        ("[1][0]", "unexpected '['"),
        ("max(1,234)", "ambiguous"),
        ("cagr(1, 2)", "three arguments"),
        ("(" * 200 + "1" + ")" * 200, "levels of nesting"),
        ("-" * 200 + "1", "levels of nesting"),
        ("+".join(["1"] * 3000), "longer than 4000 characters"),
    ],
)
def test_error_rows(tmp_path: Path, formula: str, why: str) -> None:
    (tmp_path / "data.csv").write_text("amount\n1\n")
    (tmp_path / "nocounties.csv").write_text("amount\n1\n")
    claims = tmp_path / "claims.csv"
    claims.write_text(
        "name,reported,formula\n"
        "ok,3,1 + 2\n"
        f'bad,1,"{formula.replace(chr(34), chr(34) * 2)}"\n'
        "later,3,1 + 2\n"
    )
    result = run("check", claims, "--format", "json", code=2)
    rows = parse_json(result.stdout)
    assert [r["verdict"] for r in rows] == ["consistent", "error", "consistent"]
    assert why in rows[1]["reason"], rows[1]["reason"]
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_long_but_reasonable_formula_works() -> None:
    row = check_one("+".join(["1"] * 1500), "1500")
    assert row["verdict"] == "consistent"


@pytest.mark.parametrize(
    "claims, why",
    [
        ("name,reported,formula\nx,lots,\n", "not a figure"),
        ("name,reported,formula\n1x,1,\n", "is not a name"),
        ("name,reported,formula\nx,1,\nx,2,\n", "already used"),
        ("name,reported,formula\nx,more than 5,\ny,1,x + 1\n", "one-sided"),
        ("reported,formula,precision\n1,1,huge\n", "precision"),
    ],
)
def test_bad_rows(write, claims: str, why: str) -> None:
    rows = parse_csv(run("check", write("c.csv", claims), "--format", "csv", code=2).stdout)
    assert any(r["verdict"] == "error" and why in r["reason"] for r in rows), rows


def test_claims_file_without_reported_column(write) -> None:
    result = run("check", write("c.csv", "formula\n1\n"), code=2)
    assert result.stdout == "" and "no column 'reported' here" in result.stderr


def test_exit_zero_when_all_consistent(write) -> None:
    assert run("check", write("c.csv", "reported,formula\n3,1 + 2\n")).exit_code == 0


def test_usage_errors() -> None:
    assert "give a claims file" in run("check", code=2).stderr
    assert "not both" in run("check", "x.csv", "--formula", "1", "--reported", "1", code=2).stderr
    assert "both --formula and --reported" in run("check", "--formula", "1", code=2).stderr


def test_claims_from_stdin_resolve_paths_from_the_working_directory(monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    result = run(
        "check", "-", "--format", "csv", input="reported,formula\n2.831 billion,total(2018.csv)\n"
    )
    assert parse_csv(result.stdout)[0]["verdict"] == "consistent"


def test_unreadable_data_file_is_an_error_row(tmp_path: Path, monkeypatch) -> None:
    import aidcalc.reader.delimited

    (tmp_path / "secret.csv").write_text("amount\n1\n")
    claims = tmp_path / "claims.csv"
    claims.write_text("reported,formula\n1,total(secret.csv)\n3,1 + 2\n")
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("secret.csv"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(aidcalc.reader.delimited, "open", guarded_open, raising=False)
    rows = parse_csv(run("check", claims, "--format", "csv", code=2).stdout)
    assert [r["verdict"] for r in rows] == ["error", "consistent"]
    assert "not readable" in rows[0]["reason"]
