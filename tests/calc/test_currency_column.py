"""A column naming each row's currency: amounts in two currencies are never added (a sum of dollars
and euros is a plausible wrong figure), on both engines; grouped by it, each group is summed."""

from __future__ import annotations

from helpers import parse_csv, run

TABLE = "region,currency,amount\nA,USD,100\nB,EUR,200\nC,USD,50\n"


def test_two_currencies_in_a_currency_column_are_refused_at_the_cell(write) -> None:
    path = write("t.csv", TABLE)
    for engine in ("python", "duckdb"):
        result = run("total", path, "--engine", engine, code=2)
        assert result.stdout == ""
        assert result.stderr == (
            f'aidcalc: {path}, line 3, column "currency": "EUR": amounts in EUR where earlier rows'
            " are in USD: amounts in two currencies are not added; group them with --by"
            " 'currency' or keep one with --where \"currency=USD\"\n"
        )


def test_a_currency_column_is_summed_per_currency_when_grouped_or_filtered(write) -> None:
    path = write("t.csv", TABLE)
    rows = parse_csv(run("total", path, "--by", "currency", "--format", "csv").stdout)
    assert [(r["currency"], r["total"]) for r in rows if r["level"] == "group"] == [
        ("USD", "150"),
        ("EUR", "200"),
    ]
    kept = parse_csv(run("total", path, "--where", "currency=USD", "--format", "csv").stdout)
    assert kept[0]["total"] == "150"


def test_one_currency_written_two_ways_is_one_currency() -> None:
    result = run("total", "-", "--format", "csv", input="region,币种,金额\nA,USD,100\nB,usd,200\n")
    assert parse_csv(result.stdout)[0]["total"] == "300"


def test_a_parquet_file_with_two_currencies_is_refused(tmp_path) -> None:
    import duckdb

    path = tmp_path / "t.parquet"
    duckdb.connect().execute(
        "COPY (SELECT * FROM (VALUES ('A','USD',100),('B','EUR',200)) t(region,currency,amount))"
        f" TO '{path}' (FORMAT parquet)"
    )
    result = run("total", path, code=2)
    assert result.stdout == ""
    assert "names EUR and USD: amounts in two currencies are not added" in result.stderr
