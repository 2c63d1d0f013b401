"""Make the README's screenshots of the HTML reports: docs/report.png, the article's claims
(``aidcalc check data/claims-2018.csv --format html``), docs/pipeline.png, the article's text
the whole way to verdicts (``aidcalc extract data/zhejiang-2018-en.txt | aidcalc explain - |
aidcalc check - --format html``), and docs/budget-zh.png, a Chinese budget paragraph with a typo
(``aidcalc check docs/examples/budget-zh.csv --format html``, an invented paragraph whose claims carry
extract's location columns). Each picture is the page's first screen, 1100 × 900 pixels: what an
editor sees before scrolling (the text, its figures marked, beside the mistakes and their fixes).

    python docs/make_screenshot.py

It builds each page as the command line does (with a fixed date, so the page is the same on every
run), opens it in headless Chromium (see tests/browser.py) and saves the whole page. Beside each
picture a ``.sha256`` file records the SHA-256 of the HTML it shows; tests/output/test_screenshot.py
rebuilds the pages and fails when one has changed, so no picture can quietly go stale. Needs
Chromium, chromedriver and selenium (the ``test`` extra).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "docs" / "report.png"
DIGEST = ROOT / "docs" / "report.png.sha256"
COMMAND = ("check", "data/claims-2018.csv", "--format", "html")
PIPELINE_PNG = ROOT / "docs" / "pipeline.png"
PIPELINE_DIGEST = ROOT / "docs" / "pipeline.png.sha256"
PIPELINE = (
    ("extract", "data/zhejiang-2018-en.txt"),
    ("explain", "-"),
    ("check", "-", "--format", "html"),
)
DATE = "1780272000"  # SOURCE_DATE_EPOCH of the date shown in the picture: 2026-06-01
WIDTH, HEIGHT = 1100, 900
ZH_PNG = ROOT / "docs" / "budget-zh.png"
ZH_DIGEST = ROOT / "docs" / "budget-zh.png.sha256"
ZH_COMMAND = ("check", "docs/examples/budget-zh.csv", "--format", "html")


def pipeline_text() -> str:
    """The pipeline as a shell command: ``aidcalc extract … | aidcalc explain - | …``."""
    return " | ".join("aidcalc " + " ".join(step) for step in PIPELINE)


def _aidcalc(args: tuple[str, ...], input: str | None = None) -> str:
    """``aidcalc ARGS`` run from the repository's root, with the fixed date; its stdout."""
    sys.path.insert(0, str(ROOT / "src"))
    from click.testing import CliRunner

    from aidcalc.cli.main import cli

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(cli, list(args), input=input, env={"SOURCE_DATE_EPOCH": DATE})
    finally:
        os.chdir(cwd)
    if r.exit_code not in (0, 1):
        raise SystemExit(f"aidcalc {' '.join(args)} failed: {r.output}")
    return r.stdout


def _page(html: str, what: str) -> str:
    if not html.startswith("<!DOCTYPE html>"):
        raise SystemExit(f"{what} made no page")
    return html


def report_html() -> str:
    """The page docs/report.png shows, exactly as the command line makes it."""
    return _page(_aidcalc(COMMAND), "aidcalc " + " ".join(COMMAND))


def pipeline_html() -> str:
    """The page docs/pipeline.png shows: each step's output is the next one's input."""
    out: str | None = None
    for step in PIPELINE:
        out = _aidcalc(step, out)
    assert out is not None
    return _page(out, pipeline_text())


def zh_html() -> str:
    """The page docs/budget-zh.png shows: a Chinese paragraph, its page in Chinese."""
    return _page(_aidcalc(ZH_COMMAND), "aidcalc " + " ".join(ZH_COMMAND))


def digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import browser

    shots = [
        (report_html(), PNG, DIGEST, "aidcalc " + " ".join(COMMAND)),
        (pipeline_html(), PIPELINE_PNG, PIPELINE_DIGEST, pipeline_text()),
        (zh_html(), ZH_PNG, ZH_DIGEST, "aidcalc " + " ".join(ZH_COMMAND)),
    ]
    with browser() as b:
        for html, png, digest_file, command in shots:
            page = ROOT / "build" / png.with_suffix(".html").name
            page.parent.mkdir(exist_ok=True)
            page.write_text(html, encoding="utf-8")
            b.open(page, WIDTH, HEIGHT)
            b.first_screen(png)
            digest_file.write_text(f"{digest(html)}  {page.name} ({command})\n")
            size = png.stat().st_size
            print(f"wrote {png.relative_to(ROOT)} ({size:,} bytes) and {digest_file.name}")


if __name__ == "__main__":
    main()
