"""The relations the words state (issue 20): one CLI test per family of cue words, each with a
consistent, an inconsistent and an ambiguous case that must come out unchecked; a metamorphic
test; round figures; and our own paragraphs scored like the corpus."""

from __future__ import annotations

import os
import random
import sys

import pytest
from helpers import ROOT, parse_csv, run
from paragraphs import round_paragraph, rows_of

from aidcalc.text.explain import explain

CORPUS = ROOT / "tests" / "corpus"


def claims_with_text(text: str) -> str:
    """extract's rows for the text, with where each figure stands (``start, end, text``)."""
    return run("extract", "-", "--format", "csv", input=text).stdout


def checked(text: str) -> dict[str, dict[str, str]]:
    """extract | explain | check on the text: check's rows and explain's, by figure as printed."""
    explained = run("explain", "-", "--format", "csv", input=claims_with_text(text)).stdout
    result = run("check", "-", "--format", "csv", input=explained, code=None)
    assert result.exit_code in (0, 1, 2), result.output
    by_name = {r["name"]: r for r in parse_csv(explained)}
    if not result.stdout:  # nothing could be checked: exit 2, and explain says why
        assert result.exit_code == 2 and "nothing was checked" in result.stderr, result.output
        return {r["reported"]: {**r, "verdict": r["status"], "reason": r["why"]}
                for r in by_name.values()}  # fmt: skip
    return {r["reported"]: {**by_name[r["name"]], **r} for r in parse_csv(result.stdout)}


def verdict(text: str, figure: str) -> tuple[str, str, str]:
    """The figure's verdict, cue and reason (explain's why when unchecked)."""
    row = checked(text)[figure]
    return row["verdict"], row["cue"], row["reason"]


# (family, consistent text, inconsistent text, ambiguous text, the figure)
FAMILIES = [
    ("share",
     "全县收入完成500万元，其中税收收入完成300万元，占全县收入的60.0%。",
     "全县收入完成500万元，其中税收收入完成300万元，占全县收入的65.0%。",
     "一般收入500万元，基金收入800万元，税收收入300万元，占收入的60.0%。",
     "60.0%|65.0%"),
    ("parts",
     "The allocation is €23.0 billion, made up of €11.5 billion, €7.8 billion and €3.7 billion.",
     "The allocation is €24.0 billion, made up of €11.5 billion, €7.8 billion and €3.7 billion.",
     "The allocation is more than €23 billion, made up of €11.5 billion, €7.8 billion and"
     " €3.7 billion.",
     "€23.0 billion|€24.0 billion|more than €23 billion"),
    ("growth",
     "全县收入完成9356万元，同比增长7.2%，增收627万元。",
     "全县收入完成9356万元，同比增长8.2%，增收627万元。",
     "全县收入完成9356万元，同比增长7.2%。",
     "7.2%|8.2%"),
    ("decline",
     "全市基金收入完成86.3亿元，下降8.5%，减收8.0亿元。",
     "全市基金收入完成86.3亿元，下降9.5%，减收8.0亿元。",
     "全市基金收入完成86.3亿元，下降8.5%。",
     "8.5%|9.5%"),
    ("average",
     "全省88个县获得资金8.64亿元，县均981.8万元。",
     "全省88个县获得资金8.64亿元，县均1018万元。",
     "全省有88个重点县。另有12个县。共获得资金8.64亿元，县均981.8万元。",
     "981.8万元|1018万元"),
    ("multiple",
     "Texas receives $1.82 billion, 2.6 times the $0.70 billion that goes to Georgia.",
     "Texas receives $1.82 billion, 2.9 times the $0.70 billion that goes to Georgia.",
     "2018年，全省投入资金35.8亿元，是2017年的2.6倍。",
     "2.6 times|2.9 times|2.6倍"),
    ("points",
     "土地出让收入占基金收入的比重为84.1%，较上年的85.6%下降1.5个百分点。",
     "土地出让收入占基金收入的比重为84.1%，较上年的85.6%下降2.5个百分点。",
     "土地出让收入的比重下降1.5个百分点。",
     "1.5个百分点|2.5个百分点"),
    ("completion",
     "全县收入完成9356万元，为调整预算9200万元的101.7%。",
     "全县收入完成9356万元，为调整预算9200万元的103.7%。",
     "全县收入完成9356万元，完成预算的101.7%。",
     "101.7%|103.7%"),
    ("cagr",
     "2019年，援助资金14.9亿元；2022年达到35.8亿元，年均增长33.9%。",
     "2019年，援助资金14.9亿元；2022年达到35.8亿元，年均增长36.9%。",
     "2018年资金13.0亿元，2019年资金14.9亿元。2022年达到35.8亿元，年均增长33.9%。",
     "33.9%|36.9%"),
]  # fmt: skip


