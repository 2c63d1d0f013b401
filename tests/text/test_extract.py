"""aidcalc extract: every figure of a report's text, read as check reads it, and nothing else."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from helpers import DATA, parse_csv, parse_json, run

from aidcalc.checker.wording import Kind, read_reported
from aidcalc.core.errors import AidcalcError
from aidcalc.reader.encoding import decode_text
from aidcalc.text.extract import extract

WHERE = ["start", "end", "paragraph", "page", "text"]
EN = DATA / "zhejiang-2018-en.txt"
ZH = DATA / "zhejiang-2018-zh.txt"

# name, reported, kind, year, exact interval (lo, hi)
SEED_EN = [
    ("funds", "2.831 billion yuan", "amount", "2018", (F(28305, 10) * 10**6, F(28315, 10) * 10**6)),
    ("multiple", "six times", "multiple", "2018", (F(55, 10), F(65, 10))),
    ("countries", "72", "count", "2018", (F(72), F(72))),
    ("average", "39.33 million yuan", "amount", "2018", (F(39325000), F(39335000))),
    ("severe_areas", "25", "count", "", (F(25), F(25))),
    ("severe_funds", "1.435 billion yuan", "amount", "", (F(1434500000), F(1435500000))),
    ("severe_share", "51%", "percent", "", (F(505, 1000), F(515, 1000))),
    ("severe_average", "57.4 million yuan", "amount", "", (F(57350000), F(57450000))),
    ("severe_vs_average", "31%", "percent", "", (F(305, 1000), F(315, 1000))),
]
SEED_ZH = [
    ("funds", "28.31亿元", "amount", "2018", (F(28305, 10) * 10**6, F(28315, 10) * 10**6)),
    ("multiple", "6倍", "multiple", "2018", (F(55, 10), F(65, 10))),
    ("counties", "72个", "count", "2018", (F(72), F(72))),
    ("average", "3933万元", "amount", "2018", (F(39325000), F(39335000))),
    ("severe_areas", "25个", "count", "", (F(25), F(25))),
    ("severe_funds", "14.35亿元", "amount", "", (F(1434500000), F(1435500000))),
    ("severe_share", "51%", "percent", "", (F(505, 1000), F(515, 1000))),
    ("severe_average", "5740万", "amount", "", (F(57395000), F(57405000))),
]


@pytest.mark.parametrize(("path", "expected"), [(EN, SEED_EN), (ZH, SEED_ZH)])
def test_seed_paragraph_every_figure_and_nothing_else(path: object, expected: list) -> None:
    rows = parse_csv(run("extract", path).stdout)
    assert list(rows[0]) == [*["name", "claim", "reported", "kind", "year", "formula"], *WHERE]
    got = [(r["name"], r["reported"], r["kind"], r["year"]) for r in rows]
    assert got == [e[:4] for e in expected]
    for row, (*_, (lo, hi)) in zip(rows, expected):
        rep = read_reported(row["reported"])
        assert (rep.lo, rep.hi) == (lo, hi), row
        assert row["formula"] == ""
        assert row["reported"] in row["claim"]


def test_seed_claims_are_the_clauses() -> None:
    rows = parse_csv(run("extract", EN).stdout)
    claims = {r["name"]: r["claim"] for r in rows}
    assert claims["multiple"] == "six times that of 2017"
    assert claims["severe_vs_average"] == "31% higher than the average funds"
    assert claims["average"] == "and investing an average of 39.33 million yuan in each county"
    zh = {r["name"]: r["claim"] for r in parse_csv(run("extract", ZH).stdout)}
    assert zh["severe_share"] == "占全省总资金的51%"
    assert zh["multiple"] == "是2017年的6倍"


# Every wording of ../shared/sources/report-wording.md, in running text: (text, reported, kind)
WORDINGS = [
    ("Funds were 540亿 in all.", "540亿", Kind.AMOUNT),
    ("The share was 51% of the total.", "51%", Kind.PERCENT),
    ("It was six times larger.", "six times", Kind.MULTIPLE),
    ("Spending was about 540 billion yuan last year.", "about 540 billion yuan", Kind.AMOUNT),
    ("Around 40% went to the west.", "Around 40%", Kind.PERCENT),
    ("Approximately 12 million people gained.", "Approximately 12 million people", Kind.COUNT),
    ("Roughly 3.2 billion was spent.", "Roughly 3.2 billion", Kind.AMOUNT),
    ("Some 500 projects were built.", "Some 500", Kind.COUNT),
    ("Circa 7% was lost.", "Circa 7%", Kind.PERCENT),
    ("资金约540亿元。", "约540亿元", Kind.AMOUNT),
    ("大约60%的资金。", "大约60%", Kind.PERCENT),
    ("大概3000万元。", "大概3000万元", Kind.AMOUNT),
    ("共投入500亿元左右。", "500亿元左右", Kind.AMOUNT),
    ("增幅为5%上下。", "5%上下", Kind.PERCENT),
    ("Nearly 600 billion yuan was spent.", "Nearly 600 billion yuan", Kind.AMOUNT),
    ("Almost 30% of counties.", "Almost 30%", Kind.PERCENT),
    ("Close to 2 million people.", "Close to 2 million people", Kind.COUNT),
    ("Just under 5% was left.", "Just under 5%", Kind.PERCENT),
    ("资金为近600亿元。", "近600亿元", Kind.AMOUNT),
    ("将近两千万元。", "将近两千万元", Kind.AMOUNT),
    ("接近50%。", "接近50%", Kind.PERCENT),
    ("近乎3倍。", "近乎3倍", Kind.MULTIPLE),
    ("投入600多亿元。", "600多亿元", Kind.AMOUNT),
    ("共600余亿元。", "600余亿元", Kind.AMOUNT),
    ("There were 60-odd projects.", "60-odd", Kind.COUNT),
    ("It built 60-plus schools.", "60-plus", Kind.COUNT),
    ("增长2倍多。", "增长2倍多", Kind.MULTIPLE),
    ("占七成多。", "七成多", Kind.PERCENT),
    ("More than 1,400亿 was spent.", "More than 1,400亿", Kind.AMOUNT),
    ("It rose by over 5%.", "over 5%", Kind.PERCENT),
    ("Above 20 counties.", "Above 20", Kind.COUNT),
    ("Exceeding 3 billion yuan.", "Exceeding 3 billion yuan", Kind.AMOUNT),
    ("In excess of £2 billion.", "In excess of £2 billion", Kind.AMOUNT),
    ("超过5300亿元。", "超过5300亿元", Kind.AMOUNT),
    ("逾百分之六十。", "逾百分之六十", Kind.PERCENT),
    ("多于30个县。", "多于30个", Kind.COUNT),
    ("高于5%。", "高于5%", Kind.PERCENT),
    ("At least 12% was spent.", "At least 12%", Kind.PERCENT),
    ("No less than 3 million.", "No less than 3 million", Kind.AMOUNT),
    ("Not less than 40 counties.", "Not less than 40", Kind.COUNT),
    ("至少12%。", "至少12%", Kind.PERCENT),
    ("不少于3000万元。", "不少于3000万元", Kind.AMOUNT),
    ("不低于60%。", "不低于60%", Kind.PERCENT),
    ("占60%以上。", "60%以上", Kind.PERCENT),
    ("达5000万元及以上。", "5000万元及以上", Kind.AMOUNT),
    ("Less than 5% was lost.", "Less than 5%", Kind.PERCENT),
    ("Under 2 billion yuan.", "Under 2 billion yuan", Kind.AMOUNT),
    ("Below 10% in all.", "Below 10%", Kind.PERCENT),
    ("Fewer than 30 counties.", "Fewer than 30", Kind.COUNT),
    ("不到3成。", "不到3成", Kind.PERCENT),
    ("少于20个县。", "少于20个", Kind.COUNT),
    ("低于5%。", "低于5%", Kind.PERCENT),
    ("不足1亿元。", "不足1亿元", Kind.AMOUNT),
    ("At most 40 percent.", "At most 40 percent", Kind.PERCENT),
    ("Up to 3% a year.", "Up to 3%", Kind.PERCENT),
    ("No more than 2 billion.", "No more than 2 billion", Kind.AMOUNT),
    ("Not more than 5 times.", "Not more than 5 times", Kind.MULTIPLE),
    ("至多5万人。", "至多5万人", Kind.COUNT),
    ("最多3倍。", "最多3倍", Kind.MULTIPLE),
    ("不超过10%。", "不超过10%", Kind.PERCENT),
    ("不高于5%。", "不高于5%", Kind.PERCENT),
    ("在5%以下。", "5%以下", Kind.PERCENT),
    ("在1亿元以内。", "1亿元以内", Kind.AMOUNT),
    ("It was 59.5–59.9 billion pounds.", "59.5–59.9 billion pounds", Kind.AMOUNT),
    ("It was 59.5 to 59.9 billion.", "59.5 to 59.9 billion", Kind.AMOUNT),
    ("It was between 26 and 41 million.", "between 26 and 41 million", Kind.AMOUNT),
    ("投入26—41万元。", "26—41万元", Kind.AMOUNT),
    ("投入26至41万元。", "26至41万元", Kind.AMOUNT),
    ("投入26~41万元。", "26~41万元", Kind.AMOUNT),
    ("Half of the funds.", "Half", Kind.FRACTION),
    ("A third of the counties.", "A third", Kind.FRACTION),
    ("Two thirds of it.", "Two thirds", Kind.FRACTION),
    ("Three quarters of it.", "Three quarters", Kind.FRACTION),
    ("A fifth of it.", "A fifth", Kind.FRACTION),
    ("Nearly two thirds of it.", "Nearly two thirds", Kind.FRACTION),
    ("资金的一半。", "一半", Kind.FRACTION),
    ("占三分之一。", "三分之一", Kind.FRACTION),
    ("占三分之二。", "三分之二", Kind.FRACTION),
    ("占四分之三。", "四分之三", Kind.FRACTION),
    ("占五分之一。", "五分之一", Kind.FRACTION),
    ("Some 2/3 of it.", "Some 2/3", Kind.FRACTION),
    ("占六成。", "六成", Kind.PERCENT),
    ("近六成。", "近六成", Kind.PERCENT),
    ("It was 2.6 times that.", "2.6 times", Kind.MULTIPLE),
    ("A 3-fold rise.", "3-fold", Kind.MULTIPLE),
    ("A threefold rise.", "threefold", Kind.MULTIPLE),
    ("是2018年的2.6倍。", "2.6倍", Kind.MULTIPLE),
    ("It was twice that.", "twice", Kind.MULTIPLE),
    ("Funds doubled.", "doubled", Kind.MULTIPLE),
    ("Funds more than doubled.", "more than doubled", Kind.MULTIPLE),
    ("Funds tripled.", "tripled", Kind.MULTIPLE),
    ("资金翻一番。", "翻一番", Kind.MULTIPLE),
    ("资金翻两番。", "翻两番", Kind.MULTIPLE),
    ("资金翻了一番多。", "翻了一番多", Kind.MULTIPLE),
    ("增长2倍。", "增长2倍", Kind.MULTIPLE),
    ("增加了3倍。", "增加了3倍", Kind.MULTIPLE),
    ("提高1.5倍。", "提高1.5倍", Kind.MULTIPLE),
    ("A rise of 51 percent.", "51 percent", Kind.PERCENT),
    ("A rise of 51 per cent.", "51 per cent", Kind.PERCENT),
    ("占百分之五十一。", "百分之五十一", Kind.PERCENT),
    ("Up 5.4 percentage points.", "5.4 percentage points", Kind.POINTS),
    ("Up 5.4 pp on the year.", "5.4 pp", Kind.POINTS),
    ("提高5.4个百分点。", "5.4个百分点", Kind.POINTS),
    ("二十八点三一亿元。", "二十八点三一亿元", Kind.AMOUNT),
    ("两千三百万元。", "两千三百万元", Kind.AMOUNT),
    ("是上年的六倍。", "六倍", Kind.MULTIPLE),
    ("Settled at £59.7 billion.", "£59.7 billion", Kind.AMOUNT),
    ("Settled at 59.7 billion pounds.", "59.7 billion pounds", Kind.AMOUNT),
    ("A grant of US$12 million.", "US$12 million", Kind.AMOUNT),
    ("A grant of $12 million.", "$12 million", Kind.AMOUNT),
    ("A grant of USD 12 million.", "USD 12 million", Kind.AMOUNT),
    ("A grant of EUR 392 billion.", "EUR 392 billion", Kind.AMOUNT),
    ("A grant of €392 billion.", "€392 billion", Kind.AMOUNT),
    ("A grant of HK$3 billion.", "HK$3 billion", Kind.AMOUNT),
    ("A grant of ¥39.33 million.", "¥39.33 million", Kind.AMOUNT),
    ("A grant of RMB 39.33 million.", "RMB 39.33 million", Kind.AMOUNT),
    ("共392亿元人民币。", "392亿元人民币", Kind.AMOUNT),
    ("共1,435,000,000 yuan.", "1,435,000,000 yuan", Kind.AMOUNT),
    ("It cost 3.5万亿元.", "3.5万亿元", Kind.AMOUNT),
]


@pytest.mark.parametrize(("text", "reported", "kind"), WORDINGS)
def test_every_wording_is_found_whole(text: str, reported: str, kind: Kind) -> None:
    found = extract(text)
    assert [(f.reported, f.kind) for f in found] == [(reported, kind)]
    rep = read_reported(reported)  # the row reads back to the same interval
    assert rep.kind is kind


NOT_FIGURES = [
    "In 2018 the plan began.",
    "2018年,计划开始。",
    "二〇一八年,计划开始。",
    "It was signed on 2019-06-03.",
    "It was signed on 3/6/2019.",
    "It was signed on May 29.",
    "It was signed on 29 May.",
    "5月29日签署。",
    "1. The first point",
    "(2) the second point",
    "Point (3) matters.",
    "一、总体要求",
    "The third phase began.",
    "第三阶段开始。",
    "It was the 3rd phase.",
    "Under Document No. 12 the funds moved.",
    "依据〔2018〕12号文件。",
    "See Article 12 and Table 3.",
    "《十三五规划》发布。",
    "G20 members and 5G networks.",
    "三个代表, 一些人, 十分重要, 统一部署。",
    "It ran from 2018-2020.",
    "He met them at 10:30.",
    "The first half of the year.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert extract(text) == []


def test_years_are_context_not_figures() -> None:
    found = extract("In 2018, funds were 2.8 billion yuan, 3 times those of 2015.")
    assert [(f.reported, f.year) for f in found] == [("2.8 billion yuan", 2018), ("3 times", 2018)]
    found = extract("2019年资金为12亿元,比2018年增长20%。")
    assert [(f.reported, f.year) for f in found] == [("12亿元", 2019), ("20%", 2019)]
    assert extract("Funds were 2.8 billion yuan.")[0].year is None
    # a year later in the sentence, when none comes before
    assert extract("Funds were 2.8 billion yuan in 2017.")[0].year == 2017


def test_values_are_exact() -> None:
    (f,) = extract("Funds were 1,435,000,000.5 yuan.")
    assert read_reported(f.reported).value == F(2870000001, 2)


def test_ranges_and_changes() -> None:
    found = extract("It rose from 1.2 billion to 1.5 billion yuan.")
    assert [f.reported for f in found] == ["1.2 billion", "1.5 billion yuan"]
    found = extract("It was from 59.5 to 59.9 billion.")
    assert [f.reported for f in found] == ["59.5 to 59.9 billion"]


def test_elliptical_numerals_are_not_cut_short() -> None:
    # 三万五 is refused by the reader; extract must not read 三万 out of it
    assert [f.reported for f in extract("投入三万五元。")] == []


NAMES = [
    ("an average of 39.33 million yuan in each county", "average"),
    ("县均投入3933万元", "average"),
    ("accounting for 51% of the total", "share"),
    ("占全省总资金的51%", "share"),
    ("six times that of 2017", "multiple"),
    ("up 3.2 percentage points", "points"),
    ("31% higher than the average funds", "vs_average"),
    ("a total of 72 partner counties", "counties"),
    ("共帮扶72个携手奔小康县", "counties"),
    ("helped 1,791 villages", "villages"),
    ("向25个深度贫困地区援助", "severe_areas"),
    ("the funds were 2.831 billion yuan", "funds"),
    ("财政援助资金数为28.31亿元", "funds"),
    ("4.5 million seedlings were sent", "seedlings"),
    ("it came to 2.8 billion", "f1"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_names_from_the_words_around(text: str, name: str) -> None:
    assert [f.name for f in extract(text)] == [name]


def test_names_are_unique() -> None:
    found = extract("an average of 3 million, an average of 4 million, 5 million, 6 million.")
    assert [f.name for f in found] == ["average", "average_2", "f3", "f4"]


def test_modifier_from_the_sentence() -> None:
    found = extract("The 25 severely poor counties got 1.435 billion yuan, 51% of the total.")
    assert [f.name for f in found] == ["severe_counties", "f2", "severe_share"]


def test_markdown_is_read_as_text() -> None:
    md = (
        "# Funds in 2018\n\n"
        "Zhejiang spent **2.831 billion yuan** ([source](http://en.sx.gov.cn/art/2019/6/3/"
        "art_1501262_34528754.html)), an average of *39.33 million* per county.\n\n"
        "- 25 counties got 1.435 billion\n"
        "- 47 counties got the rest\n"
    )
    found = extract(md)
    assert [f.reported for f in found] == [
        "2.831 billion yuan", "39.33 million", "25", "1.435 billion", "47",
    ]  # fmt: skip
    assert found[0].year == 2018 or found[0].year is None


def test_encodings() -> None:
    text = "县均投入3933万元。"
    assert decode_text(text.encode("gb18030"), "a") == text
    assert decode_text(text.encode("utf-8-sig"), "a") == text
    assert decode_text(text.encode("utf-16"), "a") == text
    with pytest.raises(AidcalcError):
        decode_text(b"ab\x00cd", "a")


def test_cli_reads_gb18030_and_stdin(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "zh.txt"
    path.write_bytes(ZH.read_text(encoding="utf-8").encode("gb18030"))
    assert run("extract", path).stdout == run("extract", ZH).stdout
    piped = run("extract", "-", input=EN.read_bytes()).stdout
    assert piped == run("extract", EN).stdout


def test_cli_formats() -> None:
    rows = parse_json(run("extract", EN, "--format", "json").stdout)
    assert rows[3] == {
        "name": "average",
        "claim": "and investing an average of 39.33 million yuan in each county",
        "reported": "39.33 million yuan",
        "kind": "amount",
        "year": "2018",
        "formula": "",
        "start": "327",
        "end": "345",
        "paragraph": "1",
        "page": "",
        "text": "",
    }
    table = run("extract", ZH, "--format", "table").stdout
    assert "severe_share" in table and "占全省总资金的51%" in table
    assert run("extract", EN, "--no-header").stdout.startswith("funds,")


def test_cli_refuses_what_is_not_text(tmp_path: object) -> None:
    from pathlib import Path

    from helpers import bad

    path = Path(str(tmp_path)) / "bin.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    assert "binary" in bad("extract", path)
    assert "no such file" in bad("extract", Path(str(tmp_path)) / "missing.txt").lower()
