"""Reading real-world files: encodings, delimiters, line endings, quoting — and every refusal.

Each refusal is one line on stderr naming file, line, column and value; exit 2; nothing on stdout.
"""

from __future__ import annotations

import pytest
from helpers import bad, parse_csv, run


def total(*args: object, input: str | bytes | None = None) -> str:
    rows = parse_csv(run("total", *args, "--format", "csv", input=input).stdout)
    return rows[-1]["total"]


# ---------------------------------------------------------------------------------------------
# Files that must be read correctly


def test_utf8_bom(write) -> None:
    assert total(write("b.csv", b"\xef\xbb\xbfamount\n1\n2\n")) == "3"


def test_gb18030_export(write) -> None:
    path = write("g.csv", "县,金额 (万元)\n青川县,1.5\n南部县,2\n".encode("gb18030"))
    rows = parse_csv(run("total", path, "--amount", "金额", "--by", "县", "--format", "csv").stdout)
    assert rows == [
        {"level": "group", "县": "青川县", "rows": "1", "total": "15000"},
        {"level": "group", "县": "南部县", "rows": "1", "total": "20000"},
        {"level": "all", "县": "all", "rows": "2", "total": "35000"},
    ]


def test_explicit_encoding(write) -> None:
    path = write("l.csv", "name,amount\ncafé,5\n".encode("latin-1"))
    assert total(path, "--encoding", "latin-1", "--by", "name") == "5"


def test_excel_unicode_text_utf16_with_bom_and_tabs(write) -> None:
    text = "county\tamount\r\n青川\t1,000\r\nA\t2\r\n"
    assert total(write("u16.txt", text.encode("utf-16"))) == "1002"
    assert total(write("u16be.txt", b"\xfe\xff" + text.encode("utf-16-be"))) == "1002"


def test_utf16_without_bom(write) -> None:
    assert total(write("u16.txt", "amount\r\n7\r\n".encode("utf-16-le"))) == "7"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(write, newline: str) -> None:
    assert total(write("n.csv", newline.join(["amount", "1", "2", ""]))) == "3"


def test_mixed_line_endings(write) -> None:
    assert total(write("m.csv", "amount\r\n1\n2\r\n3\r4\n")) == "10"


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiter_sniffed(write, delim: str) -> None:
    path = write("d.csv", f"region{delim}amount\na{delim}1,000\nb{delim}5\n")
    if delim == ",":
        path = write("d.csv", 'region,amount\na,"1,000"\nb,5\n')
    assert total(path) == "1005"


def test_delimiter_option(write) -> None:
    path = write("d.csv", "a:amount\nx:5\n")
    assert total(path, "--delimiter", ":") == "5"
    assert total(write("t.csv", "a\tamount\nx\t5\n"), "--delimiter", "tab") == "5"


def test_quoted_delimiters_and_newlines(write) -> None:
    path = write("q.csv", 'name,amount\n"Qingchuan, Sichuan","1,000"\n"two\nlines",2\n')
    rows = parse_csv(run("total", path, "--by", "name", "--format", "csv").stdout)
    assert rows[0]["name"] == "Qingchuan, Sichuan" and rows[0]["total"] == "1000"
    assert rows[1]["name"] == "two\nlines"


def test_line_numbers_count_physical_lines(write) -> None:
    path = write("q.csv", 'name,amount\n"two\nlines",2\nx,oops\n')
    assert bad("total", path) == f'aidcalc: {path}, line 4, column "amount": "oops": not an amount'


def test_header_only(write) -> None:
    path = write("h.csv", "county,amount\n")
    assert parse_csv(run("total", path, "--format", "csv").stdout) == [{"rows": "0", "total": "0"}]
    assert bad("mean", path) == "aidcalc: no rows: there is nothing to average"
    out = run("summary", path).stdout
    assert "note: no rows: the total is 0 and there is nothing to average" in out


def test_blank_lines_are_not_rows(write) -> None:
    assert total(write("b.csv", "amount\n\n1\n\n2\n\n")) == "3"


def test_huge_single_field(write) -> None:
    big = "x" * (10 * 1024 * 1024)
    path = write("big.csv", f"note,amount\n{big},5\n")
    assert total(path) == "5"
    line = bad("total", write("bigamount.csv", f"amount\n{'9' * 10_000_000}x\n"))
    assert len(line) < 300 and "line 2" in line


def test_thirty_digit_numbers_are_exact(write) -> None:
    n = "123456789012345678901234567890123"
    assert total(write("big.csv", f"amount\n{n}\n{n}\n0.000000000000000000000000000001\n")) == (
        "246913578024691357802469135780246.000000000000000000000000000001"
    )


def test_a_thousand_tenths_are_exactly_one_hundred(write) -> None:
    assert total(write("t.csv", "amount\n" + "0.1\n" * 1000)) == "100"


def test_accounting_negative_unicode_minus_and_full_width(write) -> None:
    path = write("n.csv", 'amount\n"(5,000)"\n−1\n１，０００\n"1,000,000"\n')
    assert total(path) == "995999"


# ---------------------------------------------------------------------------------------------
# Refusals


