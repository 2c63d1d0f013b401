"""Regressions from issue 10 in `aidcalc check`: verdicts, formula errors, crashes and a hang.

Each test reproduces one item (8–21) of the issue through the real CLI and asserts what the issue
demands once it is fixed. Where the issue leaves a choice, the test asserts only what any good
choice satisfies and says in a comment which decision it expects.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from helpers import ROOT, bad, parse_csv, run

KNOWN_COLUMNS = ["name", "reported", "formula", "claim", "precision"]
REPORTED_1_CSV = ["--reported", "1", "--format", "csv"]


def check_csv(*args: object, code: int | None = 0) -> list[dict[str, str]]:
    return parse_csv(run("check", *args, "--format", "csv", code=code).stdout)


def one(formula: str, reported: str, *extra: str, code: int | None = 0) -> dict[str, str]:
    (row,) = check_csv("--formula", formula, "--reported", reported, *extra, code=code)
    return row


def parse_table(text: str) -> list[dict[str, str]]:
    """Split a simple table into rows, using the dashed rule under the header for column spans."""
    lines = [line for line in text.splitlines() if not line.startswith("note:")]
    header, rule, *body = lines
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    spans = [(a, b if i + 1 < len(spans) else 10**6) for i, (a, b) in enumerate(spans)]
    names = [header[a:b].strip() for a, b in spans]
    return [{n: line[a:b].strip() for n, (a, b) in zip(names, spans)} for line in body]


# ---------------------------------------------------------------------------------------------
# 8. One-sided reported figures with a name


def test_named_one_sided_row_is_checked_like_any_other(write) -> None:
    """issue 10 item 8: `five,more than 50,a` was an error though nothing used its name; it is
    consistent (100 is more than 50)."""
    path = write("c.csv", "name,reported,formula\na,100,\nfive,more than 50,a\n")
    rows = check_csv(path)
    assert [r["verdict"] for r in rows] == ["given", "consistent"]


def test_named_one_sided_given_is_a_given(write) -> None:
    """issue 10 item 8: a one-sided given with a name is a given while nothing uses it."""
    path = write("c.csv", "name,reported,formula\nfive,more than 50,\nb,60,50+10\n")
    assert [r["verdict"] for r in check_csv(path)] == ["given", "consistent"]


def test_using_a_one_sided_name_is_an_error_in_a_whole_sentence(write) -> None:
    """issue 10 item 8: only a later formula that uses a one-sided name gets an error, and its
    reason is a whole sentence naming the name (not "... cannot be computed with")."""
    path = write("c.csv", "name,reported,formula\nfive,more than 50,\nb,60,five + 10\nc,2,1+1\n")
    rows = check_csv(path, code=2)
    assert [r["verdict"] for r in rows] == ["given", "error", "consistent"]
    reason = rows[1]["reason"]
    assert "five" in reason, reason
    assert not reason.rstrip(" .").endswith(" with"), reason


# ---------------------------------------------------------------------------------------------
# 9. Unknown claims columns; a run that checks nothing


@pytest.mark.parametrize(
    "header, unknown",
    [("name,reported,formulas", "formulas"), ("name,reportd,formula", "reportd")],
)
def test_unknown_claims_column_is_an_error(write, header: str, unknown: str) -> None:
    """issue 10 item 9: a typo in a claims header turned every row into a given and the run
    passed. Unknown columns are an error naming them and the known ones."""
    path = write("c.csv", f"{header}\na,100,50+50\n")
    message = bad("check", path)
    assert "c.csv" in message and unknown in message, message
    for known in KNOWN_COLUMNS:
        assert known in message.replace(unknown, ""), (known, message)


def test_run_that_checks_nothing_exits_2(write) -> None:
    """issue 10 item 9: a run in which no row was checked (all givens) says so and exits 2, so it
    cannot pass a pipeline."""
    path = write("c.csv", "name,reported\na,100\nb,200\n")
    for fmt in ("table", "csv", "json"):
        result = run("check", path, "--format", fmt, code=2)
        assert result.stderr.strip() != ""
        assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------
# 10. Precision of another kind than the figure


@pytest.mark.parametrize(
    "formula, reported, precision",
    [("0.51", "51%", "1000"), ("5", "51%", "1000"), ("1400", "1,000", "0.1%")],
)
def test_precision_option_of_another_kind_is_an_error(
    formula: str, reported: str, precision: str
) -> None:
    """issue 10 item 10: `--precision 1000` on `51%` allowed ±500 (50,000 percentage points).
    A precision of another kind than the figure is an error (exit 2)."""
    result = run(
        "check",
        "--formula",
        formula,
        "--reported",
        reported,
        "--precision",
        precision,
        "--format",
        "csv",
        code=2,
    )
    if result.stdout:
        assert [r["verdict"] for r in parse_csv(result.stdout)] == ["error"]
    else:
        assert len(result.stderr.splitlines()) == 1, result.stderr


def test_precision_column_of_another_kind_is_an_error_row(write) -> None:
    """issue 10 item 10: the same in the `precision` column; the other rows are still checked."""
    path = write(
        "c.csv",
        "reported,formula,precision\n"
        "51%,5,1000\n"
        '"1,000",1400,0.1%\n'
        "51%,0.5104,0.1%\n"
        '"1,000",1400,1000\n',
    )
    rows = check_csv(path, code=2)
    assert [r["verdict"] for r in rows] == ["error", "error", "consistent", "consistent"]


# ---------------------------------------------------------------------------------------------
# 11. A file with both `county` and `counties`


def test_total_of_a_file_with_county_and_counties(write, monkeypatch) -> None:
    """issue 10 item 11: `total(both.csv)` failed on a file with both `county` and `counties`
    columns, though a total needs no county count."""
    data = write("both.csv", "county,counties,amount\nA,2,10\nB,3,20\n")
    claims = write("c.csv", "reported,formula\n30,total(both.csv)\n2,rows(both.csv)\n")
    assert [r["verdict"] for r in check_csv(claims)] == ["consistent", "consistent"]
    monkeypatch.chdir(data.parent)
    assert one("total(both.csv)", "30")["verdict"] == "consistent"


# ---------------------------------------------------------------------------------------------
# 12. `computed` as text


def test_computed_differs_from_reported_when_inconsistent() -> None:
    """issue 10 item 12: `--formula "1999/2" --reported "1,000"` showed `1,000` beside `1,000`
    and "inconsistent"; show enough digits that they differ."""
    out = run("check", "--formula", "1999/2", "--reported", "1,000", code=1).stdout
    (row,) = parse_table(out)
    assert row["verdict"] == "inconsistent"
    computed = row["computed"].split(" (")[0]
    assert computed != row["reported"] == "1,000", row


@pytest.mark.parametrize(
    "formula, reported",
    [
        ("1999/2", "1,000"),
        ("0.1185 - 1/10^9", "11.9%"),
        ("2.4999", "2.5"),
        ("1.0049 million", "1.00 million"),
    ],
)
def test_computed_text_never_equals_reported_when_inconsistent(formula: str, reported: str) -> None:
    """issue 10 item 12: whenever the verdict is inconsistent, computed and reported differ."""
    result = run("check", "--formula", formula, "--reported", reported, code=None)
    (row,) = parse_table(result.stdout)
    if row["verdict"] == "inconsistent":
        assert row["computed"].split(" (")[0] != row["reported"], row


def test_computed_straddling_a_rounding_boundary_shows_one_more_digit() -> None:
    """issue 10 item 12: when the computed interval straddles a rounding boundary of the reported
    notation, one more digit (`11.8%` beside `11.9%` and "consistent" reads as a tool error)."""
    out = run("check", "--formula", "1.18/10", "--reported", "11.9%").stdout
    (row,) = parse_table(out)
    assert row["verdict"] == "consistent"
    computed = row["computed"].split(" (")[0]
    assert re.fullmatch(r"11\.\d\d%", computed), row


# ---------------------------------------------------------------------------------------------
# 13. A row that uses the name of a failed row


def test_using_a_failed_row_says_that_row_failed(write) -> None:
    """issue 10 item 13: a row that uses the name of a row that failed said "no earlier row has
    that name"; say that the row failed."""
    path = write("c.csv", "name,reported,formula\na,1,1/0\nb,2,a+1\n")
    rows = check_csv(path, code=2)
    assert [r["verdict"] for r in rows] == ["error", "error"]
    reason = rows[1]["reason"]
    assert "no earlier row" not in reason, reason
    assert "a" in reason and ("line 2" in reason or "fail" in reason or "error" in reason), reason


