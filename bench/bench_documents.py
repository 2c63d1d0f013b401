"""Time reading a 100-page PDF: aidcalc's text against pypdfium2's bare text extraction, and one
page's tables.

    python bench/bench_documents.py [--pages 100] [--runs 5] [--pdf FILE]

Without --pdf, the PDF is printed by Chromium from the English article of
../shared/sources/zhejiang-2019.md (data/zhejiang-2018-en.txt's source), its paragraphs repeated
to fill the pages, with the table of tests/fixtures/documents (Table 1) on every tenth page. The
bare extraction opens the PDF with pypdfium2 and takes every page's text
(``get_textpage().get_text_range()``); aidcalc's is ``read_document``: the same text, plus lines
and their boxes, paragraphs, running headers and page numbers, tables left out. Medians of
``--runs`` interleaved runs of CPU time (``time.process_time``: on a shared machine wall time
measures the neighbours), in this process, imports excluded. No assertions.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _maker() -> Any:
    path = ROOT / "tests" / "fixtures" / "documents" / "make_documents.py"
    spec = importlib.util.spec_from_file_location("make_documents", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_pdf(pages: int, out: Path) -> None:
    make = _maker()
    source = ROOT.parent / "shared" / "sources" / "zhejiang-2019.md"  # beside the checkout
    article = source.read_text(encoding="utf-8").split("---")[1]
    paragraphs = [p.strip() for p in article.split("\n\n") if p.strip()]
    body = []
    for i in range(pages):
        style = ' style="break-before:page"' if i else ""
        body.append(f"<h2{style}>{make.EN_HEADLINE}</h2>")
        body += [f"<p>{paragraphs[(i + k) % len(paragraphs)]}</p>" for k in range(3)]
        if i % 10 == 0:
            body.append(make.table_html(make.EN_TABLE))
    make.print_pdf(
        make.page("".join(body), header="Zhejiang Daily", footer='Page " counter(page) "'), out
    )


def bare(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    n = sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    pdf.close()
    return n


def ours(data: bytes) -> int:
    from aidcalc.reader.documents import read_document

    return len(read_document(data, "bench.pdf").text)


def tables(data: bytes) -> int:
    from aidcalc.reader.documents.pdf import pdf_tables

    return len(pdf_tables(data, "bench.pdf", page=1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pdf", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.pdf or Path(tmp) / "bench.pdf"
        if args.pdf is None:
            make_pdf(args.pages, path)
        data = path.read_bytes()
    import pypdfium2  # noqa: F401  (imports outside the timings)

    import aidcalc.reader.documents.pdf  # noqa: F401

    times: dict[str, list[float]] = {"pypdfium2 text": [], "aidcalc text": [], "tables, page 1": []}
    for _ in range(args.runs):
        for name, fn in (
            ("pypdfium2 text", bare),
            ("aidcalc text", ours),
            ("tables, page 1", tables),
        ):
            t = time.process_time()  # CPU time: the machine is shared, wall time is noise
            fn(data)
            times[name].append(time.process_time() - t)
    base = statistics.median(times["pypdfium2 text"])
    print(f"{len(data) / 2**20:.1f} MB, {args.runs} runs, median CPU seconds:")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"  {name:16} {m:7.3f} s   {m / base:5.2f} × pypdfium2")


if __name__ == "__main__":
    main()
