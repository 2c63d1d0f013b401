"""Subtotals standing above their block (``一、一般性转移支付 8000`` over its rows, ``甲省,,300``
over ``甲省,A县``, a category over its indented items): never summed, checked against their block,
and read as data when they do not add up — each case through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import bad, examples, parse_csv, run
from hypothesis import given, settings
from hypothesis import strategies as st

NUMBERED = (
    "项目,金额\n一、一般性转移支付,8000\n均衡性转移支付,5000\n县级基本财力保障,3000\n"
    "二、专项转移支付,2000\n教育,1200\n农业,800\n合计,10000\n"
)
GROUPS = "province,county,amount\n甲省,,300\n甲省,A县,100\n甲省,B县,200\n乙省,,50\n乙省,C县,50\n"
INDENTED = (
    "科目,金额\n一般公共服务支出,1000\n  人大事务,300\n  政府办公厅,700\n"
    "教育支出,2000\n\u3000\u3000普通教育,1500\n\u3000\u3000职业教育,500\n合计,3000\n"
)
TABLE = "  rows    total\n------  -------\n"


def test_numbered_heads_over_their_blocks_are_subtotals(write) -> None:
    result = run("total", write("a.csv", NUMBERED))
    assert result.stdout == TABLE + "     4   10,000\n"
    assert (
        "took 2 rows for subtotals standing above their block (numbered as a heading), each the"
        " sum of the rows below it: line 2: '一、一般性转移支付', line 5: '二、专项转移支付'"
        " (--totals keep reads them as data)"
    ) in result.stderr
    assert "total rows: 3 of 3 match the rows they cover" in result.stderr
    assert "inconsistent" not in result.stderr


def test_a_group_named_alone_over_its_rows_is_a_subtotal(write) -> None:
    path = write("b.csv", GROUPS)
    result = run("total", path)
    assert result.stdout == TABLE + "     3      350\n"
    assert (
        "took 2 rows for subtotals standing above their block (a group named alone, its rows"
        " below), each the sum of the rows below it: line 2: '甲省', line 5: '乙省'"
    ) in result.stderr
    assert "total rows: 2 of 2 match the rows they cover" in result.stderr
    rows = parse_csv(run("summary", "--by", "province", path, "--format", "csv").stdout)
    assert [(r["province"], r["rows"], r["total"]) for r in rows] == [
        ("甲省", "2", "300"),
        ("乙省", "1", "50"),
        ("all", "3", "350"),
    ]


def test_group_heads_over_rows_that_leave_the_group_blank(write) -> None:
    """``甲省,,300`` then ``,A县`` / ``,B县``: the rows below fill only the county."""
    path = write(
        "b.csv", "province,county,amount\n甲省,,300\n,A县,100\n,B县,200\n乙省,,50\n,C县,50\n"
    )
    assert run("total", path).stdout == TABLE + "     3      350\n"
    rows = parse_csv(
        run(
            "summary", "--by", "province", "--fill-down", "province", path, "--format", "csv"
        ).stdout
    )
    assert [(r["province"], r["total"]) for r in rows] == [
        ("甲省", "300"),
        ("乙省", "50"),
        ("all", "350"),
    ]


def test_a_category_over_its_indented_items_is_a_subtotal(write) -> None:
    """Leading spaces or full-width spaces (U+3000) mark the items under a category row."""
    path = write("budget.csv", INDENTED)
    result = run("total", path)
    assert result.stdout == TABLE + "     4    3,000\n"
    assert (
        "took 2 rows for subtotals standing above their block (its rows indented below it), each"
        " the sum of the rows below it: line 2: '一般公共服务支出', line 5: '教育支出'"
    ) in result.stderr
    assert "total rows: 3 of 3 match the rows they cover" in result.stderr
    rows = parse_csv(run("summary", "--by", "科目", path, "--format", "csv").stdout)
    assert [(r["科目"].strip(), r["total"]) for r in rows] == [
        ("人大事务", "300"),
        ("政府办公厅", "700"),
        ("普通教育", "1500"),
        ("职业教育", "500"),
        ("all", "3000"),
    ]


def test_nested_indentation_counts_each_item_once(write) -> None:
    """类 / 款 / 项: a 款 with one 项 equal to it is a subtotal because its 类 adds up without it."""
    text = (
        "科目,金额\n一般公共服务支出,1000\n\u3000人大事务,300\n\u3000\u3000行政运行,200\n"
        "\u3000\u3000一般行政管理事务,100\n\u3000政府办公厅,700\n\u3000\u3000行政运行,700\n"
        "教育支出,2000\n\u3000普通教育,1500\n\u3000职业教育,500\n合计,3000\n"
    )
    result = run("total", write("budget.csv", text))
    assert result.stdout == TABLE + "     5    3,000\n"
    assert "took 4 rows for subtotals" in result.stderr
    assert "total rows: 5 of 5 match" in result.stderr


def test_nested_numbered_heads(write) -> None:
    text = (
        "项目,金额\n一、一般性转移支付,8000\n（一）均衡性转移支付,5000\n甲,3000\n乙,2000\n"
        "（二）县级基本财力保障,3000\n丙,3000\n二、专项转移支付,2000\n教育,1200\n农业,800\n"
        "合计,10000\n"
    )
    result = run("total", write("a.csv", text))
    assert result.stdout == TABLE + "     5   10,000\n"
    assert "total rows: 5 of 5 match" in result.stderr


def test_nested_heads_that_do_not_add_up_are_refused(write) -> None:
    """Heads inside heads, the outer one not the sum of its rows: which rows are subtotals
    cannot be told, and a guess could sum rows twice."""
    text = (
        "项目,金额\n一、一般性转移支付,9000\n（一）均衡性转移支付,5000\n甲,3000\n乙,2000\n"
        "（二）县级基本财力保障,3000\n丙,3000\n合计,10000\n"
    )
    line = bad("total", write("a.csv", text))
    assert "line 2" in line and "一、一般性转移支付" in line
    assert "which rows are subtotals cannot be told" in line


def test_heads_of_one_kind_that_disagree_are_refused(write) -> None:
    """一、 is not the sum of its rows, 二、 is: such rows could be subtotals or amounts of their
    own (the rule before: 一、 read as data, 17,000 with exit 1). Refused, the one named."""
    text = NUMBERED.replace("县级基本财力保障,3000", "县级基本财力保障,2000")
    line = bad("total", write("a.csv", text))
    assert "line 2" in line and "一、一般性转移支付" in line
    assert "while the row at line 5 ('二、专项转移支付'), of the same kind, is the sum" in line
    assert "--totals keep reads them all as data" in line
    assert "--totals drop takes those that add up for subtotals" in line


def test_a_head_that_does_not_match_its_block_is_data(write) -> None:
    """Read as data, said on stderr; the grand total's mismatch is reported as without heads."""
    text = NUMBERED.replace("县级基本财力保障,3000", "县级基本财力保障,2000")
    text = text.replace("二、专项转移支付,2000", "二、专项转移支付,2100")
    result = run("total", write("a.csv", text), code=1)
    assert result.stdout == TABLE + "     6   19,100\n"
    assert (
        "read as data 2 rows standing above a block of rows, not taken for subtotals (line 2:"
        " '一、一般性转移支付', not the sum of the 2 rows below it; line 5: '二、专项转移支付',"
        " not the sum of the 2 rows below it)"
    ) in result.stderr
    assert (
        "line 8: the total row '合计' says 10,000, but the 6 rows it covers add up to 19,100"
    ) in result.stderr


