"""Tables laid out for print: units, unit lines, header finding, row kinds, totals, fill-down."""

from __future__ import annotations

import contextlib
import csv
import io
import math
from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import parse_amount, scaled
from aidcalc.published import (
    Amount,
    FillDown,
    PreambleRow,
    Reader,
    RowKind,
    TableShape,
    TotalsCheck,
    Unit,
    Verdict,
    amount_candidates,
    find_header,
    header_unit,
    is_footer_start,
    is_missing_marker,
    parse_unit,
    parse_unit_line,
    total_label,
)

# The layouts of ../shared/sources/gov-tables.md, verbatim.
LAYOUT_1 = """\
2019年东西部扶贫协作财政援助资金分配表,,,
单位：万元,,,
地区,县（市、区）,类别,金额
甲省,A县,深度贫困县,"1,200"
,B县,一般县,800
,C县,一般县,650
甲省 小计,,,"2,650"
乙省,D县,深度贫困县,"2,100"
,E县,深度贫困县,"1,950"
乙省 小计,,,"4,050"
合计,,,"6,700"
注：1.本表为省级财政资金，不含市县配套。,,,
2.数据来源：省财政厅。,,,
"""

LAYOUT_2 = """\
Table 3: Core Spending Power by class of authority,,,
£ million,,,
Class,Authority,2023-24,2024-25
Shire counties,Kent,"1,234.5","1,310.2"
,Surrey,"1,002.7","1,071.9"
Total shire counties,,"2,237.2","2,382.1"
Metropolitan districts,Leeds,"901.3","958.8"
Total metropolitan districts,,901.3,958.8
England,,"3,138.5","3,340.9"
Source: illustrative layout only.,,,
"""

LAYOUT_3 = """\
中央财政专项扶贫资金,,,,
单位：亿元,,,,
项目,2016年,2017年,2018年,2019年
补助地方资金,660.95,860.95,1060.95,1260.95
"""


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def reader(unit: Unit | None) -> Reader:
    def read(col: int, text: str) -> Amount | None:
        if is_missing_marker(text):
            return None
        exp = unit.exp if unit else 0
        return parse_amount(text, exp, exp > 0)

    return read


def run(
    text: str, labels: Sequence[int], amounts: Sequence[int]
) -> tuple[list[RowKind], TableShape]:
    rows = rows_of(text)
    pre = find_header(rows)
    shape = TableShape(labels, amounts)
    read = reader(pre.unit)
    kinds = [
        shape.feed(r, n, read).kind for n, r in enumerate(rows[pre.header + 1 :], pre.header + 2)
    ]
    return kinds, shape


# ---------------------------------------------------------------------------------------------
# Units


@pytest.mark.parametrize(
    "text, exp, currency",
    [
        ("万元", 4, "CNY"),
        ("亿元", 8, "CNY"),
        ("元", 0, "CNY"),
        ("million yuan", 6, "CNY"),
        ("RMB", 0, "CNY"),
        ("CNY", 0, "CNY"),
        ("人民币", 0, "CNY"),
        ("¥", 0, "CNY"),
        ("￥", 0, "CNY"),
        ("(元)", 0, "CNY"),
        ("（元）", 0, "CNY"),
        ("£m", 6, "GBP"),
        ("£ million", 6, "GBP"),
        ("(£m)", 6, "GBP"),
        ("£'000", 3, "GBP"),
        ("($ thousands)", 3, "USD"),
        ("(EUR million)", 6, "EUR"),
        ("€ million", 6, "EUR"),
        ("€m", 6, "EUR"),
        ("US$ million", 6, "USD"),
        ("US$m", 6, "USD"),
        ("HK$", 0, "HKD"),
        ("HK$ million", 6, "HKD"),
        ("HKD", 0, "HKD"),
        ("GBP", 0, "GBP"),
        ("USD bn", 9, "USD"),
        ("金额（美元）", 0, "USD"),
        ("金额（万美元）", 4, "USD"),
        ("千元", 3, "CNY"),
        ("百万元", 6, "CNY"),
        ("万亿元", 12, "CNY"),
        ("人民币万元", 4, "CNY"),
        ("thousands of dollars", 3, "USD"),
        ("in millions of dollars", 6, "USD"),
        ("(in thousands of dollars)", 3, "USD"),
        ("millions of US dollars", 6, "USD"),
        ("million", 6, None),
        ("万", 4, None),
        ("2017 (万元)", 4, "CNY"),
        ("Spending (£m)", 6, "GBP"),
        ("Amount [RMB]", 0, "CNY"),
        ("pounds sterling", 0, "GBP"),
        ("亿元人民币", 8, "CNY"),
        ("港元", 0, "HKD"),
        ("欧元", 0, "EUR"),
        ("英镑", 0, "GBP"),
    ],
)
def test_parse_unit(text: str, exp: int, currency: str | None) -> None:
    unit = parse_unit(text)
    assert unit is not None
    assert (unit.exp, unit.currency) == (exp, currency)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "地区",
        "Authority",
        "Class",
        "金额",
        "value",
        "M",  # a column named M is not millions
        "k",
        "bn",
        "万人",
        "人口（万人）",
        "2023-24",
        "Table 3: Core Spending Power by class of authority",
        "mean",
        "Euronext",
        "%",
        "million million",
    ],
)
def test_not_a_unit(text: str) -> None:
    assert parse_unit(text) is None


