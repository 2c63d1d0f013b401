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


MIXED_NOTE = (
    "empty, because the groups are in 2 currencies (EUR, USD) and amounts in different"
    ' currencies are not added; keep one with --where "currency=EUR"'
)


def test_grouped_by_currency_the_all_row_adds_nothing_across_currencies(write) -> None:
    """--by currency: each group is summed in its own currency; the ``all`` row's total, the
    means and every share would add dollars to euros, so they are left empty and stderr says why,
    on both engines."""
    path = write(
        "t.csv", "region,county,currency,amount\nA,k1,USD,100\nB,k2,EUR,200\nC,k3,USD,50\n"
    )
    for engine in ("python", "duckdb"):
        summary = run("summary", path, "--by", "currency", "--format", "csv", "--engine", engine)
        assert parse_csv(summary.stdout) == [
            {"level": "group", "currency": "USD", "rows": "2", "counties": "2", "total": "150",
             "mean": "75", "share": ""},
            {"level": "group", "currency": "EUR", "rows": "1", "counties": "1", "total": "200",
             "mean": "200", "share": ""},
            {"level": "all", "currency": "all", "rows": "3", "counties": "3", "total": "",
             "mean": "", "share": ""},
        ]  # fmt: skip
        assert f"note: the all row's amounts, and every share: {MIXED_NOTE}" in summary.stderr
        total = run("total", path, "--by", "currency", "--engine", engine)
        assert total.stdout == (  # a note for people goes under their table
            "currency      rows    total\n"
            "----------  ------  -------\n"
            "USD              2      150\n"
            "EUR              1      200\n"
            "all              3\n"
            f"note: the all row's total: {MIXED_NOTE}\n"
        )
        mean = parse_csv(run("mean", path, "--by", "currency", "--format", "csv").stdout)
        assert [(r["mean"], r["vs_mean"]) for r in mean] == [("75", ""), ("200", ""), ("", "")]
        share = run("share", path, "--by", "currency", "--engine", engine, code=2)
        assert share.stdout == ""
        assert "a share of their sum would add amounts in different currencies" in share.stderr


def test_grouped_by_currency_with_one_currency_the_all_row_is_its_sum(write) -> None:
    """USD and usd are one currency (two groups, as any group value written two ways)."""
    path = write("t.csv", "region,currency,amount\nA,USD,100\nB,usd,200\n")
    result = run("share", path, "--by", "currency", "--format", "csv")
    assert [(r["currency"], r["total"], r["share"]) for r in parse_csv(result.stdout)] == [
        ("usd", "200", "0.666666666666667"),
        ("USD", "100", "0.333333333333333"),
        ("all", "300", "1"),
    ]
    assert "currencies" not in result.stderr