def test_a_one_row_block_equal_by_coincidence_is_data(write) -> None:
    """A round figure equal to its one row could be chance: data, and the total agrees."""
    result = run("total", write("c.csv", "地区,金额\n东部,300\n一、其他,100\n西部,100\n合计,500\n"))
    assert result.stdout == TABLE + "     3      500\n"
    assert (
        "line 3: '一、其他', equal to its one row below, which could be chance (chance of a"
        " coincidence 0.11)); --totals drop takes a row equal to its block for a subtotal"
    ) in result.stderr
    assert "total rows: 1 of 1 match" in result.stderr


def test_a_one_row_block_equal_beyond_chance_is_a_subtotal(write) -> None:
    text = "地区,金额\n东部,3000\n一、其他,1234\n西部,1234\n合计,4234\n"
    result = run("total", write("c.csv", text))
    assert result.stdout == TABLE + "     2    4,234\n"
    assert "took 1 row for a subtotal standing above its block" in result.stderr


def test_totals_drop_takes_a_one_row_match_for_a_subtotal(write) -> None:
    path = write("c.csv", "地区,金额\n东部,300\n一、其他,100\n西部,100\n合计,400\n")
    result = run("total", path, "--totals", "drop")
    assert result.stdout == TABLE + "     2      400\n"


