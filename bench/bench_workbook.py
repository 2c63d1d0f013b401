"""Time reading a large worksheet: python-calamine's bare rows, aidcalc's rows of text, pandas.

    python bench/bench_workbook.py --rows 1000000 --runs 3 --out /tmp/wb

Generates a seeded N-row x 6-column ``.xlsx`` (group, county, year, category, counties, amount:
strings and numbers, like an allocation table) with xlsxwriter in constant-memory mode, then runs
each reader in its own subprocess, interleaved, ``--runs`` times:

- ``bare``: ``CalamineWorkbook.from_path`` + ``get_sheet_by_index(0).iter_rows()``, touching every
  row; the floor any calamine-based reader stands on;
- ``aidcalc``: ``aidcalc.workbook.open_sheet`` iterating every row as text (with the XML scan for
  error cells);
- ``pandas``: ``pandas.read_excel(engine="calamine")``, if pandas is installed.

It prints the median wall time, the ratio to ``bare`` and the peak RSS of each (``ru_maxrss`` of
the subprocess), and the start-up RSS of a Python that only imports python_calamine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

READERS = {
    "baseline": """
import python_calamine
""",
    "bare": """
import python_calamine
wb = python_calamine.CalamineWorkbook.from_path(PATH)
n = 0
for row in wb.get_sheet_by_index(0).iter_rows():
    n += 1
print(n)
""",
    "aidcalc": """
import sys
sys.path.insert(0, SRC)
from aidcalc.reader.workbook import open_sheet
n = 0
for _, row in open_sheet(PATH, file_name="bench.xlsx").rows:
    n += 1
print(n)
""",
    "pandas": """
import pandas
df = pandas.read_excel(PATH, engine="calamine")
print(len(df) + 1)
""",
}

FOOTER = """
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def generate(path: Path, rows: int, seed: int = 2018) -> None:
    import xlsxwriter

    rnd = random.Random(seed)
    groups = ["severely poor", "other partner", "深度贫困县", "一般县"]
    categories = ["industry", "education", "health", "infrastructure", "housing"]
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("分配表")
    ws.write_row(0, 0, ["group", "county", "year", "category", "counties", "amount"])
    for r in range(1, rows + 1):
        ws.write_string(r, 0, rnd.choice(groups))
        ws.write_string(r, 1, f"county {rnd.randrange(3000):04d}")
        ws.write_number(r, 2, rnd.randrange(2016, 2021))
        ws.write_string(r, 3, rnd.choice(categories))
        ws.write_number(r, 4, rnd.randrange(1, 30))
        ws.write_number(r, 5, rnd.randrange(100_000_000) / 100)
    wb.close()


def run(name: str, path: Path) -> tuple[float, int, int]:
    code = f"PATH = {str(path)!r}\nSRC = {str(ROOT / 'src')!r}\n" + READERS[name] + FOOTER
    t0 = time.perf_counter()
    out = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout
    elapsed = time.perf_counter() - t0
    lines = out.split()
    rows = int(lines[0]) if name != "baseline" else 0
    return elapsed, rows, int(lines[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out", type=Path, default=Path("/tmp/aidcalc-bench-workbook"))
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"alloc-{args.rows}.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path} in {time.perf_counter() - t0:.1f} s")
    print(f"{path.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows x 6 columns")
    names = ["baseline", "bare", "aidcalc"]
    try:
        import pandas  # noqa: F401

        names.append("pandas")
    except ImportError:
        print("pandas: not installed, skipped")
    times: dict[str, list[float]] = {n: [] for n in names}
    rss: dict[str, int] = {}
    for _ in range(args.runs):
        for n in names:
            elapsed, rows, maxrss = run(n, path)
            if n != "baseline" and rows != args.rows + 1:
                raise SystemExit(f"{n} read {rows} rows, not {args.rows + 1}")
            times[n].append(elapsed)
            rss[n] = max(rss.get(n, 0), maxrss)
    bare = statistics.median(times["bare"])
    print(f"{'reader':<10} {'median s':>9} {'vs bare':>8} {'peak RSS MB':>12}")
    for n in names:
        med = statistics.median(times[n])
        print(f"{n:<10} {med:9.2f} {med / bare:7.2f}x {rss[n] / 1024:12.0f}")
    if "pandas" in names:
        ratio = statistics.median(times["pandas"]) / statistics.median(times["aidcalc"])
        print(f"pandas / aidcalc: {ratio:.2f}x")


if __name__ == "__main__":
    main()
