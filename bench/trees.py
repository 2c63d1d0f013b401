"""Time two trees of aidcalc against each other: before and after a change (``bench.py
--compare-tree DIR``)."""

from __future__ import annotations

import statistics
import subprocess
from pathlib import Path

from bench import PY, ROOT, run_timed, run_with_rss


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
        "the same, --engine python": ([PY, *summary, "--engine", "python"], {}, 1),
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