@pytest.mark.parametrize("text", ["US$ 元", "(£ USD)", "美元 英镑"])
def test_two_currencies_in_one_unit(text: str) -> None:
    with pytest.raises(AidcalcError, match="two currencies"):
        parse_unit(text)


def test_unit_keeps_its_text_and_rounding() -> None:
    assert parse_unit("(£m)") == Unit("£m", 6, "GBP")
    assert parse_unit("万元") == Unit("万元", 4, "CNY")
    assert Unit("万元", 4, "CNY").rounded and not Unit("元", 0, "CNY").rounded


@pytest.mark.parametrize(
    "header, name, unit",
    [
        ("金额（万元）", "金额", Unit("万元", 4, "CNY")),
        ("Amount (£m)", "Amount", Unit("£m", 6, "GBP")),
        ("资金(单位：亿元)", "资金", Unit("亿元", 8, "CNY")),
        ("人口（万人）", "人口(万人)", None),
        ("人口(单位：万人)", "人口(单位:万人)", None),  # a header never raises
        ("Authority", "Authority", None),
        ("2017 (万元)", "2017", Unit("万元", 4, "CNY")),
    ],
)
def test_header_unit(header: str, name: str, unit: Unit | None) -> None:
    assert header_unit(header) == (name, unit)


# ---------------------------------------------------------------------------------------------
# Unit lines


@pytest.mark.parametrize(
    "cells, exp, currency",
    [
        (["单位：万元", "", "", ""], 4, "CNY"),
        (["单位:亿元", "", ""], 8, "CNY"),
        (["金额单位：亿元", "", ""], 8, "CNY"),
        (["单位：元", ""], 0, "CNY"),
        (["单位：人民币万元", ""], 4, "CNY"),
        (["（单位：万元）", ""], 4, "CNY"),
        (["单位 ：万元", ""], 4, "CNY"),
        (["Unit: £ million", "", ""], 6, "GBP"),
        (["Units: $ thousands", ""], 3, "USD"),
        (["(in thousands of dollars)", "", ""], 3, "USD"),
        (["(in millions of dollars)", "", ""], 6, "USD"),
        (["£ million", "", "", ""], 6, "GBP"),
        (["£m", "", "", ""], 6, "GBP"),
        (["($ thousands)", ""], 3, "USD"),
        (["€ million", ""], 6, "EUR"),
        (["Figures in £ million", ""], 6, "GBP"),
        (["All figures are in £m", ""], 6, "GBP"),
        (["", "", "", "单位：万元"], 4, "CNY"),  # right-aligned
        (["单位：万元", "单位：万元", "单位：万元"], 4, "CNY"),  # merged across
        (["填报单位：甲省财政厅", "", "", "单位：万元"], 4, "CNY"),  # labelled, beside other text
        (["2019-06-03", "", "", "金额单位：亿元"], 8, "CNY"),
    ],
)
def test_unit_line(cells: list[str], exp: int, currency: str | None) -> None:
    unit = parse_unit_line(cells)
    assert unit is not None
    assert (unit.exp, unit.currency) == (exp, currency)


