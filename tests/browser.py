"""Headless Chromium for the tests and for docs/make_screenshot.py, through selenium.

:func:`browser` yields a :class:`Browser` or raises :class:`NoBrowser` saying what is missing
(selenium, chromium, chromedriver), so tests can be reported as skipped, never as passed. Where
``AIDCALC_REQUIRE_BROWSER=1`` (set by .ci/run, which installs Chromium), a missing browser fails
the tests instead: :func:`unavailable`.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


class NoBrowser(Exception):
    """Chromium, its driver or selenium is not there."""


def required() -> bool:
    """Whether the browser tests must run (CI installs Chromium and says so)."""
    return os.environ.get("AIDCALC_REQUIRE_BROWSER", "") == "1"


def unavailable(e: NoBrowser) -> None:
    """Skip the test, saying why, or fail it where the browser is required."""
    import pytest

    if required():
        pytest.fail(f"the browser tests must run (AIDCALC_REQUIRE_BROWSER=1): {e}")
    pytest.skip(f"not run: {e}")


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Browser:
    driver: Any

    def open(self, path: Path, width: int, height: int = 900) -> None:
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        self.driver.get(path.resolve().as_uri())

    def run(self, script: str) -> Any:
        return self.driver.execute_script(script)

    def console(self) -> list[dict[str, Any]]:
        """Console messages since the last call (errors, warnings, logs)."""
        return list(self.driver.get_log("browser"))

    def first_screen(self, path: Path) -> None:
        """What the window shows, as a PNG: the page's first screen."""
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def screenshot(self, path: Path, width: int) -> None:
        """The whole page, not just the window, as a PNG."""
        height = int(self.run("return document.documentElement.scrollHeight"))
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))


@contextmanager
def browser() -> Iterator[Browser]:
    """A headless Chromium, closed afterwards; :class:`NoBrowser` when it cannot be had."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise NoBrowser("selenium is not installed (pip install selenium)") from None
    chromium = _find("chromium", "chromium-browser", "google-chrome")
    driver_path = _find("chromedriver")
    if chromium is None or driver_path is None:
        raise NoBrowser(
            "Chromium or chromedriver is not installed (apt-get install chromium chromium-driver)"
        )
    profile = tempfile.mkdtemp(prefix="aidcalc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except WebDriverException as e:
        shutil.rmtree(profile, ignore_errors=True)
        raise NoBrowser(f"Chromium would not start: {e.msg}") from None
    try:
        yield Browser(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def artifacts() -> Path:
    """Where screenshots go: $AIDCALC_ARTIFACTS, else /tmp/aidcalc-artifacts."""
    path = Path(
        os.environ.get("AIDCALC_ARTIFACTS") or Path(tempfile.gettempdir()) / "aidcalc-artifacts"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
