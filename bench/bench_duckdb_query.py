"""Where DuckDB's time goes in aidcalc's query: the same scan, one piece added at a time.

    python bench/bench_duckdb_query.py /tmp/aidcalc-bench/big-5000000.csv --runs 5

In one process, on one connection, interleaved round by round, on the file ``bench.py`` generates
(year, province, city, county, category, amount): DuckDB's own query as the issue states it, then
aidcalc's query built up — grouped by city and county (the counties column), with the amount cast
only where aidcalc's plain pattern matches, then with the label columns (year, province, category)
read, hashed, and grouped as the published-table rules need them. It prints the median seconds of
each and its ratio to DuckDB's own query. The query text is aidcalc's (:mod:`aidcalc.calc.duck`),
written out here so each piece can be timed alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import duckdb  # noqa: E402

from aidcalc.core.figures import plain_number  # noqa: E402


def queries(path: str) -> dict[str, str]:
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(6))
    rel = (
        f"read_csv('{path}', header=true, all_varchar=true, auto_detect=false, delim=',',"
        f" quote='\"', escape='\"', strict_mode=true, null_padding=false, columns={{{cols}}})"
    )
    exact = "CAST(replace(amount, ',', '') AS DECIMAL(38,2))"
    value = (
        f"CAST(CASE WHEN regexp_full_match(c5, '{plain_number(2, 16)}') THEN c5 END"
        " AS DECIMAL(18, 2))"
    )
    agg = "count(v), CAST(sum(v) AS VARCHAR), count(*) - count(v)"
    cast = f"(SELECT *, TRY_CAST(c5 AS DECIMAL(18, 2)) AS v FROM {rel})"
    sub = f"(SELECT *, {value} AS v FROM {rel})"
    return {
        "DuckDB's own query (the reference)": (
            f"SELECT city, sum({exact}), avg({exact}), count(*)"
            f" FROM read_csv('{path}', all_varchar=true) GROUP BY city"
        ),
        "by city and county, amounts cast unchecked": (
            f"SELECT c2, c3, {agg} FROM {cast} GROUP BY c2, c3"
        ),
        "+ aidcalc's plain pattern": (f"SELECT c2, c3, {agg} FROM {sub} GROUP BY c2, c3"),
        "+ the 3 label columns read (count)": (
            f"SELECT c2, c3, {agg}, count(c0), count(c1), count(c4) FROM {sub} GROUP BY c2, c3"
        ),
        "+ the 3 label columns hashed": (
            f"SELECT c2, c3, {agg}, bit_xor(hash(c0, c1, c4)) FROM {sub} GROUP BY c2, c3"
        ),
        "+ their distinct values (aidcalc's default)": (
            f"SELECT c2, c3, c0, c1, c4, GROUPING(c2, c3, c0, c1, c4), {agg} FROM {sub}"
            " GROUP BY GROUPING SETS ((c2, c3), (c0, c1, c4))"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", help="a file bench.py generated (big-N.csv)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    qs = queries(args.csv)
    times: dict[str, list[float]] = {name: [] for name in qs}
    for _ in range(args.runs):
        for name, sql in qs.items():
            start = time.perf_counter()
            con.execute(sql).fetchall()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times[next(iter(qs))])
    print(f"| query over {Path(args.csv).name} | median s | × the reference |")
    print("|---|---:|---:|")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"| {name} | {m:.3f} | {m / base:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
