"""Reports as PDF, web pages and Word documents (issue 22): text for extract, tables for the
table commands, and every refusal, through the CLI. The fixtures are committed
(tests/fixtures/documents, made by make_documents.py there), so no test needs Chromium."""

from __future__ import annotations

import importlib.util
import os
import resource
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, ROOT, bad, parse_csv, run
from hypothesis import given
from hypothesis import strategies as st

from aidcalc.reader.documents import read_document
from aidcalc.reader.documents.radicals import RADICALS, unify
from aidcalc.reader.documents.text import is_page_number, join_lines, normalise

DOCS = ROOT / "tests" / "fixtures" / "documents"
COLUMNS = ("name", "reported", "kind", "year")


def _make() -> Any:
    """tests/fixtures/documents/make_documents.py, the script that makes the fixtures."""
    spec = importlib.util.spec_from_file_location("make_documents", DOCS / "make_documents.py")
    assert spec is not None and spec.loader is not None
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    return make


def rows(*args: object) -> list[tuple[str, ...]]:
    return [tuple(r[c] for c in COLUMNS) for r in parse_csv(run("extract", *args).stdout)]


# ---------------------------------------------------------------------------------------------
# Text: every figure of the paragraph found once, as from its .txt


@pytest.mark.parametrize(
    ("fixture", "text"),
    [
        ("report-zh.pdf", "zhejiang-2018-zh.txt"),
        ("report-en.pdf", "zhejiang-2018-en.txt"),
        ("radicals.pdf", "zhejiang-2018-zh.txt"),
        ("broken-number.pdf", "zhejiang-2018-zh.txt"),
        ("browser-print-en.pdf", "zhejiang-2018-en.txt"),
        ("page-break-zh.pdf", "zhejiang-2018-zh.txt"),
        ("news-zh.html", "zhejiang-2018-zh.txt"),
        ("news-en.html", "zhejiang-2018-en.txt"),
        ("report-zh.docx", "zhejiang-2018-zh.txt"),
    ],
)
def test_document_gives_the_rows_of_its_text(fixture: str, text: str) -> None:
    assert rows(DOCS / fixture) == rows(DATA / text)


def test_pdf_from_stdin_is_chosen_by_content() -> None:
    data = (DOCS / "report-zh.pdf").read_bytes()
    got = [tuple(r[c] for c in COLUMNS) for r in parse_csv(run("extract", "-", input=data).stdout)]
    assert got == rows(DATA / "zhejiang-2018-zh.txt")


