"""Regressions from issue 10: wrong figures, yoy years, output that cannot be told apart.

Each test reproduces one item of the issue through the real CLI and asserts what the issue demands
once it is fixed. Where the issue leaves a choice, the test asserts only what any good choice
satisfies and says in a comment which decision it expects.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import bad, csv_rows, has_duplicate_keys, json_pairs, parse_csv, run

# ---------------------------------------------------------------------------------------------
# 3. yoy: full-width years


def test_full_width_year_is_the_same_year(write) -> None:
    """issue 10 item 3: `２０２０` and `2020` became two years and 2021 was compared with part of
    one (6.00×); years are normalised like amounts."""
    path = write("f.csv", "year,amount\n2019,100\n2020,150\n２０２０,50\n2021,300\n")
    rows = csv_rows("yoy", path)
    assert [r["amount"] for r in rows] == ["100", "200", "300", "300"]
    assert [r["multiple"] for r in rows] == ["", "2", "1.5", "3"]
    assert rows[2]["previous_amount"] == "200"


# ---------------------------------------------------------------------------------------------
# 4. mean: "vs overall mean" with a negative overall mean


def test_vs_overall_mean_keeps_its_sign_when_the_mean_is_negative(write) -> None:
    """issue 10 item 4: group a (mean 50) is above the overall mean (−80) but showed −162.50%.
    Any good fix gives a positive figure for a and a negative one for b (or leaves them blank)."""
    path = write("f.csv", "g,counties,amount\na,2,100\nb,3,-500\n")
    rows = {r["g"]: r for r in csv_rows("mean", path, "--by", "g")}
    a, b = rows["a"]["vs_mean"], rows["b"]["vs_mean"]
    assert a == "" or Decimal(a) > 0, a
    assert b == "" or Decimal(b) < 0, b
    assert (a, b) != ("", "")
    table = run("mean", path, "--by", "g").stdout
    a_line = next(line for line in table.splitlines() if line.startswith("a "))
    assert "-162" not in a_line and "−162" not in a_line, a_line


# ---------------------------------------------------------------------------------------------
# 22. yoy with years that are not plain digits


@pytest.mark.parametrize(
    "years",
    [
        ["2017年", "2018年", "2019年"],
        ["FY2017", "FY2018", "FY2019"],
        ["2017-18", "2018-19", "2019-20"],
        ["2017/18", "2018/19", "2019/20"],
    ],
)
def test_published_year_forms_are_read_and_shown_as_written(write, years: list[str]) -> None:
    """issue 10 item 22: three or more years written `2017年`, `FY2021`, `2022-23`, `2022/23`
    crashed; a fiscal year is known by the year it starts, and the label is shown as written."""
    body = "".join(f"{y},{n}\n" for n, y in enumerate(years, start=1))
    rows = csv_rows("yoy", write("f.csv", "year,amount\n" + body))
    assert [r["year"] for r in rows[:3]] == years
    assert [r["previous_year"] for r in rows[:3]] == ["", years[0], years[1]]
    assert [r["multiple"] for r in rows[:3]] == ["", "2", "1.5"]
    assert [r["note"] for r in rows[1:3]] == ["", ""]
    assert rows[3]["cagr"] == "0.732050807568877"


@pytest.mark.parametrize(
    "years",
    [
        ["2015年", "2017年", "2018年"],
        ["FY2015", "FY2017", "FY2018"],
        ["2015-16", "2017-18", "2018-19"],
    ],
)
def test_gaps_are_measured_on_the_years_not_on_rows(write, years: list[str]) -> None:
    """issue 10 item 22: `2015年` then `2017年` is a two-year gap; the span's growth is over three
    years."""
    body = "".join(f"{y},{n}\n" for n, y in enumerate(years, start=1))
    rows = csv_rows("yoy", write("f.csv", "year,amount\n" + body))
    assert "2 years" in rows[1]["note"], rows[1]
    assert rows[2]["note"] == ""
    assert rows[3]["cagr"] == "0.442249570307408"


@pytest.mark.parametrize("value", ["2020.0", "", "abc", "FY", "2020-2x"])
def test_other_year_forms_are_refused_naming_line_and_value(write, value: str) -> None:
    """issue 10 item 22: anything else was an internal error; it is refused naming the line and
    the value."""
    path = write("f.csv", f"year,amount\n2018,1\n2019,2\n{value},3\n")
    message = bad("yoy", path, "--format", "csv")
    assert "f.csv" in message and "line 4" in message, message
    assert "internal error" not in message
    if value:
        assert value in message, message


# ---------------------------------------------------------------------------------------------
# 29. Output: `all` groups, statistic names as --by columns, reading our own output back


def non_numeric(row: dict[str, Any], numeric: set[str]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in numeric}


@pytest.mark.parametrize("command", ["total", "summary", "share"])
def test_group_named_all_differs_from_the_overall_row(write, command: str) -> None:
    """issue 10 item 29: a group named `all` could not be told from the total row in CSV/JSON.
    Whatever marks the total row, the two rows must differ outside their figures."""
    path = write("f.csv", "g,counties,amount\nall,1,5\nb,1,3\n")
    numeric = {"rows", "counties", "total", "mean", "share"}
    rows = csv_rows(command, path, "--by", "g")
    group = next(r for r in rows if r["total"] == "5")
    overall = next(r for r in rows if r["total"] == "8")
    assert non_numeric(group, numeric) != non_numeric(overall, numeric), rows
    data = json.loads(run(command, path, "--by", "g", "--format", "json").stdout)
    group = next(r for r in data if r["total"] == 5)
    overall = next(r for r in data if r["total"] == 8)
    assert non_numeric(group, numeric) != non_numeric(overall, numeric), data


@pytest.mark.parametrize(
    "command, content, by",
    [
        ("share", "share,amount\nx,5\ny,3\n", ["--by", "share"]),
        ("total", "total,amount\nx,5\ny,3\n", ["--by", "total"]),
        ("summary", "rows,amount\nx,5\ny,3\n", ["--by", "rows"]),
        ("yoy", "year,amount\n2019,5\n2020,3\n", ["--by", "year"]),
        ("total", "g,amount\nx,5\ny,3\n", ["--by", "g", "--by", "g"]),
    ],
    ids=["share-by-share", "total-by-total", "summary-by-rows", "yoy-by-year", "by-g-twice"],
)
def test_by_column_colliding_with_a_statistic_is_refused_or_renamed(
    write, command: str, content: str, by: list[str]
) -> None:
    """issue 10 item 29: `share --by share`, `yoy --by year` and `--by g --by g` wrote duplicate
    JSON keys (a parser keeps the last, so the group is lost). Either is fine: refuse (exit 2, one
    line) or rename so that every JSON object has distinct keys and the groups survive."""
    path = write("f.csv", content)
    result = run(command, path, *by, "--format", "json", code=None)
    if result.exit_code == 2:
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1, result.stderr
        return
    assert result.exit_code == 0, result.output
    assert not has_duplicate_keys(json_pairs(result.stdout)), result.stdout
    first_value = content.splitlines()[1].split(",")[0]
    assert any(first_value in map(str, row.values()) for row in json.loads(result.stdout))
    header = run(command, path, *by, "--format", "csv").stdout.splitlines()[0].split(",")
    assert len(header) == len(set(header)), header


def test_own_csv_output_read_back_never_counts_the_total_twice(write, tmp_path: Path) -> None:
    """issue 10 item 29: `aidcalc total out.csv --amount total` on aidcalc's own CSV gave 16 for a
    total of 8. Either refuse (exit 2) or skip the marked total row; never double it."""
    path = write("f.csv", "g,amount\nall,5\nb,3\n")
    out = tmp_path / "out.csv"
    out.write_text(run("total", path, "--by", "g", "--format", "csv").stdout)
    result = run("total", out, "--amount", "total", "--format", "csv", code=None)
    if result.exit_code == 2:
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1
        return
    assert result.exit_code == 0, result.output
    assert parse_csv(result.stdout)[-1]["total"] == "8"


# ---------------------------------------------------------------------------------------------
# 31. `|` and line breaks in group names in tables


GROUPS = 'g,amount\n"a|b",1\n"c\nd",2\n'


def test_markdown_escapes_pipes_and_line_breaks(write) -> None:
    """issue 10 item 31: a group name with `|` or a line break broke the markdown table (a line
    break added a fake row)."""
    out = run("total", write("f.csv", GROUPS), "--by", "g", "--format", "markdown").stdout
    lines = out.splitlines()
    assert len(lines) == 2 + 3, out  # header, rule, a|b, c/d, overall
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in lines]
    assert len(set(cells)) == 1, out


@pytest.mark.parametrize("tablefmt", [None, "plain", "simple", "github"])
def test_plain_tables_keep_one_line_per_row(write, tablefmt: str | None) -> None:
    """issue 10 item 31: a line break in a group name added a fake row to plain tables."""
    extra = [] if tablefmt is None else ["--tablefmt", tablefmt]
    out = run("total", write("f.csv", GROUPS), "--by", "g", *extra).stdout
    lines = [line for line in out.splitlines() if not set(line) <= set("-:|+ ")]
    assert len(lines) == 1 + 3, out  # header, a|b, c/d, overall
    assert not any(line.strip() == "d" or line.startswith("d ") for line in lines), out
    if tablefmt == "github":
        cells = [len(re.findall(r"(?<!\\)\|", line)) for line in out.splitlines()]
        assert len(set(cells)) == 1, out
