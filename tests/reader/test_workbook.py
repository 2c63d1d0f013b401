"""Reading workbooks as rows of cell text: numbers as Excel shows them, errors named by cell."""

from __future__ import annotations

import datetime
import math
import struct
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from workbooks import (
    Error,
    Formula,
    Num,
    write_ods,
    write_xls,
    write_xlsx,
    write_xlsx_unsaved,
)

from aidcalc.core.errors import AidcalcError
from aidcalc.reader.workbook import (
    SheetRows,
    is_workbook,
    number_text,
    open_sheet,
    sheet_names,
    workbook_format,
)

COVER = [["2019年东西部扶贫协作财政援助资金分配表"], ["说明：本表为示例布局。"]]
ALLOC = [
    ["2019年东西部扶贫协作财政援助资金分配表", None, None, None],
    ["单位：万元", None, None, None],
    ["地区", "县（市、区）", "类别", "金额"],
    ["甲省", "A县", "深度贫困县", "1,200"],
    [None, "B县", "一般县", 800],
    [None, "C县", "一般县", 650],
    ["甲省 小计", None, None, Formula("=SUM(D4:D6)", 2650)],
]
ALLOC_MERGED = {"分配表": ["A1:D1", "A4:A6"]}


def read(sheet: SheetRows) -> list[tuple[int, list[str]]]:
    return list(sheet.rows)


def error_of(path: Path | bytes, sheet: str | int | None = None, name: str = "alloc.xlsx") -> str:
    s = open_sheet(path if isinstance(path, bytes) else str(path), file_name=name, sheet=sheet)
    with pytest.raises(AidcalcError) as e:
        read(s)
    return e.value.message()


# ---------------------------------------------------------------------------------------------
# number_text


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (0.30000000000000004, "0.3"),
        (0.1 + 0.2, "0.3"),
        (1435000000.0, "1435000000"),
        (1234.5, "1234.5"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (-0.0, "0"),
        (0.0, "0"),
        (-2.5, "-2.5"),
        (123456789012345.0, "123456789012345"),
        (1234567890123456.0, "1234567890123460"),  # 16 digits: cut to 15, as Excel shows it
        (9999999999999999.0, "10000000000000000"),
        (0.1234567890123456, "0.123456789012346"),
        (28310000.000000004, "28310000"),
        (2831.0000000000005, "2831"),
        (5e-324, "0." + "0" * 323 + "5"),  # repr is 5e-324: the shortest decimal
    ],
)
def test_number_text(x: float, text: str) -> None:
    assert number_text(x) == text


def test_number_text_refuses_nan_and_infinity() -> None:
    for x in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError):
            number_text(x)


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(0.30000000000000004)
@example(1.0000000000000002)
@example(0.1234567890123455)
def test_number_text_is_repr_cut_to_15_digits(x: float) -> None:
    text = number_text(x)
    assert "e" not in text.lower()
    d = Decimal(text)
    assert len(d.normalize().as_tuple().digits) <= 15
    assert d == Context(prec=15, rounding=ROUND_HALF_EVEN).plus(Decimal(repr(x)))
    assert text == "0" or not text.endswith(("0", ".")) or "." not in text


# ---------------------------------------------------------------------------------------------
# Recognising a workbook by its content


def test_recognised_by_content_not_name(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "a.csv", {"s": [["a"]]}).read_bytes()
    ods = write_ods(tmp_path / "b.txt", {"s": [["a"]]}).read_bytes()
    xls = write_xls(tmp_path / "c", {"s": [["a"]]}).read_bytes()
    openpyxl_xlsx = write_xlsx_unsaved(tmp_path / "d", {"s": [["a"]]}).read_bytes()
    assert [workbook_format(b[:4096]) for b in (xlsx, ods, xls, openpyxl_xlsx)] == [
        "xlsx",
        "ods",
        "xls",
        "xlsx",
    ]
    assert is_workbook(xlsx[:4096])
    assert not is_workbook("地区,金额\r\n甲省,1\r\n".encode("gbk"))
    assert not is_workbook(b"PK\x03\x04" + bytes(100))  # a ZIP, but not a workbook
    assert not is_workbook(b"")


def test_not_a_workbook_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AidcalcError) as e:
        open_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), file_name="-")
    assert e.value.file == "-"
    assert "the workbook is damaged" in e.value.reason


# ---------------------------------------------------------------------------------------------
# xlsx


