"""One vocabulary of published tables, and the batched pre-filter derived from it (issue 17).

Every word of the vocabulary, written in any script the classifier reads (simplified, traditional,
full-width, upper case), in any label column and at any position of a batch, sends the batch to
the row-by-row sift; and the classifier knows every total word in every script.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from helpers import examples, parse_csv, run
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcalc.calc.sift import Sift
from aidcalc.published.tablewords import (
    GRAND_EN,
    GRAND_OTHER,
    GRAND_ZH,
    SUBTOTAL_EN,
    SUBTOTAL_ZH,
    WORDS,
    LabelKind,
    may_be_special,
    total_label,
)
from aidcalc.reader import Batch, Source, open_table
from aidcalc.reader.query import Query


def csv_rows(*args: str, input: str, code: int = 0) -> list[dict[str, str]]:
    """Run ``aidcalc ARGS --format csv`` on ``input`` (stdin) and parse its rows."""
    return parse_csv(run(*args, "--format", "csv", input=input, code=code).stdout)


_TO_TRADITIONAL = str.maketrans(
    "计总体国区县说备注来资额数据长增减占", "計總體國區縣說備註來資額數據長增減佔"
)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


VARIANTS = {
    "as written": lambda w: w,
    "upper": str.upper,
    "title": str.title,
    "traditional": lambda w: w.translate(_TO_TRADITIONAL),
    "full-width": lambda w: _full_width(w.upper()),
    "spaced": lambda w: "  ".join(w),
    "with a colon": lambda w: w + "：",
}


def _sift_of(text: str) -> tuple[Sift, Batch]:
    source = Source("t.csv", stream=io.BytesIO(text.encode("utf-8")))
    with open_table(source) as table:
        layout = Query(amount="amount").resolve(table)
        sift = Sift(table, layout)
        rows = [row for batch in table.batches for row in batch.rows]
    return sift, Batch(rows, 2, len(rows) + 1, None)


@settings(max_examples=examples(150), deadline=None)
@given(
    word=st.sampled_from(WORDS),
    variant=st.sampled_from(sorted(VARIANTS)),
    column=st.integers(0, 2),
    position=st.integers(0, 30),
    affix=st.sampled_from(["", "甲省", "Kent ", " 2019"]),
)
def test_every_word_sends_its_batch_row_by_row(
    word: str, variant: str, column: int, position: int, affix: str
) -> None:
    label = VARIANTS[variant](word)
    label = label + affix if affix.startswith(" ") else affix + label
    lines = [f"P{i % 3},C{i},K{i},{100 + i}" for i in range(31)]
    cells = lines[position].split(",")
    cells[column] = '"' + label.replace('"', '""') + '"'
    lines[position] = ",".join(cells)
    sift, rows = _sift_of("province,city,county,amount\n" + "\n".join(lines) + "\n")
    assert not sift._labels_plain(rows), (label, column, position)


def test_plain_labels_pass_whole() -> None:
    lines = [f"P{i % 3},C{i},K{i},{100 + i}" for i in range(31)]
    sift, rows = _sift_of("province,city,county,amount\n" + "\n".join(lines) + "\n")
    assert sift._labels_plain(rows)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize(
    "word, kind",
    [(w, LabelKind.TOTAL) for w in GRAND_ZH + GRAND_EN + GRAND_OTHER]
    + [(w, LabelKind.SUBTOTAL) for w in SUBTOTAL_ZH + SUBTOTAL_EN],
)
def test_the_classifier_knows_every_total_word_in_every_script(
    word: str, kind: LabelKind, variant: str
) -> None:
    label = VARIANTS[variant](word)
    if variant == "spaced" and word.isascii():
        pytest.skip("spaces between Latin letters make other words")
    assert total_label(label)[0] is kind, label
    assert may_be_special([label])


def test_place_names_beginning_with_quan_are_no_totals() -> None:
    """Issue 19, item 17: 全州, 全椒, 全南 are counties."""
    for name in ("全州", "全椒", "全南"):
        assert total_label(name) == (None, None)
    rows = csv_rows("total", "-", input="县,金额\n灵川,100\n全州,200\n兴安,300\n")
    assert rows[-1]["total"] == "600"


@pytest.mark.parametrize(
    "body, right",
    [
        # issue 17: 总体 / Overall / All regions last or first, on the batched path
        ("地区,金额\nA,100\nB,200\n总体,300\n", "300"),
        ("地区,金额\n总体,300\nA,100\nB,200\n", "300"),
        ("地区,金额\nA,100\nB,200\nOverall,300\n", "300"),
        ("地区,金额\nAll regions,300\nA,100\nB,200\n", "300"),
        # issue 19, item 4: a total word first, and full-width
        ("类别,金额\n总体,600\n东部,100\n西部,200\n中部,300\n", "600"),
        ("类别,金额\nＴＯＴＡＬ,600\n东部,100\n西部,200\n中部,300\n", "600"),
        # other languages
        ("Land,amount\nBayern,100\nHessen,200\nInsgesamt,300\n", "300"),
    ],
)
def test_total_words_anywhere_are_never_added(body: str, right: str) -> None:
    assert csv_rows("total", "-", input=body)[-1]["total"] == right
    # a note row sends the same table row by row: the same answer
    assert csv_rows("total", "-", input=body + "注：示例,\n")[-1]["total"] == right


def test_traditional_script_is_read() -> None:
    """Issue 19, item 5: 小計/合計 are totals, and 金額 is the amount column."""
    body = "地區,金額\n甲,100\n乙,200\n小計,300\n丙,400\n合計,700\n"
    assert csv_rows("total", "-", input=body)[-1]["total"] == "700"
    assert csv_rows("total", "-", "--amount", "金額", input=body)[-1]["total"] == "700"


def test_full_width_forms_are_one_normal_form() -> None:
    assert unicodedata.normalize("NFKC", _full_width("TOTAL")) == "TOTAL"


# ---------------------------------------------------------------------------------------------
# The pre-filter in SQL (DuckDB's reading of label columns of many values)

_CELLS = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.text(alphabet="TotalSubOfwhichNoteAllPartIV ._-*%\t\x0b\x1f\n合计小其中一、（）", max_size=14),
    st.builds(lambda w, v, a: a + VARIANTS[v](w), st.sampled_from(WORDS),
              st.sampled_from(sorted(VARIANTS)), st.sampled_from(["", "Kent ", "x"])),
)  # fmt: skip


@pytest.fixture(scope="module")
def duck():  # type: ignore[no-untyped-def]
    import duckdb

    con = duckdb.connect()
    yield con
    con.close()


@settings(max_examples=examples(80), deadline=None)
@given(cells=st.lists(_CELLS, min_size=1, max_size=40))
def test_the_sql_pre_filter_flags_every_cell_the_python_one_flags(duck, cells: list[str]) -> None:  # type: ignore[no-untyped-def]
    """special_sql is a superset of may_be_special: a cell the database passes over is surely
    data (and so DuckDB never hands back fewer values than the sift would look at)."""
    from aidcalc.published.tablewords import special_sql

    flags = duck.execute(
        f"SELECT c, {special_sql('c')} FROM (SELECT unnest(?::VARCHAR[]) AS c)", [cells]
    ).fetchall()
    for cell, flagged in flags:
        if may_be_special([cell]):
            assert flagged, repr(cell)
