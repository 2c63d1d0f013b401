"""Large inputs: DuckDB gives the same figures and errors as the streaming reader; progress goes to
stderr."""

from __future__ import annotations

import random

import pytest
from helpers import bad, parse_csv, run

from aidcalc.calc import engine


def big_file(write, rows: int = 6000, bad_line: int | None = None, quote: bool = False):
    rnd = random.Random(7)
    lines = ["year,province,city,county,category,amount"]
    for i in range(rows):
        cents = rnd.randrange(1, 10**8)
        amount = f"{cents // 100}.{cents % 100:02d}"
        if bad_line is not None and i + 2 == bad_line:
            amount = "NaN"
        city = f'"C{rnd.randrange(9)}"' if quote else f"C{rnd.randrange(9)}"
        lines.append(
            f"201{rnd.randrange(9)},P{rnd.randrange(3)},{city},K{rnd.randrange(40)},x,{amount}"
        )
    return write("big.csv", "\n".join(lines) + "\n")


@pytest.fixture
def duckdb_for_small_files(monkeypatch):
    """``--engine auto`` reads even these small files with DuckDB."""
    monkeypatch.setattr(engine, "DUCKDB_MIN_BYTES", 1)


def streaming(*args):
    return run(*args, "--engine", "python").stdout


def test_duckdb_gives_the_same_figures(write, duckdb_for_small_files) -> None:
    path = big_file(write)
    for args in (
        ("summary", path, "--by", "city", "--format", "csv"),
        ("summary", path, "--by", "province", "--by", "city", "--format", "csv"),
        ("yoy", path, "--by", "province", "--format", "csv"),
        ("summary", path, "--where", "province=P1", "--format", "csv"),
    ):
        r = run(*args)
        assert "engine: DuckDB" in r.stderr
        assert r.stdout == streaming(*args)
    rows = parse_csv(run("summary", path, "--format", "csv").stdout)
    assert rows[0]["rows"] == "6000" and rows[0]["counties"] == "40"


def test_an_error_late_in_the_file_names_its_line(write, duckdb_for_small_files) -> None:
    path = big_file(write, bad_line=5500)
    assert bad("total", path) == f'aidcalc: {path}, line 5500, column "amount": "NaN": not a number'
    path = big_file(write, bad_line=20)
    assert f"{path}, line 20," in bad("total", path)


def test_quoted_files_read_alike(write, duckdb_for_small_files) -> None:
    path = big_file(write, quote=True)
    assert run("total", path, "--format", "csv").stdout == streaming(
        "total", path, "--format", "csv"
    )


def test_progress_bar_only_on_stderr_when_asked(write) -> None:
    path = big_file(write, rows=200)
    result = run("total", path, "--progress", "--format", "csv")
    assert "reading" in result.stderr and "100%" in result.stderr
    assert parse_csv(result.stdout)[0]["rows"] == "200"
    assert run("total", path, "--format", "csv").stderr == ""


def test_a_filter_matching_only_late_is_no_error(write, duckdb_for_small_files) -> None:
    """issue 10 item 7 on DuckDB: rows kept late in the file count as kept."""
    lines = ["g,amount", *(f"a,{i}" for i in range(20000)), *(f"b,{i}" for i in range(20000))]
    path = write("halves.csv", "\n".join(lines) + "\n")
    rows = parse_csv(run("total", path, "--where", "g=b", "--format", "csv").stdout)
    assert rows == [{"rows": "20000", "total": str(sum(range(20000)))}]
    message = bad("total", path, "--where", "g=c")
    assert "g=c" in message and "'a'" in message and "'b'" in message