@pytest.mark.parametrize(
    "cells",
    [
        ["2019年东西部扶贫协作财政援助资金分配表", "", "", ""],
        ["Table 3: Core Spending Power by class of authority", "", ""],
        ["中央财政专项扶贫资金", "", "", "", ""],
        ["地区", "县（市、区）", "类别", "金额"],
        ["Class", "Authority", "2023-24", "2024-25"],
        ["", "", ""],
        ["填报单位：甲省财政厅", "", ""],  # the reporting office, not a unit
        ["编制单位：乙省财政厅", "", "万元"],  # an unlabelled unit beside other text
        ["甲省", "A县", "深度贫困县", "1,200"],
        ["M", ""],
        ["Class", "(in millions)"],  # a unit in the header, not a unit line
        ["In 2019 the funds were allocated as follows", ""],  # a title
        ["Figures in the table are provisional", ""],
        ["单位名称", "金额"],
    ],
)
def test_not_a_unit_line(cells: list[str]) -> None:
    assert parse_unit_line(cells) is None


@pytest.mark.parametrize(
    "cells", [["单位：万元、%", ""], ["Unit: widgets", ""], ["单位：万元/人", ""]]
)
def test_labelled_unit_that_cannot_be_read_is_an_error(cells: list[str]) -> None:
    with pytest.raises(AidcalcError, match="unit line"):
        parse_unit_line(cells)


# ---------------------------------------------------------------------------------------------
# Header


def test_header_of_layout_1() -> None:
    pre = find_header(rows_of(LAYOUT_1))
    assert pre.header == 2
    assert pre.titles == ("2019年东西部扶贫协作财政援助资金分配表",)
    assert pre.unit == Unit("万元", 4, "CNY")
    assert pre.unit_row == 1
    assert [k for _, k, _ in pre.passed] == [PreambleRow.TITLE, PreambleRow.UNIT]


def test_header_of_layout_2() -> None:
    pre = find_header(rows_of(LAYOUT_2))
    assert pre.header == 2
    assert pre.titles == ("Table 3: Core Spending Power by class of authority",)
    assert pre.unit == Unit("£ million", 6, "GBP")


def test_header_of_layout_3() -> None:
    pre = find_header(rows_of(LAYOUT_3))
    assert (pre.header, pre.unit) == (2, Unit("亿元", 8, "CNY"))


@pytest.mark.parametrize(
    "rows, header, unit_exp",
    [
        ([["a", "b"]], 0, None),  # a plain CSV: the header is the first row
        ([["", ""], ["", ""], ["a", "b"]], 2, None),  # blank rows above
        ([["T", "T", "T"], ["a", "b", "c"]], 1, None),  # a title merged across
        ([["资金分配表（单位：万元）", ""], ["地区", "金额"]], 1, 4),  # a title with a unit
        ([["单位：万元", ""], ["", "单位：万元"], ["地区", "金额"]], 2, 4),  # two that agree
        ([["单位：万元", "", "", ""], ["T", "", "", ""], ["a", "b", "", ""]], 2, 4),
        ([["amount"], ["1"], ["2"]], 0, None),  # one column wide
        ([["单位：元"], ["amount"], ["1"]], 1, 0),
    ],
)
def test_find_header(rows: list[list[str]], header: int, unit_exp: int | None) -> None:
    pre = find_header(rows)
    assert pre.header == header
    assert (pre.unit.exp if pre.unit else None) == unit_exp


def test_title_and_unit_on_one_row() -> None:
    rows = [["2019年资金分配表", "", "", "单位：万元"], ["地区", "县", "", "金额"]]
    pre = find_header(rows)
    assert (pre.header, pre.titles, pre.unit) == (1, ("2019年资金分配表",), Unit("万元", 4, "CNY"))


def test_header_row_overrides() -> None:
    rows = rows_of(LAYOUT_1)
    pre = find_header(rows, header_row=3)
    assert (pre.header, pre.unit) == (2, Unit("万元", 4, "CNY"))
    rows = [["report", "2019-06-03"], ["地区", "金额"], ["甲", "1"]]
    assert find_header(rows).header == 0  # two filled cells: taken as the header …
    pre = find_header(rows, header_row=2)  # … unless the user says otherwise
    assert pre.header == 1
    assert pre.passed == ((0, PreambleRow.OTHER, "report | 2019-06-03"),)


@pytest.mark.parametrize("n", [0, 4])
def test_header_row_out_of_range(n: int) -> None:
    with pytest.raises(AidcalcError, match="no row"):
        find_header([["a", "b"]] * 3, header_row=n)


