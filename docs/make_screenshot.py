"""Make docs/report.png: the README's screenshot of the HTML report on the article's claims.

    python docs/make_screenshot.py

It builds the page as ``aidcalc check data/claims-2018.csv --format html`` does (with a fixed
date, so the page is the same on every run), opens it in headless Chromium (see tests/browser.py)
and saves the whole page. docs/report.png.sha256 records the SHA-256 of the HTML the picture shows;
tests/test_screenshot.py rebuilds the page and fails when it has changed, so the picture cannot
quietly go stale. Needs Chromium, chromedriver and selenium (the ``test`` extra).
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
DATE = "1780272000"  # SOURCE_DATE_EPOCH of the date shown in the picture: 2026-06-01
WIDTH = 800


def report_html() -> str:
    """The page the screenshot shows, exactly as the command line makes it."""
    sys.path.insert(0, str(ROOT / "src"))
    from click.testing import CliRunner

    from aidcalc.cli import cli

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(cli, list(COMMAND), env={"SOURCE_DATE_EPOCH": DATE})
    finally:
        os.chdir(cwd)
    if r.exit_code not in (0, 1) or not r.stdout.startswith("<!DOCTYPE html>"):
        raise SystemExit(f"aidcalc {' '.join(COMMAND)} failed: {r.output}")
    return r.stdout


def digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import browser

    html = report_html()
    page = ROOT / "build" / "report.html"
    page.parent.mkdir(exist_ok=True)
    page.write_text(html, encoding="utf-8")
    with browser() as b:
        b.open(page, WIDTH)
        b.screenshot(PNG, WIDTH)
    DIGEST.write_text(f"{digest(html)}  report.html (aidcalc {' '.join(COMMAND)})\n")
    print(f"wrote {PNG.relative_to(ROOT)} ({PNG.stat().st_size:,} bytes) and {DIGEST.name}")


if __name__ == "__main__":
    main()
