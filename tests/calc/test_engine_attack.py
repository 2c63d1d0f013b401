"""Hostile inputs on the DuckDB engine: a Parquet file's errors name the first bad row, its column
and its value, as the streaming reader does for a CSV file."""

from __future__ import annotations

from pathlib import Path

import duckdb
from helpers import bad


def _parquet(tmp_path: Path, rows: str, columns: str) -> Path:
    out = tmp_path / "t.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM (VALUES {rows}) t({columns})) TO '{out}'")
    con.close()
    return out


def test_a_parquet_nan_or_infinity_is_refused_naming_the_row(tmp_path: Path) -> None:
    for word in ("nan", "inf", "-inf"):
        f = _parquet(tmp_path, f"('a', 1.0::DOUBLE), ('b', '{word}'::DOUBLE)", "grp, amount")
        line = bad("summary", f, "--by", "grp")
        assert line.startswith(f'aidcalc: {f}, row 2, column "amount": '), line
        assert "not a finite number" in line, line


def test_a_parquet_error_names_the_first_bad_row_and_its_column(tmp_path: Path) -> None:
    f = _parquet(tmp_path, "('a', '1'), ('b', '2'), ('c', NULL), ('a', 'y')", "grp, amount")
    assert bad("summary", f, "--by", "grp") == (
        f'aidcalc: {f}, row 3, column "amount": "": a blank amount or a mark for a missing figure'
    )


def test_a_parquet_blank_group_value_names_its_column(tmp_path: Path) -> None:
    f = _parquet(tmp_path, "('a', 1), ('b', 2), (NULL, 5), ('a', 3)", "grp, amount")
    assert bad("summary", f, "--by", "grp") == (
        f'aidcalc: {f}, row 3, column "grp": "": a blank group value'
    )


def test_a_parquet_count_of_counties_names_the_first_bad_cell(tmp_path: Path) -> None:
    f = _parquet(tmp_path, "('a', 1, 2.5::DOUBLE), ('b', 2, NULL)", "grp, amount, counties")
    assert bad("summary", f, "--by", "grp") == (
        f'aidcalc: {f}, row 1, column "counties": "2.5": a number of counties that is not a'
        " whole number"
    )


def test_a_parquet_total_row_is_refused_naming_its_label(tmp_path: Path) -> None:
    f = _parquet(tmp_path, "('Total', 3), ('a', 1), ('b', 2)", "grp, amount")
    line = bad("summary", f, "--by", "grp")
    assert line.startswith(f'aidcalc: {f}, column "grp": "Total": a label that may mark'), line
    assert "--totals keep" in line and "streaming reader" not in line, line
