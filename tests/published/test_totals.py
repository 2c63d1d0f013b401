"""Total rows found by their arithmetic wherever they stand, checked with their rounding (issue 18),
and the sifting items of issue 19 — each case through the CLI."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from helpers import bad, parse_csv, run


def rows_of(*args: str, input: str, code: int = 0) -> tuple[list[dict[str, str]], str]:
    """``aidcalc ARGS --format csv`` on ``input`` (stdin): its parsed rows and its stderr."""
    result = run(*args, "--format", "csv", input=input, code=code)
    return parse_csv(result.stdout), result.stderr


def total_of(*args: str, input: str, code: int = 0) -> tuple[Fraction, str]:
    rows, err = rows_of("total", "-", *args, input=input, code=code)
    return Fraction(rows[-1][next(k for k in rows[-1] if k.startswith("total"))]), err


def _states(first: str) -> tuple[str, int, list[int]]:
    rnd = random.Random(18)
    values = [rnd.randrange(100_000, 3_000_000) for _ in range(52)]
    lines = [f'S{i:02d},"{v:,}"' for i, v in enumerate(values)]
    body = "STATE,TOTAL ALLOCATION ($thousands)\n" + f'{first},"{sum(values):,}"\n'
    return body + "\n".join(lines) + "\n", sum(values), values


# ---------------------------------------------------------------------------------------------
# Issue 18, "what users met" 1: a total row first, named or not


@pytest.mark.parametrize("label", ["All States", "United States", "Overall", "总体", "All regions"])
def test_a_total_row_first_is_never_added(label: str) -> None:
    body, total, values = _states(label)
    got, err = total_of(input=body)
    assert got == total * 1000
    if label == "United States":  # no word names it: stderr says why it was taken
        assert "line 2: 'United States' taken for a total row: the first row equals" in err
    rows, _ = rows_of("share", "-", "--by", "STATE", input=body)
    shares = {r["STATE"]: Fraction(r["share"]) for r in rows}
    assert label not in shares
    assert abs(shares["S00"] - Fraction(values[0], total)) < Fraction(1, 10**9)


def test_totals_keep_reads_a_found_total_as_data_and_drop_confirms_it() -> None:
    body, total, _ = _states("United States")
    assert total_of("--totals", "keep", input=body)[0] == 2 * total * 1000
    assert total_of("--totals", "drop", input=body)[0] == total * 1000


def test_the_last_row_equal_to_all_above_is_a_total_by_arithmetic() -> None:
    body = "region,2021,2022\nNorth,1234,2345\nSouth,2211,1987\nEast,3130,3301\nWest,1999,2003\n"
    body += "England,8574,9636\n"
    got, err = total_of("--wide", input=body)
    assert got == 8574 + 9636  # issue 19, item 6: the wide form too
    assert "'England' taken for a total row" in err


def test_a_plausible_coincidence_is_a_question() -> None:
    """Issue 19, item 12: one row after a subtotal equal to all rows above: refuse and ask."""
    body = "region,county,amount\nEast,A,50\nEast,B,50\nSubtotal,,100\nWest,,100\n"
    line = bad("total", "-", input=body)
    assert "line 5" in line and "could be chance" not in line and "--totals drop" in line
    assert total_of("--totals", "drop", input=body)[0] == 100
    assert total_of("--totals", "keep", input=body)[0] == 300


# ---------------------------------------------------------------------------------------------
# Issue 18, 2: totals checked with their rounding


def _canadian(unit_line: bool) -> str:
    rnd = random.Random(2)
    names = ["Canada Health Transfer1", "Canada Social Transfer2", "Equalization3", "Offshore4"]
    cols = [[rnd.randrange(1000, 50000) for _ in range(3)] for _ in names]
    sums = [sum(c[i] for c in cols) for i in range(3)]
    sums[0] += 1
    sums[2] -= 2
    lines = [",2023-24,2024-25,2025-26"] + (["(millions of dollars),,,"] if unit_line else [])
    lines += [n + "," + ",".join(map(str, c)) for n, c in zip(names, cols)]
    lines.append("Total - Federal Support," + ",".join(map(str, sums)))
    return "\n".join(lines) + "\n"


def test_a_unit_line_under_the_header_and_footnote_digits() -> None:
    got, err = total_of("--wide", input=_canadian(True))
    assert "bare amounts are in millions of dollars" in err
    assert "agrees only within rounding" in err and "each printed to a whole unit" in err
    assert got % 1_000_000 == 0


def test_without_a_unit_the_rows_are_exact_and_in_unit_applies_rounding() -> None:
    err = run("total", "-", "--wide", input=_canadian(False), code=1).stderr
    assert "rounding allows" not in err and "add up to" in err
    assert total_of("--wide", "--in-unit", "million", input=_canadian(False))[0] > 0


def test_a_gap_beyond_the_plausible_bound_is_said() -> None:
    """Issue 19, item 16: 合计 99万 above the sum of 200 whole rows in 万元."""
    rnd = random.Random(1)
    values = [rnd.randrange(100, 5000) for _ in range(200)]
    body = "县,金额（万元）\n" + f"合计,{sum(values) + 99}\n"
    body += "\n".join(f"县{i},{v}" for i, v in enumerate(values)) + "\n"
    got, err = total_of(input=body)
    assert got == sum(values) * 10_000
    assert "agrees only if nearly every row was rounded the same way" in err
    assert f"{sum(values) + 99:,}" in err and f"{sum(values):,}" in err
    assert "12.75 万元" in err  # min(n·½u, 3u√(n/12)) + ½u
    # beyond n·½u + ½u: inconsistent, both figures and the bound
    body = body.replace(f"合计,{sum(values) + 99}", f"合计,{sum(values) + 101}")
    err = run("total", "-", input=body, code=1).stderr
    assert "rounding allows 100.50 万元 at most" in err


def test_an_equal_split_may_lean_one_way() -> None:
    body = "county,amount (万元)\n" + "".join(f"K{i},3\n" for i in range(40)) + "Total,135\n"
    _, err = total_of(input=body)
    assert "agrees only within rounding" in err and "nearly every row" not in err


# ---------------------------------------------------------------------------------------------
# Issue 18, 3 and 4: rows that are not amounts; blank cells per cell


def test_rows_that_are_not_amounts_are_passed_over() -> None:
    body = "item,2022,2023\nGrant,100,120\nLoan,50,60\nPer Capita Allocation (dollars),12,13\n"
    body += "Change,5,6\n增长%,3,4\n占比,1,1\n"
    got, err = total_of("--wide", input=body)
    assert got == 330
    assert "passed over 4 rows of rates or changes" in err


def test_a_missing_mark_drops_the_cell_not_the_row() -> None:
    body = "region,2024-25,2025-26\nA,100,110\nB,-,50\nC,200,205\nTotal,300,365\n"
    rows, _ = rows_of("yoy", "-", "--skip-blank", input=body)
    assert rows[-1]["amount"] == "365" and rows[0]["amount"] == "300"


def test_a_column_with_a_dropped_cell_still_has_its_total_checked() -> None:
    body = "region,2020,2021\nA,10,1\nB,,2\nTotal,99,3\n"
    err = run("yoy", "-", "--skip-blank", input=body, code=1).stderr
    assert "says 99, but the 2 rows it covers add up to 10" in err


# ---------------------------------------------------------------------------------------------
# Issue 18, 5 and 6: layouts, and --per


def test_comment_lines_above_the_title() -> None:
    body = (
        "# context in the notice: 2960万元; 分配舞钢市154万元,宝丰县89万元\n单位：万元,\n县,金额\n"
    )
    body += "舞钢市,154\n宝丰县,89\n合计,243\n"
    assert total_of(input=body)[0] == 2_430_000


def test_an_empty_first_header_cell_is_the_label_column() -> None:
    rows, _ = rows_of("total", "-", "--wide", "--by", "label", input=",2020,2021\nA,1,2\nB,3,4\n")
    assert rows[-1]["total"] == "10"


def test_county_column_with_total_rows() -> None:
    """Issue 19, item 1 and issue 18: naming the county column keeps it searched for totals."""
    body = "province,county,amount\n甲,A县,100\n甲,B县,200\n甲,小计,300\n乙,C县,400\n乙,小计,400\n"
    body += ",合计,700\n"
    rows, _ = rows_of("summary", "-", input=body)
    assert (rows[-1]["total"], rows[-1]["counties"]) == ("700", "3")
    rows, _ = rows_of("mean", "-", "--county", "county", input=body)
    assert rows[-1]["counties"] == "3"


def test_mean_per_prints_the_per_person_column() -> None:
    body = "县,金额,人口\nA,100,10\nB,200,20\n"
    rows, _ = rows_of("mean", "-", "--county", "县", "--per", "人口", input=body)
    assert rows[-1]["per 人口"] == "10"


# ---------------------------------------------------------------------------------------------
# Issue 19: 其中 without indentation, a unit in a note, headings with --fill-down, subtotals in a
# one-label table


def test_parts_after_of_which_without_indentation() -> None:
    body = "项目,金额\n中央资金,1000\n其中：东部,400\n西部,600\n地方资金,500\n"
    assert total_of(input=body)[0] == 1500
    # parts that fit but leave the row above short: where they end is unclear
    line = bad("total", "-", input="项目,金额\n中央资金,1000\n其中：东部,400\n西部,500\n")
    assert "where the parts end is unclear" in line


def test_a_unit_in_a_note_under_the_table() -> None:
    line = bad("total", "-", input="县,金额\nA,100\nB,200\n注：金额单位为万元。\n")
    assert "万元" in line and "--in-unit" in line
    assert total_of("--in-unit", "万元", input="县,金额\nA,100\nB,200\n注：金额单位为万元。\n")[
        0
    ] == Fraction(3_000_000)


def test_fill_down_takes_a_heading_naming_the_next_group() -> None:
    body = "省,县,金额\n甲,A,100\n,B,200\n乙,,\n,C,300\n,D,400\n"
    rows, _ = rows_of("total", "-", "--fill-down", "省", "--by", "省", input=body)
    assert {r["省"]: r["total"] for r in rows} == {"甲": "300", "乙": "700", "all": "1000"}
    body = "省,县,金额\n一、甲省,,\n,A,100\n,B,200\n二、乙省,,\n,C,300\n"
    rows, _ = rows_of("total", "-", "--fill-down", "省", "--by", "省", input=body)
    assert [r["total"] for r in rows] == ["300", "300", "600"]


def test_a_one_label_table_with_subtotals() -> None:
    """Issue 19, item 26: subtotals close blocks, the total closes the table."""
    body = "县,金额\nA县,100\nB县,200\n小计,300\nC县,400\n小计,400\n合计,700\n"
    got, err = total_of(input=body)
    assert got == 700 and "total rows: 3 of 3 match" in err
    assert total_of("--totals", "keep", input=body)[0] == 2100


def test_both_engines_search_the_county_column_for_totals(write) -> None:
    """Issue 19, item 1, on DuckDB's reading too: the label columns have one home."""
    body = "province,county,amount\n甲,A县,100\n甲,B县,200\n甲,小计,300\n乙,C县,400\n乙,小计,400\n"
    path = write("t.csv", body + ",合计,700\n")
    for engine in ("python", "duckdb"):
        result = run("summary", path, "--engine", engine, "--format", "csv")
        rows = parse_csv(result.stdout)
        assert (rows[-1]["total"], rows[-1]["counties"]) == ("700", "3"), engine


@pytest.mark.parametrize("label", ["Altogether", "In total"])
def test_a_small_table_closed_by_an_english_total_word_is_not_doubled(label: str) -> None:
    """Found by the attack on 0.3 (a three-row table is below the arithmetic's reach, 1 + 2 = 3
    could be chance): the words are evidence, in the one vocabulary."""
    result = run("total", "-", "--format", "csv", input=f"region,amount\na,1\nb,2\n{label},3\n")
    assert parse_csv(result.stdout)[0]["total"] == "3"
    assert "total rows: 1 of 1 match" in result.stderr
