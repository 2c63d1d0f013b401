"""Issue 21, what would fix it: one printed figure's change that clears every failing relation
it takes part in, through ``check`` in table, CSV and HTML (the cases are in claims_cases.py).
"""

from __future__ import annotations

from fractions import Fraction
from html.parser import HTMLParser

import pytest
from claims_cases import NO_FIX, SWAPPED, TYPO, UNIT
from helpers import parse_csv, run
from hypothesis import given
from hypothesis import strategies as st

from aidcalc.checker.fixes import slips
from aidcalc.checker.wording import read_reported


def check(write, text: str, *args: str, code: int = 1) -> str:
    path = write("claims.csv", text)
    return run("check", path, *args, code=code).stdout


class Visible(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


TYPO_FIX = "12142万元 → 2142万元 (a digit added) clears both: nontax, nontax_change"


def test_a_typo_and_the_change_it_cascades_into_are_one_fix_in_the_table(write) -> None:
    out = check(write, TYPO)
    lines = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert lines["nontax"].endswith(f"off by -9998.5万 (-82.3%); fix: {TYPO_FIX}")
    assert lines["nontax_change"].endswith(f"off by -290.34 percentage points; fix: {TYPO_FIX}")
    assert "fix" not in lines["revenue"] and "fix" not in lines["nontax_last"]


def test_a_typo_in_csv_has_the_fix_and_its_value(write) -> None:
    rows = {r["name"]: r for r in parse_csv(check(write, TYPO, "--format", "csv"))}
    for name in ("nontax", "nontax_change"):
        assert rows[name]["fix"] == TYPO_FIX
        assert rows[name]["fix_value"] == "21420000"
        assert rows[name]["verdict"] == "inconsistent"
    assert rows["nontax"]["off_by"] == "-99985000"  # the gap between the ranges, in yuan
    assert rows["revenue"]["fix"] == rows["revenue"]["fix_value"] == ""


def test_a_typo_on_the_page_is_one_fix_in_chinese(write) -> None:
    html = check(write, TYPO, "--format", "html")
    assert '<html lang="zh-Hans">' in html
    text = Visible(html).text()
    fix = "12142万元 → 2142万元（多了一位数字）两处一并改正：nontax、nontax_change"
    assert text.count(fix) == 4  # in the summary, and in each block
    assert "相差-9998.5万" in text  # the one gap, in the report's unit


def test_a_typo_page_in_english_when_asked(write) -> None:
    text = Visible(check(write, TYPO, "--format", "html", "--lang", "en")).text()
    assert f"What would fix it: {TYPO_FIX}" in text
    assert "off by -9998.5万" in text


@pytest.mark.parametrize("fmt", ["table", "csv", "html"])
def test_two_digits_swapped(write, fmt: str) -> None:
    out = check(write, SWAPPED, "--format", fmt)
    assert "4575 → 4755 (two digits swapped)" in (Visible(out).text() if fmt == "html" else out)
    if fmt == "csv":
        (total,) = [r for r in parse_csv(out) if r["name"] == "total"]
        assert total["fix_value"] == "4755"


@pytest.mark.parametrize("fmt", ["table", "csv", "html"])
def test_wan_for_yi(write, fmt: str) -> None:
    out = check(write, UNIT, "--format", fmt)
    if fmt == "html":
        assert "5.3万元 → 5.3亿元（单位错误：万误作亿）" in Visible(out).text()
    else:
        assert "5.3万元 → 5.3亿元 (unit slip: 万 for 亿)" in out
    if fmt == "csv":
        (total,) = [r for r in parse_csv(out) if r["name"] == "total"]
        assert total["fix_value"] == "530000000"


@pytest.mark.parametrize("fmt", ["table", "csv", "html"])
def test_no_single_change_clears_it_so_nothing_is_named(write, fmt: str) -> None:
    out = check(write, NO_FIX, "--format", fmt)
    assert "→" not in out
    if fmt == "csv":
        rows = {r["name"]: r for r in parse_csv(out)}
        assert rows["total"]["verdict"] == "inconsistent"
        assert rows["total"]["fix"] == rows["total"]["fix_value"] == ""
        assert rows["half"]["verdict"] == "consistent"  # the fix 612 → 579 would break it


def test_a_coincidence_is_not_a_fix() -> None:
    """Of some 30 one-digit changes of 57.4 million, one happens to land within the rounding of
    31%: that proves nothing, so nothing is named."""
    out = run(
        "check", "--formula", "57.4 million / 39.33 million - 1", "--reported", "31%", code=1
    ).stdout
    assert "fix" not in out


def test_a_misstated_figure_is_fixed_to_its_correct_value(write) -> None:
    claims = (
        "name,claim,reported,formula,mistake,mistake_formula\n"
        "a,,1435,,,\nb,,2831,,,\n"
        'share,,50%,a / b,wrong base,"a / 2870"\n'
    )
    rows = parse_csv(check(write, claims, "--format", "csv"))
    assert rows[2]["verdict"] == "inconsistent"  # misstated counts with the inconsistent
    assert rows[2]["mistake"] == "wrong base"
    assert rows[2]["fix"] == "50% → 51% (wrong base)"
    text = Visible(check(write, claims, "--format", "html")).text()
    assert "1 inconsistent (of them 1 misstated)" in text
    assert "What would fix it: 50% → 51% (wrong base)" in text


def test_sort_by_verdict_puts_the_failures_first(write) -> None:
    out = check(write, TYPO, "--sort", "verdict")
    names = [line.split()[0] for line in out.splitlines()[2:-1]]
    assert names == ["nontax", "nontax_change", "revenue", "tax", "nontax_last"]
    plain = check(write, TYPO)
    assert [line.split()[0] for line in plain.splitlines()[2:-1]][:3] == [
        "revenue",
        "tax",
        "nontax",
    ]


@given(st.integers(min_value=10, max_value=10**7))
def test_every_slip_reads_as_another_figure(n: int) -> None:
    """Each slip of a printed number is a figure the check reads, of another value."""
    text = f"{n}万元"
    value = read_reported(text).value
    for other, slip in slips(text):
        assert read_reported(other).value != value, (other, slip)
        assert slip


def test_the_slips_include_each_kind() -> None:
    got = dict(slips("12,142万元"))
    assert got["2,142万元"] == "a digit added"
    assert got["121,442万元"] == "a digit dropped"
    assert got["21,142万元"] == "two digits swapped"
    assert got["12,143万元"] == "a digit changed"
    assert got["1,214.2万元"] == "decimal point moved"
    assert got["12,142亿元"] == "unit slip: 万 for 亿"
    assert dict(slips("5 million"))["5 billion"] == "unit slip: million for billion"
    assert dict(slips("3.5%"))["3.5 percentage points"] == "percent for points"
    assert read_reported("2,142万元").value == Fraction(21420000)
