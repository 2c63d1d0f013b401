"""Generated published tables (issue 18's property test, issue 19 item 33).

A total row at a random position (first or last) whose label is drawn from many languages' and
scripts' total words and from plain place names, detail rows printed rounded to a random unit (each
row stands for a value within half a unit, the total is the rounded true sum), with a heading, 其中
parts without indentation, and notes that name a unit: the total printed is always the ``Fraction``
sum of the detail rows, never the total added in and never a false refusal; a note naming another
unit than the table's is refused.
"""

from __future__ import annotations

from fractions import Fraction

from helpers import examples, parse_csv, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TOTAL_WORDS = [
    "合计", "合  计", "總計", "共计", "总体", "全国", "合計：", "ＴＯＴＡＬ", "Total", "TOTAL",
    "Totals", "Grand total", "Overall", "All regions", "All States", "Insgesamt", "Total général",
    "計",
]  # fmt: skip
PLACES = ["England", "United States", "Canada", "Kenya", "Ontario", "华东大区"]
NAMES = ["Kent", "Surrey", "Leeds", "灵川", "兴安", "Yorkshire", "Devon", "Essex", "Bayern"]
UNITS = {  # the unit line (or None), the header of the amount column, the power of ten
    "exact": (None, "amount", 0),
    "万元 line": ("单位：万元", "金额", 4),
    "£ million line": ("£ million", "amount", 6),
    "header unit": (None, "金额（万元）", 4),
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, Fraction, bool, bool]:
    unit_name = draw(st.sampled_from(sorted(UNITS)))
    unit_line, amount_header, exp = UNITS[unit_name]
    rounded = exp > 0
    n = draw(st.integers(4, 24))
    two_labels = draw(st.booleans())
    printed = [draw(st.integers(100, 99_999)) for _ in range(n)]
    # each printed row stands for a true value within half a unit; the total is the rounded sum
    errors = [Fraction(draw(st.integers(-499, 499)), 1000) if rounded else 0 for _ in range(n)]
    true_total = sum(printed) + sum(errors)
    total = int(true_total + Fraction(1, 2)) if rounded else sum(printed)
    by_word = draw(st.booleans())
    label = draw(st.sampled_from(TOTAL_WORDS if by_word else PLACES))
    first = draw(st.booleans())
    lines = []
    if unit_line is not None:
        lines.append(unit_line + (",," if two_labels else ","))
    lines.append(("region,county," if two_labels else "county,") + amount_header)
    blank = ",," if two_labels else ","
    detail = []
    for i, v in enumerate(printed):
        name = f"{NAMES[i % len(NAMES)]}{i}"
        detail.append((f"G{i % 3}," if two_labels else "") + f"{name},{v}")
    if draw(st.booleans()):  # a heading over the rows (a row without amounts)
        heading = "一、东部地区" + (",," if two_labels else ",")
        detail.insert(0, heading)
    if draw(st.booleans()) and n >= 6:  # 其中 parts after a middle row, not indented
        at = draw(st.integers(3, n - 2))
        parent = printed[at - 1]
        part = draw(st.integers(0, parent))
        place = 1 if not detail[0].startswith("一") else 2
        parts = [
            ("," if two_labels else "") + f"其中：甲部,{part}",
            ("," if two_labels else "") + f"乙部,{parent - part}",
        ]
        i = at - 1 + place
        detail[i:i] = parts
    total_row = (
        (label + "," + ("," if two_labels else "") + str(total))
        if not (two_labels and by_word and draw(st.booleans()))
        else f",{label},{total}"
    )
    body = [total_row, *detail] if first else [*detail, total_row]
    lines += body
    note_unit = draw(st.sampled_from([None, "万元", "元"]))
    refused = False
    if note_unit is not None:
        lines.append(f"注：金额单位为{note_unit}。" + blank)
        note_exp = 4 if note_unit == "万元" else 0
        refused = note_exp != exp or unit_name.startswith("£")
    del blank
    # a total of round figures may equal a sum by chance: then a question is no false refusal
    round_total = len(str(total).rstrip("0")) <= 2 and not by_word
    return "\n".join(lines) + "\n", Fraction(sum(printed)) * 10**exp, refused, round_total


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_a_total_row_is_never_added_nor_falsely_refused(
    case: tuple[str, Fraction, bool, bool],
) -> None:
    body, want, refused, round_total = case
    result = run("total", "-", "--format", "csv", input=body, code=None)
    if refused:
        assert result.exit_code == 2, result.output
        assert "a note under the table says" in result.stderr
        return
    if round_total and result.exit_code == 2:
        assert "could be chance" in result.stderr or "happens to equal it" in result.stderr
        return
    assert result.exit_code == 0, body + result.output
    rows = parse_csv(result.stdout)
    column = next(k for k in rows[-1] if k.startswith("total"))
    assert Fraction(rows[-1][column]) == want, body + result.stderr