def test_two_unit_lines_that_disagree() -> None:
    rows = [["单位：万元", ""], ["单位：亿元", ""], ["地区", "金额"]]
    with pytest.raises(AidcalcError, match="disagree"):
        find_header(rows)
    with pytest.raises(AidcalcError, match="disagree"):
        find_header([["£m", ""], ["$m", ""], ["a", "b"]])


def test_no_header() -> None:
    with pytest.raises(AidcalcError, match="no header"):
        find_header([["", ""], ["单位：万元", ""]])


# ---------------------------------------------------------------------------------------------
# Cells, footers, total labels, amount columns


@pytest.mark.parametrize("text", ["..", "-", "–", "—", "x", "X", "n/a", "N/A", "*", " .. ", "－"])
def test_missing_marker(text: str) -> None:
    assert is_missing_marker(text)


@pytest.mark.parametrize("text", ["0", "", "1,200", "nil?", "xx", "--5"])
def test_not_a_missing_marker(text: str) -> None:
    assert not is_missing_marker(text)


@pytest.mark.parametrize(
    "text",
    [
        "注：1.本表为省级财政资金，不含市县配套。",
        "注:",
        "注",
        "注1",
        "说明：",
        "说明",
        "备注：",
        "资料来源：国家统计局",
        "数据来源：省财政厅。",
        "2.数据来源：省财政厅。",
        "Note: figures rounded",
        "Notes",
        "Source: illustrative layout only.",
        "Sources: HM Treasury",
        "* provisional",
        "※ 不含",
        "† revised",
    ],
)
def test_footer_start(text: str) -> None:
    assert is_footer_start(text)


@pytest.mark.parametrize(
    "text", ["注册企业", "说明书印刷", "Notting Hill", "Sourcebridge", "甲省", "2.东部地区", "合计"]
)
def test_not_a_footer_start(text: str) -> None:
    assert not is_footer_start(text)


@pytest.mark.parametrize(
    "label, kind, named",
    [
        ("合计", RowKind.TOTAL, None),
        ("合  计", RowKind.TOTAL, None),
        ("总计", RowKind.TOTAL, None),
        ("总 计", RowKind.TOTAL, None),
        ("共计", RowKind.TOTAL, None),
        ("全省", RowKind.TOTAL, None),
        ("全国", RowKind.TOTAL, None),
        ("全国合计", RowKind.TOTAL, None),
        ("全省总计", RowKind.TOTAL, None),
        ("Total", RowKind.TOTAL, None),
        ("TOTAL", RowKind.TOTAL, None),
        ("Total:", RowKind.TOTAL, None),
        ("Grand total", RowKind.TOTAL, None),
        ("Grand Total England", RowKind.TOTAL, None),
        ("小计", RowKind.SUBTOTAL, None),
        ("小计：", RowKind.SUBTOTAL, None),
        ("四川省 小计", RowKind.SUBTOTAL, None),
        ("甲省 小计", RowKind.SUBTOTAL, None),
        ("甲省小计", RowKind.SUBTOTAL, None),
        ("Subtotal", RowKind.SUBTOTAL, None),
        ("Sub-total", RowKind.SUBTOTAL, None),
        ("Subtotal Sichuan", RowKind.SUBTOTAL, None),
        ("Sichuan subtotal", RowKind.SUBTOTAL, None),
        ("Total Sichuan", None, "Sichuan"),
        ("Total shire counties", None, "shire counties"),
        ("Total for Kent", None, "Kent"),
        ("Sichuan total", None, "Sichuan"),
        ("Total Energies Ltd", None, "Energies Ltd"),
        ("甲省合计", None, "甲省"),
        ("甲省", None, None),
        ("Totalenergies", None, None),
        ("Kent", None, None),
        ("", None, None),
        ("合计数额调整县", None, None),
    ],
)
def test_total_label(label: str, kind: RowKind | None, named: str | None) -> None:
    got_kind, got_named = total_label(label)
    assert (got_kind.value if got_kind else None) == (kind.value if kind else None)
    assert (got_named.casefold() if got_named else None) == (named.casefold() if named else None)


