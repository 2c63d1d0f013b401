"""Time aidcalc against the tools people would otherwise use, on the same generated files.

    python bench/bench.py --rows 1000000,5000000 --runs 5 --big-runs 2
    python bench/bench.py --threshold 50000,100000,150000,200000,300000

Generates a seeded CSV (year, province, city, county, category, amount with two decimals) and the
same table as Parquet (amount DECIMAL(18,2)), then runs ``aidcalc summary FILE --by city --format
csv`` (``--engine auto``, and ``--engine python``: the streaming reader) and each installed peer —
DuckDB's own query from Python (``sum(CAST(replace(amount, ',', '') AS DECIMAL(38,2)))``, ``avg``,
``count(*)`` grouped by city over ``read_csv(..., all_varchar=true)`` or the Parquet file, import
included), polars, pandas, GNU datamash, Miller, csvkit's csvstat — several times, interleaved,
round by round. It prints the median wall time, the median and spread of the per-round ratios to
DuckDB's query (the machine may be shared: ratios within a round are what to compare), and the
peak memory (max RSS) of each. It checks aidcalc's totals per city against DuckDB's DECIMAL sums,
times start-up against ``python -c "import click, tabulate"``, and ``check`` against ``summary``.
``--threshold`` times the two engines on smaller files, which is how ``--engine auto``'s threshold
(``aidcalc.calc.engine.DUCKDB_MIN_BYTES``) was chosen. It installs nothing; peers that are not
installed are listed as skipped.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# ---------------------------------------------------------------------------------------------
# Data


def table_rows(rows: int, seed: int = 2018) -> Iterator[tuple[int, str, str, str, str, int]]:
    """The rows of the allocation table: year, province, city, county, category and the amount in
    cents (an int). ``generate`` writes them as CSV, ``bench_workbook.py`` as a workbook."""
    rnd = random.Random(seed)
    provinces = [f"P{p:02d}" for p in range(12)]
    cities = [(p, f"{p}C{c:02d}") for p in provinces for c in range(15)]
    counties = [(p, c, f"{c}K{k}") for p, c in cities for k in range(8)]
    categories = ["severe", "general", "industry", "training"]
    for _ in range(rows):
        p, c, k = counties[rnd.randrange(len(counties))]
        cents = rnd.randrange(1, 10_000_000)
        yield 2015 + rnd.randrange(6), p, c, k, categories[rnd.randrange(4)], cents


HEADER = ["year", "province", "city", "county", "category", "amount"]


def generate(path: Path, rows: int, seed: int = 2018) -> None:
    """A deterministic allocation file: same seed and size, same bytes."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for year, p, c, k, category, cents in table_rows(rows, seed):
            w.writerow([year, p, c, k, category, f"{cents // 100}.{cents % 100:02d}"])


def to_parquet(csv_path: Path, path: Path) -> None:
    """The same table as Parquet, the amount a DECIMAL(18,2) (in a child process: DuckDB)."""
    code = (
        'import sys, duckdb; duckdb.execute("COPY (SELECT year, province, city, county, category,'
        " CAST(amount AS DECIMAL(18,2)) AS amount FROM read_csv('\" + sys.argv[1] + \"',"
        ' all_varchar=true)) TO \'" + sys.argv[2] + "\' (FORMAT parquet)")'
    )
    subprocess.run([PY, "-c", code, str(csv_path), str(path)], check=True, capture_output=True)


REFERENCE = """
import csv, sys
from decimal import Decimal
try:
    import duckdb
except ImportError:
    totals = {}
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            totals[row["city"]] = totals.get(row["city"], Decimal(0)) + Decimal(row["amount"])
    rows, how = totals.items(), "Python's Decimal"
else:
    duckdb.sql("SET enable_progress_bar = false")
    source = (
        f"'{sys.argv[1]}'" if sys.argv[1].endswith(".parquet")
        else f"read_csv('{sys.argv[1]}', header=true, all_varchar=true)"
    )
    rows = duckdb.sql(
        "select city, sum(cast(replace(cast(amount as varchar), ',', '') as decimal(38,2)))"
        f" from {source} group by city"
    ).fetchall()
    how = "DuckDB sum(CAST(... AS DECIMAL(38,2)))"
print(how)
for city, total in rows:
    print(f"{city},{total}")
"""


