"""aidcalc explain: the arithmetic between figures, the guard against coincidences, misstatements,
and the whole way from an article to verdicts."""

from __future__ import annotations

import os
import random
import re
import shlex
import time
from decimal import Context, Decimal
from fractions import Fraction as F

import pytest
from helpers import DATA, ROOT, examples, parse_csv, run
from hypothesis import given, settings
from hypothesis import strategies as st
from paragraphs import paragraph, rows_of

from aidcalc.checker.claims import Claim
from aidcalc.checker.wording import read_reported
from aidcalc.text.chance import chance_p as _chance_p
from aidcalc.text.explain import LEVEL, Row, explain

EN = DATA / "zhejiang-2018-en.txt"
ZH = DATA / "zhejiang-2018-zh.txt"


def outcome(rows: list[Row]) -> dict[str, tuple[str, str]]:
    return {r.claim.name: (r.status, r.claim.formula) for r in rows}


def claims(*rows: tuple[str, str, str] | tuple[str, str, str, int]) -> list[Row]:
    """Rows from (name, claim, reported[, year])."""
    return [Row(Claim(r[2], name=r[0], claim=r[1]), year=r[3] if len(r) > 3 else None)
            for r in rows]  # type: ignore[misc]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The seed paragraph

SEED = {
    "funds": ("given", ""),
    "multiple": ("unchecked", ""),
    "average": ("explained", "funds / countries"),
    "severe_areas": ("given", ""),
    "severe_funds": ("given", ""),
    "severe_share": ("explained", "severe_funds / funds"),
    "severe_average": ("explained", "severe_funds / severe_areas"),
    "severe_vs_average": ("misstated", "severe_average / average - 1"),
}


def test_seed_paragraph_english() -> None:
    rows = parse_csv(run("explain", "-", input=run("extract", EN).stdout).stdout)
    assert list(rows[0]) == [
        "name", "claim", "reported", "kind", "year", "formula", "status", "why", "chance",
        "mistake", "mistake_formula", "cue", "start", "end", "paragraph", "page", "text",
    ]  # fmt: skip
    assert rows[0]["text"] == EN.read_text(encoding="utf-8") and rows[1]["text"] == ""
    got = {r["name"]: (r["status"], r["formula"]) for r in rows}
    assert got == {**SEED, "countries": ("given", "")}
    by = {r["name"]: r for r in rows}
    assert by["severe_vs_average"]["why"] == (
        "wrong base: (57.4 million − 39.33 million) / 57.4 million = 31.5%"
    )
    mistakes = {r["name"]: (r["mistake"], r["mistake_formula"]) for r in rows if r["mistake"]}
    assert mistakes == {
        "severe_vs_average": ("wrong base", "(severe_average - average) / severe_average")
    }
    assert by["multiple"]["why"] == "needs the figure for 2017, not in the text"
    for name in ("average", "severe_share", "severe_average", "severe_vs_average"):
        # found by search, the chance is at most the level; stated by the words, there is none
        assert (by[name]["cue"] and not by[name]["chance"]) or F(by[name]["chance"]) <= LEVEL
    assert by["funds"]["chance"] == ""


def test_seed_paragraph_chinese() -> None:
    rows = parse_csv(run("explain", "-", input=run("extract", ZH).stdout).stdout)
    got = {r["name"]: (r["status"], r["formula"]) for r in rows}
    expected = {k: v for k, v in SEED.items() if k != "severe_vs_average"}
    expected["average"] = ("explained", "funds / counties")
    # 其中 after the headline's sentence: its part may not exceed it
    expected["funds"] = ("explained", "max(severe_funds, 28.31亿元)")
    assert got == {**expected, "counties": ("given", "")}
    assert rows[1]["why"] == "needs the figure for 2017, not in the text"


def test_the_whole_way_in_one_pipe() -> None:
    """extract | explain | check: check exits 1 on the misstated "31% higher", with the why."""
    claims_csv = run("explain", "-", input=run("extract", EN).stdout).stdout
    checked = run("check", "-", "--format", "csv", input=claims_csv, code=1)
    verdicts = {r["name"]: (r["verdict"], r["reason"]) for r in parse_csv(checked.stdout)}
    assert verdicts["average"] == ("consistent", "")
    assert verdicts["severe_share"] == ("consistent", "")
    assert verdicts["severe_average"] == ("consistent", "")
    assert verdicts["funds"] == ("given", "")
    assert verdicts["multiple"] == ("unchecked", "needs the figure for 2017, not in the text")
    verdict, reason = verdicts["severe_vs_average"]
    assert verdict == "inconsistent"
    assert reason == (
        "off by +14.3 percentage points; "
        "wrong base: (57.4 million − 39.33 million) / 57.4 million = 31.5%; "
        "fix: 31% → 46% (wrong base)"
    )
    table = run("check", "-", input=claims_csv, code=1).stdout
    assert "wrong base" in table
    # the Chinese paragraph stops before "31% higher": everything checks out
    zh = run("explain", "-", input=run("extract", ZH).stdout).stdout
    run("check", "-", input=zh, code=0)