@pytest.mark.parametrize(
    "headers, expected",
    [
        (["地区", "县（市、区）", "类别", "金额"], [3]),
        (["地区", "资金（万元）"], [1]),
        (["county", "Amount"], [1]),
        (["county", "AMOUNT (万元)"], [1]),
        (["项目", "资金额"], [1]),
        (["项目", "拨付资金"], [1]),
        (["Authority", "Funding"], [1]),
        (["Authority", "funds"], [1]),
        (["Authority", "Allocation (£m)"], [1]),
        (["Authority", "Value"], [1]),
        (["Authority", "Spending (£m)", "Population"], [1]),
        (["Authority", "2023 (£m)", "2024 (£m)"], [1, 2]),  # two: the caller refuses
        (["地区", "金额", "资金"], [1, 2]),
        (["地区", "金额", "拨款 (万元)"], [1]),  # a named column wins over a unit
        (["地区", "人口（万人）"], []),  # not money
        (["Class", "Authority"], []),
    ],
)
def test_amount_candidates(headers: list[str], expected: list[int]) -> None:
    assert amount_candidates(headers) == expected


# ---------------------------------------------------------------------------------------------
# Row kinds and totals, on the layouts


def test_layout_1_kinds_and_totals() -> None:
    kinds, shape = run(LAYOUT_1, [0, 1, 2], [3])
    D, S, T, F = RowKind.DETAIL, RowKind.SUBTOTAL, RowKind.TOTAL, RowKind.FOOTER
    assert kinds == [D, D, D, S, D, D, S, T, F, F]
    results = shape.totals()
    assert [(r.label, r.kind, r.rows, r.verdict) for r in results] == [
        ("甲省 小计", S, 3, Verdict.MATCH),
        ("乙省 小计", S, 2, Verdict.MATCH),
        ("合计", T, 5, Verdict.MATCH),
    ]
    grand = results[2].columns[0]
    assert grand.computed == 67_000_000  # 6,700 万元 from the detail rows, never 3 × 6,700
    assert grand.reported == 67_000_000


def test_layout_2_kinds_and_totals() -> None:
    kinds, shape = run(LAYOUT_2, [0, 1], [2, 3])
    D, S, T, F = RowKind.DETAIL, RowKind.SUBTOTAL, RowKind.TOTAL, RowKind.FOOTER
    assert kinds == [D, D, S, D, S, T, F]
    results = shape.totals()
    assert [(r.label, r.verdict) for r in results] == [
        ("Total shire counties", Verdict.MATCH),
        ("Total metropolitan districts", Verdict.MATCH),
        ("England", Verdict.MATCH),
    ]
    england = results[2].columns
    assert [c.computed for c in england] == [Fraction("3138.5") * 10**6, Fraction("3340.9") * 10**6]


def test_layout_3_is_all_detail() -> None:
    kinds, shape = run(LAYOUT_3, [0], [1, 2, 3, 4])
    assert kinds == [RowKind.DETAIL]
    assert shape.totals() == []


def table(*rows: str) -> str:
    return "\n".join(["地区,县,金额", *rows]) + "\n"


@pytest.mark.parametrize(
    "body, kinds",
    [
        # spaces inside and a colon after a total word
        (["甲,A,1", ",B,2", "小计：,,3", "合  计,,3"], "DDSt"),
        (["甲,A,1", ",B,2", "总 计,,3"], "DDt"),
        (["甲,A,1", ",B,2", "共计,,3"], "DDt"),
        # a total at the top, under the header
        (["合计,,3", "甲,A,1", ",B,2"], "tDD"),
        # the total word in the county column
        (["甲,A,1", ",B,2", ",合计,3"], "DDt"),
        # merged across the label columns (a workbook gives the value to every cell)
        (["甲,A,1", ",B,2", "合计,合计,3"], "DDt"),
        # notes after a blank row, and numbered continuations
        (["甲,A,1", ",,", "注：示例,,", "2.数据来源：示例,,"], "DbFF"),
        # a note merged across every column, the amount column too
        (["甲,A,1", "注：示例,注：示例,注：示例"], "DF"),
        # a heading row over its block
        (["东部地区,,", "甲,A,1"], "HD"),
        # 其中 (of which) with an amount: already inside the row above
        (["甲,A,5", "其中：深度贫困县,,3", "合计,,5"], "DPt"),
        # 其中 alone, then indented parts
        (["甲,A,5", "其中：,,", ",  A1,3", ",\u3000A2,2", "乙,C,1", "合计,,6"], "DPPPDt"),
        # 其中 alone, then a row that is not indented: where do the parts end?
        (["甲,A,5", "其中：,,", "乙,C,1"], "DP?"),
        # missing markers are read as missing, the row is still a detail row
        (["甲,A,..", ",B,2"], "DD"),
        # a row of a seen group, total-worded after the group: a subtotal
        (["甲,A,1", ",B,2", "甲合计,,3", "乙,C,4", "乙合计,,4", "合计,,7"], "DDSDSt"),
    ],
)
def test_row_kinds(body: list[str], kinds: str) -> None:
    letters = {
        RowKind.DETAIL: "D",
        RowKind.SUBTOTAL: "S",
        RowKind.TOTAL: "t",
        RowKind.FOOTER: "F",
        RowKind.BLANK: "b",
        RowKind.HEADING: "H",
        RowKind.PART: "P",
        RowKind.AMBIGUOUS: "?",
        RowKind.NOT_AMOUNT: "%",
    }
    got, shape = run(table(*body), [0, 1], [2])
    assert "".join(letters[k] for k in got) == kinds
    assert all(r.verdict is not Verdict.MISMATCH for r in shape.totals())


