"""Regressions from issue 10: wrong figures, yoy years, output that cannot be told apart.

Each test reproduces one item of the issue through the real CLI and asserts what the issue demands
once it is fixed. Where the issue leaves a choice, the test asserts only what any good choice
satisfies and says in a comment which decision it expects.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from helpers import DATA, bad, csv_rows, parse_csv, run

# ---------------------------------------------------------------------------------------------
# 1. A quoted amount cell holding a line break


@pytest.mark.parametrize(
    "command, content, args, cell",
    [
        ("total", 'g,amount\na,1.5\nb,"2.5\n3.5"\nc,4.5\nd,5.5\n', ["--by", "g"], "2.5"),
        ("total", 'g,amount\na,1.5\nb,"2.5\n3.5"\nc,4.5\nd,5.5\n', [], "2.5"),
        ("summary", 'g,amount\na,1.5\nb,"2.5\n3.5"\nc,4.5\nd,5.5\n', ["--by", "g"], "2.5"),
        ("total", 'amount\n1\n"20\n30"\n', [], "20"),
        ("summary", 'amount\n1\n"20\n30"\n', [], "20"),
        ("summary", 'g,counties,amount\na,1,1\nb,"12\n13",2\nc,4,3\n', ["--by", "g"], "12"),
        ("mean", 'g,counties,amount\na,1,1\nb,"12\n13",2\nc,4,3\n', [], "12"),
    ],
    ids=["by-group", "total", "summary", "whole-numbers", "whole-summary", "counties", "mean"],
)
def test_line_break_inside_an_amount_cell_is_refused(
    write, command: str, content: str, args: list[str], cell: str
) -> None:
    """issue 10 item 1: a quoted amount (or counties) cell with a line break shifted amounts by
    one row (exit 0) or crashed; it must be exit 2 naming line 3 and the cell."""
    path = write("f.csv", content)
    message = bad(command, path, *args, "--format", "csv")
    assert "f.csv" in message and "line 3" in message, message
    assert cell in message, message
    assert "internal error" not in message


def test_line_break_cell_in_a_large_file_is_refused(write) -> None:
    """issue 10 item 1: the same on a file large enough for the batched and two-process paths."""
    rows = "".join(f"g{i % 7},{i}.5\n" for i in range(200_000))
    path = write("big.csv", 'g,amount\na,1.5\nb,"2.5\n3.5"\n' + rows)
    message = bad("total", path, "--by", "g", "--format", "csv")
    assert "big.csv" in message and "line 3" in message, message


# ---------------------------------------------------------------------------------------------
# 2. `0,125` read as 125


@pytest.mark.parametrize("cell", ["0,125", "0,250", "01,250", "-0,125"])
def test_zero_first_group_is_a_decimal_comma(write, cell: str) -> None:
    """issue 10 item 2: `0,125` (a first group of 0, or one with a leading zero) passed as
    thousands grouping; refuse it like other decimal commas."""
    path = write("f.csv", f"region;amount\nA;{cell}\nB;7\n")
    message = bad("total", path)
    assert "f.csv" in message and "line 2" in message and cell in message, message


def test_issue_case_zero_comma_does_not_total_375(write) -> None:
    """issue 10 item 2: the issue's file totalled 375."""
    path = write("f.csv", "region;amount\nA;0,125\nB;0,250\n")
    message = bad("total", path, "--format", "csv")
    assert "0,125" in message and "line 2" in message


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
# 5. yoy: two files for the same year


def test_two_files_for_the_same_year_are_refused(write) -> None:
    """issue 10 item 5: `yoy 2017.csv funds-2018.csv 2018-revised.csv` added the two 2018 files.
    Decision expected of the lead: refuse (exit 2), naming both files, with a hint to use one file
    per year or a year column."""
    a = write("2017.csv", "amount\n100\n")
    b = write("funds-2018.csv", "amount\n200\n")
    c = write("2018-revised.csv", "amount\n250\n")
    message = bad("yoy", a, b, c, "--format", "csv")
    assert "funds-2018.csv" in message and "2018-revised.csv" in message, message


# ---------------------------------------------------------------------------------------------
# 6. Unicode normalisation of group and --where values


def test_composed_and_decomposed_group_values_are_one_group(write) -> None:
    """issue 10 item 6: `é` composed and decomposed became two groups that look the same."""
    nfc, nfd = unicodedata.normalize("NFC", "é"), unicodedata.normalize("NFD", "é")
    path = write("f.csv", f"g,amount\n{nfc},1\n{nfd},2\n")
    rows = csv_rows("total", path, "--by", "g")
    assert len(rows) == 2, rows
    assert unicodedata.normalize("NFC", rows[0]["g"]) == nfc
    assert (rows[0]["rows"], rows[0]["total"]) == ("2", "3")


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_where_value_is_normalised(write, form: str) -> None:
    """issue 10 item 6: `--where g=é` matched only one of the two spellings."""
    nfc, nfd = unicodedata.normalize("NFC", "é"), unicodedata.normalize("NFD", "é")
    path = write("f.csv", f"g,amount\n{nfc},1\n{nfd},2\nx,4\n")
    value = unicodedata.normalize(form, "é")
    assert csv_rows("total", path, "--where", f"g={value}") == [{"rows": "2", "total": "3"}]
    assert csv_rows("total", path, "--where", f"g!={value}") == [{"rows": "1", "total": "4"}]