# ---------------------------------------------------------------------------------------------
# 14. Signs of "off by"


@pytest.mark.parametrize(
    "formula, reported, sign",
    [
        ("999999999", "1,000,000,000", "-"),
        ("999999999.5", "1,000,000,000", "-"),
        ("1000000001", "1,000,000,000", "+"),
    ],
)
def test_off_by_and_its_percentage_agree_in_sign(formula: str, reported: str, sign: str) -> None:
    """issue 10 item 14: `off by -0.000…466 (+0.0%)`: the two signs disagreed."""
    row = one(formula, reported, code=1)
    match = re.fullmatch(r"off by ([-+−]?)[^(]*\(([-+−]?)[^)]*\)(?:; fix: .*)?", row["reason"])
    assert match, row["reason"]
    first, second = (s.replace("−", "-") for s in match.groups())
    assert first == sign, row["reason"]
    assert second in (sign, ""), row["reason"]


# ---------------------------------------------------------------------------------------------
# 15. Non-integer powers at extreme exponents


def test_extreme_power_bounds_contain_the_true_value() -> None:
    """issue 10 item 15: the true value rounds to the reported figure, yet it said inconsistent;
    the bounds must always contain the true value."""
    row = one(
        "(3000000000001/3000000000000)^(1000000000000 + 1/2)",
        "1.3956124250862445966753570944056527",
        code=None,
    )
    assert row["verdict"] == "consistent", row


