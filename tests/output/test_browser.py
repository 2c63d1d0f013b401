"""The HTML reports made from ``data/``, opened in headless Chromium at 1280 and 375 pixels wide:
the article's claims files, the text-to-verdicts pipeline on the article in English and Chinese
(``aidcalc extract … | aidcalc explain - | aidcalc check - --format html``), and the charts.

Asserts on the rendered page: every claim and verdict is there, no element is wider than the
viewport, the console has no errors, and the page fits its width; a screenshot of each is saved
under $AIDCALC_ARTIFACTS (default /tmp/aidcalc-artifacts), which CI keeps. Where Chromium,
chromedriver or selenium is missing these tests are skipped — reported as not run, never passed
— except in CI, where .ci/run installs Chromium and sets AIDCALC_REQUIRE_BROWSER=1: there they fail.

Issue 21's page, for an editor: the first inconsistent figure's summary line, with its why and its
fix, on the first 1280×900 screen of a 40-figure page; every link of the summary lands on its
block; no text under 12 px at 375 px; a Chinese report's page in Chinese.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, NoBrowser, artifacts, browser, unavailable
from helpers import DATA, run

WIDTHS = (1280, 375)
REPORTS = {
    "check-claims-2018": ("check", DATA / "claims-2018.csv"),
    "check-claims-2018-data": ("check", DATA / "claims-2018-data.csv"),
    "yoy-central-fund": ("yoy", DATA / "central-fund.csv", "--unit", "yi"),
    "share-2018": ("share", DATA / "2018.csv", "--by", "group"),
}
# the whole way from an article's text to its report, in one pipe
PIPELINES = {
    "pipeline-zhejiang-2018-en": DATA / "zhejiang-2018-en.txt",
    "pipeline-zhejiang-2018-zh": DATA / "zhejiang-2018-zh.txt",
}

# everything wider than the viewport, or starting left of it, with what it is
OVERFLOWING = """
const w = document.documentElement.clientWidth;
const out = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.right > w + 0.5 || r.left < -0.5)
    out.push(e.tagName + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + ': '
             + (e.textContent || '').slice(0, 60));
}
if (document.documentElement.scrollWidth > w) out.push('page scrolls sideways');
return out;
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    try:
        with browser() as b:
            yield b
    except NoBrowser as e:
        unavailable(e)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    made = {}
    for name, args in REPORTS.items():
        r = run(*args, "--format", "html", code=None)
        assert r.exit_code in (0, 1), r.output
        made[name] = folder / f"{name}.html"
        made[name].write_text(r.stdout, encoding="utf-8")
    for name, text in PIPELINES.items():
        claims = folder / f"{name}.csv"  # what check read, for the test to compare with
        claims.write_text(_pipeline_claims(text), encoding="utf-8")
        r = run("check", "-", "--format", "html", input=claims.read_text("utf-8"), code=None)
        assert r.exit_code in (0, 1), r.output
        made[name] = folder / f"{name}.html"
        made[name].write_text(r.stdout, encoding="utf-8")
    return made


def _pipeline_claims(text: Path) -> str:
    """``aidcalc extract TEXT | aidcalc explain -``."""
    return run("explain", "-", input=run("extract", text).stdout).stdout