@pytest.mark.parametrize(
    ("text", "rows", "total"),
    [(NUMBERED, 7, "30,000"), (GROUPS, 5, "700"), (INDENTED, 7, "9,000")],
)
def test_totals_keep_reads_heads_as_data(write, text: str, rows: int, total: str) -> None:
    result = run("total", write("t.csv", text), "--totals", "keep")
    assert result.stdout.splitlines()[-1].split() == [str(rows), total]
    assert "standing above" not in result.stderr


def test_gbk_and_crlf(write) -> None:
    path = write("budget.csv", INDENTED.replace("\n", "\r\n").encode("gbk"))
    result = run("total", path)
    assert result.stdout == TABLE + "     4    3,000\n"
    assert "took 2 rows for subtotals standing above their block" in result.stderr


@pytest.mark.parametrize("text", [NUMBERED, GROUPS, INDENTED])
def test_duckdb_hands_heads_to_the_streaming_reader(write, text: str) -> None:
    path = write("t.csv", text)
    python = run("total", path, "--engine", "python", "--format", "csv")
    duck = run("total", path, "--engine", "duckdb", "--format", "csv")
    assert duck.stdout == python.stdout
    assert "the streaming reader, not DuckDB" in duck.stderr
    assert duck.stderr.splitlines()[1:] == python.stderr.splitlines()


