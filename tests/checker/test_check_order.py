"""check: formulas may name rows stated later; a circle of names is an error naming it; honest
counts (issue 20, items 3 and 4)."""

from __future__ import annotations

from helpers import parse_csv, run


def test_a_formula_may_name_a_row_stated_later(tmp_path) -> None:
    claims = tmp_path / "c.csv"
    claims.write_text(
        "name,reported,formula\ntotal,300,a + b\na,100,\nb,200,\nshare,33.3%,a / total\n",
        encoding="utf-8",
    )
    result = run("check", claims, "--format", "csv", code=0)
    rows = parse_csv(result.stdout)
    assert [r["name"] for r in rows] == ["total", "a", "b", "share"]  # reading order kept
    assert [r["verdict"] for r in rows] == ["consistent", "given", "given", "consistent"]
    assert "4 figures: 2 consistent, 0 inconsistent, 2 unchecked (why: 2 given)" in result.stderr


def test_a_circle_of_names_is_an_error_naming_it(tmp_path) -> None:
    claims = tmp_path / "c.csv"
    claims.write_text(
        "name,reported,formula\na,1,b * 2\nb,2,a / 2\nc,3,a + 1\nd,5,2 + 3\n", encoding="utf-8"
    )
    rows = parse_csv(run("check", claims, "--format", "csv", code=2).stdout)
    assert [r["verdict"] for r in rows] == ["error", "error", "error", "consistent"]
    assert rows[0]["reason"] == "a circle of names: a → b → a"
    assert rows[1]["reason"] == "a circle of names: b → a → b"
    assert "the row named 'a' (line 2) is an error" in rows[2]["reason"]


def test_a_name_used_twice_is_an_error_on_the_later_row(tmp_path) -> None:
    claims = tmp_path / "c.csv"
    claims.write_text("name,reported,formula\nx,3,y + 1\ny,2,\ny,5,\n", encoding="utf-8")
    rows = parse_csv(run("check", claims, "--format", "csv", code=2).stdout)
    assert [r["verdict"] for r in rows] == ["consistent", "given", "error"]
    assert "already used by an earlier row" in rows[2]["reason"]


def test_unchecked_rows_are_counted_with_why_and_exit_0(tmp_path) -> None:
    claims = tmp_path / "c.csv"
    claims.write_text(
        "name,reported,formula,status,why\n"
        "total,300,,given,\n"
        "part,100,,given,\n"
        "share,33.3%,part / total,explained,\n"
        "growth,5%,,unchecked,needs the figure for 2017: not in the text\n"
        "rise,3%,,unchecked,no relation found\n",
        encoding="utf-8",
    )
    result = run("check", claims, "--format", "csv", code=0)
    rows = parse_csv(result.stdout)
    assert [r["verdict"] for r in rows] == [
        "given",
        "given",
        "consistent",
        "unchecked",
        "unchecked",
    ]
    assert rows[3]["reason"] == "needs the figure for 2017: not in the text"
    assert result.stderr == (
        "aidcalc: note: 5 figures: 1 consistent, 0 inconsistent, 4 unchecked"
        " (why: 2 given, 1 needs the figure for 2017, 1 no relation found)\n"
    )


def test_inconsistent_exits_1_even_beside_an_error(tmp_path) -> None:
    claims = tmp_path / "c.csv"
    claims.write_text("name,reported,formula\na,5,2 + 2\nb,1,nobody\n", encoding="utf-8")
    rows = parse_csv(run("check", claims, "--format", "csv", code=1).stdout)
    assert [r["verdict"] for r in rows] == ["inconsistent", "error"]


def test_nothing_checked_exits_2(tmp_path) -> None:
    claims = tmp_path / "c.csv"
    claims.write_text("name,reported,formula,status,why\na,5,,unchecked,no relation found\n",
                      encoding="utf-8")  # fmt: skip
    result = run("check", claims, "--format", "csv", code=2)
    assert "nothing was checked" in result.stderr