@pytest.fixture
def alloc(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "alloc.xlsx", {"封面": COVER, "分配表": ALLOC}, merged=ALLOC_MERGED
    )


def test_default_sheet_passes_over_a_cover_sheet(alloc: Path) -> None:
    sheet = open_sheet(str(alloc), file_name="alloc.xlsx")
    assert sheet.name == "分配表"
    assert sheet.sheets == ["封面", "分配表"]
    title = "2019年东西部扶贫协作财政援助资金分配表"
    assert read(sheet) == [
        (1, [title, title, title, title]),  # merged across: every cell has the title
        (2, ["单位：万元", "", "", ""]),
        (3, ["地区", "县（市、区）", "类别", "金额"]),
        (4, ["甲省", "A县", "深度贫困县", "1,200"]),  # text stays text
        (5, ["甲省", "B县", "一般县", "800"]),  # the merged region cell fills down
        (6, ["甲省", "C县", "一般县", "650"]),
        (7, ["甲省 小计", "", "", "2650"]),  # a formula gives its saved value
    ]


@pytest.mark.parametrize("sheet", ["分配表", 2, "2"])
def test_sheet_by_name_or_position(alloc: Path, sheet: str | int) -> None:
    assert open_sheet(str(alloc), file_name="alloc.xlsx", sheet=sheet).name == "分配表"


def test_first_sheet_by_position(alloc: Path) -> None:
    sheet = open_sheet(str(alloc), file_name="alloc.xlsx", sheet=1)
    assert sheet.name == "封面"
    assert [n for n, _ in read(sheet)] == [1, 2]


def test_a_sheet_named_by_digits_is_found_by_its_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "y.xlsx", {"2018": [["a", 1]], "1": [["b", 2]]})
    assert open_sheet(str(path), file_name="y.xlsx", sheet="1").name == "1"
    assert open_sheet(str(path), file_name="y.xlsx", sheet=1).name == "2018"
    assert open_sheet(str(path), file_name="y.xlsx", sheet="2018").name == "2018"


@pytest.mark.parametrize("sheet", ["Sheet1", 0, 3, "3"])
def test_unknown_sheet_lists_the_sheets(alloc: Path, sheet: str | int) -> None:
    with pytest.raises(AidcalcError) as e:
        open_sheet(str(alloc), file_name="alloc.xlsx", sheet=sheet)
    assert e.value.message() == (
        f'alloc.xlsx: "{sheet}": no such sheet; the sheets are: 1 封面, 2 分配表'
    )


def test_bytes_read_like_the_file(alloc: Path) -> None:
    data = alloc.read_bytes()
    assert sheet_names(data) == sheet_names(str(alloc)) == ["封面", "分配表"]
    from_bytes = read(open_sheet(data, file_name="-"))
    assert from_bytes == read(open_sheet(str(alloc), file_name="alloc.xlsx"))


def test_cells_as_text(tmp_path: Path) -> None:
    row = [
        0.30000000000000004,
        1435000000.0,
        Num(28310000.0, "0.0,,"),  # shown as 28.3: the stored value is the figure
        Num(1234.5, "#,##0.00"),
        1e20,
        1.5e-7,
        -0.0,
        "'1,200",
        "1,200",
        True,
        False,
        datetime.date(2019, 6, 3),
        datetime.datetime(2019, 6, 3, 12, 30),
        datetime.time(12, 30),
        Formula("=1+1", 2),
        Formula('="x"', "x"),
    ]
    path = write_xlsx(tmp_path / "c.xlsx", {"s": [["h"] * len(row), row]})
    assert read(open_sheet(str(path), file_name="c.xlsx"))[1] == (
        2,
        [
            "0.3",
            "1435000000",
            "28310000",
            "1234.5",
            "100000000000000000000",
            "0.00000015",
            "0",
            "'1,200",
            "1,200",
            "TRUE",
            "FALSE",
            "2019-06-03",
            "2019-06-03T12:30:00",
            "12:30:00",
            "2",
            "x",
        ],
    )


def test_shortest_repr_reaches_the_cut(tmp_path: Path) -> None:
    """xlsxwriter writes 17 digits where needed: the float read back is cut to 15."""
    path = write_xlsx(tmp_path / "n.xlsx", {"s": [["a", "b"], [2831.0000000000005, 0.1 + 0.7]]})
    assert read(open_sheet(str(path), file_name="n.xlsx"))[1] == (2, ["2831", "0.8"])