def test_heads_across_batch_boundaries(write, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches (after the first 30 rows, read whole to find the header): a category row
    ending one batch, its indented items opening the next, at every place in a batch."""
    from aidcalc.reader import delimited

    for size in (2, 3, 4, 5):
        monkeypatch.setattr(delimited, "BATCH_ROWS", size)
        for shift in range(size):
            n = 32 + shift
            text = "科目,金额\n" + "".join(f"P{i},{i + 1}\n" for i in range(n))
            text += "一般公共服务支出,1000\n  人大事务,300\n  政府办公厅,700\n"
            text += "".join(f"Q{i},{i + 1}\n" for i in range(5))
            rows = parse_csv(run("total", write("t.csv", text), "--format", "csv").stdout)
            total = n * (n + 1) // 2 + 1000 + 15
            assert rows == [{"rows": str(n + 7), "total": str(total)}], (size, shift)


def test_group_heads_across_batch_boundaries(write, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group named alone ending one batch, its rows opening the next (plain labels)."""
    from aidcalc.reader import delimited

    for size in (2, 3, 4, 5):
        monkeypatch.setattr(delimited, "BATCH_ROWS", size)
        for shift in range(size):
            n = 32 + shift
            text = "province,county,amount\n" + "".join(f"P{i},C{i},{i + 1}\n" for i in range(n))
            text += "甲省,,300\n甲省,A县,100\n甲省,B县,200\n"
            text += "".join(f"R{i},D{i},{i + 1}\n" for i in range(4))
            rows = parse_csv(run("total", write("t.csv", text), "--format", "csv").stdout)
            total = n * (n + 1) // 2 + 300 + 10
            assert rows == [{"rows": str(n + 6), "total": str(total)}], (size, shift)


def test_tidy_rows_with_a_numbered_label_but_no_block_are_data(write) -> None:
    """Numbered rows with nothing below them are data rows (their blocks are empty)."""
    text = "项目,金额\n一、甲,100\n二、乙,200\n三、丙,300\n"
    result = run("total", write("t.csv", text))
    assert result.stdout == TABLE + "     3      600\n"
    assert "standing above" not in result.stderr


def test_a_row_of_another_group_ends_the_block(write) -> None:
    text = "province,county,amount\n甲省,,300\n甲省,A县,100\n甲省,B县,200\n乙省,C县,50\n"
    result = run("total", write("t.csv", text))
    assert result.stdout == TABLE + "     3      350\n"


def test_heads_in_the_generated_property_sense(tmp_path: Path) -> None:
    """The same table with and without its head rows gives the same total."""
    items = [("A", [120, 340]), ("B", [55, 45, 100]), ("C", [7, 8])]
    with_heads = "科目,金额\n" + "".join(
        f"{h},{sum(v)}\n" + "".join(f"\u3000{h}{i},{x}\n" for i, x in enumerate(v))
        for h, v in items
    )
    plain = "科目,金额\n" + "".join(
        "".join(f"{h}{i},{x}\n" for i, x in enumerate(v)) for h, v in items
    )
    (tmp_path / "h.csv").write_text(with_heads, encoding="utf-8")
    (tmp_path / "p.csv").write_text(plain, encoding="utf-8")
    got = run("total", tmp_path / "h.csv", "--format", "csv").stdout
    assert got == run("total", tmp_path / "p.csv", "--format", "csv").stdout


@pytest.mark.parametrize(
    ("labels", "special"),
    [
        (["Kent", "Surrey"], False),
        (["一般公共服务支出", "教育支出"], False),
        (["一、东部地区"], True),
        (["（二）中部"], True),
        (["(三) 西部"], True),
        (["Part II Grants"], True),
        (["  人大事务"], True),
        (["\u3000普通教育"], True),
        (["\t职业教育"], True),
        (["205", "201", "20101"], True),
        (["101", "102", "1030"], False),
    ],
)
def test_the_pre_filter_sends_head_marks_row_by_row(labels: list[str], special: bool) -> None:
    """The batched path's pre-filter (and DuckDB's) flags the marks of a row above its block."""
    from aidcalc.published.tablewords import may_be_special

    assert may_be_special(labels) is special


def test_a_space_after_the_comma_is_no_indentation(write) -> None:
    """``甲省, A县, 300`` over ``, B县, 100``: the county cell's space is no item under 甲省."""
    text = "province, county, amount\n甲省, A县, 300\n, B县, 100\n, C县, 200\n乙省, D县, 50\n"
    result = run("total", write("t.csv", text))
    assert result.stdout == TABLE + "     4      650\n"
    assert "standing above" not in result.stderr


_NUMBERS = "一二三四五六七八九十"


@st.composite
def _trees(draw: st.DrawFn) -> list[tuple[int, list[tuple[int, list[int]]]]]:
    """Categories, each over items, each item a leaf or over sub-items. Amounts of four digits
    or more, not round: a one-row block that equals its head is then beyond chance."""
    amount = st.integers(1001, 999_999).filter(lambda x: x % 10 != 0)
    nested = draw(st.booleans())
    tree = []
    for _ in range(draw(st.integers(1, 5))):
        items = []
        deep = nested and draw(st.booleans())
        for _ in range(draw(st.integers(1, 4))):
            subs = draw(st.lists(amount, min_size=1, max_size=3)) if deep else []
            items.append((sum(subs) if subs else draw(amount), subs))
        tree.append((sum(v for v, _ in items), items))
    return tree


def _layout(tree: list[tuple[int, list[tuple[int, list[int]]]]], style: str) -> str:
    lines = ["科目,金额"]
    for c, (value, items) in enumerate(tree):
        lines.append(f"{_NUMBERS[c]}、类{c},{value}" if style == "numbered" else f"类{c},{value}")
        for i, (v, subs) in enumerate(items):
            if style == "numbered":
                label = f"（{_NUMBERS[i]}）款{c}{i}" if subs else f"款{c}{i}"
            else:
                label = ("\u3000" if style == "full-width" else "  ") + f"款{c}{i}"
            lines.append(f"{label},{v}")
            for k, x in enumerate(subs):
                pad = (
                    ""
                    if style == "numbered"
                    else "\u3000\u3000"
                    if style == "full-width"
                    else "    "
                )
                lines.append(f"{pad}项{c}{i}{k},{x}")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(60), deadline=None)
@given(
    tree=_trees(),
    style=st.sampled_from(["numbered", "spaces", "full-width"]),
    grand=st.booleans(),
    batch=st.sampled_from([2, 3, 5, 1024]),
)
def test_generated_heads_count_every_leaf_once(
    tree: list[tuple[int, list[tuple[int, list[int]]]]], style: str, grand: bool, batch: int
) -> None:
    """Whatever the nesting, the batch size or a grand total below: the leaves, each once."""
    from aidcalc.reader import delimited

    leaves = [x for _, items in tree for v, subs in items for x in (subs or [v])]
    total = sum(leaves) + sum(range(31))  # (31 rows first: the header is found in 30)
    text = "科目,金额\n" + "".join(f"前{i},{i}\n" for i in range(31))
    text += _layout(tree, style).split("\n", 1)[1] + (f"合计,{total}\n" if grand else "")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(delimited, "BATCH_ROWS", batch)
        result = run("total", "-", "--format", "csv", input=text)
    assert parse_csv(result.stdout) == [{"rows": str(len(leaves) + 31), "total": str(total)}]
    assert "read as data" not in result.stderr


