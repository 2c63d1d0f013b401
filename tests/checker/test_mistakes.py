"""A misstated figure's mistake, end to end: ``explain`` writes its name and formula (``mistake``,
``mistake_formula``), ``check`` evaluates the formula as it does the claim's own (``mistake``,
``mistake_value`` in machine formats; :class:`aidcalc.checker.verdicts.Mistake` on the checked row),
and the HTML page and the terminal picture draw its value by name."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from helpers import DATA, bad, parse_csv, parse_json, run

from aidcalc.checker.claims import Claim
from aidcalc.checker.verdicts import check_claims
from aidcalc.checker.wording import read_reported

EN = DATA / "zhejiang-2018-en.txt"
WRONG_BASE = Fraction(57_400_000 - 39_330_000, 57_400_000)  # (57.4 million − 39.33 million) / 57.4


def pipeline(text_file: object) -> str:
    """``aidcalc extract FILE | aidcalc explain -``: the claims ``check`` reads."""
    return run("explain", "-", input=run("extract", text_file).stdout).stdout


def near(cell: str, x: Fraction) -> bool:
    """A machine-format number (15 significant digits) is ``x``."""
    return abs(Fraction(Decimal(cell)) - x) <= abs(x) / 10**14


def test_the_seed_paragraph_mistake_is_in_checks_machine_formats() -> None:
    claims = pipeline(EN)
    csv_rows = parse_csv(run("check", "-", "--format", "csv", input=claims, code=1).stdout)
    by = {r["name"]: r for r in csv_rows}
    row = by["severe_vs_average"]
    assert (row["verdict"], row["mistake"]) == ("inconsistent", "wrong base")
    assert near(row["mistake_value"], WRONG_BASE)
    assert Fraction(305, 1000) <= Fraction(Decimal(row["mistake_value"])) <= Fraction(315, 1000)
    assert all(r["mistake"] == r["mistake_value"] == "" for r in csv_rows if r is not row)
    records = parse_json(run("check", "-", "--format", "json", input=claims, code=1).stdout)
    (misstated,) = [r for r in records if r["mistake"]]
    assert misstated["name"] == "severe_vs_average"
    assert misstated["mistake"] == "wrong base"
    assert near(str(misstated["mistake_value"]), WRONG_BASE)


def test_the_seed_paragraph_mistake_is_drawn_and_named_on_the_page() -> None:
    page = run("check", "-", "--format", "html", input=pipeline(EN), code=1).stdout
    assert (
        "Mistaken formula (wrong base): <code>(severe_average - average) / severe_average</code>"
        " gives <strong>31.5%</strong>"
    ) in page
    svg = page[page.index('aria-labelledby="c9-t c9-d"') :]
    svg = svg[: svg.index("</svg>")]
    assert ">wrong base: 31.5%</text>" in svg  # the label beside the mark on the number line
    assert "The mistaken formula (wrong base) gives 31.5%" in svg  # the text equivalent
    assert page.count("Mistaken formula") == 1
    assert "<h1>Checking claims from standard input</h1>" in page
    assert "standard input <span" in page and "(could not be read)" not in page


@pytest.mark.parametrize(
    "charset, picture, legend",
    [
        ("utf-8", "──░░░░◆──≈──██──", "◆ mistaken formula"),
        ("ascii", "..====*..~..##..", "* mistaken formula"),
    ],
)
def test_the_terminal_picture_marks_the_mistake(charset: str, picture: str, legend: str) -> None:
    from click.testing import CliRunner

    from aidcalc.cli.main import cli

    claims = pipeline(EN).encode(charset, "replace")  # (the article has a curly apostrophe)
    r = CliRunner(charset=charset).invoke(cli, ["check", "-", "--picture"], input=claims)
    assert r.exit_code == 1, r.output
    out = r.stdout_bytes.decode(charset)
    line = next(x for x in out.splitlines() if x.startswith("severe_vs_average"))
    assert picture in line
    assert out.splitlines()[-1].endswith(f", {legend}")


CASES = {
    "wrong base": (
        "name,claim,reported\n"
        "average,an average of 39.33 million,39.33 million\n"
        "severe_average,an average of 57.4 million,57.4 million\n"
        "gap,31% higher than the average,31%\n",
        "(severe_average - average) / severe_average",
    ),
    "percent for percentage points": (
        "name,claim,reported,year\n"
        "share_2018,the poor counties' share was 45.2%,45.2%,2018\n"
        "share_2017,against 40.1% the year before,40.1%,2017\n"
        "rise,the share rose 5.1% on the year,5.1%,2018\n",
        "share_2018 - share_2017",
    ),
    "a 万/亿 slip": (
        "name,claim,reported\nfunds,资金28.31亿元,28.31亿元\ncounties,72个县,72\n"
        "average,县均3933亿元,3933亿元\n",
        "(funds / counties) * 10000",
    ),
    "a thousand/million slip": (
        "name,claim,reported\nfunds,funds were 2.831 billion,2.831 billion\n"
        "counties,72 counties,72\n"
        "average,an average of 39.33 thousand per county,39.33 thousand\n",
        "(funds / counties) / 1000",
    ),
    "增长N倍 read as N times": (
        "name,claim,reported,year\ny2017,2017年资金350亿元,350亿元,2017\n"
        "y2018,2018年资金1260亿元,1260亿元,2018\ngrowth,比上年增长3.6倍,增长3.6倍,2018\n",
        "y2018 / y2017",
    ),
    "share of the wrong total (of the rest)": (
        "name,claim,reported\ntotal,funds were 2.831 billion,2.831 billion\n"
        "poor,the poorest got 0.943 billion,0.943 billion\n"
        "share,accounting for 50% of the total,50%\n",
        "poor / (total - poor)",
    ),
}


@pytest.mark.parametrize("mistake", sorted(CASES))
def test_each_mistake_is_named_evaluated_and_lands_in_the_reported_interval(
    mistake: str,
) -> None:
    """explain names the mistake and writes its formula; check finds the row inconsistent and
    evaluates the mistaken formula, whose value the printed figure allows (that is the mistake)."""
    text, formula = CASES[mistake]
    explained = parse_csv(run("explain", "-", input=text).stdout)
    last = explained[-1]
    assert (last["status"], last["mistake"], last["mistake_formula"]) == (
        "misstated",
        mistake,
        formula,
    )
    claims = run("explain", "-", input=text).stdout
    checked = parse_csv(run("check", "-", "--format", "csv", input=claims, code=1).stdout)[-1]
    assert (checked["verdict"], checked["mistake"]) == ("inconsistent", mistake)
    # the typed field: the mistaken formula's range meets what the figure allows (for 增长N倍,
    # by the loose reading the mistake is)
    rows = check_claims(
        Claim(r["reported"], r["formula"], r["name"], mistake=r["mistake"],
              mistake_formula=r["mistake_formula"])
        for r in parse_csv(claims)
    ).rows  # fmt: skip
    m = rows[-1].mistaken
    assert m is not None and (m.name, m.formula) == (mistake, formula)
    assert near(checked["mistake_value"], m.value.point)
    rep = read_reported(last["reported"])
    allowed = rep.alternatives[0][1] if rep.alternatives else rep
    assert allowed.lo is not None and allowed.hi is not None
    iv = m.value.interval
    assert iv.lo <= m.value.point <= iv.hi
    assert iv.lo <= allowed.hi and allowed.lo <= iv.hi, (iv, allowed.lo, allowed.hi)


def test_a_hand_written_mistake_formula_is_checked_like_a_formula(write) -> None:
    path = write(
        "c.csv",
        "name,reported,formula,mistake,mistake_formula\n"
        "a,57.4 million,,,\n"
        "b,39.33 million,,,\n"
        "g,31%,a / b - 1,wrong base,(a - b) / a\n",
    )
    row = parse_csv(run("check", path, "--format", "csv", code=1).stdout)[-1]
    assert row["mistake"] == "wrong base" and near(row["mistake_value"], WRONG_BASE)
    # without a name the mistake is still drawn, as "mistaken formula"
    path = write("d.csv", "reported,formula,mistake_formula\n31%,57.4 / 39.33 - 1,1 - 39.33/57.4\n")
    row = parse_csv(run("check", path, "--format", "csv", code=1).stdout)[-1]
    assert row["mistake"] == "mistaken formula" and near(row["mistake_value"], WRONG_BASE)


@pytest.mark.parametrize(
    "formula, mistake_formula, says",
    [
        ("a / b - 1", "(a - ) / a", "the mistake_formula '(a - ) / a'"),
        ("a / b - 1", "(a - c) / a", "unknown name 'c'"),
        ("", "(a - b) / a", "a mistake_formula needs the correct formula beside it"),
    ],
)
def test_a_mistake_formula_that_cannot_be_evaluated_makes_the_row_an_error(
    write, formula: str, mistake_formula: str, says: str
) -> None:
    """Never a mark quietly missing: the row becomes an error saying why (exit 2)."""
    path = write(
        "c.csv",
        "name,reported,formula,mistake,mistake_formula\na,57.4,,,\nb,39.33,,,\n"
        f"g,31%,{formula},wrong base,{mistake_formula}\nh,96.73,a + b,,\n",
    )
    rows = parse_csv(run("check", path, "--format", "csv", code=2).stdout)
    assert rows[2]["verdict"] == "error" and says in rows[2]["reason"], rows[2]["reason"]
    assert rows[3]["verdict"] == "consistent"  # the other rows are still checked


def test_unknown_columns_message_lists_the_mistake_columns(write) -> None:
    message = bad("check", write("c.csv", "reported,formula,mistakes\n5,2+3,x\n"))
    assert "'mistakes'" in message
    assert "why, mistake, mistake_formula, which explain writes" in message
    assert (
        "start, end, paragraph, page, text, which extract writes for the html page;"
        " and kind, year, status, chance, cue, which check ignores" in message
    )