def _figure(rows: dict[str, dict[str, str]], figures: str) -> dict[str, str]:
    found = [rows[f] for f in figures.split("|") if f in rows]
    assert len(found) == 1, (figures, list(rows))
    return found[0]


@pytest.mark.parametrize(("family", "right", "wrong", "ambiguous", "figures"), FAMILIES,
                         ids=[f[0] for f in FAMILIES])  # fmt: skip
def test_each_family_of_cue_words(
    family: str, right: str, wrong: str, ambiguous: str, figures: str
) -> None:
    good = _figure(checked(right), figures)
    assert good["verdict"] == "consistent", good
    assert good["cue"], good  # the formula came from the words, and the row says which
    bad = _figure(checked(wrong), figures)
    assert bad["verdict"] == "inconsistent", bad
    assert bad["cue"] == good["cue"]
    unsure = _figure(checked(ambiguous), figures)
    assert unsure["verdict"] == "unchecked", unsure
    assert unsure["reason"], unsure


def test_a_mistake_caught_with_no_formula_written() -> None:
    """The README's Chinese budget paragraph: a digit typo in 非税收入 (12398 for 2398)."""
    text = (
        "2023年，全县一般公共预算收入完成9356万元，为调整预算9200万元的101.7%，比上年增收627万元，"
        "增长7.2%。其中，税收收入6958万元，占74.4%；非税收入12398万元。"
    )
    rows = checked(text)
    assert rows["12398万元"]["verdict"] == "inconsistent"
    formula = rows["12398万元"]["formula"]
    assert formula.startswith("min(") and formula.endswith(", 12398万元)"), formula
    assert rows["9356万元"]["verdict"] == "given"  # the total is tied to tax by its share
    assert rows["101.7%"]["verdict"] == rows["7.2%"]["verdict"] == "consistent"
    assert rows["74.4%"]["verdict"] == "consistent"


# ---------------------------------------------------------------------------------------------
# Never a false alarm from a misread sentence


UNRELATED = [
    "另外，全市共有中小学120所，比上年增加3所，增长2.6%，其中农村学校85所。",
    "Separately, the 14 libraries received £2.1 million, up 3.4 per cent, of which £0.6 million"
    " went to rural branches.",
    "同期，全省农村公路投资完成45.6亿元，占交通投资的38.2%。",
]


@pytest.mark.parametrize("paragraph", sorted(p.stem for p in (CORPUS / "paragraphs").glob("*.txt")))
def test_an_unrelated_sentence_with_cue_words_changes_no_verdict(paragraph: str) -> None:
    """Added at its end (where it is no total's 其中 list nor anyone's "that is"), an unrelated
    sentence with cue words changes no verdict."""
    text = (CORPUS / "paragraphs" / f"{paragraph}.txt").read_text(encoding="utf-8").strip()
    rows = checked(text)
    before = {k: v["verdict"] for k, v in rows.items()}
    # a formula the arithmetic search found (no cue) may be withdrawn when more figures make a
    # coincidence likelier: unchecked then, never another verdict
    searched = {k for k, v in rows.items() if not v["cue"] and v["verdict"] != "given"}
    for extra in UNRELATED:
        after = {k: v["verdict"] for k, v in checked(text + " " + extra).items()}
        for k in searched & after.keys():
            if after[k] == "unchecked":
                after[k] = before[k]
        assert {k: after[k] for k in before if k in after} == before, (extra, paragraph)


def test_other_period_and_cause_clauses_stay_unchecked() -> None:
    """上年同期 is not the year before; a 主要是 clause's decrease is a part's, not the total's."""
    rows = checked(
        "非税收入完成17162万元，同比下降2.6%，主要是国有资源有偿使用收入减少1100万元左右。"
    )
    assert rows["2.6%"]["verdict"] == "unchecked"
    rows = checked("全县累计完成投资48.6亿元，比上年增长12.5%。")
    assert rows["12.5%"]["verdict"] == "unchecked"


# ---------------------------------------------------------------------------------------------
# Round figures: the guard holds for figures far more likely to coincide


def test_round_figures_are_not_explained_or_misstated_by_chance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for per in (6, 10):
        rng = random.Random(20181204 + per)
        figures = explained = misstated = 0
        for _ in range(150):
            out = explain(rows_of(round_paragraph(rng, per)))
            figures += len(out)
            explained += sum(r.status == "explained" and not r.cue for r in out)
            misstated += sum(r.status == "misstated" for r in out)
        rate = (explained + misstated) / figures
        with capsys.disabled():
            print(f"\nround figures, {per} a paragraph: {explained} explained, {misstated}"
                  f" misstated of {figures} ({rate:.2%})")  # fmt: skip
        assert rate <= 0.02


