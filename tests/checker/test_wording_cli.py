"""Issue 12 through the real CLI: figures as reports write them, kinds, exact verdicts, filters and
claims files in Chinese.

The wording reader itself is tested in ``test_wording.py`` and the exact engine in
``test_exact.py``; here every wording, the issue's table of verdicts and the exactness property
run end to end through ``aidcalc check``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F
from pathlib import Path

import pytest
from helpers import DATA, bad, examples, parse_csv, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcalc.checker.claims import Claim, Verdict
from aidcalc.checker.verdicts import check_claims
from aidcalc.checker.wording import read_reported


def check(formula: str, reported: str, *extra: str, code: int | None = None) -> dict[str, str]:
    (row,) = parse_csv(
        run(
            "check", "--formula", formula, "--reported", reported, *extra, "--format", "csv",
            code=code,
        ).stdout
    )  # fmt: skip
    return row


def claims(write, text: str, code: int | None = None) -> list[dict[str, str]]:
    path = write("c.csv", text)
    return parse_csv(run("check", path, "--format", "csv", code=code).stdout)


# ---------------------------------------------------------------------------------------------
# The issue's table


TABLE = [
    ("538.6亿", "约540亿", "consistent"),
    ("520亿", "约540亿", "inconsistent"),
    ("590亿", "近600亿", "consistent"),
    ("610亿", "近600亿", "inconsistent"),
    ("650亿", "600多亿", "consistent"),
    ("590亿", "600多亿", "inconsistent"),
    ("6828 / 3273", "翻了一番多", "consistent"),
    ("1.9", "more than doubled", "inconsistent"),
    ("877亿 / 1356.2亿", "nearly two thirds", "consistent"),
    ("0.55", "two thirds", "inconsistent"),
    ("0.38", "half", "inconsistent"),
    ("0.62", "六成", "consistent"),
    ("64.7 billion - 4.5 billion", "£60.2 billion", "consistent"),
    ("60.1 billion", "59.5–59.9 billion", "inconsistent"),
    ("3", "增长2倍", "consistent"),
    ("2", "增长2倍", "inconsistent"),
    ("二十八点三一亿 / 72", "3933万", "consistent"),
    ("59.7 billion", "60 percentage points", "error"),
]


@pytest.mark.parametrize("formula, reported, verdict", TABLE)
def test_the_issues_table(formula: str, reported: str, verdict: str) -> None:
    code = {"consistent": 0, "inconsistent": 1, "error": 2}[verdict]
    assert check(formula, reported, code=code)["verdict"] == verdict


def test_growth_names_the_reading_that_fits() -> None:
    """增长2倍 is 3 times by the standard reading; when only "2 times" fits, the reason says so."""
    reason = check("2", "增长2倍", code=1)["reason"]
    assert "'2 times'" in reason and "3 times" in reason, reason
    assert "2 times" not in check("4", "增长2倍", code=1)["reason"]  # neither reading fits


def test_an_amount_against_points_is_an_error_with_a_hint() -> None:
    reason = check("59.7 billion", "60 percentage points", code=2)["reason"]
    assert reason.startswith("the formula gives an amount and the report percentage points")


def test_shares_of_one_file_share_their_rows(monkeypatch) -> None:
    """Every reading of 2018.csv gives 50.671% to 50.707%: 50.66% is not among them."""
    monkeypatch.chdir(DATA)
    formula = 'total(2018.csv[group="severely poor"]) / total(2018.csv)'
    row = check(formula, "50.66%", code=1)
    assert row["verdict"] == "inconsistent"
    low, high = F(14345, 28310), F(14355, 28310)  # 1.4345 / (1.4345 + 1.3965) …
    assert abs(F(row["low"]) - low) < F(1, 10**15) and abs(F(row["high"]) - high) < F(1, 10**15)
    assert check(formula, "50.69%", code=0)["verdict"] == "consistent"


def test_a_name_is_one_variable(write) -> None:
    rows = claims(
        write,
        "name,reported,formula\nx,2 billion,\nh,30%,x / (x + x)\na,1.0,\nz,0.09,a - a\n",
        code=1,
    )
    assert [r["verdict"] for r in rows] == ["given", "inconsistent", "given", "inconsistent"]
    assert F(rows[1]["low"]) <= F(1, 2) <= F(rows[1]["high"])
    assert F(rows[1]["high"]) - F(rows[1]["low"]) <= F(2, 10**4)  # to a 100th of "30%"
    assert (rows[3]["low"], rows[3]["high"]) == ("0", "0")


def test_two_equal_literals_are_two_figures() -> None:
    row = check("2.0 - 2.0", "0.09")
    assert row["verdict"] == "consistent" and (row["low"], row["high"]) == ("-0.1", "0.1")


# ---------------------------------------------------------------------------------------------
# Every wording of ../shared/sources/report-wording.md, through check


WORDINGS = [
    # plain: [X - u/2, X + u/2]
    ("539.6亿", "540亿", "consistent"),
    ("539.4亿", "540亿", "inconsistent"),
    ("0.514", "51%", "consistent"),
    ("6.4", "six times", "consistent"),
    # about: u' is the last non-zero digit's place
    ("544亿", "约540亿", "consistent"),
    ("546亿", "大约540亿", "inconsistent"),
    ("0.44", "about 40%", "consistent"),
    ("539亿", "540亿左右", "consistent"),
    ("539亿", "540亿上下", "consistent"),
    ("39.334 million", "around 39.33 million", "consistent"),
    ("39.336 million", "approximately 39.33 million", "inconsistent"),
    ("1.6 billion", "roughly 1 billion", "inconsistent"),
    ("1.4 billion", "some 1 billion", "consistent"),
    # nearly: [X - u'/2, X]
    ("595亿", "nearly 600亿", "consistent"),
    ("601亿", "almost 600亿", "inconsistent"),
    ("0.58", "将近60%", "consistent"),
    ("0.61", "接近60%", "inconsistent"),
    # X-odd: [X, X + u')
    ("650亿", "600余亿", "consistent"),
    ("710亿", "600多亿", "inconsistent"),
    ("65", "60-odd", "consistent"),
    ("2.5", "2倍多", "consistent"),
    ("3", "2倍多", "inconsistent"),
    ("0.75", "七成多", "consistent"),
    # one-sided
    ("5400亿", "more than 5300亿", "consistent"),
    ("5200亿", "超过5300亿", "inconsistent"),
    ("5300亿", "at least 5300亿", "consistent"),
    ("5200亿", "5300亿以上", "inconsistent"),
    ("2", "less than 3", "consistent"),
    ("4", "不到3", "inconsistent"),
    ("3", "at most 3", "consistent"),
    ("4", "不超过3", "inconsistent"),
    ("3", "3以下", "consistent"),
    # ranges
    ("59.7 billion", "59.5 to 59.9 billion", "consistent"),
    ("59.96 billion", "between 59.5 and 59.9 billion", "inconsistent"),
    ("30万", "26—41万", "consistent"),
    ("43万", "26至41万", "inconsistent"),
    ("40万", "26~41万", "consistent"),
    # fractions and 成
    ("0.54", "half", "consistent"),
    ("0.56", "一半", "inconsistent"),
    ("0.34", "三分之一", "consistent"),
    ("0.7", "2/3", "consistent"),
    ("0.74", "three quarters", "consistent"),
    ("0.24", "a fifth", "inconsistent"),
    ("0.64", "六成", "consistent"),
    ("0.66", "六成", "inconsistent"),
    ("0.65", "六成多", "consistent"),
    ("0.56", "近六成", "consistent"),
    ("0.61", "近六成", "inconsistent"),
    # multiples
    ("2.6", "2.6倍", "consistent"),
    ("2.66", "是2018年的2.6倍", "inconsistent"),
    ("2", "twice", "consistent"),
    ("2", "翻一番", "consistent"),
    ("3", "tripled", "consistent"),
    ("4", "翻两番", "consistent"),
    ("8", "翻三番", "consistent"),
    ("2.1", "翻了一番多", "consistent"),
    ("6", "6-fold", "consistent"),
    ("4", "增加了3倍", "consistent"),
    ("3", "提高2倍", "consistent"),
    # percent and points
    ("0.51", "百分之五十一", "consistent"),
    ("0.051", "5.1 percentage points", "consistent"),
    ("0.051", "5.1个百分点", "consistent"),
    ("0.051", "5.1 per cent", "consistent"),
    # Chinese numerals
    ("23000000", "两千三百万", "consistent"),
    ("2831000000", "二十八点三一亿", "consistent"),
    ("6", "六倍", "consistent"),
    # currencies, before or after, with or without a space
    ("59.7 billion", "£59.7 billion", "consistent"),
    ("59.7 billion", "59.7 billion pounds", "consistent"),
    ("392 billion", "EUR 392 billion", "consistent"),
    ("392亿", "392亿元人民币", "consistent"),
    ("5 million", "US$5 million", "consistent"),
    ("5 million", "HK$ 5 million", "consistent"),
    ("5 million", "¥5 million", "consistent"),
    ("5 million", "5 million RMB", "consistent"),
    # counts of things
    ("72", "72个", "consistent"),
]


@pytest.mark.parametrize("formula, reported, verdict", WORDINGS)
def test_every_wording(formula: str, reported: str, verdict: str) -> None:
    row = check(formula, reported, code={"consistent": 0, "inconsistent": 1}[verdict])
    assert row["verdict"] == verdict, row


@pytest.mark.parametrize(
    "reported, why",
    [
        ("2018年", "year"),
        ("in 2018", "year"),
        ("2019-06-03", "date"),
        ("1.", "list number"),
        ("(2)", "list number"),
        ("the third", "ordinal"),
        ("第三", "ordinal"),
        ("Document No. 12", "identifier"),
    ],
)
def test_what_is_not_a_figure_is_an_error_row(reported: str, why: str) -> None:
    row = check("1", reported, code=2)
    assert row["verdict"] == "error" and why in row["reason"], row


# ---------------------------------------------------------------------------------------------
# Formula literals: the same numbers, currencies and Chinese numerals


@pytest.mark.parametrize(
    "formula, reported",
    [
        ("二十八点三一亿 / 72", "39.32 million"),
        ("两千三百万 + 1", "23000001"),
        ("£59.7 billion - 4.5 billion", "55.2 billion"),
        ("EUR 392 billion / 2", "196 billion"),
        ("392亿元人民币", "392亿"),
        ("百分之五十一 * 200", "102"),
        ("１４.３５亿", "1.435 billion"),
        ("72个 / 2", "36"),
    ],
)
def test_formula_literals(formula: str, reported: str) -> None:
    assert check(formula, reported, code=0)["verdict"] == "consistent"


def test_formula_literals_take_no_qualifiers() -> None:
    assert check("约540亿", "540亿", code=2)["verdict"] == "error"


# ---------------------------------------------------------------------------------------------
# Kinds


@pytest.mark.parametrize(
    "formula, reported, hint",
    [
        ("14.35亿", "51%", "the formula gives an amount and the report a percentage: divide by"),
        ("14.35亿", "two thirds", "the formula gives an amount and the report a fraction"),
        ("28.31亿", "6倍", "the formula gives an amount and the report a multiple"),
        ("14.35亿 / 28.31亿", "14.35亿", "the formula gives a ratio and the report an amount"),
        ("14.35亿 / 28.31亿", "51 percentage points", "a ratio and the report percentage points"),
        ("5 pp", "5%", "percentage points and the report a percentage"),
    ],
)
def test_a_formula_of_another_kind_is_an_error_with_a_hint(
    formula: str, reported: str, hint: str
) -> None:
    row = check(formula, reported, code=2)
    assert row["verdict"] == "error" and hint in row["reason"], row


@pytest.mark.parametrize(
    "formula, reported",
    [
        ("14.35亿 / 28.31亿", "51%"),  # a ratio fits percent, fraction, multiple
        ("877亿 / 1356.2亿", "two thirds"),
        ("2.831 billion / 471 million", "six times"),
        ("57.4 million / 39.33 million - 1", "46%"),  # growth
        ("51% - 46%", "5 percentage points"),  # a difference of percentages: points
        ("2.831 billion", "2831000000"),  # a bare figure fits an amount
        ("72", "72个"),
        ("25 / 72", "35%"),  # counts: plain numbers fit anything
        ("cagr(332亿, 1461亿, 8)", "20%"),
        ("14.35亿 * 51%", "7.3亿"),
    ],
)
def test_compatible_kinds(formula: str, reported: str) -> None:
    assert check(formula, reported)["verdict"] in ("consistent", "inconsistent")


def test_names_carry_their_kind(write) -> None:
    rows = claims(
        write,
        "name,reported,formula\nt,28.31亿,\ns,14.35亿,\nshare,51%,s / t\nwrong,51%,s\n",
        code=2,
    )
    assert [r["verdict"] for r in rows] == ["given", "given", "consistent", "error"]
    assert "divide by the total" in rows[3]["reason"]


# ---------------------------------------------------------------------------------------------
# Undecided


def test_undecided_is_its_own_verdict_exit_2(write) -> None:
    """x·x − x·x is 0 for every x, but interval derivatives cannot prove it: past the limit of
    the search the verdict is undecided (never a guess), exit 2."""
    path = write("c.csv", "name,reported,formula\nx,1.0,\ny,more than 0,x * x - x * x\n")
    result = run("check", path, "--format", "csv", code=2)
    row = parse_csv(result.stdout)[-1]
    assert row["verdict"] == "undecided" and "not decided" in row["reason"]
    assert F(row["low"]) <= 0 <= F(row["high"])
    assert "1 undecided" in result.stderr


# ---------------------------------------------------------------------------------------------
# Filters in data functions (and --where, the same parser)

YEARS = "year,region,amount\n2010,a,1\n2011,b,2\n2012年,a,4\n2013,c,8\n2015,b,16\n2016,a,32\n"


@pytest.mark.parametrize(
    "where, total",
    [
        ("year>=2011, year<=2015", 30),
        ("year>2011, year<2015", 12),
        ("year!=2010, year!=2016", 30),
        ("year=2011", 2),
        ("region in (a, c)", 45),
        ("region in ('a', \"b\")", 55),
        ("region!=a, year>=2013", 24),
    ],
)
def test_filters(write, where: str, total: int) -> None:
    write("d.csv", YEARS)
    quoted = where.replace('"', '""')
    rows = claims(write, f'reported,formula\n{total},"total(d.csv[{quoted}])"\n', code=0)
    assert rows[0]["verdict"] == "consistent", rows


@pytest.mark.parametrize("where", ["year!=2001 and year!=2010", "region=a or region=b"])
def test_and_or_as_words_are_refused_with_a_hint(write, where: str) -> None:
    write("d.csv", YEARS)
    rows = claims(write, f'reported,formula\n1,"total(d.csv[{where}])"\n', code=2)
    assert rows[0]["verdict"] == "error"
    assert "join conditions with ','" in rows[0]["reason"], rows
    assert "join conditions with ','" in bad("total", write("d.csv", YEARS), "--where", where)


def test_a_quoted_value_may_hold_and(write) -> None:
    write("d.csv", "g,amount\nBosnia and Herzegovina,5\nx,1\n")
    rows = claims(write, "reported,formula\n5,\"total(d.csv[g='Bosnia and Herzegovina'])\"\n")
    assert rows[0]["verdict"] == "consistent", rows


def test_an_ordered_filter_on_text_is_an_error(write) -> None:
    write("d.csv", YEARS)
    rows = claims(write, 'reported,formula\n1,"total(d.csv[region>=2011])"\n2,1+1\n', code=2)
    assert [r["verdict"] for r in rows] == ["error", "consistent"]
    assert "not a number or a year" in rows[0]["reason"]
    assert '"a"' not in rows[0]["reason"] and '"b"' not in rows[0]["reason"]  # no cell quoted


def test_a_quoted_file_name_may_hold_a_bracket(write) -> None:
    write("a[1].csv", "g,amount\nx,5\ny,1\n")
    rows = claims(
        write, "reported,formula\n6,\"total('a[1].csv')\"\n5,\"total('a[1].csv'[g=x])\"\n"
    )
    assert [r["verdict"] for r in rows] == ["consistent", "consistent"]


def test_where_option_takes_the_new_filters(write) -> None:
    path = write("d.csv", YEARS)
    out = run("total", path, "--where", "year>=2011", "--where", "year<=2015", "--format", "csv")
    assert parse_csv(out.stdout) == [{"rows": "4", "total": "30"}]
    out = run("total", path, "--where", "region in (a, c)", "--format", "csv")
    assert parse_csv(out.stdout) == [{"rows": "4", "total": "45"}]


def test_each_data_file_is_read_once(write, monkeypatch) -> None:
    import aidcalc.calc.engine

    write("d.csv", YEARS)
    calls = []
    real = aidcalc.calc.engine.read

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(aidcalc.calc.engine, "read", counting)  # data files are read by the engine
    rows = claims(
        write,
        "reported,formula\n63,total(d.csv)\n"
        '30,"total(d.csv[year>=2011, year<=2015])"\n'
        '37,"total(d.csv[region=a])"\n'
        '0.476,"total(d.csv[year>=2011, year<=2015]) / total(d.csv)"\n'
        "6,rows(d.csv)\n",
        code=0,
    )
    assert [r["verdict"] for r in rows] == ["consistent"] * 5, rows
    assert len(calls) == 1


def test_a_filter_that_matches_no_row_is_an_error(write) -> None:
    write("d.csv", YEARS)
    rows = claims(write, 'reported,formula\n0,"total(d.csv[region=z])"\n', code=2)
    assert rows[0]["verdict"] == "error" and "no row" in rows[0]["reason"]


# ---------------------------------------------------------------------------------------------
# Claims files in Chinese


def test_chinese_headers(write) -> None:
    rows = claims(
        write,
        "名称,原文,报告值,公式,精度\n总额,资金28.31亿元,28.31亿元,,\n"
        "县均,县均3933万元,3933万元,总额 / 72,\n占比,51%,51%,14.35亿 / 总额,0.1%\n",
        code=1,
    )
    assert [r["verdict"] for r in rows] == ["given", "consistent", "inconsistent"]
    assert rows[1]["name"] == "县均"


def test_the_chinese_sample_claims() -> None:
    result = run("check", DATA / "claims-2018-zh.csv", "--format", "csv")
    rows = parse_csv(result.stdout)
    assert {r["name"]: r["verdict"] for r in rows} == {
        "总额": "given",
        "倍数": "given",
        "县数": "given",
        "县均": "consistent",
        "深度": "given",
        "深度县数": "given",
        "深度占比": "consistent",
        "深度县均": "consistent",
    }


def test_sample_claims_keep_their_verdicts() -> None:
    """Issue 12: nothing in data/claims-2018*.csv changes verdict."""
    expected = ["given", "given", "given", "consistent", "given", "given", "consistent",
                "consistent", "inconsistent"]  # fmt: skip
    rows = parse_csv(run("check", DATA / "claims-2018.csv", "--format", "csv", code=1).stdout)
    assert [r["verdict"] for r in rows] == expected
    rows = parse_csv(run("check", DATA / "claims-2018-data.csv", "--format", "csv", code=1).stdout)
    assert [r["verdict"] for r in rows] == ["consistent"] * 7 + ["inconsistent"]


# ---------------------------------------------------------------------------------------------
# The exactness property, against brute force, through verdicts

GIVENS = {"a": "1.5", "b": "2.0", "c": "0.5", "d": "3"}  # d is exact


def _interval(text: str) -> tuple[F, F]:
    r = read_reported(text)
    assert r.lo is not None and r.hi is not None
    return r.lo, r.hi


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> tuple[str, object]:
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        leaf = draw(st.sampled_from([*GIVENS, "1", "2", "4"]))
        return leaf, leaf
    op = draw(st.sampled_from("+-*/"))
    left = draw(expressions(depth - 1))
    right = draw(expressions(depth - 1))
    return f"({left[0]} {op} {right[0]})", (op, left[1], right[1])


def _value(tree: object, at: dict[str, F]) -> F:
    if isinstance(tree, str):
        return at[tree] if tree in at else F(tree)
    op, left, right = tree  # type: ignore[misc]
    a, b = _value(left, at), _value(right, at)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b


def _grid(lo: F, hi: F, n: int = 6) -> list[F]:
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), st.integers(-300, 300), st.integers(1, 3))
def test_verdicts_are_exact_against_brute_force(expr, shift: int, decimals: int) -> None:
    """Consistent iff some values of the inputs, each in its interval, give a value in the
    reported interval: a grid value inside the target makes the verdict consistent, a consistent
    verdict's range meets the target, and every grid value lies inside the range shown."""
    text, tree = expr
    names = [n for n in GIVENS if n in text]
    boxes = {n: _interval(GIVENS[n]) for n in names}
    points = [dict(zip(names, p)) for p in itertools.product(*(_grid(*boxes[n]) for n in names))]
    try:
        values = [_value(tree, p) for p in points]
        centre = _value(tree, {n: F(GIVENS[n]) for n in names})
    except ZeroDivisionError:
        return
    target = centre + centre * shift / 1000 + F(shift, 10**4)
    reported = f"{float(target):.{decimals}f}"
    lo, hi = _interval(reported)
    rows = [Claim(v, name=n) for n, v in GIVENS.items()] + [Claim(reported, text)]
    row = check_claims(rows).rows[-1]
    if row.verdict is Verdict.ERROR:
        assert "division" in row.reason or "zero" in row.reason, row.reason
        return
    assert row.value is not None
    for x in values:  # the range shown contains every value the inputs can give
        assert row.value.interval.lo <= x <= row.value.interval.hi, (text, x)
    if any(lo <= x <= hi for x in values):
        assert row.verdict is Verdict.CONSISTENT, (text, reported, row.reason)
    if row.verdict is Verdict.CONSISTENT:
        assert row.value.interval.lo <= hi and row.value.interval.hi >= lo
    if row.verdict is Verdict.INCONSISTENT:
        assert row.value.interval.hi < lo or row.value.interval.lo > hi
    assert row.verdict is not Verdict.UNDECIDED, (text, reported)