def test_a_wrong_total_is_a_mismatch_with_both_figures() -> None:
    shape = TableShape([0, 1], [2])
    read = reader(None)
    for n, r in enumerate([["甲", "A", "1,200"], ["", "B", "800"], ["合计", "", "2,100"]], 2):
        shape.feed(r, n, read)
    (res,) = shape.totals()
    assert res.verdict is Verdict.MISMATCH
    assert (res.line, res.columns[0].reported, res.columns[0].computed) == (
        4,
        Fraction(2100),
        Fraction(2000),
    )


def test_a_top_total_covers_the_rows_below() -> None:
    shape = TableShape([0], [1])
    read = reader(None)
    for n, r in enumerate([["合计", "2,000"], ["A", "1,200"], ["B", "700"]], 2):
        shape.feed(r, n, read)
    (res,) = shape.totals()
    assert (res.rows, res.columns[0].computed, res.verdict) == (2, Fraction(1900), Verdict.MISMATCH)


def test_total_x_of_no_group_decided_by_amounts() -> None:
    read = reader(None)

    def kinds(rows: list[list[str]]) -> list[RowKind]:
        shape = TableShape([0], [1])
        return [shape.feed(r, n, read).kind for n, r in enumerate(rows, 2)]

    # a company called Total: not a total, and not silently added either
    assert kinds([["BP", "5"], ["Total Energies Ltd", "7"]])[-1] is RowKind.AMBIGUOUS
    # a one-column table whose "Total X" rows sum their blocks
    got = kinds(
        [["Kent", "1"], ["Surrey", "2"], ["Total shire counties", "3"], ["Total England", "3"]]
    )
    assert got == [RowKind.DETAIL, RowKind.DETAIL, RowKind.SUBTOTAL, RowKind.TOTAL]


def test_place_name_total_needs_matching_amounts() -> None:
    rows = rows_of(LAYOUT_2.replace('England,,"3,138.5"', 'England,,"3,139.5"'))
    pre = find_header(rows)
    shape = TableShape([0, 1], [2, 3])
    read = reader(pre.unit)
    got = [shape.feed(r, n, read) for n, r in enumerate(rows[pre.header + 1 :], 4)]
    # not the sum of the rows above: a group of one row, read as data (issue 19, item 26)
    assert got[5].kind is RowKind.DETAIL
    shape = TableShape([0, 1], [2])
    rows2 = [["甲", "A", "1"], ["甲 小计", "", "1"], ["London", "", "5"]]
    assert [shape.feed(r, n, read).kind for n, r in enumerate(rows2, 2)][-1] is RowKind.DETAIL


def test_place_name_without_subtotals_is_a_detail_row() -> None:
    shape = TableShape([0, 1], [2])
    read = reader(None)
    rows = [["甲", "A", "1"], ["乙", "", "1"]]
    assert [shape.feed(r, n, read).kind for n, r in enumerate(rows, 2)] == [RowKind.DETAIL] * 2


def test_unlabelled_row_equal_to_the_rows_above() -> None:
    shape = TableShape([0], [1])
    read = reader(None)
    rows = [["A", "1"], ["B", "2"], ["", "3"], ["", "4"]]
    got = [shape.feed(r, n, read).kind for n, r in enumerate(rows, 2)]
    assert got == [RowKind.DETAIL, RowKind.DETAIL, RowKind.AMBIGUOUS, RowKind.DETAIL]