def test_rows_are_numbered_as_in_the_sheet_and_padded(tmp_path: Path) -> None:
    rows: list[list[object]] = [[], [], [], [], [None, None, "a", "b"], [], [None, None, 1]]
    rows += [[], [None, None, None, None, None, 2]]
    path = write_xlsx(tmp_path / "p.xlsx", {"s": rows})
    sheet = open_sheet(str(path), file_name="p.xlsx")
    assert sheet.first_column == 2
    assert sheet.width == 4
    assert read(sheet) == [(5, ["a", "b", "", ""]), (7, ["1", "", "", ""]), (9, ["", "", "", "2"])]
    assert sheet.cell_ref(9, 3) == "F9"
    assert sheet.where(9, 3) == "p.xlsx, sheet s, cell F9"


def test_empty_rows_kept_on_request(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", {"s": [["a", "b"], [], ["c", "d"]]})
    sheet = open_sheet(str(path), file_name="e.xlsx", skip_empty=False)
    assert read(sheet) == [(1, ["a", "b"]), (2, ["", ""]), (3, ["c", "d"])]


def test_merged_range_beyond_the_data(tmp_path: Path) -> None:
    rows: list[list[object]] = [["g", "x"], ["甲", 1]]
    path = write_xlsx(tmp_path / "m.xlsx", {"s": rows}, merged={"s": ["A2:A4", "B2:C2"]})
    # merged ranges are cut to the data's extent: the cells past it hold nothing (issue 19, 20)
    assert read(open_sheet(str(path), file_name="m.xlsx")) == [
        (1, ["g", "x"]),
        (2, ["甲", "1"]),  # a number merged over cells stays in its first cell
    ]


@pytest.mark.parametrize(("error", "cell"), [("#DIV/0!", "D7"), ("#N/A", "D7")])
def test_error_cell_names_sheet_and_cell(tmp_path: Path, error: str, cell: str) -> None:
    rows = [*ALLOC[:6], ["甲省 小计", None, None, Error(error)]]
    path = write_xlsx(tmp_path / "alloc.xlsx", {"封面": COVER, "分配表": rows})
    assert error_of(path) == (
        f"alloc.xlsx, sheet 分配表, cell {cell}: the error value {error}, not a figure"
    )


def test_error_raised_where_the_rows_reach_it(tmp_path: Path) -> None:
    rows = [*ALLOC[:6], ["甲省 小计", None, None, Error("#REF!")]]
    path = write_xlsx(tmp_path / "alloc.xlsx", {"分配表": rows})
    it = open_sheet(str(path), file_name="alloc.xlsx").rows
    assert [next(it)[0] for _ in range(6)] == [1, 2, 3, 4, 5, 6]
    with pytest.raises(AidcalcError) as e:
        next(it)
    assert e.value.file == "alloc.xlsx, sheet 分配表, cell D7"


def test_formula_without_saved_value_is_an_error(tmp_path: Path) -> None:
    rows = [["地区", "金额"], ["甲省", 1200], ["合计", "=SUM(B2:B2)"]]
    path = write_xlsx_unsaved(tmp_path / "alloc.xlsx", {"分配表": rows})
    assert error_of(path) == (
        "alloc.xlsx, sheet 分配表, cell B3: a formula with no saved value"
        " (open and save the file in a spreadsheet)"
    )


def test_empty_saved_text_written_as_a_number_is_refused(tmp_path: Path) -> None:
    """xlsxwriter saves ``=""`` as a number cell with an empty value, as if none was saved (Excel
    marks it ``t="str"``): refused, never read as a blank."""
    path = write_xlsx(tmp_path / "alloc.xlsx", {"分配表": [["a", "b"], ["甲", Formula('=""', "")]]})
    assert "cell B2: a formula with no saved value" in error_of(path)


def test_error_text_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "alloc.xlsx", {"分配表": [["a", "b"], ["甲", "#N/A"]]})
    assert (
        error_of(path) == 'alloc.xlsx, sheet 分配表, cell B2: "#N/A": an error value, not a figure'
    )


