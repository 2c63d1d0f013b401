"""Output decisions of issue 10 beyond its reproductions: the ``level`` column, refused ``--by``
names, years in ``yoy``, the sign of "vs overall mean", and text made safe in tables."""

from __future__ import annotations

import json

import pytest
from helpers import DATA, bad, parse_csv, run


def test_level_marks_group_all_and_span_rows() -> None:
    out = run("yoy", DATA / "central-fund.csv", "--format", "json").stdout
    levels = [r["level"] for r in json.loads(out)]
    assert levels == ["group"] * 8 + ["span"]
    rows = parse_csv(run("total", DATA / "2018.csv", "--by", "group", "--format", "csv").stdout)
    assert [(r["level"], r["group"]) for r in rows] == [
        ("group", "severely poor"),
        ("group", "other partner"),
        ("all", "all"),
    ]


def test_no_level_column_without_by_and_none_in_tables() -> None:
    assert run("total", DATA / "2018.csv", "--format", "csv").stdout == "rows,total\n2,2831000000\n"
    table = run("total", DATA / "2018.csv", "--by", "group").stdout
    assert "level" not in table and table.splitlines()[-1].startswith("all ")


def test_records_carry_the_level() -> None:
    import aidcalc

    records = aidcalc.total("data/2018.csv", by="group").records()
    assert [r["level"] for r in records] == ["group", "group", "all"]


@pytest.mark.parametrize(
    "by, words",
    [
        (["--by", "level"], "already has a column named 'level'"),
        (["--by", "Total (万元)"], "already has a column named 'total'"),
        (["--by", "g", "--by", " G "], "already grouped by"),
    ],
)
def test_by_columns_that_would_repeat_a_key_are_refused(write, by: list[str], words: str) -> None:
    path = write("f.csv", "g,level,total (万元),amount\nx,1,2,5\n")
    assert words in bad("total", path, *by, "--format", "json")


def test_spellings_of_one_year_are_one_year_shown_as_first_written(write) -> None:
    """Issue 10 items 3 and 22: 2017年 and 2017 are one year, shown as first written."""
    path = write("f.csv", "year,amount\n2016年,1\n2017年,2\n2017,3\n２０１８,10\n")
    rows = parse_csv(run("yoy", path, "--format", "csv").stdout)
    assert [(r["year"], r["amount"]) for r in rows] == [
        ("2016年", "1"),
        ("2017年", "5"),
        ("2018", "10"),  # full-width digits are read as digits (NFKC), like every group value
        ("2016年–2018", "10"),
    ]


def test_year_forms_that_cannot_be_ordered_together_are_refused(write) -> None:
    path = write("f.csv", "year,amount\n2017,1\n2018,2\nFY2019,3\n")
    message = bad("yoy", path)
    assert "line 4" in message and "FY2019" in message and "one way" in message, message


def test_a_bad_year_on_stdin_names_the_value() -> None:
    message = bad("yoy", "-", input="year,amount\n2018,1\nnext,2\n")
    assert '"next"' in message and "not a year" in message, message


def test_years_from_file_names_still_work(tmp_path) -> None:
    for year, amount in (("2017", 1), ("2019", 4)):
        (tmp_path / f"funds-{year}.csv").write_text(f"amount\n{amount}\n")
    files = sorted(tmp_path.iterdir())
    rows = parse_csv(run("yoy", *files, "--format", "csv").stdout)
    assert [(r["year"], r["multiple"], r["note"]) for r in rows] == [
        ("2017", "", "first year"),
        ("2019", "4", "2 years since 2017"),
    ]


def test_vs_overall_mean_with_a_negative_mean_is_relative_to_its_size(write) -> None:
    path = write("f.csv", "g,counties,amount\na,2,100\nb,3,-500\n")
    result = run("mean", path, "--by", "g", "--format", "csv")
    rows = {r["g"]: r["vs_mean"] for r in parse_csv(result.stdout)}
    assert rows == {"a": "1.625", "b": "-1.08333333333333", "all": "0"}
    assert "overall mean is negative" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_notes_are_one_line_each(fmt: str) -> None:
    from aidcalc.core.result import ColumnKind, Result, ResultColumn
    from aidcalc.output.render import Output, render

    result = Result([ResultColumn("g", "g", ColumnKind.TEXT)], [["x"]], ["not in a\nb\x1b[2J"])
    rendered = render(result, Output(fmt))
    notes = rendered.stderr if fmt == "csv" else rendered.stdout.split("note: ")[1]
    assert notes.count("\n") == 1 and "\x1b" not in notes, repr(notes)
    assert "a\\nb\\x1b[2J" in notes


def test_pipes_are_escaped_only_where_they_separate_columns(write) -> None:
    path = write("f.csv", 'g,amount\n"a|b",1\n')
    assert "a|b " in run("total", path, "--by", "g").stdout
    assert "a\\|b" in run("total", path, "--by", "g", "--tablefmt", "psql").stdout
    assert "a|b," in run("total", path, "--by", "g", "--format", "csv").stdout