def test_amounts_after_the_notes_are_an_error() -> None:
    shape = TableShape([0], [1])
    read = reader(None)
    shape.feed(["A", "1"], 2, read)
    shape.feed(["注：示例", ""], 3, read)
    shape.feed(["本表为示例", ""], 4, read)
    with pytest.raises(AidcalcError, match="after the notes") as e:
        shape.feed(["B", "2"], 5, read)
    assert e.value.line == 5


def test_read_is_not_called_for_footers_and_headings() -> None:
    calls: list[str] = []

    def read(col: int, text: str) -> Amount | None:
        calls.append(text)
        return parse_amount(text)

    shape = TableShape([0], [1])
    for n, r in enumerate([["东部", ""], ["A", "1"], ["Source: x", "Source: x"]], 2):
        shape.feed(r, n, read)
    assert calls == ["1"]


# ---------------------------------------------------------------------------------------------
# TotalsCheck


def amt(text: str, exp: int = 0) -> Amount:
    return parse_amount(text, exp, exp > 0)


def test_rounded_total_matches_within_both_roundings() -> None:
    t = TotalsCheck(1)
    t.add(RowKind.DETAIL, 2, "a", [amt("1.24")])  # 1.235 … 1.245
    t.add(RowKind.DETAIL, 3, "b", [amt("1.24")])
    t.add(RowKind.TOTAL, 4, "合计", [amt("2.49")])  # 2.485 … 2.495 meets 2.47 … 2.49
    t.add(RowKind.TOTAL, 5, "合计", [amt("2.5")])  # 2.45 … 2.55
    t.add(RowKind.TOTAL, 6, "合计", [amt("2.50")])  # 2.495 … 2.505: no overlap
    assert [r.verdict for r in t.finish()] == [Verdict.MATCH, Verdict.MATCH, Verdict.MISMATCH]


def test_missing_values_leave_a_total_unchecked() -> None:
    t = TotalsCheck(2)
    t.add(RowKind.DETAIL, 2, "a", [None, amt("1")])
    t.add(RowKind.DETAIL, 3, "b", [amt("1"), amt("1")])
    t.add(RowKind.TOTAL, 4, "Total", [amt("5"), None])
    (r,) = t.finish()
    assert [c.verdict for c in r.columns] == [Verdict.UNCHECKED, Verdict.UNCHECKED]
    assert r.verdict is Verdict.UNCHECKED


def test_subtotal_covering_no_rows_is_unchecked() -> None:
    t = TotalsCheck(1)
    t.add(RowKind.DETAIL, 2, "a", [amt("1")])
    t.add(RowKind.SUBTOTAL, 3, "小计", [amt("1")])
    t.add(RowKind.SUBTOTAL, 4, "小计", [amt("1")])
    assert [r.verdict for r in t.finish()] == [Verdict.MATCH, Verdict.UNCHECKED]


def test_parts_and_ambiguous_rows_are_not_summed() -> None:
    t = TotalsCheck(1)
    for kind in (RowKind.DETAIL, RowKind.PART, RowKind.AMBIGUOUS, RowKind.HEADING):
        t.add(kind, 2, "x", [amt("1")])
    t.add(RowKind.TOTAL, 9, "合计", [amt("1")])
    assert t.finish()[0].verdict is Verdict.MATCH


def test_width_is_checked() -> None:
    with pytest.raises(ValueError):
        TotalsCheck(2).add(RowKind.DETAIL, 1, "a", [amt("1")])


amounts = st.tuples(st.integers(-(10**12), 10**12), st.integers(-4, 8), st.booleans()).map(
    lambda t: (t[0], t[1], t[2])
)


def exact(a: Amount) -> Fraction:
    return scaled(a[0], a[1])


def half(a: Amount) -> Fraction:
    return scaled(5, a[1] - 1) if a[2] else Fraction(0)


def as_amount(x: Fraction) -> Amount:
    """An exact Fraction with a power-of-ten denominator as an exact amount."""
    e = 0
    while x.denominator != 1:
        x *= 10
        e -= 1
    return int(x), e, False


@given(st.lists(amounts, min_size=1, max_size=30), st.booleans())
def test_exact_sum_always_matches(rows: list[Amount], sub: bool) -> None:
    t = TotalsCheck(1)
    for n, a in enumerate(rows):
        t.add(RowKind.DETAIL, n, "d", [a])
    kind = RowKind.SUBTOTAL if sub else RowKind.TOTAL
    t.add(kind, 99, "合计", [as_amount(sum((exact(a) for a in rows), Fraction(0)))])
    (r,) = t.finish()
    assert r.verdict is Verdict.MATCH
    assert r.columns[0].computed == sum((exact(a) for a in rows), Fraction(0))
    assert r.columns[0].computed_half == sum((half(a) for a in rows), Fraction(0))


