"""Each paragraph of the corpus (../shared/corpus/paragraphs), rendered to a web page with menus
and ads around it, to a .docx and to a PDF, gives the same claims rows from ``extract`` as its
.txt (name, claim, reported, kind, year). The renderings are made here, at test time, by the
functions of tests/fixtures/documents/make_documents.py; the PDFs need Chromium (skipped without
it, the committed fixtures of test_documents.py cover PDFs then)."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, parse_csv, run

CORPUS = ROOT.parent / "shared" / "corpus" / "paragraphs"  # beside the checkout, as in CI
PARAGRAPHS = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
COLUMNS = ("name", "claim", "reported", "kind", "year")

pytestmark = pytest.mark.skipif(not PARAGRAPHS, reason="the corpus is not here")


def _maker() -> Any:
    path = ROOT / "tests" / "fixtures" / "documents" / "make_documents.py"
    spec = importlib.util.spec_from_file_location("make_documents", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _maker()


def rows(path: Path) -> list[tuple[str, ...]]:
    out = parse_csv(run("extract", path).stdout)
    return [tuple(" ".join(r[c].split()) for c in COLUMNS) for r in out]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("paragraph", PARAGRAPHS, ids=lambda p: p.stem)
def test_web_page(paragraph: Path, tmp_path: Path) -> None:
    page = tmp_path / f"{paragraph.stem}.html"
    lang = "zh" if paragraph.stem.startswith("zh") else "en"
    page.write_text(make.news_page(_text(paragraph), "News", lang=lang), encoding="utf-8")
    assert rows(page) == rows(paragraph)


@pytest.mark.parametrize("paragraph", PARAGRAPHS, ids=lambda p: p.stem)
def test_word(paragraph: Path, tmp_path: Path) -> None:
    doc = tmp_path / f"{paragraph.stem}.docx"
    doc.write_bytes(make.paragraph_docx(_text(paragraph)))
    assert rows(doc) == rows(paragraph)


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One PDF page per paragraph: printed once by Chromium, then split into one-page files."""
    if make.chromium() is None:
        pytest.skip("Chromium is not installed: corpus paragraphs are not rendered to PDF")
    import html

    import pypdfium2

    folder = tmp_path_factory.mktemp("corpus-pdf")
    body = "".join(
        f'<p style="break-before:page">{html.escape(_text(p), quote=False)}</p>' for p in PARAGRAPHS
    )
    whole = folder / "all.pdf"
    make.print_pdf(make.page(body), whole)
    pdf = pypdfium2.PdfDocument(str(whole))
    assert len(pdf) == len(PARAGRAPHS)
    pages = {}
    for i, p in enumerate(PARAGRAPHS):
        one = pypdfium2.PdfDocument.new()
        one.import_pages(pdf, [i])
        buf = io.BytesIO()
        one.save(buf)
        out = folder / f"{p.stem}.pdf"
        out.write_bytes(buf.getvalue())
        pages[p.stem] = out
    return pages


@pytest.mark.parametrize("paragraph", PARAGRAPHS, ids=lambda p: p.stem)
def test_pdf(paragraph: Path, pdf_pages: dict[str, Path]) -> None:
    assert rows(pdf_pages[paragraph.stem]) == rows(paragraph)
