"""Time aidcalc against the tools people would otherwise use, on the same generated file.

    python bench/bench.py --rows 1000000 --runs 5

Generates a seeded CSV (year, province, city, county, category, amount with two decimals), then runs
``aidcalc summary FILE --by city --format csv`` and each installed peer — GNU datamash, Miller,
pandas, DuckDB, csvkit's csvstat — several times, interleaved, and prints the median wall time, the
ratio to aidcalc and the peak memory (max RSS) of each. It also checks aidcalc's totals per city
against an exact reference (DuckDB's DECIMAL sum, or Python's Decimal when DuckDB is missing),
times start-up against ``python -c "import click, tabulate"``, and ``check`` against ``summary``.
It installs nothing; peers that are not installed are listed as skipped.
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
    rows = duckdb.sql(
        "select city, sum(cast(amount as decimal(18,2))) from read_csv("
        f"'{sys.argv[1]}', header=true, all_varchar=true) group by city"
    ).fetchall()
    how = "DuckDB sum(cast(amount as decimal(18,2)))"
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
DUCKDB = (
    'import sys, duckdb; print(duckdb.sql("select city, sum(amount), avg(amount), count(*)'
    ' from read_csv(\'" + sys.argv[1] + "\') group by city").fetchall())'
)


def peers(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The commands to compare, and the names of peers that are not installed."""
    aidcalc = [PY, "-m", "aidcalc"]
    summary = [*aidcalc, "summary", str(path), "--by", "city", "--format", "csv"]
    found: dict[str, list[str]] = {
        "aidcalc": summary,
        "aidcalc, one process": ["env", "AIDCALC_WORKERS=1", *summary],
    }
    skipped = []
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
    if _importable("pandas"):
        found["pandas"] = [PY, "-c", PANDAS, str(path)]
    else:
        skipped.append("pandas")
    if _importable("duckdb"):
        found["duckdb"] = [PY, "-c", DUCKDB, str(path)]
    else:
        skipped.append("duckdb")
    if shutil.which("csvstat"):
        found["csvstat"] = ["csvstat", "-c", "amount", "--sum", str(path)]
    else:
        skipped.append("csvstat (csvkit)")
    return found, skipped


def _importable(module: str) -> bool:
    return subprocess.run([PY, "-c", f"import {module}"], capture_output=True).returncode == 0