def test_a_web_page_saved_as_txt_is_still_a_web_page(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes((DOCS / "news-en.html").read_bytes())
    assert rows(page) == rows(DATA / "zhejiang-2018-en.txt")


def test_pdf_paragraphs_and_pages() -> None:
    doc = read_document((DOCS / "report-zh.pdf").read_bytes(), "report-zh.pdf")
    paragraphs = [(b.page, doc.text[b.start : b.end]) for b in doc.blocks]
    assert paragraphs[1] == (1, (DATA / "zhejiang-2018-zh.txt").read_text().strip())
    assert paragraphs[-1][0] == 2
    # the running header (浙江日报 2019年5月29日) and the page numbers (第 1 页) are left out
    assert "浙江日报" not in doc.text and "第 1 页" not in doc.text
    offset = doc.text.index("14.35亿元")
    block = doc.locate(offset)
    assert block is not None and (block.paragraph, block.page) == (2, 1)


def test_pdf_footnote_numbers_and_running_lines_are_not_text() -> None:
    doc = read_document((DOCS / "report-en.pdf").read_bytes(), "report-en.pdf")
    assert "2.831 billion yuan, six times" in doc.text  # the footnote number 1 dropped
    assert "Page 1 of 2" not in doc.text and "Zhejiang Daily" not in doc.text
    assert "\n\nTranslated from the Chinese original." in doc.text


def test_web_page_article_only_entities_decoded() -> None:
    doc = read_document((DOCS / "news-en.html").read_bytes(), "news-en.html")
    assert "Advertisement" not in doc.text and "Comments" not in doc.text
    assert "Copyright" not in doc.text and "3.14159" not in doc.text and "Top 100" not in doc.text
    zh = read_document((DOCS / "news-zh.html").read_bytes(), "news-zh.html")
    assert "9.99" not in zh.text and "400-800-1234" not in zh.text


def test_entities_decoded(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    text = (ROOT / "tests" / "fixtures" / "documents" / "make_documents.py").exists()
    assert text
    page.write_text(
        "<html><body><article><p>The settlement makes &pound;61.8 billion available, a cash"
        " increase of &pound;3.9 billion on the year before, said the minister today in a"
        " statement.</p></article></body></html>"
    )
    assert [r[1] for r in rows(page)] == ["£61.8 billion", "£3.9 billion"]


def test_word_tracked_changes() -> None:
    doc = read_document((DOCS / "report-zh.docx").read_bytes(), "report-zh.docx")
    assert "28.31亿元" in doc.text and "28.3亿元" not in doc.text.replace("28.31亿元", "")


# ---------------------------------------------------------------------------------------------
# Tables


def test_tables_lists_page_position_size_header() -> None:
    out = run("tables", DOCS / "report-zh.pdf", "--format", "csv").stdout
    assert parse_csv(out) == [
        {
            "page": "1",
            "table": "1",
            "position": parse_csv(out)[0]["position"],
            "rows": "5",
            "columns": "4",
            "header": "援助省份 | 类别 | 2018年",
        }
    ]
    assert parse_csv(out)[0]["position"].startswith("top ")


@pytest.mark.parametrize("fixture", ["report-zh.pdf", "news-zh.html", "report-zh.docx"])
def test_total_checks_the_total_row(fixture: str) -> None:
    args = ["--page", "1"] if fixture.endswith(".pdf") else []
    result = run("total", DOCS / fixture, *args, "--table", "1", "--format", "csv")
    assert parse_csv(result.stdout) == [{"rows": "2", "total": "2831000000"}]
    assert "total rows: 1 of 1 match" in result.stderr
    assert "a header of 2 rows: 县数, 金额 stand under '2018年'" in result.stderr


def test_total_of_the_english_pdf() -> None:
    result = run("total", DOCS / "report-en.pdf", "--page", "1", "--table", "1", "--format", "csv")
    assert parse_csv(result.stdout) == [{"rows": "2", "total": "2831000000"}]
    assert "RMB million" in result.stderr


def test_merged_region_and_counties_from_a_word_table() -> None:
    result = run("summary", DOCS / "report-zh.docx", "--by", "援助省份", "--counties", "县数",
                 "--format", "csv")  # fmt: skip
    (row, everything) = parse_csv(result.stdout)
    assert row["援助省份"] == "浙江省" and row["counties"] == "72"
    assert everything["total"] == "2831000000"


def test_a_wrong_total_row_is_inconsistent(tmp_path: Path) -> None:
    page = tmp_path / "t.html"
    page.write_text(
        (DOCS / "news-zh.html").read_text(encoding="utf-8").replace("283,100", "283,000"),
        encoding="utf-8",
    )
    result = run("total", page, code=1)
    assert "inconsistent" in result.stderr and "283" in result.stderr


def test_table_choice_refusals() -> None:
    assert "--table 2: page 1 has 1 table" in bad("total", DOCS / "report-zh.pdf", "--page", "1",
                                                   "--table", "2")  # fmt: skip
    assert "--page 3: the PDF has 2 pages" in bad("total", DOCS / "report-zh.pdf", "--page", "3")
    assert "only a PDF has pages" in bad("total", DOCS / "news-zh.html", "--page", "1")
    assert "no table found in page 2" in bad("total", DOCS / "report-zh.pdf", "--page", "2")
    assert "not one" in bad("total", DATA / "2018.csv", "--table", "1")
    for doc in ("report-zh.pdf", "news-zh.html", "report-zh.docx"):  # never silently ignored
        line = bad("total", DOCS / doc, "--sheet", "2")
        assert "--sheet is for workbooks; a table of a PDF, web page or Word document" in line


# ---------------------------------------------------------------------------------------------
# Refusals: one line, exit 2, nothing on stdout


def test_encrypted_pdf_refused() -> None:
    line = bad("extract", DOCS / "encrypted.pdf")
    assert line.startswith("aidcalc: ") and "encrypted" in line and "password" in line


def test_scanned_pdf_refused_naming_ocr() -> None:
    line = bad("extract", DOCS / "scanned.pdf")
    assert "no text, only images" in line and "ocrmypdf" in line


def test_pdf_without_text_map_refused_naming_ocr() -> None:
    line = bad("extract", DOCS / "no-text-map.pdf")
    assert "no usable text map" in line and "ocrmypdf" in line


def test_cid_text_is_never_figures(tmp_path: Path) -> None:
    from aidcalc.reader.documents.text import unreadable

    assert unreadable("(cid:20)(cid:21)") and not unreadable("cid 20")


def test_not_a_document_for_tables() -> None:
    assert "no tables to list" in bad("tables", DATA / "zhejiang-2018-zh.txt")


def _flate_bomb(path: Path, megabytes: int = 200) -> None:
    c = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    stream = b"".join(c.compress(chunk) for _ in range(megabytes)) + c.flush()
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\n"
        b"endobj\n4 0 obj\n" + body + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _zip_bomb(path: Path, megabytes: int = 200) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                f.write(chunk)


def test_flate_bomb_refused(tmp_path: Path) -> None:
    _flate_bomb(tmp_path / "bomb.pdf")
    assert "compression bomb" in bad("extract", tmp_path / "bomb.pdf")


def test_zip_bomb_refused(tmp_path: Path) -> None:
    _zip_bomb(tmp_path / "bomb.docx")
    assert "compression bomb" in bad("extract", tmp_path / "bomb.docx")
    assert "compression bomb" in bad("tables", tmp_path / "bomb.docx")


def test_deep_nesting_refused(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 5000 + "<p>2.831 billion yuan</p>" + "</div>" * 5000)
    assert "nests its elements too deeply" in bad("extract", page)
    assert "nests its elements too deeply" in bad("tables", page)


def test_a_reader_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from aidcalc.core.errors import AidcalcError
    from aidcalc.reader.documents import limits

    monkeypatch.setattr(limits, "SECONDS", 1)
    with pytest.raises(AidcalcError, match="took over 1 seconds"), limits.guarded("x.pdf"):
        while True:
            pass


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is how the limit is set here")
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_bombs_under_a_memory_limit(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"bomb.{kind}"
    (_flate_bomb if kind == "pdf" else _zip_bomb)(path)
    limit = 1536 * 2**20

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "aidcalc", "extract", str(path)],
        capture_output=True, preexec_fn=cap, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().count("\n") == 1 and b"compression bomb" in done.stderr


# ---------------------------------------------------------------------------------------------
# Text normalisation


def test_radicals_both_blocks() -> None:
    assert unify("\u2fa6额") == "金额"  # KANGXI RADICAL GOLD
    assert unify("\u2ed3江") == "长江"  # CJK RADICAL C-SIMPLIFIED LONG (not covered by NFKC)
    assert unify("\u2ec4部") == "西部"
    assert all(0x2E80 <= k <= 0x2FDF for k in RADICALS)
    assert len([k for k in RADICALS if k < 0x2F00]) == 114  # U+2E81–U+2EF3 but U+2E9A (unassigned)


@given(st.text(alphabet=st.characters(min_codepoint=0x2E80, max_codepoint=0x2FDF)))
def test_radicals_map_into_unified_ideographs(text: str) -> None:
    for ch in unify(text):
        assert not (0x2E80 <= ord(ch) <= 0x2FDF) or ord(ch) not in RADICALS


def test_full_width_normalised_comma_kept() -> None:
    assert normalise("增长１２．５％，") == "增长12.5%，"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["资金12,34", "5,678.90万元"], "资金12,345,678.90万元"),
        (["增长123.4", "5%"], "增长123.45%"),
        (["funds of 12,34", "5,678.90 yuan"], "funds of 12,345,678.90 yuan"),
        (["in 2018", "72 counties"], "in 2018 72 counties"),
        (["携手", "奔小康县"], "携手奔小康县"),
        (["financial", "assistance"], "financial assistance"),
    ],
)
def test_lines_joined(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


@pytest.mark.parametrize("line", ["7", "- 7 -", "第 7 页", "第7页 共12页", "Page 7 of 12", "7/12"])
def test_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2.831 billion", "72 counties", "28.31亿元"])
def test_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def test_committed_pages_and_word_file_are_what_the_script_makes() -> None:
    make = _make()
    assert (DOCS / "report-zh.docx").read_bytes() == make.report_docx()
    assert (DOCS / "encrypted.pdf").read_bytes() == make.encrypted_pdf()
    page = make.news_page(make.ZH_PARAGRAPH, make.ZH_HEADLINE, make.table_html(make.ZH_TABLE), "zh")
    assert (DOCS / "news-zh.html").read_text(encoding="utf-8") == page


@pytest.mark.parametrize(
    ("fixture", "status", "summary"),
    [("report-zh.pdf", 0, "4 consistent"), ("report-en.pdf", 1, "3 consistent, 1 inconsistent")],
)
def test_extract_explain_check_pipeline(fixture: str, status: int, summary: str) -> None:
    claims = run("extract", DOCS / fixture).stdout
    explained = run("explain", "-", input=claims).stdout
    checked = run("check", "-", "--format", "csv", input=explained, code=status)
    assert summary in checked.stderr
    assert len(parse_csv(checked.stdout)) == len(parse_csv(claims))


def test_full_width_figures_in_a_page_read_as_ascii(tmp_path: Path) -> None:
    page = tmp_path / "fw.html"
    text = "今年1—6月，全县一般公共预算收入累计完成48216万元，同比增长7.3%。"
    wide = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789%"} | {ord("."): "．"})
    page.write_text(f"<html><body><article><p>{wide}</p></article></body></html>", "utf-8")
    plain = tmp_path / "fw.txt"
    plain.write_text(text, encoding="utf-8")
    got = rows(page)
    assert got == rows(plain) and ("48216万元" in [r[1] for r in got])
    assert "，" in read_document(page.read_bytes(), "fw.html").text  # the comma is kept


def test_a_document_table_in_a_check_formula() -> None:
    result = run("check", "--formula", f"total({DOCS.name}/report-zh.pdf)", "--reported",
                 "28.31亿元", "--data-dir", DOCS.parent, "--format", "csv")  # fmt: skip
    assert parse_csv(result.stdout)[0]["verdict"] == "consistent"


def test_footnote_numbers_in_pages_are_not_figures(tmp_path: Path) -> None:
    page = tmp_path / "fn.html"
    text = (DATA / "zhejiang-2018-en.txt").read_text(encoding="utf-8").strip()
    marked = text.replace(
        "2.831 billion yuan,", '2.831 billion yuan,<sup><a href="#fn1">[1]</a></sup>'
    )
    page.write_text(f"<html><body><article><p>{marked}</p></article></body></html>", "utf-8")
    assert rows(page) == rows(DATA / "zhejiang-2018-en.txt")


def test_an_encrypted_pdf_that_needs_no_password_is_read(tmp_path: Path) -> None:
    make = _make()
    path = tmp_path / "open.pdf"
    path.write_bytes(make.encrypted_pdf(user=b""))  # an owner password only
    assert read_document(path.read_bytes(), "open.pdf").text == "Encrypted report"
    assert run("extract", path).stdout.startswith("name,")


def test_a_browsers_print_lines_are_not_text() -> None:
    doc = read_document((DOCS / "browser-print-en.pdf").read_bytes(), "browser-print-en.pdf")
    assert [doc.text] == [(DATA / "zhejiang-2018-en.txt").read_text().strip().replace("  ", " ")]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["In 2018,", "72 counties"], "In 2018, 72 counties"),  # two numbers, not 2018,72
        (["2018年,", "72个"], "2018年,72个"),
        (["of 1,", "435 million"], "of 1,435 million"),
        (["to 12,", "34 people"], "to 12, 34 people"),
        (["rose 12,345", "678 times"], "rose 12,345 678 times"),
    ],
)
def test_numbers_joined_only_where_their_groups_prove_a_cut(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_a_paragraph_running_over_a_page_break_is_one_paragraph_on_two_pages() -> None:
    doc = read_document((DOCS / "page-break-zh.pdf").read_bytes(), "page-break-zh.pdf")
    assert doc.text == (DATA / "zhejiang-2018-zh.txt").read_text(encoding="utf-8").strip()
    assert [(b.paragraph, b.page) for b in doc.blocks] == [(1, 1), (1, 2)]
    block = doc.locate(doc.text.index("14.35亿元"))
    assert block is not None and block.page == 2


def test_a_scanned_page_among_text_pages_is_refused(tmp_path: Path) -> None:
    import pypdfium2

    mixed = pypdfium2.PdfDocument.new()
    for name in ("report-en.pdf", "scanned.pdf"):
        mixed.import_pages(pypdfium2.PdfDocument(str(DOCS / name)), [0])
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    line = bad("extract", path)
    assert "page 2 of the PDF is a scanned image with no text" in line and "ocrmypdf" in line


def test_a_gbk_web_page_is_decoded_by_its_meta_charset(tmp_path: Path) -> None:
    text = (DATA / "zhejiang-2018-zh.txt").read_text(encoding="utf-8").strip()
    page = tmp_path / "gbk.html"
    page.write_bytes(
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f"</head><body><div class=nav>首页 | 新闻</div><div><p>{text}</p></div></body></html>"
        ).encode("gb18030")
    )
    assert rows(page) == rows(DATA / "zhejiang-2018-zh.txt")
