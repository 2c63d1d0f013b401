"""Time aidcalc on a large workbook against python-calamine's bare rows and pandas.read_excel.

    python bench/bench_workbook.py --rows 1000000 --runs 5            # file cached in bench/out/
    python bench/bench_workbook.py --rows 1000000 --runs 1 --openpyxl # also pandas with openpyxl

Writes the same seeded table as ``bench.py`` (year, province, city, county, category, amount; the
year and the amount as number cells, the amount with two decimals, the names as text) to an
``.xlsx`` with xlsxwriter in constant-memory mode, once (kept in ``--out``), then runs each of
these in its own process, round by round, interleaved, ``--runs`` times:

- ``python + import python_calamine``: the floor of memory and start-up;
- ``calamine bare rows``: ``CalamineWorkbook.from_path`` + ``get_sheet_by_index(0).iter_rows()``,
  touching every row: what any calamine-based reader stands on (the issue's "bare iteration");
- ``calamine rows + dict group``: the same, adding each float amount to its city in a dict: the
  least a script would do (inexact: floats);
- ``aidcalc``: ``aidcalc summary BIG.xlsx --by city --format csv`` through the real CLI;
- ``aidcalc reader only``: ``aidcalc.reader.workbook.open_sheet`` rows of text, nothing tallied;
  and the same with the XML scan (extent, error cells, formats) switched off (a diagnosis:
  where the time goes);
- ``pandas.read_excel (calamine)`` + ``groupby('city')['amount'].agg(['sum', 'mean', 'count'])``,
  and with ``--openpyxl`` the same with ``engine="openpyxl"``.

It prints the median wall time, the ratio to the bare rows and the peak RSS of each (the child's
``ru_maxrss``), checks aidcalc's totals per city against exact sums of the generated cents, and
says whether the issue's targets are met. Installs nothing; pandas is skipped if missing.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import HEADER, run_timed, table_rows

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

BARE = """
import sys, python_calamine
wb = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
n = 0
for row in wb.get_sheet_by_index(0).iter_rows():
    n += 1
print(n)
"""
GROUP = """
import sys, python_calamine
wb = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
rows = wb.get_sheet_by_index(0).iter_rows()
head = next(rows)
c, a = head.index("city"), head.index("amount")
sums = {}
for row in rows:
    sums[row[c]] = sums.get(row[c], 0.0) + row[a]
print(len(sums))
"""
READER = """
import sys
from aidcalc.reader.workbook import open_sheet
n = 0
for _ in open_sheet(sys.argv[1], file_name="big.xlsx").rows:
    n += 1
print(n)
"""
NO_SCAN = """
import sys
import aidcalc.reader.workbook as w
import aidcalc.reader.workbook_scan as scan
from aidcalc.reader.workbook_limits import SheetScan
scan.Prescan.sheet = lambda self, name: SheetScan()  # diagnosis only: the XML scan switched off
n = 0
for _ in w.open_sheet(sys.argv[1], file_name="big.xlsx").rows:
    n += 1