@given(st.lists(amounts, min_size=1, max_size=30), amounts, st.integers(1, 10**6), st.booleans())
def test_off_by_more_than_the_rounding_never_matches(
    rows: list[Amount], reported: Amount, extra: int, below: bool
) -> None:
    t = TotalsCheck(1)
    for n, a in enumerate(rows):
        t.add(RowKind.DETAIL, n, "d", [a])
    total = sum((exact(a) for a in rows), Fraction(0))
    slack = sum((half(a) for a in rows), Fraction(0)) + half(reported)
    # the reported figure just beyond the combined rounding, above or below the sum
    step = Fraction(extra, 10**6) * (abs(exact(reported)) + 1)
    _, e, rounded = reported
    if below:
        mantissa = math.floor((total - slack - step) / scaled(1, e))
    else:
        mantissa = math.ceil((total + slack + step) / scaled(1, e))
    t.add(RowKind.TOTAL, 99, "合计", [(mantissa, e, rounded)])
    (r,) = t.finish()
    assert r.verdict is Verdict.MISMATCH


@given(st.lists(st.tuples(st.integers(0, 10**6), st.booleans()), min_size=1, max_size=40))
def test_subtotals_cover_their_blocks(rows: list[tuple[int, bool]]) -> None:
    """A subtotal after each marked row equals its block; the grand total equals all rows."""
    t = TotalsCheck(1)
    block = 0
    for n, (v, close) in enumerate(rows):
        t.add(RowKind.DETAIL, n, "d", [(v, 0, False)])
        block += v
        if close:
            t.add(RowKind.SUBTOTAL, n, "小计", [(block, 0, False)])
            block = 0
    t.add(RowKind.TOTAL, 999, "合计", [(sum(v for v, _ in rows), 0, False)])
    assert all(r.verdict is Verdict.MATCH for r in t.finish())


# ---------------------------------------------------------------------------------------------
# Fill-down


def test_fill_down_layout_1() -> None:
    f = FillDown([0])
    rows = [["甲省", "A县"], ["", "B县"], ["", "C县"], ["乙省", "D县"], ["", "E县"]]
    assert [f.apply(r)[0] for r in rows] == ["甲省", "甲省", "甲省", "乙省", "乙省"]
    assert f.filled == 3


def test_fill_down_a_new_value_forgets_the_columns_to_its_right() -> None:
    f = FillDown([0, 1])
    assert f.apply(["甲", "X市", "A"]) == ["甲", "X市", "A"]
    assert f.apply(["", "", "B"]) == ["甲", "X市", "B"]
    assert f.apply(["乙", "", "C"]) == ["乙", "", "C"]  # not X市: a new province


def test_fill_down_nothing_above_and_reset() -> None:
    f = FillDown([0])
    assert f.apply(["", "A"]) == ["", "A"]
    f.apply(["甲", "B"])
    f.reset()
    assert f.apply(["", "C"]) == ["", "C"]
    assert f.apply(["甲"]) == ["甲"]  # short rows are fine
    assert FillDown([5]).apply(["a"]) == ["a"]


# ---------------------------------------------------------------------------------------------
# Any text: an answer or an AidcalcError, never a crash

_texts = st.text(
    alphabet=st.sampled_from(
        list("0123456789.,-–/:：()（）£$€¥元万亿单位合计小其中注 TotalUnitmk")
    ),
    max_size=20,
)


@given(_texts)
def test_any_text_gives_an_answer_or_a_clear_error(text: str) -> None:
    for f in (parse_unit, total_label, is_footer_start, is_missing_marker, header_unit):
        with contextlib.suppress(AidcalcError):
            f(text)


@given(st.lists(st.lists(_texts, min_size=3, max_size=3), min_size=1, max_size=8))
def test_any_rows_give_an_answer_or_a_clear_error(rows: list[list[str]]) -> None:
    with contextlib.suppress(AidcalcError):
        find_header(rows)
    shape = TableShape([0, 1], [2])

    def read(col: int, text: str) -> Amount | None:
        return None if is_missing_marker(text) else parse_amount(text)

    for n, r in enumerate(rows):
        try:
            shape.feed(r, n, read)
        except AidcalcError:
            break
    shape.totals()