@settings(max_examples=examples(40), deadline=None)
@given(
    groups=st.lists(
        st.lists(st.integers(1001, 999_999).filter(lambda x: x % 10 != 0), min_size=1, max_size=4),
        min_size=1,
        max_size=5,
    ),
    blank=st.booleans(),
    batch=st.sampled_from([2, 3, 1024]),
)
def test_generated_group_heads_count_every_row_once(
    groups: list[list[int]], blank: bool, batch: int
) -> None:
    """``P0,,sum`` over ``P0,C00,x`` (or ``,C00,x``): each group's rows once, by group too."""
    from aidcalc.reader import delimited

    text = "province,county,amount\n" + "".join(f"Q,K{i},{i + 1}\n" for i in range(31))
    for g, values in enumerate(groups):
        text += f"P{g},,{sum(values)}\n"
        text += "".join(f"{'' if blank else f'P{g}'},C{g}{i},{x}\n" for i, x in enumerate(values))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(delimited, "BATCH_ROWS", batch)
        fill = ("--fill-down", "province") if blank else ()  # (without: the batched path too)
        result = run("summary", "-", "--by", "province", *fill, "--format", "csv", input=text)
    rows = {r["province"]: r["total"] for r in parse_csv(result.stdout)}
    assert rows == {
        "Q": str(sum(range(1, 32))),
        **{f"P{g}": str(sum(values)) for g, values in enumerate(groups)},
        "all": str(sum(range(1, 32)) + sum(map(sum, groups))),
    }


def test_a_parquet_file_with_head_marks_is_refused(tmp_path: Path) -> None:
    """Only DuckDB reads Parquet, and it does not sift: an indented label is refused, named."""
    import duckdb

    csv = tmp_path / "t.csv"
    csv.write_text(INDENTED.replace("合计,3000\n", ""), encoding="utf-8")
    out = tmp_path / "t.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar=true)) TO '{out}'")
    line = bad("total", out, "--amount", "金额")
    assert "does not sift such rows" in line
    assert "人大事务" in line
    kept = run("total", out, "--amount", "金额", "--totals", "keep", "--format", "csv")
    assert parse_csv(kept.stdout) == [{"rows": "6", "total": "6000"}]


def test_numbered_rows_without_rows_below_them_are_data_inside_a_head(write) -> None:
    """（一）, （二） rows with nothing below them are the items of 一、, not heads over items."""
    text = "项目,金额\n一、转移支付,8000\n（一）均衡,5000\n（二）县级,3000\n二、专项,2000\n（一）教育,2000\n"
    result = run("total", write("t.csv", text))
    assert result.stdout == TABLE + "     3   10,000\n"
    assert "took 2 rows for subtotals" in result.stderr
    text = "项目,金额\n一、转移支付,9000\n（一）均衡,5000\n（二）县级,3000\n合计,8000\n"
    result = run("total", write("t.csv", text), code=1)
    assert result.stdout == TABLE + "     3   17,000\n"
    assert "not the sum of the 2 rows below it" in result.stderr
    assert "the total row '合计' says 8,000, but the 3 rows it covers add up to 17,000" in (
        result.stderr
    )


SUB_HEADING = (
    "科目,金额\n一、教育支出,2000\n（一）普通教育,\n学前教育,800\n小学教育,1200\n"
    "二、卫生支出,500\n医院,300\n诊所,200\n"
)
SUB_INDENTED = (
    "科目,金额\n教育支出,2000\n  普通教育,\n    学前教育,800\n    小学教育,1200\n"
    "卫生支出,500\n  医院,300\n  诊所,200\n"
)