# ---------------------------------------------------------------------------------------------
# The three statuses, and each kind of mistake


def test_explained_with_the_formula_written_in() -> None:
    out = explain(claims(
        ("total", "funds were 2.831 billion", "2.831 billion"),
        ("counties", "72 counties", "72"),
        ("average", "an average of 39.33 million per county", "39.33 million"),
    ))  # fmt: skip
    assert outcome(out)["average"] == ("explained", "total / counties")


def test_unexplained_needs_data() -> None:
    out = explain(claims(
        ("total", "funds were 2.831 billion", "2.831 billion", 2018),
        ("growth", "six times that of 2017", "six times", 2018),
    ))  # fmt: skip
    assert out[1].status == "unchecked"
    assert "2017" in out[1].why


def test_misstated_percent_for_points() -> None:
    out = explain(claims(
        ("share_2018", "the poor counties' share was 45.2%", "45.2%", 2018),
        ("share_2017", "against 40.1% the year before", "40.1%", 2017),
        ("rise", "the share rose 5.1% on the year", "5.1%", 2018),
    ))  # fmt: skip
    row = out[2]
    assert (row.status, row.claim.formula) == ("misstated", "share_2018 / share_2017 - 1")
    assert (row.mistake, row.mistake_formula) == (
        "percent for percentage points",
        "share_2018 - share_2017",
    )
    assert row.why == "percent for percentage points: 45.2% − 40.1% = 5.10 percentage points"


def test_misstated_wan_yi_slip() -> None:
    out = explain(claims(
        ("funds", "资金28.31亿元", "28.31亿元"),
        ("counties", "72个县", "72"),
        ("average", "县均3933亿元", "3933亿元"),
    ))  # fmt: skip
    row = out[2]
    assert (row.status, row.claim.formula) == ("misstated", "funds / counties")
    assert row.why.startswith("a 万/亿 slip: 28.31亿 / 72 = ")


def test_misstated_thousand_million_slip() -> None:
    out = explain(claims(
        ("funds", "funds were 2.831 billion", "2.831 billion"),
        ("counties", "72 counties", "72"),
        ("average", "an average of 39.33 thousand per county", "39.33 thousand"),
    ))  # fmt: skip
    assert (out[2].status, out[2].claim.formula) == ("misstated", "funds / counties")
    assert out[2].why.startswith("a thousand/million slip")


def test_misstated_growth_n_times() -> None:
    out = explain(claims(
        ("y2017", "2017年资金350亿元", "350亿元", 2017),
        ("y2018", "2018年资金1260亿元", "1260亿元", 2018),
        ("growth", "比上年增长3.6倍", "增长3.6倍", 2018),
    ))  # fmt: skip
    row = out[2]
    assert (row.status, row.claim.formula) == ("misstated", "y2018 / y2017")
    assert row.why == "增长N倍 read as N times: 增长3.6倍 means 4.60倍, but 1260亿 / 350亿 = 3.60倍"
    # read the standard way, it is explained
    out = explain(claims(
        ("y2017", "2017年资金350亿元", "350亿元", 2017),
        ("y2018", "2018年资金1260亿元", "1260亿元", 2018),
        ("growth", "比上年增长2.6倍", "增长2.6倍", 2018),
    ))  # fmt: skip
    assert (out[2].status, out[2].claim.formula) == ("explained", "y2018 / y2017")


def test_misstated_share_of_the_wrong_total() -> None:
    out = explain(claims(
        ("total", "funds were 2.831 billion", "2.831 billion"),
        ("poor", "the poorest got 0.943 billion", "0.943 billion"),
        ("share", "accounting for 50% of the total", "50%"),
    ))  # fmt: skip
    row = out[2]
    assert (row.status, row.claim.formula) == ("misstated", "poor / total")
    assert row.why == (
        "share of the wrong total (of the rest): 0.943 billion / (2.831 billion − 0.943 billion)"
        " = 49.9%"
    )


