"""Issue 19, the text inputs: items 7, 8, 9, 15 and 30, each through the real CLI.

(The workbook items of the same issue are in ``test_hostile_workbooks.py``.)
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from helpers import DATA, bad, csv_rows, examples, parse_csv, run
from hypothesis import assume, given, settings
from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------
# 7. --per reads a power of ten only from a scale word, not from any text in brackets


@pytest.mark.parametrize("header", ["Population (mid-2020)", "Area (km2)", "Population (2020)"])
def test_per_column_unit_that_is_no_scale(write, header: str) -> None:
    path = write("p.csv", f"region,{header},amount\nA,1000,1500000\nB,1000,1500000\n")
    name = header.split(" (")[0]
    rows = csv_rows("summary", path, "--by", "region", "--per", name)
    per = next(k for k in rows[0] if k.startswith("per "))
    assert [Fraction(r[per]) for r in rows] == [1500, 1500, 1500]


@pytest.mark.parametrize(
    "unit, per", [("millions", "1.5"), ("万人", "150"), ("m", "1.5"), ("thousand people", "1500")]
)
def test_per_column_scale_words_still_count(write, unit: str, per: str) -> None:
    path = write("p.csv", f"region,Population ({unit}),amount\nA,2,3000000\n")
    rows = csv_rows("summary", path, "--per", "Population")
    key = next(k for k in rows[0] if k.startswith("per "))
    assert Fraction(rows[0][key]) == Fraction(per)


# ---------------------------------------------------------------------------------------------
# 8. A date in a filter compares full dates, not years; the same in check's data functions

DATES = "date,amount\n2019-01-15,1\n2019-08-20,2\n2020-02-01,4\n"


@pytest.mark.parametrize(
    "where, total",
    [
        ("date>=2019-07-01", "6"),
        ("date<2019-07-01", "1"),
        ("date>2019-08-20", "4"),
        ("date<=2019-08-20", "3"),
        ("date>=2019年7月1日", "6"),
        ("date>=2019", "7"),  # a year compares the year of each date: 2019 on
        ("date<2020", "3"),
    ],
)
def test_date_filters_compare_dates(write, where: str, total: str) -> None:
    rows = csv_rows("total", write("d.csv", DATES), "--where", where)
    assert rows[0]["total"] == total


def test_date_filter_on_a_cell_that_is_no_date_is_refused(write) -> None:
    path = write("d.csv", "date,amount\n2019-01-15,1\n2019,2\n")
    line = bad("total", path, "--where", "date>=2019-07-01")
    assert "not a date" in line and '"2019"' in line, line


def test_check_data_function_filter_compares_dates(write) -> None:
    write("d.csv", DATES)
    claims = write("claims.csv", 'name,reported,formula\nh2,6,"total(d.csv[date>=2019-07-01])"\n')
    rows = parse_csv(run("check", claims, "--format", "csv").stdout)
    assert rows[0]["verdict"] == "consistent", rows


# ---------------------------------------------------------------------------------------------
# 9. One Latin-1 byte in a UTF-8 file: refused naming its line, never the file as GB18030


def test_stray_latin1_byte_in_utf8_is_refused_naming_the_line(write) -> None:
    content = "县,金额\nA县,100\nB县,250\n合计,350\n".encode() + b"Caf\xe9s,50\n"
    line = bad("total", write("u.csv", content))
    assert "u.csv, line 5: " in line and "Caf\\xe9s" in line and "UTF-8" in line, line


def test_stray_byte_in_the_middle(write) -> None:
    content = "县,金额\nA县,100\n".encode() + b"Caf\xe9s,50\n" + "B县,250\n合计,350\n".encode()
    line = bad("total", write("u.csv", content))
    assert "line 3" in line and "--encoding" in line, line


def test_gb18030_file_is_still_read(write) -> None:
    content = "县,金额\nA县,100\nB县,250\n合计,350\n".encode("gb18030")
    result = run("total", write("g.csv", content), "--format", "csv")
    assert parse_csv(result.stdout)[0]["total"] == "350"
    assert "GB18030" in result.stderr


def test_latin1_file_with_encoding_named(write) -> None:
    content = b"county,amount\n" + b"Caf\xe9s,50\nBar,25\n"
    rows = csv_rows("total", write("l.csv", content), "--encoding", "latin-1")
    assert rows[0]["total"] == "75"


# ---------------------------------------------------------------------------------------------
# 15. Data functions keep the currency of their cells


@pytest.mark.parametrize("reported", ["$300", "300元", "US$300"])
def test_data_function_in_pounds_is_not_another_currency(write, reported: str) -> None:
    write("gbp.csv", "county,amount\nA,£100\nB,£200\n")
    claims = write("c.csv", f'reported,formula\n"{reported}",total(gbp.csv)\n')
    result = run("check", claims, "--format", "csv", code=2)
    row = parse_csv(result.stdout)[0]
    assert row["verdict"] == "error" and "GBP" in row["reason"], row


@pytest.mark.parametrize("reported", ["£300", "300"])
def test_data_function_in_pounds_matches_pounds(write, reported: str) -> None:
    write("gbp.csv", "county,amount\nA,£100\nB,£200\n")
    claims = write("c.csv", f'reported,formula\n"{reported}",total(gbp.csv)\n')
    row = parse_csv(run("check", claims, "--format", "csv").stdout)[0]
    assert row["verdict"] == "consistent", row


def test_two_data_files_in_two_currencies_are_not_added(write) -> None:
    write("gbp.csv", "county,amount\nA,£100\n")
    write("usd.csv", "county,amount\nA,$100\n")
    claims = write("c.csv", "reported,formula\n200,total(gbp.csv) + total(usd.csv)\n")
    row = parse_csv(run("check", claims, "--format", "csv", code=2).stdout)[0]
    assert "mixes currencies" in row["reason"] and "GBP" in row["reason"], row


# ---------------------------------------------------------------------------------------------
# 30. aidcalc's own JSON output is named as JSON


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_own_json_output_is_refused_as_json(write, fmt: str) -> None:
    out = run("total", DATA / "2018.csv", "--format", fmt).stdout
    if fmt == "json":
        json.loads(out)
    line = bad("total", write(f"o.{fmt}", out))
    assert f"o.{fmt}, line 1: this is JSON, not a table" in line, line


def test_json_on_stdin_is_refused(write) -> None:
    line = bad("total", "-", input='[{"rows": 2, "total": 5}]\n')
    assert "this is JSON" in line, line


def test_a_bracketed_header_is_still_csv(write) -> None:
    rows = csv_rows("total", write("b.csv", "[region],amount\nA,5\n"))
    assert rows[0]["total"] == "5"


def test_stray_byte_past_the_sniffed_start_names_its_line(write) -> None:
    head = "county,amount\n" + "".join(f"县{i},1\n" for i in range(9000))  # past 64 KiB
    content = head.encode() + b"Caf\xe9s,50\n"
    line = bad("total", write("u.csv", content))
    assert "line 9002" in line and "gb18030" not in line and "--encoding" in line, line


def test_stray_byte_among_accented_utf8_lines(write) -> None:
    content = "county,amount\nCafé,1\nNaïve,2\n".encode() + b"Caf\xe9s,3\n"
    line = bad("total", write("u.csv", content))
    assert "line 4" in line and "Caf\\xe9s" in line, line


@settings(max_examples=examples(200), deadline=None)
@given(
    names=st.lists(
        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=3),
        min_size=1,
        max_size=6,
    )
)
def test_gb18030_tables_are_never_taken_for_mixed_utf8(names: list[str]) -> None:
    """GB18030 text that happens to decode as UTF-8 line by line is still read as GB18030."""
    from aidcalc.reader.encoding import stray_line

    data = ("县,金额\n" + "".join(f"{n},1\n" for n in names)).encode("gb18030")
    assume(not _decodes_as_utf8(data))
    assert stray_line(data) is None


def _decodes_as_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