@pytest.mark.parametrize(("text", "args"), [(SUB_HEADING, ()), (SUB_INDENTED, ("--skip-blank",))])
def test_a_sub_heading_without_amounts_stays_in_the_block_of_the_head(
    write, text: str, args: tuple[str, ...]
) -> None:
    """'（一）普通教育' (or '  普通教育') without amounts is a heading a level down: its rows are
    still the block of the head above it, which adds up and is no data row."""
    path = write("t.csv", text)
    result = run("total", path, *args)
    assert result.stdout == TABLE + "     4    2,500\n"
    assert "took 2 rows for subtotals standing above their block" in result.stderr
    for engine in ("python", "duckdb"):
        got = run("total", path, *args, "--engine", engine, "--format", "csv")
        assert parse_csv(got.stdout) == [{"rows": "4", "total": "2500"}]


def test_a_head_over_a_sub_heading_that_does_not_add_up_is_data(write) -> None:
    """Alone of its kind: read as data, said on stderr."""
    text = SUB_HEADING.replace("二、卫生支出,500\n医院,300\n诊所,200\n", "").replace("2000", "2100")
    result = run("total", write("t.csv", text))
    assert result.stdout == TABLE + "     3    4,100\n"
    assert "'一、教育支出', not the sum of the 2 rows below it" in result.stderr


GROUPS_BY_CHANCE = (
    "省,县,金额\n甲省,,100\n甲省,A县,50\n甲省,B县,50\n乙省,,80\n乙省,C县,30\n乙省,D县,20\n"
)


def test_group_heads_that_disagree_are_refused_on_both_engines(write) -> None:
    """甲省 is the sum of its two rows, 乙省 is not: the province rows could be allocations of
    their own. Refused, naming 乙省; --totals keep reads them as data, drop as before."""
    path = write("t.csv", GROUPS_BY_CHANCE)
    for engine in ("python", "duckdb"):
        line = bad("total", path, "--engine", engine)
        assert "line 5" in line and "乙省" in line and "line 2 ('甲省')" in line
    kept = run("total", path, "--totals", "keep", "--format", "csv")
    assert parse_csv(kept.stdout) == [{"rows": "6", "total": "330"}]
    dropped = run("total", path, "--totals", "drop", "--format", "csv")
    assert parse_csv(dropped.stdout) == [{"rows": "5", "total": "230"}]
    assert "'乙省', not the sum of the 2 rows below it" in dropped.stderr


def test_group_heads_that_all_disagree_are_data(write) -> None:
    """No head of the kind adds up: all read as data, said on stderr (no refusal)."""
    path = write("t.csv", GROUPS_BY_CHANCE.replace("甲省,,100", "甲省,,90"))
    for engine in ("python", "duckdb"):
        result = run("total", path, "--engine", engine, "--format", "csv")
        assert parse_csv(result.stdout) == [{"rows": "6", "total": "320"}]
        assert "'甲省', not the sum of the 2 rows below it" in result.stderr


CODE_COLUMNS = (
    "类,款,项,科目名称,金额\n201,,,一般公共服务支出,1000\n,01,,人大事务,300\n,,01,行政运行,300\n"
    ",03,,政府办公厅,700\n,,01,行政运行,500\n,,02,一般行政管理事务,200\n"
    "205,,,教育支出,2000\n,02,,普通教育,2000\n,,01,学前教育,800\n,,02,小学教育,1200\n"
)
ONE_CODE = (
    "科目编码,科目名称,金额\n201,一般公共服务支出,1000\n20101,人大事务,300\n2010101,行政运行,300\n"
    "20103,政府办公厅,700\n2010301,行政运行,500\n2010302,一般行政管理事务,200\n"
    "205,教育支出,2000\n20502,普通教育,2000\n2050201,学前教育,800\n2050202,小学教育,1200\n"
)


@pytest.mark.parametrize("text", [CODE_COLUMNS, ONE_CODE])
def test_codes_that_nest_are_levels_of_subtotals(write, text: str) -> None:
    """类/款/项 columns, or one 科目编码 column whose codes begin the next rows' codes: each level
    above the 项 rows is checked against its rows, never summed with them (9,000 before)."""
    path = write("t.csv", text)
    result = run("total", path)
    assert result.stdout == TABLE + "     5    3,000\n"
    assert "took 5 rows for subtotals standing above their block (its code a level above" in (
        result.stderr
    )
    duck = run("total", path, "--engine", "duckdb")
    assert duck.stdout == result.stdout
    assert "the streaming reader, not DuckDB" in duck.stderr


