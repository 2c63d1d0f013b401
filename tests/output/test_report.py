"""``--format html`` and the terminal range picture, without a browser (see test_browser.py).

Pins: every text from a file is escaped; the page is self-contained (no script, nothing fetched);
lang, headings in order, a title and text equivalent for each SVG; colours meet WCAG AA; every
claim and verdict is on the page; the picture is ASCII where the output cannot carry its
characters, never in machine formats, and can be switched off.
"""

from __future__ import annotations

import re
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from helpers import DATA, run

from aidcalc import __version__
from aidcalc.checker.claims import Claim
from aidcalc.checker.verdicts import Checked, check_claims
from aidcalc.output.report.axis import axis_for
from aidcalc.output.report.page import PALETTE
from aidcalc.output.report.terminal import ASCII, UNICODE, can_draw, picture
from aidcalc.output.report.view import ClaimView, Span, badge, view_of

HOSTILE = (
    "name,claim,reported,formula\n"
    'a,"<script>alert(1)</script> got </svg> 5 & more",5,\n'
    'b,"<img src=x onerror=alert(2)> is 10",10,"a * 2"\n'
    '"c",the </title> claim,3,"a <b> 1"\n'
)


class Page(HTMLParser):
    """The tags, headings, SVG titles and visible text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.svg_titles = 0
        self.svg_descs = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "svg" in self.stack:
            self.svg_titles += tag == "title"
            self.svg_descs += tag == "desc"
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not {"style", "title"} & set(self.stack[-1:]):
            self.text.append(data)

    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def html_of(*args: object, code: int | None = None) -> str:
    r = run(*args, "--format", "html", code=code)
    assert r.stderr == ""
    assert r.stdout.startswith("<!DOCTYPE html>")
    return r.stdout


def test_text_from_a_claims_file_is_shown_as_text_never_as_markup(write) -> None:
    path = write("hostile.csv", HOSTILE)
    html = html_of("check", path, code=2)
    page = Page(html)
    assert [t for t, _ in page.tags if t in ("script", "img", "b")] == []
    assert html.count("</svg>") == html.count("<svg ")
    assert html.count("</title>") == 1 + html.count("<title id=")
    text = page.visible()
    assert "<script>alert(1)</script> got </svg> 5 & more" in text
    assert "<img src=x onerror=alert(2)> is 10" in text
    assert "the </title> claim" in text


def test_the_page_is_self_contained() -> None:
    html = html_of("check", DATA / "claims-2018-data.csv", code=1)
    page = Page(html)
    assert not [t for t, _ in page.tags if t in ("script", "link", "img", "iframe", "object")]
    assert not [a for _, a in page.tags if "src" in a]
    # links only within the page: the text's figures and the summary lead to their blocks
    assert all(str(a["href"]).startswith("#") for _, a in page.tags if "href" in a)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "url(" not in html and "@import" not in html
    assert "Content-Security-Policy" in html


@pytest.mark.parametrize(
    "args",
    [
        ("check", DATA / "claims-2018.csv"),
        ("check", DATA / "claims-2018-data.csv"),
        ("yoy", DATA / "central-fund.csv", "--unit", "yi"),
        ("share", DATA / "2018.csv", "--by", "group"),
    ],
    ids=["claims", "claims-data", "yoy", "share"],
)
def test_the_page_is_accessible(args: tuple[object, ...]) -> None:
    page = Page(html_of(*args))
    html_tag = next(a for t, a in page.tags if t == "html")
    assert html_tag["lang"] == "en"
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), page.headings
    svgs = [a for t, a in page.tags if t == "svg"]
    assert svgs
    assert all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    assert page.svg_titles == len(svgs) == page.svg_descs
    figures = [t for t, _ in page.tags if t == "figcaption"]
    assert len(figures) == len(svgs)  # the text equivalent, visible to everyone
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper_agrees_with_known_values() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_every_colour_pair_meets_wcag_aa(name: str) -> None:
    ink, paper = PALETTE[name]
    assert contrast(ink, paper) >= 4.5
    assert contrast(ink, "#ffffff") >= 4.5  # also as text or a line on the page itself


def test_every_claim_and_verdict_is_on_the_page_in_order_of_verdict() -> None:
    html = html_of("check", DATA / "claims-2018.csv", code=1)
    text = Page(html).visible()
    rows = [line.split(",")[0] for line in (DATA / "claims-2018.csv").read_text().splitlines()[1:]]
    at = {name: text.index(f"{name} (line {i})") for i, name in enumerate(rows, 2)}
    first, consistent = ["severe_vs_average"], ["average", "severe_share", "severe_average"]
    given = [n for n in rows if n not in first + consistent]
    order = [at[n] for n in first + consistent + given]
    assert order == sorted(order)  # the failures first, then what holds, the givens last
    assert "5 given" in text and "3 consistent" in text and "1 inconsistent" in text
    # one gap, the same number in the why, the picture and its words
    assert "Why: off by +14.3 percentage points" in text
    assert "They do not meet: the gap is +14.3 percentage points." in text
    assert "They overlap in 39.325 million–39.327 million." in text
    assert "claims-2018.csv 645 bytes, SHA-256 3c7a0ee07a35" in text


def test_the_header_names_each_data_file_with_size_and_hash() -> None:
    import hashlib

    html = html_of("check", DATA / "claims-2018-data.csv", code=1)
    data = (DATA / "2018.csv").read_bytes()
    sha = hashlib.sha256(data).hexdigest()[:12]
    assert f'<code>2018.csv</code> <span class="muted">{len(data):,} bytes,' in html
    assert sha in html
    assert f"aidcalc</dt><dd>{__version__}" in html


def test_an_error_says_what_went_wrong(write) -> None:
    path = write("c.csv", "name,reported,formula\nx,5,total(missing.csv)\n")
    text = Page(html_of("check", path, code=2)).visible()
    assert "! error What went wrong: no such file 'missing.csv'" in text


def test_the_date_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert "<dt>Date</dt><dd>2023-11-14</dd>" in html_of("check", DATA / "claims-2018.csv", code=1)


def test_charts_label_multiples_growth_and_shares() -> None:
    text = Page(html_of("yoy", DATA / "central-fund.csv", "--unit", "yi")).visible()
    assert "2017: 860.95 (1.87× on 2015, +86.80%, 2 years since 2015)" in text
    assert "Over the whole span: 2012–2020: 4.40×, +20.35% a year." in text
    text = Page(html_of("share", DATA / "2018.csv", "--by", "group")).visible()
    assert "severely poor: 50.69% (total 1,435,000,000); other partner: 49.31%" in text


def test_other_results_are_a_plain_table() -> None:
    page = Page(html_of("summary", DATA / "2018.csv"))
    assert "2,831,000,000" in page.visible()
    assert not [t for t, _ in page.tags if t == "svg"]


# ---------------------------------------------------------------------------------------------
# The view: unknown verdicts, and far-apart intervals


def test_an_unknown_verdict_gets_a_neutral_badge() -> None:
    row = check_claims([Claim("5", "2 + 3")]).rows[0]
    row.verdict = "newfangled"  # type: ignore[assignment]
    view = view_of(row)
    assert (view.badge.word, view.badge.symbol) == ("newfangled", "?")
    assert badge(row.verdict).tone.value == "unsure"


def test_a_mistaken_formula_is_drawn_by_name() -> None:
    claim = Claim("51%", "1435 / 2831", mistake="wrong base", mistake_formula="1435 / 2870")
    row = check_claims([claim]).rows[0]
    assert row.mistaken is not None and row.mistaken.value.point == Fraction(1, 2)
    view = view_of(row)
    assert [(m.name, m.value, m.formula) for m in view.marks] == [
        ("wrong base", Fraction(1, 2), "1435 / 2870")
    ]
    assert "◆" in picture(view)


def _view(rep: tuple[int, int], com: tuple[int, int]) -> ClaimView:
    f = Fraction
    return ClaimView(
        None, "", "", "", "", badge("inconsistent"), "", None,
        Span(f(rep[0]), f(rep[1])), Span(f(com[0]), f(com[1])), f(com[0]),
    )  # fmt: skip


def test_far_apart_intervals_get_a_cut_axis_and_both_stay_visible() -> None:
    view = _view((100, 101), (10_000, 10_002))
    axis = axis_for(view)
    assert len(axis.segments) == 2
    assert axis.x(Fraction(101)) - axis.x(Fraction(100)) > Fraction(1, 20)
    assert axis.x(Fraction(10_002)) - axis.x(Fraction(10_000)) > Fraction(1, 20)
    assert picture(view, ASCII) == "..===.~~.#####.."
    near = _view((100, 110), (108, 120))
    assert len(axis_for(near).segments) == 1
    assert picture(near, ASCII) == "...====%#####..."


# ---------------------------------------------------------------------------------------------
# The terminal picture


def test_the_picture_is_in_check_tables_when_asked_for() -> None:
    out = run("check", DATA / "claims-2018.csv", "--picture", code=1).stdout
    line = next(x for x in out.splitlines() if x.startswith("severe_vs_average"))
    assert "──░░░░░──≈──██──" in line
    assert "note: picture: ░ reported, █ computed, ▓ both, ≈ axis cut" in out
    given = next(x for x in out.splitlines() if x.startswith("total "))
    assert not set("─░█▓") & set(given)


def test_the_picture_is_off_by_default_off_the_terminal_and_with_no_picture() -> None:
    plain = run("check", DATA / "claims-2018.csv", code=1).stdout
    assert "░" not in plain and "picture" not in plain
    assert run("check", DATA / "claims-2018.csv", "--no-picture", code=1).stdout == plain


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown"])
def test_the_picture_is_never_in_machine_formats(fmt: str) -> None:
    with_it = run("check", DATA / "claims-2018.csv", "--picture", "--format", fmt, code=1)
    without = run("check", DATA / "claims-2018.csv", "--format", fmt, code=1)
    assert with_it.stdout == without.stdout
    assert "░" not in with_it.stdout and "=====" not in with_it.stdout


def test_the_picture_degrades_to_ascii_where_the_output_cannot_carry_it() -> None:
    assert can_draw("utf-8") and not can_draw("cp1252") and not can_draw("ascii")
    assert not can_draw(None) and not can_draw("no-such-codec")
    from click.testing import CliRunner

    from aidcalc.cli.main import cli

    runner = CliRunner(charset="ascii")
    r = runner.invoke(cli, ["check", str(DATA / "claims-2018.csv"), "--picture"])
    # CliRunner's stdout reports its charset as encoding; the picture follows it
    out = r.stdout_bytes.decode("ascii", errors="replace")
    line = next(x for x in out.splitlines() if x.startswith("severe_vs_average"))
    assert "..=====..~..##.." in line
    assert "note: picture: = reported, # computed, % both, ~ axis cut" in out


def test_glyph_sets_have_one_character_each() -> None:
    for glyphs in (UNICODE, ASCII):
        assert all(len(g) == 1 for g in vars(glyphs).values())
    assert all(ord(c) < 128 for c in vars(ASCII).values())


def test_a_given_and_an_error_draw_no_picture() -> None:
    rows = check_claims([Claim("5"), Claim("5", "nope(")]).rows
    assert [picture(view_of(r)) for r in rows] == ["", ""]
    assert isinstance(rows[0], Checked)


def test_pages_built_from_the_api_work_without_the_command_line() -> None:
    report = check_claims([Claim("39.33 million", "2.831 billion / 72", claim="an average")])
    html = report.result().render("html")
    assert "an average" in html and "consistent" in html and "one formula" in html


# ---------------------------------------------------------------------------------------------
# Issue 17: the page draws what the check found, from the formula's tree


def test_a_number_in_a_formula_is_an_input_not_a_missing_name() -> None:
    html = html_of(
        "check", "--formula", "二十八点三一亿 / 72", "--reported", "3932万", "--lang", "en"
    )
    text = Page(html).visible()
    assert "no earlier row has this name" not in text
    assert "<li><code>二十八点三一亿</code>: 28.305亿–28.315亿</li>" in html
    assert "28.305亿–28.315亿" in text


def test_a_real_group_named_all_stays_in_the_chart(write) -> None:
    path = write("g.csv", "county,group,amount\nx,all,100\ny,b,300\n")
    html = html_of("share", path, "--by", "group")
    bars = re.findall(r'font-weight="600">([^<]*)</text>', html)
    assert sorted(bars) == ["all", "b"]  # the overall row (level all) is left out, not the group


def test_drawing_never_reads_a_data_file_again(write) -> None:
    path = write("d.csv", "county,group,amount\nx,a,100\ny,b,300\n")
    report = check_claims([Claim("400", "total(d.csv)")], str(path.parent))
    path.unlink()  # the page shows what the check read, from the checked row
    text = Page(report.result().render("html")).visible()
    assert "exactly 400 (read from the file)" in text


def test_the_renderer_module_does_not_import_the_page() -> None:
    import subprocess
    import sys

    code = (
        "import sys, aidcalc.output.render, aidcalc.core.result, aidcalc.checker.verdicts\n"
        "print(sorted(m for m in sys.modules if m.startswith('aidcalc.output.report')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    from aidcalc.core.result import Result
    from aidcalc.output.render import PLUGINS, RENDERERS, Output, render

    assert PLUGINS == {"html": "aidcalc.output.report.page"}
    render(Result([], []), Output("html"))
    assert "html" in RENDERERS  # the page registered itself when first asked for


# ---------------------------------------------------------------------------------------------
# Issue 21: the text first, marked; the mistakes next


def test_the_page_opens_with_the_text_each_figure_marked_and_linked(write) -> None:
    text = "Funds were 300 million.\nOf them, A got 100 million and B got 250 million."
    claims = (
        "name,claim,reported,formula,start,end,paragraph,page,text\n"
        f'total,Funds were 300 million,300 million,,11,22,1,,"{text}"\n'
        "a,A got 100 million,100 million,,39,50,2,,\n"
        "b,B got 250 million,250 million,total - a,61,72,2,,\n"
    )
    html = html_of("check", write("c.csv", claims), code=1)
    marks = re.findall(
        r'<a class="fig (\w+)" href="#(c\d)"[^>]*>(?:<span[^>]*>[^<]*</span>)?([^<]*)</a>', html
    )
    assert marks == [("given", "c1", "300 million"), ("given", "c2", "100 million"),
                     ("wrong", "c3", "250 million")]  # fmt: skip
    assert html.index('id="text"') < html.index('id="summary"') < html.index('id="claims"')
    assert "Of them, A got" in Page(html).visible()  # the document's own words
    # the generated names give way to the claim's words
    assert '<h3 id="c3-h">B got <span class="muted">(b, line 5)</span></h3>' in html


def test_the_claims_sentences_stand_in_for_the_text() -> None:
    html = html_of("check", DATA / "claims-2018.csv", code=1)
    first = html.index('id="text"')
    assert html.index("funds in 2018 were", first) < html.index('id="summary"')
    assert html.count('class="fig ') == 9