def test_no_slip_between_unrelated_round_figures() -> None:
    """Issue 19 item 14: 300万 is not "a thousand/million slip" of 3000万 × 100."""
    text = "2018年，资金总额300万元，帮扶100个县，是上年的1.5倍，其中农村资金3000万元，共投入资金250万元。"
    out = explain(rows_of(text))
    assert not [r for r in out if r.status == "misstated"]
    rows = checked(text)
    assert rows["300万元"]["mistake"] == ""


# ---------------------------------------------------------------------------------------------
# A change of spending is written 增支/减支 as a change of revenue is written 增收/减收: the rate
# before it is checked against it, as 同比增长…增收 is
@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("一般公共预算支出完成102450万元，同比增长3.8%，增支3790万元。", "3.8%", "consistent"),
        ("一般公共预算支出完成102450万元，同比增长4.8%，增支3790万元。", "4.8%", "inconsistent"),
        ("全年一般公共预算支出完成56200万元，同比下降2.5%，减支1441万元。", "2.5%", "consistent"),
        ("全年一般公共预算支出完成56200万元，同比下降3.5%，减支1441万元。", "3.5%", "inconsistent"),
    ],
)
def test_a_rate_is_checked_against_the_spending_change_after_it(
    text: str, figure: str, expected: str
) -> None:
    row = checked(text)[figure]
    assert row["verdict"] == expected, row
    assert row["cue"], row  # the words stated it, not the arithmetic search


# ---------------------------------------------------------------------------------------------
# An average is over its count's own amount, and "each" with no unit names no count of several

TWO_GROUPS = "The 21 councils have £1.38 billion and the 30 districts have £0.9 billion. "


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        (TWO_GROUPS + "Each district receives £30 million.", "£30 million", "consistent"),
        (TWO_GROUPS + "Each district receives £40 million.", "£40 million", "inconsistent"),
        (TWO_GROUPS + "Each council receives £66 million.", "£66 million", "consistent"),
        (
            "The 21 councils have £1.38 billion, the 30 districts £0.9 billion; each receives"
            " £66 million.",
            "£66 million",
            "unchecked",
        ),
        (
            "The 21 councils share £1.38 billion, so each council receives on average £66 million.",
            "£66 million",
            "consistent",
        ),
        (
            "The 21 councils share £1.38 billion, so each council receives on average £76 million.",
            "£76 million",
            "inconsistent",
        ),
    ],
)
def test_an_average_is_over_its_counts_own_amount(text: str, figure: str, expected: str) -> None:
    row = checked(text)[figure]
    assert row["verdict"] == expected, row
    assert row["cue"], row


GRANT = (
    "The 21 councils have Core Spending Power of £13.86 billion. The Social Care Grant"
    " contributes £1.38 billion, so each council receives "
)


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        (GRANT + "£66 million from it.", "£66 million", "consistent"),
        (GRANT + "£76 million from it.", "£76 million", "inconsistent"),
    ],
)
def test_an_average_is_over_the_amount_of_its_own_sentence(
    text: str, figure: str, expected: str
) -> None:
    """The count was stated before; the amount the average's sentence states is what is shared."""
    row = checked(text)[figure]
    assert row["verdict"] == expected, row
    assert row["cue"], row


# ---------------------------------------------------------------------------------------------
# Our own paragraphs, scored as the corpus is


def _score() -> list[object]:
    sys.path.insert(0, str(CORPUS))
    try:
        import score  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(CORPUS))
    cmd = f"{sys.executable} -m aidcalc"
    scores: list[object] = score.score(None, cmd, CORPUS)
    return scores


def test_our_paragraphs_are_checked_as_the_corpus_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    )
    scores = _score()
    total = {
        k: sum(getattr(s, k) for s in scores)
        for k in ("non_given", "checked", "mistakes", "caught")
    }
    assert total["checked"] >= 0.75 * total["non_given"], total
    assert total["caught"] == total["mistakes"], total
    false = [
        (s.id, r.expected.name)
        for s in scores
        for r in s.rows  # type: ignore[attr-defined]
        if r.flagged and r.expected.expected != "inconsistent"
    ]
    # $106 per pupil is read as exact until extract reads a whole amount in prose as rounded
    # (issue 20 item 7): then this list is empty
    assert false in ([], [("t06", "per_pupil")]), false