def test_witness_of_a_consistent_verdict_gives_a_value_inside() -> None:
    rows = [Claim("2 billion", name="x"), Claim("50%", "x / (x + x)")]
    row = check_claims(rows).rows[-1]
    assert row.verdict is Verdict.CONSISTENT
    assert row.witness is not None and F(3, 2) * 10**9 <= row.witness["x"] <= F(5, 2) * 10**9


def test_paths_are_relative_to_the_claims_folder(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("amount\n5\n")
    (tmp_path / "c.csv").write_text("报告值,公式\n5,total(d.csv)\n")
    assert parse_csv(run("check", tmp_path / "c.csv", "--format", "csv").stdout)[0]["verdict"] == (
        "consistent"
    )


def test_a_difference_of_percentages_is_not_a_percentage() -> None:
    """51% − 46% is 5 percentage points; "5%" for it mixes percent and points (README: never
    mixed), an error with a hint, as the reverse case is."""
    row = check("51% - 46%", "5%")
    assert row["verdict"] == "error" and "percentage points" in row["reason"]


@pytest.mark.parametrize(
    "formula, reported, verdict",
    [
        ("£5 million + ¥5 million", "10 million", "error"),  # two currencies added
        ("¥64.7 billion - 4.5 billion", "£60.2 billion", "error"),  # yuan against pounds
        ("60.2亿元", "£60.2亿", "error"),
        ("£64.7 billion - £4.5 billion", "£60.2 billion", "consistent"),
        ("64.7 billion - 4.5 billion", "£60.2 billion", "consistent"),  # no currency written
    ],
)
def test_currencies_are_never_mixed(formula: str, reported: str, verdict: str) -> None:
    """Figures in two currencies are not added or compared without a conversion."""
    row = check(formula, reported)
    assert row["verdict"] == verdict, row
    if verdict == "error":
        assert "currenc" in row["reason"] or "convert" in row["reason"]
