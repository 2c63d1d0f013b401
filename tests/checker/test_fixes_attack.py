"""Hostile claims files against "what would fix it" and the page: the work stays bounded."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from helpers import run

from aidcalc.checker import fixes


def _chain(path: Path, n: int) -> Path:
    """``n`` claims, every other one an inconsistent sum of the one before (off by one)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "reported", "formula"])
        for i in range(n):
            w.writerow([f"x{i}", 1000 + i, f"x{i - 1} + 2" if i % 2 else ""])
    return path


def test_fixes_for_many_failing_claims_stay_within_their_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the decisions are spent no fix can be proven: the slips of the figures left are not
    read at all (they were, for every figure: minutes for a few thousand claims)."""
    reads = 0
    real = fixes.read_reported

    def counted(*args: Any) -> Any:
        nonlocal reads
        reads += 1
        return real(*args)

    monkeypatch.setattr(fixes, "read_reported", counted)
    r = run("check", _chain(tmp_path / "c.csv", 2000), "--format", "csv", code=1)
    assert r.stderr.strip() == (
        "aidcalc: note: 2000 figures: 0 consistent, 1000 inconsistent, 1000 unchecked"
        " (why: 1000 given)"
    )
    assert reads < 20 * fixes.BUDGET, reads


def test_the_page_finds_an_input_s_block_without_comparing_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each input links to its block by the row itself, not by a search comparing every row's
    fields (quadratic: 5,000 claims took 20 s)."""
    from aidcalc.checker import verdicts

    def refuse(self: object, other: object) -> bool:
        raise AssertionError("rows compared by value")

    page = run("check", _chain(tmp_path / "c.csv", 6), "--format", "html", code=1).stdout
    monkeypatch.setattr(verdicts.Checked, "__eq__", refuse)
    assert run("check", tmp_path / "c.csv", "--format", "html", code=1).stdout == page
    assert '<li><a href="#c1"><mark>1000</mark></a> (x0)' in page
