"""Layouts seen on government sites but not in ``gov-tables.md``: each must give the total of its
detail rows (never one that adds a total row in) or refuse, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import bad, parse_csv, run


def total_of(tmp_path: Path, text: str) -> tuple[dict[str, str], str]:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    result = run("total", path, "--format", "csv")
    [row] = parse_csv(result.stdout)
    return row, result.stderr


@pytest.mark.parametrize(
    "label", ["Total, all districts", "Total, All Districts", "Total all districts"]
)
def test_total_of_all_named_after_a_comma(tmp_path: Path, label: str) -> None:
    """``Total, all districts`` is a grand total by its words, not a place that must be guessed."""
    text = f'District,Allocation ($)\nNorth,1500\nSouth,2500\nEast,1000\n"{label}",5000\n'
    row, err = total_of(tmp_path, text)
    assert row == {"rows": "3", "total (USD)": "5000"}
    assert "1 of 1 match" in err


@pytest.mark.parametrize("mark", ["¹", "²³", "1"])
def test_total_row_with_a_footnote_marker(tmp_path: Path, mark: str) -> None:
    """``Total¹`` is the total row with a footnote marker, and ``¹ …`` under it is the note."""
    text = (
        "Table 4. Grants by region\n(in thousands of dollars)\nRegion,Amount\n"
        f'Alpha,"1,250"\nBeta,"2,750"\nGamma,"1,000"\nTotal{mark},"5,000"\n'
        f"{mark[:1]} Includes rounding.\n"
    )
    if mark == "1":  # a plain leading digit is no note marker: the note is written without it
        text = text.replace("1 Includes", "Note: Includes")
    row, err = total_of(tmp_path, text)
    assert row == {"rows": "3", "total (USD)": "5000000"}
    assert "1 of 1 match" in err
    assert "1 note rows" in err


@pytest.mark.parametrize(
    ("total", "part", "rest"),
    [("合计", "其中：中央资金", "省级资金"), ("Total", "of which federal", "state")],
)
def test_of_which_under_a_total_row_are_parts_of_the_total(
    tmp_path: Path, total: str, part: str, rest: str
) -> None:
    """其中 rows under the total row split the total, not the last detail row: none is added in."""
    text = f"地区,金额\n甲市,600\n乙市,400\n{total},1000\n{part},600\n{rest},400\n"
    row, err = total_of(tmp_path, text)
    assert row == {"rows": "2", "total": "1000"}
    assert "passed over 2 其中 (of which) rows" in err


def test_of_which_under_a_total_that_leaves_it_short_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("地区,金额\n甲市,600\n乙市,400\n合计,1000\n其中：中央资金,600\n省级资金,300\n")
    message = bad("total", path)
    assert "line 6" in message and "省级资金" in message and "其中" in message


@pytest.mark.parametrize(
    ("rows", "label"),
    [
        ("Average,1750\n", "Average"),
        ("Total,7000\nMean,1750\n", "Mean"),
        ("Total,7000\nMedian,1750\n", "Median"),
        ("平均,1750\n", "平均"),
        ("合计,7000\n均值,1750\n", "均值"),
    ],
)
def test_a_row_of_averages_is_never_added_in(tmp_path: Path, rows: str, label: str) -> None:
    """An average, mean or median row under the data is no amount: it is passed over, said so."""
    text = f"地区,金额\nNorth,1500\nSouth,2500\nEast,1000\nWest,2000\n{rows}"
    row, err = total_of(tmp_path, text)
    assert row == {"rows": "4", "total": "7000"}
    assert f"'{label}'" in err and "passed over 1 rows" in err


@pytest.mark.parametrize(
    "label", ["合计（万元）", "合计(单位：万元)", "甲省合计（万元）", "Total (£m)"]
)
def test_total_word_with_a_bracketed_remark_is_never_added_in(tmp_path: Path, label: str) -> None:
    """``合计（万元）`` is the total row by its word, even where the arithmetic cannot say so (two
    rows) or disagrees: its figure is checked, never summed."""
    path = tmp_path / "table.csv"
    path.write_text(f"地区,金额\n甲省,1537\n乙省,2511\n{label},4050\n", encoding="utf-8")
    result = run("total", path, "--format", "csv", code=1)
    assert parse_csv(result.stdout) == [{"rows": "2", "total": "4048"}]
    assert "says 4,050, but the 2 rows it covers add up to 4,048" in result.stderr


def test_total_of_part_of_the_rows_is_refused_not_added_in(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        "地区,金额\n省本级,500\n甲市,600\n乙市,400\n合计（不含省本级）,1000\n合计,1500\n"
    )
    message = bad("total", path)
    assert "line 5" in message and "不含省本级" in message