# ---------------------------------------------------------------------------------------------
# 7. A filter that matches no row


def test_filter_matching_no_row_is_an_error_listing_nearest_values() -> None:
    """issue 10 item 7: `--where "group=severly poor"` printed 0 with exit 0; it is an error that
    lists values the column does have, nearest first."""
    message = bad("total", DATA / "2018.csv", "--where", "group=severly poor")
    assert "severly poor" in message and "severely poor" in message, message
    if "other partner" in message:
        assert message.index("severely poor") < message.index("other partner")


def test_filter_matching_no_row_in_check_is_an_error_row(tmp_path: Path) -> None:
    """issue 10 item 7: in check, `total(2018.csv[group="severly poor"])` said "inconsistent, off
    by −100%"; it is an error row naming the values the column has."""
    (tmp_path / "2018.csv").write_bytes((DATA / "2018.csv").read_bytes())
    claims = tmp_path / "c.csv"
    claims.write_text(
        'reported,formula\n1.435 billion,"total(2018.csv[group=""severly poor""])"\n2,1+1\n'
    )
    rows = csv_rows("check", claims, code=2)
    assert [r["verdict"] for r in rows] == ["error", "consistent"]
    # Decision: the values of a data file named in a claims file are not quoted (item 26: a
    # claims file may be someone else's); the reason names the filter and the file.
    assert "severly poor" in rows[0]["reason"] and "2018.csv" in rows[0]["reason"], rows[0]


# ---------------------------------------------------------------------------------------------
# 30. Units in headers and cells


@pytest.mark.parametrize(
    "header, total",
    [
        ("amount (million yuan)", "1500000"),
        ("amount (RMB)", "1.5"),
        ("amount (CNY)", "1.5"),
        ("amount (元)", "1.5"),
        ("amount (yuan)", "1.5"),
        ("amount (万元)", "15000"),
        ("amount (billion RMB)", "1500000000"),
    ],
)
def test_header_units_accept_currency_words(write, header: str, total: str) -> None:
    """issue 10 item 30: header units `(million yuan)`, `(RMB)`, `(CNY)` were refused though cells
    accept those words."""
    path = write("f.csv", f"{header}\n1.5\n")
    assert csv_rows("total", path) == [{"rows": "1", "total": total}]


@pytest.mark.parametrize(
    "cell, total",
    [
        ("5 k元", "5000"),
        ("5 million元", "5000000"),
        ("5千元", "5000"),
        ("5 k yuan", "5000"),
        ("5 million yuan", "5000000"),
        ("5k元", "5000"),
        ("5 bn元", "5000000000"),
    ],
)
def test_cells_accept_scale_then_yuan_alike(write, cell: str, total: str) -> None:
    """issue 10 item 30: cells refused `5 k元` and `5 million元` though `5千元` and `5 k yuan`
    worked."""
    path = write("f.csv", f"amount\n{cell}\n")
    assert csv_rows("total", path) == [{"rows": "1", "total": total}]


# ---------------------------------------------------------------------------------------------
# 32. A guessed encoding is said


def test_guessed_encoding_is_said_once(write) -> None:
    """issue 10 item 32: a Latin-1 export was read as GB18030 without a word (`Région` became
    `R鮣ion`). Say once on stderr which encoding was used and how to choose another."""
    path = write("f.csv", "Région,amount\nx,1\ny,2\n".encode("latin-1"))
    result = run("total", path, "--format", "csv")
    assert parse_csv(result.stdout) == [{"rows": "2", "total": "3"}]
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "gb18030" in lines[0].lower() and "--encoding" in lines[0], lines[0]


def test_utf8_is_not_announced(write) -> None:
    """issue 10 item 32: UTF-8 (read, not guessed) adds nothing to stderr."""
    result = run("total", write("f.csv", "Région,amount\nx,1\n"), "--format", "csv")
    assert result.stderr == ""


# ---------------------------------------------------------------------------------------------
# 28. A very wide header without an amount column


def test_no_amount_column_message_is_capped(write) -> None:
    """issue 10 item 28: "no amount column" printed the whole header, a 1.7 MB line for a
    200,000-column file. Cap it, with the number of columns left out."""
    n = 200_000
    header = ",".join(f"c{i}" for i in range(n))
    path = write("wide.csv", header + "\n" + ",".join("1" for _ in range(n)) + "\n")
    message = bad("total", path)
    assert len(message) < 2000, len(message)
    assert "wide.csv" in message and "c0" in message
    numbers = [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", message)]
    assert any(n - 1000 <= x < n for x in numbers), message
