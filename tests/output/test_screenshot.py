"""docs/report.png, docs/pipeline.png and docs/budget-zh.png show the pages aidcalc makes today:
each page's SHA-256 is stored beside its picture.

When this fails, a report changed: run ``python docs/make_screenshot.py`` (it needs Chromium) and
commit the new pictures and their .sha256 files.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

from helpers import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_screenshot", ROOT / "docs" / "make_screenshot.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_screenshot_is_of_the_current_report() -> None:
    script = _script()
    assert script.PNG.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    stored = script.DIGEST.read_text().split()[0]
    assert script.digest(script.report_html()) == stored, (
        "docs/report.png is stale: run python docs/make_screenshot.py"
    )


def test_the_readme_pipeline_screenshot_is_of_the_current_report() -> None:
    """The text-to-verdicts page: a change in extract, explain or check shows up here."""
    script = _script()
    assert script.PIPELINE_PNG.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    stored = script.PIPELINE_DIGEST.read_text().split()[0]
    html = script.pipeline_html()
    assert "wrong base: 31.5%" in html  # the misstated figure's mistake, drawn
    assert script.digest(html) == stored, (
        "docs/pipeline.png is stale: run python docs/make_screenshot.py"
    )


def test_the_readme_chinese_screenshot_is_of_the_current_report() -> None:
    """A Chinese paragraph's page, in Chinese, with its typo's fix."""
    script = _script()
    assert script.ZH_PNG.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    stored = script.ZH_DIGEST.read_text().split()[0]
    html = script.zh_html()
    assert '<html lang="zh-Hans">' in html
    assert "12142万元 → 2142万元（多了一位数字）两处一并改正" in html
    assert script.digest(html) == stored, (
        "docs/budget-zh.png is stale: run python docs/make_screenshot.py"
    )


def test_the_readme_shows_the_screenshots_and_the_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    script = _script()
    assert "](docs/report.png)" in text and "](docs/pipeline.png)" in text
    assert "](docs/budget-zh.png)" in text
    assert "aidcalc " + " ".join(script.ZH_COMMAND) in text
    assert "python docs/make_screenshot.py" in text
    assert "aidcalc " + " ".join(script.COMMAND) in text
    assert script.pipeline_text() in text