@pytest.mark.parametrize("text", [CODE_COLUMNS, ONE_CODE])
def test_codes_that_nest_across_batch_boundaries(
    write, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aidcalc.reader import delimited

    head, rows = text.split("\n", 1)
    lead = "".join(
        (f"9{i:02d},,,前{i},{i + 1}\n" if head.count(",") == 4 else f"9{i:02d},前{i},{i + 1}\n")
        for i in range(31)
    )
    path = write("t.csv", head + "\n" + lead + rows)
    for size in (2, 3, 4, 1024):
        monkeypatch.setattr(delimited, "BATCH_ROWS", size)
        for engine in ("python", "duckdb"):
            got = run("total", path, "--engine", engine, "--format", "csv")
            assert parse_csv(got.stdout) == [{"rows": "36", "total": str(3000 + 496)}], size


def test_codes_whose_head_does_not_add_up_are_data_or_refused(write) -> None:
    """One level: a head not the sum of its rows is data, said on stderr. Nested, a level not
    adding up over one that does by what could be chance: refused."""
    text = "款,项,科目名称,金额\n01,,人大事务,350\n,01,行政运行,300\n,02,其他,30\n"
    path = write("t.csv", text)
    for engine in ("python", "duckdb"):
        result = run("total", path, "--engine", engine, "--format", "csv")
        assert parse_csv(result.stdout) == [{"rows": "3", "total": "680"}]
        assert "'人大事务', not the sum of the 2 rows below it" in result.stderr
    line = bad(
        "total",
        write("u.csv", CODE_COLUMNS.replace(",一般公共服务支出,1000", ",一般公共服务支出,1100")),
    )
    assert "line 2" in line and "一般公共服务支出" in line


def test_codes_that_do_not_nest_are_data(write) -> None:
    """IDs of digits beside names, none beginning the next: plain rows, summed, on both engines."""
    text = "编号,名称,金额\n101,甲,100\n102,乙,200\n1030,丙,300\n"
    path = write("t.csv", text)
    for engine in ("python", "duckdb"):
        got = run("total", path, "--engine", engine, "--format", "csv")
        assert parse_csv(got.stdout) == [{"rows": "3", "total": "600"}]


def test_an_id_column_of_digits_stays_on_duckdb(write) -> None:
    """IDs 1 … 120 hold 1 and 10, far apart in the file: no code over the next row's, so DuckDB
    reads the file (the streaming reader's batches with such pairs go row by row, same sum)."""
    text = "id,name,amount\n" + "".join(f"{i},N{i % 7},{i * 3}\n" for i in range(1, 121))
    path = write("t.csv", text)
    duck = run("total", path, "--engine", "duckdb", "--format", "csv")
    assert "the streaming reader, not DuckDB" not in duck.stderr
    python = run("total", path, "--engine", "python", "--format", "csv")
    assert duck.stdout == python.stdout
    assert parse_csv(duck.stdout) == [{"rows": "120", "total": str(3 * sum(range(1, 121)))}]


def test_a_parquet_file_with_codes_that_nest_is_refused(tmp_path: Path) -> None:
    import duckdb

    csv = tmp_path / "t.csv"
    csv.write_text(ONE_CODE, encoding="utf-8")
    out = tmp_path / "t.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar=true)) TO '{out}'")
    line = bad("total", out, "--amount", "金额")
    assert "a code that begins the next row's" in line and '"201"' in line
    kept = run("total", out, "--amount", "金额", "--totals", "keep", "--format", "csv")
    assert parse_csv(kept.stdout) == [{"rows": "10", "total": "9000"}]


def test_a_heading_a_level_up_without_amounts_ends_the_block(write) -> None:
    """'二、卫生支出' without amounts under '（一）教育' is a level up, not down: the block ends."""
    text = "科目,金额\n（一）教育,2000\n学前,800\n小学,1200\n二、卫生支出,\n医院,300\n诊所,200\n"
    result = run("total", write("t.csv", text))
    assert result.stdout == TABLE + "     4    2,500\n"
    assert "took 1 row for a subtotal standing above its block" in result.stderr


def test_every_style_of_numbering_has_a_level() -> None:
    from aidcalc.published.heads import _LEVELS
    from aidcalc.published.tablewords import HEADING_STYLES

    assert sorted(_LEVELS) == sorted(style for style, _ in HEADING_STYLES)
