"""The calculator commands on the sample data: exact tables, parsed machine formats, options."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import DATA, bad, parse_csv, parse_json, run

DATA_2018 = DATA / "2018.csv"


def test_summary_of_2018() -> None:
    assert run("summary", DATA_2018).stdout == (
        "  rows    counties          total    mean per county    share\n"
        "------  ----------  -------------  -----------------  -------\n"
        "     2          72  2,831,000,000      39,319,444.44  100.00%\n"
    )


def test_summary_of_2018_by_group() -> None:
    assert run("summary", DATA_2018, "--by", "group").stdout == (
        "group            rows    counties          total    mean per county    share\n"
        "-------------  ------  ----------  -------------  -----------------  -------\n"
        "severely poor       1          25  1,435,000,000      57,400,000.00   50.69%\n"
        "other partner       1          47  1,396,000,000      29,702,127.66   49.31%\n"
        "all                 2          72  2,831,000,000      39,319,444.44  100.00%\n"
    )


def test_summary_csv_is_exact_and_parseable() -> None:
    rows = parse_csv(run("summary", DATA_2018, "--by", "group", "--format", "csv").stdout)
    assert [r["group"] for r in rows] == ["severely poor", "other partner", "all"]
    assert [r["total"] for r in rows] == ["1435000000", "1396000000", "2831000000"]
    assert [r["counties"] for r in rows] == ["25", "47", "72"]
    assert rows[0]["mean"] == "57400000"
    assert Decimal(rows[1]["mean"]) == Decimal("29702127.6595745")
    assert Decimal(rows[2]["mean"]) == Decimal("39319444.4444444")
    assert Decimal(rows[0]["share"]) + Decimal(rows[1]["share"]) == pytest.approx(Decimal(1))
    assert rows[2]["share"] == "1"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_summary_json(fmt: str) -> None:
    out = run("summary", DATA_2018, "--by", "group", "--format", fmt).stdout
    rows = parse_json(out) if fmt == "json" else [parse_json(line) for line in out.splitlines()]
    assert rows[2] == {
        "level": "all",
        "group": "all",
        "rows": 2,
        "counties": 72,
        "total": 2831000000,
        "mean": pytest.approx(39319444.4444444),
        "share": 1,
    }
    # the number text is exact, not a float's repr
    assert '"total": 2831000000' in out


def test_summary_tsv_and_no_header() -> None:
    out = run("summary", DATA_2018, "--format", "tsv", "--no-header").stdout
    assert out == "2\t72\t2831000000\t39319444.4444444\t1\n"


def test_summary_markdown() -> None:
    out = run("summary", DATA_2018, "--format", "markdown").stdout
    assert (
        out.splitlines()[0]
        == "|   rows |   counties |         total |   mean per county |   share |"
    )
    assert out.splitlines()[1].startswith("|-------:|")


def test_units_and_digits() -> None:
    out = run("summary", DATA_2018, "--by", "group", "--unit", "million", "--digits", "1").stdout
    assert out.splitlines()[0].split() == [
        "group",
        "rows",
        "counties",
        "total",
        "(million)",
        "mean",
        "per",
        "county",
        "(million)",
        "share",
    ]
    assert out.splitlines()[2].split() == ["severely", "poor", "1", "25", "1,435", "57.4", "50.7%"]
    out = run("total", DATA_2018, "--unit", "亿", "--format", "csv").stdout
    assert parse_csv(out) == [{"rows": "2", "total (亿)": "28.31"}]


def test_tablefmt_is_any_tabulate_format_and_rejects_unknown() -> None:
    out = run("total", DATA_2018, "--tablefmt", "github").stdout
    assert out.startswith("|   rows |")
    result = run("total", DATA_2018, "--tablefmt", "nonsense", code=2)
    assert "nonsense" in result.stderr and result.stdout == ""
    result = run("total", DATA_2018, "--tablefmt", "grid", "--format", "csv", code=2)
    assert "--tablefmt" in result.stderr


def test_total_by_group() -> None:
    assert run("total", DATA_2018, "--by", "group").stdout == (
        "group            rows          total\n"
        "-------------  ------  -------------\n"
        "severely poor       1  1,435,000,000\n"
        "other partner       1  1,396,000,000\n"
        "all                 2  2,831,000,000\n"
    )


def test_mean_by_group_shows_difference_from_overall_mean() -> None:
    assert run("mean", DATA_2018, "--by", "group").stdout == (
        "group            counties          total    mean per county    vs overall mean\n"
        "-------------  ----------  -------------  -----------------  -----------------\n"
        "severely poor          25  1,435,000,000      57,400,000.00            +45.98%\n"
        "other partner          47  1,396,000,000      29,702,127.66            -24.46%\n"
        "all                    72  2,831,000,000      39,319,444.44              0.00%\n"
    )
    rows = parse_csv(run("mean", DATA_2018, "--by", "group", "--format", "csv").stdout)
    assert Decimal(rows[0]["vs_mean"]).quantize(Decimal("0.001")) == Decimal("0.460")


def test_share_sorts_largest_first_and_draws_bars(write) -> None:
    path = write("s.csv", "region,amount\nsmall,1\nbig,3\n")
    assert run("share", path, "--by", "region").stdout == (
        "region      total    share\n"
        "--------  -------  -------  ------------------------\n"
        "big             3   75.00%  ██████████████████\n"
        "small           1   25.00%  ██████\n"
        "all             4  100.00%  ████████████████████████\n"
    )
    rows = parse_csv(run("share", path, "--by", "region", "--format", "csv").stdout)
    assert [(r["region"], r["share"]) for r in rows] == [
        ("big", "0.75"),
        ("small", "0.25"),
        ("all", "1"),
    ]
    assert "bar" not in rows[0]


def test_mean_without_counties_is_an_error_naming_both_options(write) -> None:
    path = write("x.csv", "amount\n5\n")
    line = bad("mean", path)
    assert "--counties" in line and "--county" in line


def test_summary_without_counties_leaves_mean_empty_and_says_why(write) -> None:
    path = write("x.csv", "region,amount\na,5\nb,15\n")
    assert run("summary", path).stdout == (
        "  rows    counties    total    mean per county    share\n"
        "------  ----------  -------  -----------------  -------\n"
        "     2                   20                     100.00%\n"
        "note: mean per county: empty, because the data has neither a 'counties' column (counties"
        " per row) nor a 'county' column (one county per row); name one with --counties COL or"
        " --county COL\n"
    )
    result = run("summary", path, "--format", "csv")
    assert parse_csv(result.stdout) == [
        {"rows": "2", "counties": "", "total": "20", "mean": "", "share": "1"}
    ]
    assert "mean per county: empty" in result.stderr


def test_distinct_county_column_and_filters(write) -> None:
    path = write(
        "alloc.csv",
        "province,county,category,amount\n"
        "四川,A,severe,100\n四川,A,other,50\n四川,B,severe,30\n贵州,C,severe,20\n",
    )
    rows = parse_csv(run("summary", path, "--by", "province", "--format", "csv").stdout)
    assert [(r["province"], r["counties"], r["total"], r["mean"]) for r in rows] == [
        ("四川", "2", "180", "90"),
        ("贵州", "1", "20", "20"),
        ("all", "3", "200", "66.6666666666667"),
    ]
    rows = parse_csv(
        run(
            "total",
            path,
            "--where",
            "province=四川",
            "--where",
            "category!=other",
            "--format",
            "csv",
        ).stdout
    )
    assert rows == [{"rows": "2", "total": "130"}]
    rows = parse_csv(run("mean", path, "--county", "province", "--format", "csv").stdout)
    assert rows[0]["counties"] == "2"


def test_counties_column_option(write) -> None:
    path = write("x.csv", "name,n,amount\na,2,10\nb,3,20\n")
    rows = parse_csv(run("mean", path, "--counties", "n", "--format", "csv").stdout)
    assert rows == [{"counties": "5", "total": "30", "mean": "6", "vs_mean": "0"}]


def test_several_files_are_one_table_and_file_is_a_column(write) -> None:
    a = write("a.csv", "amount\n1\n2\n")
    b = write("b.csv", "amount;note\n10;x\n")
    rows = parse_csv(run("total", a, b, "--by", "file", "--format", "csv").stdout)
    assert [(r["file"], r["total"]) for r in rows] == [(str(a), "3"), (str(b), "10"), ("all", "13")]


def test_stdin_and_several_group_columns() -> None:
    text = "y,r,amount\n2018,a,1\n2018,b,2\n2019,a,4\n"
    rows = parse_csv(
        run("total", "-", "--by", "y", "--by", "r", "--format", "csv", input=text).stdout
    )
    assert [(r["y"], r["r"], r["total"]) for r in rows] == [
        ("2018", "a", "1"),
        ("2018", "b", "2"),
        ("2019", "a", "4"),
        ("all", "", "7"),
    ]


def test_header_unit_and_in_unit(write) -> None:
    path = write("u.csv", "County,Amount (万元)\nA,143500\nB,1.5\n")
    rows = parse_csv(run("total", path, "--format", "csv").stdout)
    assert rows == [{"rows": "2", "total": "1435015000"}]
    rows = parse_csv(run("total", path, "--in-unit", "yuan", "--format", "csv").stdout)
    assert rows == [{"rows": "2", "total": "143501.5"}]


def test_amount_column_option(write) -> None:
    path = write("a.csv", "county,funds (yuan)\nA,5\n")
    assert parse_csv(run("total", path, "--amount", "FUNDS", "--format", "csv").stdout) == [
        {"rows": "1", "total": "5"}
    ]


def test_formula_injection_is_escaped_in_csv_and_tsv(write) -> None:
    path = write(
        "f.csv", 'region,amount\n"=HYPERLINK(""x"")",1\n+1,2\n-x,3\n@SUM,4\n"\tx",5\nsafe,6\n'
    )
    out = run("total", path, "--by", "region", "--format", "csv").stdout
    assert [r["region"] for r in parse_csv(out)] == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-x",
        "'@SUM",
        "x",
        "safe",
        "all",
    ]  # group labels are trimmed, so the tab in front of "x" is gone before escaping
    out = run("total", path, "--by", "region", "--format", "tsv").stdout
    assert [r["region"] for r in parse_csv(out, "\t")][:2] == ['\'=HYPERLINK("x")', "'+1"]
    out = run("total", path, "--by", "region", "--format", "csv", "--no-escape-formulas").stdout
    assert [r["region"] for r in parse_csv(out)][:2] == ['=HYPERLINK("x")', "+1"]
    # negative numbers are numbers, not formulas
    neg = write("n.csv", "amount\n-5\n")
    assert parse_csv(run("total", neg, "--format", "csv").stdout) == [{"rows": "1", "total": "-5"}]


def test_skip_blank_says_how_many(write) -> None:
    path = write("b.csv", 'amount\n1\n""\n  \n2\n')
    result = run("total", path, "--skip-blank", "--format", "csv")
    assert parse_csv(result.stdout) == [{"rows": "2", "total": "3"}]
    assert result.stderr == "aidcalc: note: passed over 2 blank rows\n"


def test_version_and_short_help() -> None:
    from aidcalc import __version__

    assert run("--version").stdout == f"aidcalc, version {__version__}\n"
    assert run("-h").stdout == run("--help").stdout
    assert "Usage: aidcalc summary" in run("summary", "-h").stdout