def test_workbook_without_data(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", {"a": [], "b": []})
    with pytest.raises(AidcalcError) as e:
        open_sheet(str(path), file_name="e.xlsx")
    assert e.value.message() == "e.xlsx: no sheet of the workbook holds any data"
    assert read(open_sheet(str(path), file_name="e.xlsx", sheet="b")) == []


def test_one_column_sheet_is_read_when_nothing_else_holds_a_table(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", {"a": [], "b": [["x"], ["y"]]})
    sheet = open_sheet(str(path), file_name="o.xlsx")
    assert (sheet.name, read(sheet)) == ("b", [(1, ["x"]), (2, ["y"])])


def test_hidden_sheet_is_not_the_default(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    hidden = wb.active
    assert hidden is not None
    hidden.title = "hidden"
    hidden.append(["a", "b"])
    hidden.append(["c", "d"])
    hidden.sheet_state = "hidden"
    shown = wb.create_sheet("shown")
    shown.append(["e", "f"])
    shown.append(["g", 1])
    wb.save(tmp_path / "h.xlsx")
    assert open_sheet(str(tmp_path / "h.xlsx"), file_name="h.xlsx").name == "shown"


# ---------------------------------------------------------------------------------------------
# ods


def test_ods(tmp_path: Path) -> None:
    rows = [
        ["地区", "金额", "日期", "是否"],
        ["甲省", 0.30000000000000004, datetime.date(2019, 6, 3), True],
        ["乙省", "1,200", Formula("=1+2", 3), None],
    ]
    path = write_ods(tmp_path / "a.ods", {"封面": COVER, "分配表": rows})
    data = path.read_bytes()
    assert workbook_format(data[:4096]) == "ods"
    sheet = open_sheet(data, file_name="a.ods")
    assert sheet.name == "分配表"
    assert read(sheet) == [
        (1, ["地区", "金额", "日期", "是否"]),
        (2, ["甲省", "0.3", "2019-06-03", "TRUE"]),
        (3, ["乙省", "1,200", "3", ""]),
    ]


def test_ods_error_text(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "a.ods", {"分配表": [["a", "b"], ["甲", Error("#DIV/0!")]]})
    assert error_of(path, name="a.ods") == (
        'a.ods, sheet 分配表, cell B2: "#DIV/0!": an error value, not a figure'
    )


# ---------------------------------------------------------------------------------------------
# xls


def test_xls(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "a.xls", {"封面": COVER, "分配表": ALLOC[:6]}, merged=ALLOC_MERGED)
    sheet = open_sheet(str(path), file_name="a.xls")
    assert sheet.name == "分配表"
    title = "2019年东西部扶贫协作财政援助资金分配表"
    assert read(sheet) == [
        (1, [title, title, title, title]),
        (2, ["单位：万元", "", "", ""]),
        (3, ["地区", "县（市、区）", "类别", "金额"]),
        (4, ["甲省", "A县", "深度贫困县", "1,200"]),
        (5, ["甲省", "B县", "一般县", "800"]),
        (6, ["甲省", "C县", "一般县", "650"]),
    ]


def test_xls_values(tmp_path: Path) -> None:
    row = [0.30000000000000004, 123456789012, True, datetime.date(2019, 6, 3), "'1,200"]
    path = write_xls(tmp_path / "a.xls", {"s": [["h"] * 5, row]})
    assert read(open_sheet(path.read_bytes(), file_name="-"))[1] == (
        2,
        ["0.3", "123456789012", "TRUE", "2019-06-03", "'1,200"],
    )


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!"])
def test_xls_error_cell(tmp_path: Path, error: str) -> None:
    rows = [["地区", "金额"], ["甲省", 1], ["乙省", Error(error)]]
    path = write_xls(tmp_path / "a.xls", {"封面": COVER, "分配表": rows})
    assert error_of(path, name="a.xls") == (
        f"a.xls, sheet 分配表, cell B3: the error value {error}, not a figure"
    )


def test_xls_error_in_a_formula_result(tmp_path: Path) -> None:
    """xlwt cannot save a formula's value; patch the FORMULA record's result to #DIV/0!."""
    path = write_xls(tmp_path / "a.xls", {"s": [["a", "b"], ["x", Formula("=1/0", None)]]})
    data = bytearray(path.read_bytes())
    at = data.find(struct.pack("<HH", 1, 1), data.find(b"\x06\x00"))
    while data[at - 4 : at - 2] != b"\x06\x00":
        at = data.find(struct.pack("<HH", 1, 1), at + 1)
    data[at + 6 : at + 14] = bytes([2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF])
    assert error_of(bytes(data), name="a.xls") == (
        "a.xls, sheet s, cell B2: the error value #DIV/0!, not a figure"
    )