def _claims(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _open(chromium: Browser, page: Path, width: int) -> str:
    chromium.console()  # drop anything left from before
    chromium.open(page, width)
    return str(chromium.run("return document.body.innerText"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(REPORTS) + sorted(PIPELINES))
def test_the_report_renders_within_the_viewport_without_errors(
    chromium: Browser, pages: dict[str, Path], name: str, width: int
) -> None:
    text = _open(chromium, pages[name], width)
    assert chromium.run("return window.innerWidth") == width
    assert chromium.run(OVERFLOWING) == []
    errors = [m for m in chromium.console() if m.get("level") in ("SEVERE", "ERROR")]
    assert errors == []
    lang = "zh-Hans" if name.endswith("-zh") else "en"
    assert chromium.run("return document.documentElement.lang") == lang
    assert chromium.run("return document.querySelectorAll('svg title').length") >= 1
    assert text.strip()
    shot = artifacts() / f"{name}-{width}.png"
    chromium.screenshot(shot, width)
    assert shot.stat().st_size > 1000


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("claims", ["claims-2018.csv", "claims-2018-data.csv"])
def test_every_claim_and_verdict_is_on_the_rendered_page(
    chromium: Browser, pages: dict[str, Path], claims: str, width: int
) -> None:
    text = _open(chromium, pages[f"check-{claims.removesuffix('.csv')}"], width)
    flat = " ".join(text.split())
    report = run("check", DATA / claims, "--format", "csv", code=None).stdout
    verdicts = [row["verdict"] for row in csv.DictReader(report.splitlines())]
    for row in _claims(DATA / claims):
        assert " ".join(row["claim"].split()) in flat
        assert f"{row['name']} (line" in flat
    badges = chromium.run(
        "return [...document.querySelectorAll('article')].map(a => [a.id,"
        " a.querySelector('.verdict .badge').textContent])"
    )
    shown = sorted((int(ident[1:]), text.split(" ", 1)[1]) for ident, text in badges)
    assert [v for _, v in shown] == verdicts
    figures = chromium.run("return document.querySelectorAll('article figure svg').length")
    assert figures == sum(v in ("consistent", "inconsistent") for v in verdicts)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_every_claim_and_verdict_of_the_pipeline_is_on_the_rendered_page(
    chromium: Browser, pages: dict[str, Path], name: str, width: int
) -> None:
    """The article's text, through extract and explain, checked: each figure's sentence, name
    and verdict is on the page, and the misstated figure's mistake is drawn by name."""
    text = _open(chromium, pages[name], width)
    flat = " ".join(text.split())
    claims = pages[name].with_suffix(".csv").read_text("utf-8")
    report = run("check", "-", "--format", "csv", input=claims, code=None).stdout
    checked = list(csv.DictReader(report.splitlines()))
    assert len(checked) >= 8  # the seed paragraph's eight figures (and the English "72 … 25")
    zh = name.endswith("-zh")
    line = "第{}行" if zh else "line {}"
    for row in checked:
        assert " ".join(row["claim"].split()) in flat
        assert line.format(row["line"]) in flat
    verdicts = {row["line"]: "misstated" if row["mistake"] else row["verdict"] for row in checked}
    words = {"consistent": "一致", "inconsistent": "不一致", "given": "已知", "unchecked": "未核对"}
    words = words if zh else {}
    badges = chromium.run(
        "return [...document.querySelectorAll('article')].map(a => [a.id,"
        " a.querySelector('.verdict .badge').textContent])"
    )
    lines = [row["line"] for row in checked]
    shown = {lines[int(ident[1:]) - 1]: text.split(" ", 1)[1] for ident, text in badges}
    assert shown == {k: words.get(v, v) for k, v in verdicts.items()}
    assert ("核对 标准输入中的数字" if zh else "Checking claims from standard input") in flat
    marks = chromium.run(
        "return [...document.querySelectorAll('article figure svg text')]"
        ".map(e => e.textContent).filter(t => t.includes('wrong base'))"
    )
    mistaken = [row for row in checked if row["mistake"]]
    if name.endswith("-en"):  # "31% higher than the average": the wrong base, drawn at 31.5%
        assert [(r["name"], r["mistake"]) for r in mistaken] == [
            ("severe_vs_average", "wrong base")
        ]
        assert marks == ["wrong base: 31.5%"]
        assert "What would fix it: 31% → 46% (wrong base)" in flat
        assert "Mistaken formula (wrong base): (severe_average - average) / severe_average" in flat
    else:  # the Chinese paragraph stops before it
        assert mistaken == [] and marks == []


def test_hostile_text_stays_text_in_the_browser(chromium: Browser, write) -> None:
    path = write(
        "hostile.csv",
        'name,claim,reported,formula\na,"<script>console.error(1)</script></svg> x",5,\n'
        'b,"<img src=x onerror=console.error(2)>",10,a * 2\n',
    )
    page = path.with_suffix(".html")
    page.write_text(run("check", path, "--format", "html", code=None).stdout, encoding="utf-8")
    text = _open(chromium, page, 375)
    assert "<script>console.error(1)</script></svg> x" in text
    assert "<img src=x onerror=console.error(2)>" in text
    assert chromium.run("return document.querySelectorAll('script, img').length") == 0
    assert chromium.console() == []


def test_the_report_prints_on_a4(chromium: Browser, pages: dict[str, Path]) -> None:
    """A4 less 15 mm margins is about 680 CSS pixels wide: nothing may stick out in print."""
    import base64

    chromium.open(pages["check-claims-2018-data"], 680)
    chromium.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert chromium.run(OVERFLOWING) == []
        pdf = chromium.driver.execute_cdp_cmd(
            "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
        )
    finally:
        chromium.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    out = artifacts() / "check-claims-2018-data.pdf"
    out.write_bytes(data)
    # A4 is 595 × 842 points; the page size is written into each page of the PDF
    assert b"/MediaBox [0 0 595" in data or b"/MediaBox [0 0 594" in data


# ---------------------------------------------------------------------------------------------
# Issue 21: a page an editor reads in one minute

# every element with text of its own, and its size as drawn: an SVG's text scales with the SVG
SMALL_TEXT = """
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.textContent.trim()) continue;
  const e = node.parentElement;
  if (e.closest('title, desc, style, details:not([open]) > :not(summary)')) continue;
  const r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  let size = parseFloat(getComputedStyle(e).fontSize);
  const svg = e.closest('svg');
  if (svg) size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  if (size < 11.95) out.push(e.tagName + ' ' + size.toFixed(1) + 'px: ' + node.textContent.slice(0,
  40));
}
return out;
"""


@pytest.fixture(scope="module")
def editor_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from claims_cases import TYPO, forty_claims

    folder = tmp_path_factory.mktemp("editor")
    made = {}
    for name, claims, args in (
        ("forty", forty_claims(), ()),
        ("typo", TYPO, ()),
        ("typo-en", TYPO, ("--lang", "en")),
    ):
        path = folder / f"{name}.csv"
        path.write_text(claims, encoding="utf-8")
        r = run("check", path, "--format", "html", *args, code=1)
        made[name] = path.with_suffix(".html")
        made[name].write_text(r.stdout, encoding="utf-8")
    return made


def test_the_first_mistake_with_why_and_fix_is_on_the_first_screen(
    chromium: Browser, editor_pages: dict[str, Path]
) -> None:
    """A 40-figure page whose typo is in its 34th row: at 1280×900 the summary line of the first
    inconsistent figure, with its gap and its fix, is on screen without scrolling."""
    chromium.open(editor_pages["forty"], 1280, 900)
    assert chromium.run("return document.querySelectorAll('article').length") == 40
    line = chromium.run(
        "const li = document.querySelector('ol.failing li'); const r = li.getBoundingClientRect();"
        " return [li.innerText, r.top, r.bottom, window.innerHeight, window.scrollY];"
    )
    text, top, bottom, height, scrolled = line
    assert (height, scrolled) == (900, 0)
    assert top >= 0 and bottom <= 900, line
    assert "非税收入 12142万元" in text
    assert "相差-9998.5万" in text  # why: the one gap, in the report's unit
    assert "12142万元 → 2142万元（多了一位数字）" in text and "两处一并改正" in text  # the fix
    chromium.screenshot(artifacts() / "forty-1280.png", 1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["forty", "typo-en"])
def test_every_summary_link_lands_on_its_block(
    chromium: Browser, editor_pages: dict[str, Path], name: str, width: int
) -> None:
    chromium.open(editor_pages[name], width)
    chromium.run("document.querySelectorAll('details').forEach(d => d.open = true)")
    links = chromium.driver.find_elements("css selector", ".summary a[href^='#']")
    assert len(links) == (40 if name == "forty" else 5)
    for link in links:
        target = link.get_attribute("href").split("#", 1)[1]
        chromium.run("window.scrollTo(0, 0)")
        chromium.run("arguments[0].scrollIntoView({block: 'center'})".replace(
            "arguments[0]", f"document.querySelector('.summary a[href=\"#{target}\"]')"
        ))  # fmt: skip
        link.click()
        landed = chromium.run(
            "const t = document.querySelector(':target'); if (!t) return null;"
            " const r = t.getBoundingClientRect();"
            " return [t.id, t.tagName, r.top >= -1 && r.top < window.innerHeight];"
        )
        assert landed == [target, "ARTICLE", True], (target, landed)
    # and each figure marked in the text leads to the same blocks
    marks = chromium.run(
        "return [...document.querySelectorAll('.text a.fig')].map(a => a.hash.slice(1))"
    )
    assert sorted(marks, key=lambda m: int(m[1:])) == [f"c{i}" for i in range(1, len(links) + 1)]


@pytest.mark.parametrize("name", ["forty", "typo", "typo-en", *sorted(PIPELINES), *sorted(REPORTS)])
def test_no_text_under_12_pixels_on_a_phone(
    chromium: Browser, pages: dict[str, Path], editor_pages: dict[str, Path], name: str
) -> None:
    chromium.open({**pages, **editor_pages}[name], 375)
    chromium.run("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert chromium.run(SMALL_TEXT) == []
    assert chromium.run(OVERFLOWING) == []


def test_a_chinese_report_gets_a_chinese_page(
    chromium: Browser, editor_pages: dict[str, Path], pages: dict[str, Path]
) -> None:
    for page in (editor_pages["typo"], pages["pipeline-zhejiang-2018-zh"]):
        chromium.open(page, 1280)
        assert chromium.run("return document.documentElement.lang") == "zh-Hans"
        headings = chromium.run(
            "return [...document.querySelectorAll('h1, h2')].map(h => h.textContent)"
        )
        assert headings[0].startswith("核对")
        assert headings[1:] == ["原文（数字按结论标出）", "错误", "逐项说明", "核对了什么"]
    chromium.open(editor_pages["typo"], 1280)
    badges = chromium.run(
        "return [...document.querySelectorAll('.counts .badge')].map(b => b.textContent)"
    )
    assert badges == ["✗ 2 不一致", "= 3 已知"]
    chromium.open(editor_pages["typo-en"], 1280)
    assert chromium.run("return document.documentElement.lang") == "en"
    assert chromium.run("return document.querySelector('h2').textContent") == (
        "The text, its figures marked"
    )
