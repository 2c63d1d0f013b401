"""docs/report.png shows the page aidcalc makes today: the page's SHA-256 is stored beside it.

When this fails, the report changed: run ``python docs/make_screenshot.py`` (it needs Chromium) and
commit the new picture and docs/report.png.sha256.
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


def test_the_readme_shows_the_screenshot_and_the_command() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/report.png)" in text
    assert "python docs/make_screenshot.py" in text
    assert "aidcalc " + " ".join(_script().COMMAND) in text