def compare(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int, list[float]]]:
    """Median time, peak RSS and all times of each command; runs interleaved, round by round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(runs):
        for name, cmd in commands.items():
            t, r, _ = run_with_rss(cmd)
            times[name].append(t)
            rss[name] = max(rss[name], r)
    return {n: (statistics.median(ts), rss[n], ts) for n, ts in times.items()}


def table(title: str, results: dict[str, tuple[float, int, list[float]]], base: str) -> str:
    lines = [
        f"### {title}",
        "",
        "| tool | median s | × aidcalc | peak RSS MB |",
        "|---|---:|---:|---:|",
    ]
    b = results[base][0]
    for name, (t, rss, _) in sorted(results.items(), key=lambda kv: kv[1][0]):
        lines.append(f"| {name} | {t:.3f} | {t / b:.2f} | {rss / 1024:.1f} |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Two trees of aidcalc: before and after a change


def compare_trees(path: Path, work: Path, before: Path, runs: int) -> str:
    """Time the same commands from ``before``'s ``src`` and this tree's, on the same file.

    Every round runs each command from both trees back to back, the order alternating from round
    to round (before-after, then after-before), so that a slow spell of a shared machine falls on
    both. Start-up commands are cheap and run three times a round. Returns a Markdown report:
    medians, the ratio after/before of the medians, and the spread of the per-round ratios (the
    noise). The outputs of both trees are compared byte for byte first.
    """
    trees = {"before": before.resolve(), "after": ROOT}
    for tree in trees.values():
        subprocess.run([PY, "-m", "compileall", "-q", str(tree / "src")], check=True)
    claims = work / "claims.csv"
    claims.write_text(f"reported,formula\n1,total({path.name}) / total({path.name})\n")
    summary = ["-m", "aidcalc", "summary", str(path), "--by", "city", "--format", "csv"]
    small = ROOT / "data" / "2018.csv"
    commands: dict[str, tuple[list[str], dict[str, str], int]] = {
        "summary BIG --by city --format csv": ([PY, *summary], {}, 1),
        "the same, AIDCALC_WORKERS=1": ([PY, *summary], {"AIDCALC_WORKERS": "1"}, 1),
        "check (a claim over BIG)": ([PY, "-m", "aidcalc", "check", str(claims)], {}, 1),
        "summary data/2018.csv": ([PY, "-m", "aidcalc", "summary", str(small)], {}, 3),
    }
    click_cmd = [PY, "-c", "import click, tabulate"]

    def env_of(tree: Path, extra: dict[str, str]) -> dict[str, str]:
        return {"PYTHONPATH": str(tree / "src"), **extra}

    same = []
    for name, (cmd, extra, _) in commands.items():
        outs = {t: run_with_rss(cmd, env_of(tree, extra))[2] for t, tree in trees.items()}
        if outs["before"] == outs["after"]:
            same.append(f"{name}: identical")
        elif outs["after"].startswith(b"level,") and outs["before"] == _drop_level(outs["after"]):
            same.append(f"{name}: identical but for the new first column `level`")
        else:
            same.append(f"{name}: DIFFERENT")

    times: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    rss: dict[tuple[str, str], int] = {}
    paired: dict[str, list[float]] = {name: [] for name in commands}
    click_times: list[float] = []
    for i in range(runs):
        order = ["before", "after"] if i % 2 == 0 else ["after", "before"]
        for name, (cmd, extra, repeat) in commands.items():
            for _ in range(repeat):
                got = {}
                for t in order:
                    elapsed, c, r, _ = run_timed(cmd, env_of(trees[t], extra))
                    times.setdefault((name, t), []).append(elapsed)
                    cpu.setdefault((name, t), []).append(c)
                    rss[(name, t)] = max(rss.get((name, t), 0), r)
                    got[t] = elapsed
                paired[name].append(got["after"] / got["before"])
        for _ in range(3):
            click_times.append(run_with_rss(click_cmd)[0])

    med = {k: statistics.median(v) for k, v in times.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    lines = [
        f"Outputs of the two trees, byte for byte: {'; '.join(same)}.",
        "",
        "| command | before s | after s | after/before | per-round ratios: median (min–max)"
        " | CPU s before → after (ratio) | peak RSS MB before → after |",
        "|---|---:|---:|---:|---|---|---:|",
    ]
    for name in commands:
        b, a = med[(name, "before")], med[(name, "after")]
        ps = sorted(paired[name])
        lines.append(
            f"| `{name}` | {b:.3f} | {a:.3f} | {a / b:.2f} | {statistics.median(ps):.2f}"
            f" ({ps[0]:.2f}–{ps[-1]:.2f}, n={len(ps)})"
            f" | {cpu_med[(name, 'before')]:.3f} → {cpu_med[(name, 'after')]:.3f}"
            f" ({cpu_med[(name, 'after')] / cpu_med[(name, 'before')]:.2f})"
            f" | {rss[(name, 'before')] / 1024:.1f} →"
            f" {rss[(name, 'after')] / 1024:.1f} |"
        )
    c = statistics.median(click_times)
    s_b, s_a = med[("summary data/2018.csv", "before")], med[("summary data/2018.csv", "after")]
    lines += [
        "",
        f'Start-up: `python -c "import click, tabulate"` {c:.3f} s (median of'
        f" {len(click_times)}); `summary data/2018.csv` is {s_b / c:.2f}× that before and"
        f" {s_a / c:.2f}× after.",
    ]
    return "\n".join(lines)


def _drop_level(csv_out: bytes) -> bytes:
    """CSV output without its first column (``level``, added after the restructuring)."""
    return b"".join(line.split(b",", 1)[1] for line in csv_out.splitlines(keepends=True))


# ---------------------------------------------------------------------------------------------
# Main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows in the generated file")
    ap.add_argument("--runs", type=int, default=5, help="runs of each tool (interleaved)")
    ap.add_argument("--out", type=Path, help="where to keep the generated files")
    ap.add_argument("--memory-sizes", default="", help="also measure RSS at these row counts")
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
    path = work / f"big-{args.rows}.csv"
    if not path.exists():
        generate(path, args.rows)
    if args.compare_tree:
        print(
            f"# aidcalc before ({args.compare_tree}) and after ({ROOT}): {args.rows:,} rows,"
            f" {path.stat().st_size / 1e6:.1f} MB, {args.runs} rounds"
        )
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python"
            f" {platform.python_version()}\n"
        )
        print(compare_trees(path, work, args.compare_tree, args.runs))
        return 0
    os.environ["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")
    # as an installed package would be: byte-compiled (PYTHONDONTWRITEBYTECODE may be set)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)

    print(
        f"# aidcalc benchmark: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, "
        f"{args.runs} runs each"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, {platform.platform()}"
    )
    print()

    commands, skipped = peers(path)
    results = compare(commands, args.runs)
    print(table("summary --by city, against peers", results, "aidcalc"))
    if skipped:
        print(f"\nskipped (not installed): {', '.join(skipped)}")

    # exactness: aidcalc's totals against an exact reference
    _, _, out = run_with_rss(commands["aidcalc"])
    rows = csv.DictReader(out.decode().splitlines())
    got = {r["city"]: Decimal(r["total"]) for r in rows if r["level"] == "group"}
    how, ref = reference_totals(path)
    print(
        f"\ntotals per city identical to the exact reference ({how}): {got == ref}"
        f" ({len(ref)} cities)"
    )

    # start-up
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
    print()
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
        print("\n### peak RSS by file size\n\n| rows | peak RSS MB |\n|---:|---:|")
        for n in (int(x) for x in args.memory_sizes.split(",")):
            p = work / f"big-{n}.csv"
            if not p.exists():
                generate(p, n)
            _, rss, _ = run_with_rss(
                [PY, "-m", "aidcalc", "summary", str(p), "--by", "city", "--format", "csv"]
            )
            print(f"| {n:,} | {rss / 1024:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