def test_growth_and_cagr_with_years() -> None:
    out = explain(claims(
        ("y2012", "332亿元 in 2012", "332亿元", 2012),
        ("y2020", "1461亿元 in 2020", "1461亿元", 2020),
        ("cagr", "average annual growth of 20.3%", "20.3%", 2020),
    ))  # fmt: skip
    assert (out[2].status, out[2].claim.formula) == ("explained", "cagr(y2012, y2020, 8)")


# ---------------------------------------------------------------------------------------------
# The guard


def test_chance_of_the_seed_share() -> None:
    """p for 51% against 1.435 billion / 2.831 billion, by hand: the values an unrelated 51% could
    have had and still matched, over the window from 5.1% to 510%, on a log scale."""
    rep = read_reported("51%")
    lo, hi = F(14345, 28315), F(14355, 28305)  # the exact range of the share
    ctx = Context(prec=40)
    a, b = lo - F(5, 1000), hi + F(5, 1000)
    by_hand = ctx.divide(
        ctx.ln(
            ctx.divide(Decimal(b.numerator * a.denominator), Decimal(b.denominator * a.numerator))
        ),
        ctx.ln(Decimal(100)),
    )
    assert abs(_chance_p(rep, lo, hi) - F(by_hand)) < F(1, 10**20)
    assert F(45, 10**4) < _chance_p(rep, lo, hi) < F(46, 10**4)


def test_a_fit_that_could_be_a_coincidence_is_not_an_explanation() -> None:
    """51% fits 1.435 billion / 2.831 billion, but with no cue word every shape of a percentage is
    tried over many amounts, and a two-digit percentage is matched by chance too easily."""
    amounts = ["2.831 billion", "1.435 billion", "0.912 billion", "0.705 billion", "0.455 billion",
               "1.804 billion", "2.17 billion", "0.388 billion"]  # fmt: skip
    rows = [(f"a{i}", f"{a} were spent", a) for i, a in enumerate(amounts)]
    out = explain(claims(*rows, ("pct", "it was 51%", "51%")))
    row = out[-1]
    assert row.status == "unchecked"
    assert "could be a coincidence" in row.why
    assert F(row.chance) > LEVEL
    # the same figure with its cue word is explained: the vocabulary, and so m, is smaller
    out = explain(claims(*rows[:2], ("pct", "accounting for 51% of the total", "51%")))
    assert (out[-1].status, out[-1].claim.formula) == ("explained", "a1 / a0")


def test_no_false_explanations(capsys: pytest.CaptureFixture[str]) -> None:
    """Paragraphs of six unrelated figures: at most 5% of the figures may be explained."""
    rng = random.Random(20190603)
    figures = explained = misstated = 0
    for _ in range(300):
        out = explain(rows_of(paragraph(rng)))
        figures += len(out)
        explained += sum(r.status == "explained" for r in out)
        misstated += sum(r.status == "misstated" for r in out)
    assert figures >= 1800
    rate, wrong = explained / figures, misstated / figures
    with capsys.disabled():
        print(
            f"\nfalse explanations: {explained} of {figures} figures ({rate:.2%});"
            f" false misstatements: {misstated} ({wrong:.2%})"
        )
    assert rate <= 0.05
    assert wrong <= 0.05


SENTENCES_EN = EN.read_text(encoding="utf-8").strip().split(". ")


@settings(max_examples=examples(25), deadline=None)
@given(st.permutations(range(9)))
def test_explanations_survive_reordering_the_rows(order: list[int]) -> None:
    rows = rows_of(EN.read_text(encoding="utf-8"))
    assert outcome(explain([rows[i] for i in order])) == outcome(explain(rows))


def test_explanations_survive_reordering_the_sentences() -> None:
    a, b = SENTENCES_EN
    swapped = b.rstrip(".") + ". " + a + "."
    assert outcome(explain(rows_of(swapped))) == outcome(explain(rows_of(SENTENCES_EN[0] + ". "
                                                                         + SENTENCES_EN[1])))  # fmt: skip
    zh = ZH.read_text(encoding="utf-8").strip()
    first, second = zh.split("。")
    assert outcome(explain(rows_of(second + "。" + first + "。"))) == outcome(explain(rows_of(zh)))


def test_explained_rows_keep_their_place_and_check_reads_later_names() -> None:
    out = explain(claims(
        ("share", "accounting for 51% of the total", "51%"),
        ("severe", "the poorest got 1.435 billion", "1.435 billion"),
        ("total", "funds were 2.831 billion", "2.831 billion"),
    ))  # fmt: skip
    assert [r.claim.name for r in out] == ["share", "severe", "total"]
    assert out[0].claim.formula == "severe / total"
    # and check reads the result
    from aidcalc.text.explain import rows_result

    csv_text = rows_result(out).render("csv")
    run("check", "-", input=csv_text, code=0)