def test_missing_file() -> None:
    assert bad("total", "no/such.csv") == "aidcalc: no/such.csv: no such file"


def test_directory(tmp_path) -> None:
    assert bad("summary", tmp_path) == f"aidcalc: {tmp_path}: is a directory, not a CSV file"


def test_empty_file(write) -> None:
    path = write("e.csv", "")
    assert bad("total", path) == f"aidcalc: {path}: empty file: expected a header row"


def test_empty_stdin() -> None:
    assert bad("total", "-", input="") == "aidcalc: <stdin>: empty file: expected a header row"


def test_binary_garbage(write) -> None:
    path = write("g.csv", bytes(range(256)) * 20)
    assert "this is a binary file, not CSV text" in bad("total", path)


def test_undecodable_bytes_suggest_encoding(write) -> None:
    path = write("x.csv", b"amount\n1\n\xff\xfe\xfa\n")
    line = bad("total", path)
    assert line.startswith(f"aidcalc: {path}, line 3: ") and "--encoding" in line


def test_undecodable_bytes_after_the_first_64k(write) -> None:
    path = write("x.csv", b"amount\n" + b"1\n" * 40000 + b"\xff\n")
    line = bad("total", path)
    assert "line 40002" in line and "--encoding" in line


def test_unknown_column_lists_the_columns(write) -> None:
    path = write("c.csv", "County,Money\nA,1\n")
    assert bad("total", path) == (
        f"aidcalc: {path}, line 1: no amount column 'amount' here; the columns are: County, Money"
    )
    assert "no column 'province' here" in bad(
        "total", path, "--amount", "money", "--by", "province"
    )
    assert "no column 'x' here" in bad("total", path, "--amount", "money", "--where", "x=1")


@pytest.mark.parametrize(
    "cell, why",
    [
        ("NaN", "not a number"),
        ("inf", "not a number"),
        ("1e400", "scientific notation"),
        ("--5", "more than one sign"),
        ("1,23,4", "three digits"),
        ("1.234,56", "decimal comma"),
        ("1 234", "space inside a number"),
        ("twelve", "not an amount"),
        ("51%", "percentage is not an amount"),
    ],
)
def test_cell_that_is_not_an_amount(write, cell: str, why: str) -> None:
    path = write("v.csv", f'county,amount\nA,1\nB,"{cell}"\n')
    line = bad("total", path)
    assert line.startswith(f'aidcalc: {path}, line 3, column "amount": "{cell}": ')
    assert why in line


def test_blank_amount(write) -> None:
    path = write("b.csv", "county,amount\nA,1\nB,\n")
    assert (
        bad("total", path) == f'aidcalc: {path}, line 3, column "amount": "": blank, not an amount'
    )


def test_ragged_row(write) -> None:
    path = write("r.csv", "county,amount\nA,1\nB,2,3\n")
    assert bad("total", path) == (
        f'aidcalc: {path}, line 3: "B,2,3": ragged row: 3 fields where the header has 2'
    )
    assert "ragged row: 1 fields" in bad("total", write("r2.csv", "county,amount\nA\n"))


def test_duplicated_column_name(write) -> None:
    path = write("d.csv", "amount, Amount \n1,2\n")
    assert "duplicated column name: columns 1 and 2 are both 'amount'" in bad("total", path)


def test_blank_column_name(write) -> None:
    path = write("d.csv", "county,,amount\nA,x,1\n")
    assert "column 2 has no name" in bad("total", path)


def test_unknown_header_unit(write) -> None:
    path = write("u.csv", "amount (furlongs)\n1\n")
    line = bad("total", path)
    assert "unknown unit in the header" in line and "--in-unit" in line


def test_counties_must_be_whole_numbers(write) -> None:
    path = write("c.csv", "counties,amount\n2.5,10\n")
    assert 'column "counties": "2.5": a number of counties must be a whole number' in bad(
        "mean", path
    )


def test_ambiguous_delimiter(write) -> None:
    path = write("a.csv", "a;b,amount\n1;2,3\n")
    assert "--delimiter" in bad("total", path)


def test_malformed_quotes(write) -> None:
    path = write("q.csv", 'name,amount\n"a"b,1\n')
    assert "malformed CSV" in bad("total", path)


def test_bad_where_and_usage() -> None:
    assert "COLUMN=VALUE" in bad("total", "-", "--where", "nonsense", input="amount\n1\n")
    result = run("total", "-", "-", code=2, input="amount\n1\n")
    assert "stdin" in result.stderr and result.stdout == ""
    result = run("total", code=2)
    assert "Missing argument" in result.stderr


def test_input_files_are_only_read(write) -> None:
    path = write("r.csv", "amount\n1\n")
    path.chmod(0o444)
    before = path.read_bytes(), path.stat().st_mtime_ns
    run("summary", path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_wrong_explicit_encoding_names_the_line(write) -> None:
    path = write("e.csv", "amount\n1\n亿\n".encode())
    line = bad("total", path, "--encoding", "ascii")
    assert line.startswith(f"aidcalc: {path}, line 3: ") and "--encoding" in line