# ---------------------------------------------------------------------------------------------
# 16. cagr


@pytest.mark.parametrize("years", ["-1", "0", "-3"])
def test_cagr_span_must_be_positive(years: str) -> None:
    """issue 10 item 16: `cagr(100, 200, -1)` was accepted; a span of years must be positive."""
    row = one(f"cagr(100, 200, {years})", "1", code=2)
    assert row["verdict"] == "error", row


def test_cagr_without_spaces_says_how_to_write_it() -> None:
    """issue 10 item 16: `cagr(100,200,3)` was refused with "thousands commas"; say instead how to
    write it (a space after each comma)."""
    row = one("cagr(100,200,3)", "26%", code=2)
    assert row["verdict"] == "error"
    reason = row["reason"]
    assert "space" in reason or "cagr(100, 200, 3)" in reason, reason


# ---------------------------------------------------------------------------------------------
# 17. Full-width digits in formulas


@pytest.mark.parametrize(
    "formula, reported", [("１+１", "2"), ("２.５ * ２", "5"), ("１４.３５亿", "1.435 billion")]
)
def test_full_width_digits_in_formulas(formula: str, reported: str) -> None:
    """issue 10 item 17: full-width digits in formulas were refused, though cells accept them."""
    assert one(formula, reported)["verdict"] == "consistent"


# ---------------------------------------------------------------------------------------------
# 18. 15 significant digits in machine formats


def test_cagr_value_and_bounds_to_15_significant_digits_csv() -> None:
    """issue 10 item 18: machine formats gave `cagr` value, low and high with 40 to 80 digits;
    the value has 15 significant digits and the bounds are rounded outward to as many."""
    row = one("cagr(100, 200, 3)", "26%")
    # 2^(1/3) - 1 = 0.25992104989487316476…
    assert (row["value"], row["low"], row["high"]) == (
        "0.259921049894873",
        "0.259921049894873",
        "0.259921049894874",
    )