def test_unnamed_inputs_get_names_and_formulas_are_kept() -> None:
    out = explain([
        Row(Claim("2.831 billion")),
        Row(Claim("72")),
        Row(Claim("39.33 million", claim="an average of 39.33 million per county")),
        Row(Claim("25", name="n", formula="72 - 47")),
    ])  # fmt: skip
    assert [(r.claim.name, r.claim.formula) for r in out] == [
        ("f1", ""), ("f2", ""), ("", "f1 / f2"), ("n", "72 - 47"),
    ]  # fmt: skip
    assert out[3].status == ""
    again = explain(out)
    assert [(r.claim.formula, r.status) for r in again] == [
        (r.claim.formula, r.status) for r in out
    ]


def test_no_circles() -> None:
    """2.831 billion is 39.33 million × 72 too, but 39.33 million is explained by it."""
    out = outcome(explain(rows_of(EN.read_text(encoding="utf-8"))))
    assert out["funds"] == ("given", "")
    assert out["severe_funds"] == ("given", "")


# ---------------------------------------------------------------------------------------------
# Data files, formats, speed


def test_data_file_figures_are_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = run("extract", "data/zhejiang-2018-en.txt").stdout
    out = run("explain", "-", "--data", "data/2018.csv", input=text).stdout
    got = {r["name"]: (r["status"], r["formula"]) for r in parse_csv(out)}
    assert got["funds"] == ("explained", "total(data/2018.csv)")
    assert got["countries"] == ("explained", "counties(data/2018.csv)")
    assert got["severe_funds"] == ("explained", 'total(data/2018.csv[group="severely poor"])')
    assert got["severe_areas"] == ("explained", 'counties(data/2018.csv[group="severely poor"])')
    assert got["severe_vs_average"] == ("misstated", "severe_average / average - 1")
    checked = run("check", "-", "--format", "csv", input=out, code=1).stdout
    verdicts = {r["name"]: r["verdict"] for r in parse_csv(checked)}
    assert verdicts["funds"] == verdicts["severe_funds"] == "consistent"


def test_explain_formats_and_notes() -> None:
    text = run("extract", EN).stdout
    table = run("explain", "-", "--format", "table", input=text).stdout
    assert "misstated" in table
    assert "note: 3 explained, 1 misstated, 4 given, 1 unchecked" in table
    result = run("explain", "-", input=text)
    assert result.stderr == "aidcalc: note: 3 explained, 1 misstated, 4 given, 1 unchecked\n"


def forty_figures(rng: random.Random) -> str:
    return " ".join(paragraph(rng, 5) for _ in range(8))


def test_a_forty_figure_report_in_under_two_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(40)
    worst = 0.0
    for text in [forty_figures(rng) for _ in range(3)] + [
        ", ".join(f"a total of {rng.randint(100, 999)} million" for _ in range(40)) + "."
    ]:
        start = time.perf_counter()
        out = run("explain", "-", input=run("extract", "-", input=text).stdout).stdout
        took = time.perf_counter() - start
        assert len(parse_csv(out)) == 40
        worst = max(worst, took)
    with capsys.disabled():
        print(f"\n40-figure report, extract + explain: {worst:.2f} s at worst")
    assert worst < 2


# ---------------------------------------------------------------------------------------------
# The README's pipe


PIPE = re.compile(r"```shell-session\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S)


def pipe_output(command: str) -> str:
    """Run ``aidcalc A | aidcalc B | …`` through CliRunner, each output the next one's input."""
    text: str | None = None
    for part in command.split(" | "):
        args = shlex.split(part)
        assert args[0] == "aidcalc", command
        text = run(*args[1:], input=text, code=None).stdout
    assert text is not None
    return text


def test_readme_pipe_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    blocks = list(PIPE.finditer(text))
    assert blocks, "the README shows the pipe from an article to verdicts"
    if os.environ.get("AIDCALC_UPDATE_README"):
        new = PIPE.sub(
            lambda m: f"```shell-session\n$ {m['command']}\n{pipe_output(m['command'])}```", text
        )
        readme.write_text(new, encoding="utf-8")
        pytest.skip("README refreshed")
    for m in blocks:
        assert m["output"] == pipe_output(m["command"]), m["command"]