def reference_totals(path: Path) -> tuple[str, dict[str, Decimal]]:
    """Exact totals per city from DuckDB's DECIMAL sum, or Python's Decimal without DuckDB; in a
    child process, so that the DuckDB's memory does not count in the peers' peak RSS."""
    out = subprocess.run(
        [PY, "-c", REFERENCE, str(path)], capture_output=True, text=True, check=True
    )
    how, *lines = out.stdout.splitlines()
    return how, {c: Decimal(t) for c, t in (line.rsplit(",", 1) for line in lines)}


# ---------------------------------------------------------------------------------------------
# Running


def run_timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, bytes]:
    """Wall time, CPU time (user + system, the child and the children it waited for), max RSS
    (via wait4) and stdout of one run. ``env`` entries are added to this process's environment.
    CPU time is what to compare when the machine is busy with other work: waiting for a core
    does not count in it (though a busy machine still slows it down, less)."""
    full = None if env is None else {**os.environ, **env}
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full)
    out = p.stdout.read() if p.stdout else b""
    err = p.stderr.read() if p.stderr else b""
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {code}: {err.decode()[:500]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out


def run_with_rss(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, bytes]:
    """Wall time, the child's own max RSS via wait4, and its stdout."""
    elapsed, _, rss, out = run_timed(cmd, env)
    return elapsed, rss, out


PANDAS = (
    "import sys, pandas as pd; df = pd.read_csv(sys.argv[1]);"
    " print(df.groupby('city')['amount'].agg(['sum', 'mean', 'count']).to_csv())"
)
POLARS = (
    "import sys, polars as pl; f = sys.argv[1];"
    " df = pl.read_parquet(f) if f.endswith('.parquet') else pl.read_csv(f);"
    " print(df.group_by('city').agg(pl.col('amount').sum().alias('sum'),"
    " pl.col('amount').mean().alias('mean'), pl.len().alias('count')))"
)
#: DuckDB's own exact query, as the issue states it, from Python, import included.
DUCKDB = (
    "import sys, duckdb; f = sys.argv[1];"
    " src = f\"'{f}'\" if f.endswith('.parquet') else f\"read_csv('{f}', all_varchar=true)\";"
    " a = \"CAST(replace(CAST(amount AS VARCHAR), ',', '') AS DECIMAL(38,2))\";"
    " print(duckdb.sql(f'SELECT city, sum({a}), avg({a}), count(*) FROM {src}"
    " GROUP BY city').fetchall())"
)


def peers(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The commands to compare, and the names of peers that are not installed (or that cannot
    read this format)."""
    aidcalc = [PY, "-m", "aidcalc"]
    summary = [*aidcalc, "summary", str(path), "--by", "city", "--format", "csv"]
    parquet = path.suffix == ".parquet"
    found: dict[str, list[str]] = {"aidcalc (auto)": summary}
    if not parquet:
        found["aidcalc --engine python"] = [*summary, "--engine", "python"]
    skipped = []
    if _importable("duckdb"):
        found["duckdb"] = [PY, "-c", DUCKDB, str(path)]
    else:
        skipped.append("duckdb")
    if _importable("polars"):
        found["polars"] = [PY, "-c", POLARS, str(path)]
    else:
        skipped.append("polars")
    if _importable("pandas") and not parquet:
        found["pandas"] = [PY, "-c", PANDAS, str(path)]
    else:
        skipped.append("pandas" + (" (Parquet needs pyarrow)" if parquet else ""))
    if parquet:
        return found, skipped
    if shutil.which("datamash"):
        found["datamash"] = ["sh", "-c", f"datamash -t, -H -s -g 3 sum 6 mean 6 count 6 < '{path}'"]
    else:
        skipped.append("datamash")
    if shutil.which("mlr"):
        found["miller"] = [
            "mlr",
            "--icsv",
            "--ocsv",
            "stats1",
            "-a",
            "sum,mean,count",
            "-f",
            "amount",
            "-g",
            "city",
            str(path),
        ]
    else:
        skipped.append("miller (mlr)")
    if shutil.which("csvstat"):
        found["csvstat"] = ["csvstat", "-c", "amount", "--sum", str(path)]
    else:
        skipped.append("csvstat (csvkit)")
    return found, skipped


def _importable(module: str) -> bool:
    return subprocess.run([PY, "-c", f"import {module}"], capture_output=True).returncode == 0


Results = dict[str, tuple[float, int, list[float]]]


def compare(commands: dict[str, list[str]], runs: int) -> Results:
    """Median time, peak RSS and all times of each command; runs interleaved, round by round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(runs):
        for name, cmd in commands.items():
            t, r, _ = run_with_rss(cmd)
            times[name].append(t)
            rss[name] = max(rss[name], r)
    return {n: (statistics.median(ts), rss[n], ts) for n, ts in times.items()}


def table(title: str, results: Results, base: str) -> str:
    """Medians, and the per-round ratios to ``base``: their median and spread."""
    lines = [
        f"### {title}",
        "",
        f"| tool | median s | × {base}: median of rounds (min–max) | peak RSS MB |",
        "|---|---:|---|---:|",
    ]
    base_times = results[base][2]
    for name, (t, rss, ts) in sorted(results.items(), key=lambda kv: kv[1][0]):
        ratios = sorted(a / b for a, b in zip(ts, base_times))
        spread = f"{statistics.median(ratios):.2f} ({ratios[0]:.2f}–{ratios[-1]:.2f})"
        lines.append(f"| {name} | {t:.3f} | {spread} | {rss / 1024:.1f} |")
    return "\n".join(lines)


def threshold(work: Path, sizes: list[int], runs: int) -> str:
    """The two engines of ``--engine auto`` on files of ``sizes`` rows, interleaved: where
    DuckDB starts to pay is the threshold."""
    lines = [
        "### --engine python against --engine duckdb, by file size",
        "",
        "| rows | MB | python s | duckdb s | duckdb/python: median of rounds (min–max) |",
        "|---:|---:|---:|---:|---|",
    ]
    for n in sizes:
        path = work / f"big-{n}.csv"
        if not path.exists():
            generate(path, n)
        summary = [PY, "-m", "aidcalc", "summary", str(path), "--by", "city", "--format", "csv"]
        got = compare(
            {e: [*summary, "--engine", e] for e in ("python", "duckdb")},
            runs,
        )
        ratios = sorted(d / p for d, p in zip(got["duckdb"][2], got["python"][2]))
        lines.append(
            f"| {n:,} | {path.stat().st_size / 1e6:.1f} | {got['python'][0]:.3f} |"
            f" {got['duckdb'][0]:.3f} | {statistics.median(ratios):.2f}"
            f" ({ratios[0]:.2f}–{ratios[-1]:.2f}) |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Main


def exactness(path: Path, command: list[str]) -> str:
    """Whether aidcalc's totals per city are DuckDB's DECIMAL sums, to the cent."""
    _, _, out = run_with_rss(command)
    rows = csv.DictReader(out.decode().splitlines())
    got = {r["city"]: Decimal(r["total"]) for r in rows if r["level"] == "group"}
    how, ref = reference_totals(path)
    return (
        f"totals per city identical to the exact reference ({how}): {got == ref}"
        f" ({len(ref)} cities)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--rows", default="1000000", help="rows in the generated files (comma-separated sizes)"
    )
    ap.add_argument("--runs", type=int, default=5, help="rounds of each tool (interleaved)")
    ap.add_argument(
        "--big-runs", type=int, default=2, help="rounds for files of 5,000,000 rows or more"
    )
    ap.add_argument("--out", type=Path, help="where to keep the generated files")
    ap.add_argument("--memory-sizes", default="", help="also measure RSS at these row counts")
    ap.add_argument(
        "--threshold",
        default="",
        metavar="SIZES",
        help="instead: time --engine python against --engine duckdb at these row counts",
    )
    ap.add_argument(
        "--compare-tree",
        type=Path,
        metavar="DIR",
        help="instead of the peers: time this tree against the aidcalc checkout in DIR"
        " (its src/ is used through PYTHONPATH), interleaved",
    )
    args = ap.parse_args(argv)

    work = args.out or Path(tempfile.mkdtemp(prefix="aidcalc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in args.rows.split(",")]
    path = work / f"big-{sizes[0]}.csv"
    if not path.exists():
        generate(path, sizes[0])
    if args.compare_tree:
        print(
            f"# aidcalc before ({args.compare_tree}) and after ({ROOT}): {sizes[0]:,} rows,"
            f" {path.stat().st_size / 1e6:.1f} MB, {args.runs} rounds"
        )
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python"
            f" {platform.python_version()}\n"
        )
        from trees import compare_trees

        print(compare_trees(path, work, args.compare_tree, args.runs))
        return 0
    os.environ["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")
    # as an installed package would be: byte-compiled (PYTHONDONTWRITEBYTECODE may be set)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    machine = (
        f"machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, {platform.platform()}"
    )
    if args.threshold:
        print(f"# aidcalc engines by file size, {args.runs} rounds\n{machine}\n")
        print(threshold(work, [int(x) for x in args.threshold.split(",")], args.runs))
        return 0

    print(f"# aidcalc benchmark: {', '.join(f'{n:,}' for n in sizes)} rows\n{machine}\n")
    for n in sizes:
        path = work / f"big-{n}.csv"
        if not path.exists():
            generate(path, n)
        parquet = path.with_suffix(".parquet")
        if not parquet.exists() and _importable("duckdb"):
            to_parquet(path, parquet)
        runs = args.big_runs if n >= 5_000_000 else args.runs
        for f in (path, parquet):
            if not f.exists():
                continue
            commands, skipped = peers(f)
            results = compare(commands, runs)
            kind = "Parquet" if f.suffix == ".parquet" else "CSV"
            title = (
                f"summary --by city, {n:,} rows, {kind} ({f.stat().st_size / 1e6:.1f} MB),"
                f" {runs} rounds"
            )
            print(table(title, results, "duckdb" if "duckdb" in results else "aidcalc (auto)"))
            if skipped:
                print(f"\nskipped: {', '.join(skipped)}")
            print("\n" + exactness(f, commands["aidcalc (auto)"]) + "\n")

    path = work / f"big-{sizes[0]}.csv"
    startup = compare(
        {
            "import click, tabulate": [PY, "-c", "import click, tabulate"],
            "aidcalc --help": [PY, "-m", "aidcalc", "--help"],
            "aidcalc summary data/2018.csv": [
                PY,
                "-m",
                "aidcalc",
                "summary",
                str(ROOT / "data" / "2018.csv"),
            ],
        },
        max(args.runs * 2, 3),
    )
    print(table("start-up", startup, "import click, tabulate"))

    # check over the big file, against summary on it
    claims = work / "claims.csv"
    claims.write_text(f"reported,formula\n1,total({path.name}) / total({path.name})\n")
    checked = compare(
        {
            "aidcalc summary": [PY, "-m", "aidcalc", "summary", str(path), "--format", "csv"],
            "aidcalc check": [PY, "-m", "aidcalc", "check", str(claims), "--format", "csv"],
        },
        args.runs,
    )
    print()
    print(table("check against summary on the same file", checked, "aidcalc summary"))

    if args.memory_sizes:
        print("\n### peak RSS by file size\n\n| rows | engine | peak RSS MB |\n|---:|---|---:|")
        for n in (int(x) for x in args.memory_sizes.split(",")):
            p = work / f"big-{n}.csv"
            if not p.exists():
                generate(p, n)
            for e in ("python", "duckdb"):
                _, rss, _ = run_with_rss(
                    [PY, "-m", "aidcalc", "summary", str(p), "--by", "city", "--format", "csv",
                     "--engine", e]
                )  # fmt: skip
                print(f"| {n:,} | {e} | {rss / 1024:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