def test_cagr_value_and_bounds_to_15_significant_digits_json() -> None:
    """issue 10 item 18: the same in JSON, compared as exact decimals."""
    out = run(
        "check", "--formula", "cagr(100, 200, 3)", "--reported", "26%", "--format", "json"
    ).stdout
    (row,) = json.loads(out, parse_float=Decimal)
    assert (row["value"], row["low"], row["high"]) == (
        Decimal("0.259921049894873"),
        Decimal("0.259921049894873"),
        Decimal("0.259921049894874"),
    )


def test_square_root_bounds_rounded_outward() -> None:
    """issue 10 item 18: bounds rounded outward still contain the true value (√2 = 1.41421356…)."""
    row = one("2^(1/2)", "1.41")
    low, high = Decimal(row["low"]), Decimal(row["high"])
    with localcontext() as ctx:
        ctx.prec = 80
        root2 = Decimal(2).sqrt()
    assert low <= root2 <= high
    assert Decimal(row["value"]) == Decimal("1.41421356237310")
    for column in ("value", "low", "high"):
        assert len(Decimal(row[column]).normalize().as_tuple().digits) <= 15, row


# ---------------------------------------------------------------------------------------------
# 19. A reported figure in parentheses


@pytest.mark.parametrize("reported", ["(3%)", "(3 percent)"])
def test_reported_in_parentheses_is_not_negative(reported: str) -> None:
    """issue 10 item 19: `(3%)` was read as −3%; in prose a parenthesis is an aside."""
    assert one("0.03", reported)["verdict"] == "consistent"
    assert one("-0.03", reported, code=1)["verdict"] == "inconsistent"


# ---------------------------------------------------------------------------------------------
# 20. Results too large to print


def test_huge_result_is_an_error_row() -> None:
    """issue 10 item 20: a result of 4,300 digits or more passed the size guard and crashed when
    printed; it is an error row, exit 2."""
    for fmt in ("csv", "json", "table"):
        result = run(
            "check", "--formula", "(10^1000)^5", "--reported", "1", "--format", fmt, code=2
        )
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        assert "error" in result.stdout


def test_huge_result_in_a_claims_file_keeps_every_other_row(write) -> None:
    """issue 10 item 20: in a claims file every row's output was lost."""
    path = write("c.csv", "reported,formula\n2,1+1\n1,(10^1000)^5\n3,1+2\n1,10^5000\n")
    rows = check_csv(path, code=2)
    assert [r["verdict"] for r in rows] == ["consistent", "error", "consistent", "error"]
    assert all(len(r["value"]) < 100 for r in rows), rows
    table = run("check", path, code=2).stdout
    assert len(parse_table(table)) == 4, table


# ---------------------------------------------------------------------------------------------
# 21. Nested powers


@pytest.mark.parametrize(
    "formula", ["((1.1^1000)^1000)^1000", "((2^1000)^1000)^1000", "(1.1^1000)^(1000^2)"]
)
def test_nested_powers_finish_quickly_with_an_error_row(formula: str) -> None:
    """issue 10 item 21: nested powers skipped the size check and ran for minutes; the size is
    estimated before computing, and the row is an error (one row, exit 2), within 20 s."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "aidcalc", "check", "--formula", formula, *REPORTED_1_CSV],
        capture_output=True,
        env=env,
        timeout=20,
    )
    assert done.returncode == 2, done.stderr
    (row,) = parse_csv(done.stdout.decode())
    assert row["verdict"] == "error", row
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr


def test_nested_power_in_a_claims_file_keeps_the_other_rows(tmp_path: Path) -> None:
    """issue 10 item 21: the same through a claims file, the other rows still checked."""
    path = tmp_path / "c.csv"
    path.write_text("reported,formula\n1,((1.1^1000)^1000)^1000\n2,1+1\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "aidcalc", "check", str(path), "--format", "csv"],
        capture_output=True,
        env=env,
        timeout=20,
    )
    assert done.returncode == 2, done.stderr
    assert [r["verdict"] for r in parse_csv(done.stdout.decode())] == ["error", "consistent"]