print(n)
"""
PANDAS = """
import sys, pandas as pd
df = pd.read_excel(sys.argv[1], engine=sys.argv[2])
print(df.groupby("city")["amount"].agg(["sum", "mean", "count"]).to_csv())
"""


def generate(path: Path, rows: int, seed: int = 2018) -> None:
    """The rows of ``bench.generate`` as a workbook (one sheet, ``alloc``)."""
    import xlsxwriter

    tmp = path.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    ws = wb.add_worksheet("alloc")
    ws.write_row(0, 0, HEADER)
    for r, (year, p, c, k, category, cents) in enumerate(table_rows(rows, seed), 1):
        ws.write_number(r, 0, year)
        ws.write_string(r, 1, p)
        ws.write_string(r, 2, c)
        ws.write_string(r, 3, k)
        ws.write_string(r, 4, category)
        ws.write_number(r, 5, cents / 100)
    wb.close()
    tmp.replace(path)


def exact_totals(rows: int, seed: int = 2018) -> dict[str, Decimal]:
    cents: dict[str, int] = {}
    for _, _, c, _, _, amount in table_rows(rows, seed):
        cents[c] = cents.get(c, 0) + amount
    return {c: Decimal(v).scaleb(-2) for c, v in cents.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="data rows of the workbook")
    ap.add_argument("--runs", type=int, default=3, help="runs of each (interleaved)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="where files are kept")
    ap.add_argument("--openpyxl", action="store_true", help="also pandas.read_excel(openpyxl)")
    args = ap.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"big-{args.rows}.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path} in {time.perf_counter() - t0:.0f} s")
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    env = {"PYTHONPATH": str(ROOT / "src")}

    commands: dict[str, list[str]] = {
        "python + import python_calamine": [PY, "-c", "import python_calamine"],
        "calamine bare rows": [PY, "-c", BARE, str(path)],
        "calamine rows + dict group": [PY, "-c", GROUP, str(path)],
        "aidcalc": [PY, "-m", "aidcalc", "summary", str(path), "--by", "city", "--format", "csv"],
        "aidcalc reader only": [PY, "-c", READER, str(path)],
        "aidcalc reader only, no XML scan": [PY, "-c", NO_SCAN, str(path)],
    }
    skipped = []
    if subprocess.run([PY, "-c", "import pandas"], capture_output=True).returncode == 0:
        commands["pandas.read_excel (calamine)"] = [PY, "-c", PANDAS, str(path), "calamine"]
        if args.openpyxl:
            commands["pandas.read_excel (openpyxl)"] = [PY, "-c", PANDAS, str(path), "openpyxl"]
    else:
        skipped.append("pandas")

    print(
        f"# aidcalc on a workbook: {args.rows:,} rows x 6 columns,"
        f" {path.stat().st_size / 1e6:.1f} MB .xlsx, {args.runs} runs each"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python"
        f" {platform.python_version()}\n"
    )

    times: dict[str, list[float]] = {n: [] for n in commands}
    cpu: dict[str, list[float]] = {n: [] for n in commands}
    rss: dict[str, int] = dict.fromkeys(commands, 0)
    outs: dict[str, bytes] = {}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            elapsed, c, r, out = run_timed(cmd, env)
            times[name].append(elapsed)
            cpu[name].append(c)
            rss[name] = max(rss[name], r)
            outs[name] = out

    for name in ("calamine bare rows", "aidcalc reader only", "aidcalc reader only, no XML scan"):
        n = int(outs[name].split()[0])
        if n != args.rows + 1:  # the header row and the data rows
            raise SystemExit(f"{name} gave {n} rows, not {args.rows + 1}")
    got = {
        r["city"]: Decimal(r["total"])
        for r in csv.DictReader(outs["aidcalc"].decode().splitlines())
        if r["level"] == "group"
    }
    exact = got == exact_totals(args.rows)

    med = {n: statistics.median(ts) for n, ts in times.items()}
    bare = med["calamine bare rows"]
    base_rss = rss["python + import python_calamine"]
    cpu_bare = statistics.median(cpu["calamine bare rows"])
    print(
        "| command | median s | × bare rows | min–max s | CPU s | CPU × bare rows | peak RSS MB"
        " | RSS over import MB |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    for name in commands:
        ts = times[name]
        print(
            f"| {name} | {med[name]:.2f} | {med[name] / bare:.2f} | {min(ts):.2f}–{max(ts):.2f}"
            f" | {statistics.median(cpu[name]):.2f} | {statistics.median(cpu[name]) / cpu_bare:.2f}"
            f" | {rss[name] / 1024:.0f} | {(rss[name] - base_rss) / 1024:.0f} |"
        )
    if skipped:
        print(f"\nskipped (not installed): {', '.join(skipped)}")
    print(f"\naidcalc's totals per city equal the exact sums of the generated cents: {exact}")
    a = med["aidcalc"]
    print(f"aidcalc / bare rows: {a / bare:.2f} (target at most 1.5)")
    for name in commands:
        if name.startswith("pandas"):
            print(f"{name} / aidcalc: {med[name] / a:.2f} (target at least 3)")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
