"""``--format html``: one self-contained page a reader can follow, and share.

This module registers the page as the ``html`` output renderer of :mod:`aidcalc.output.render` (as a
datasette plugin registers an output renderer): :mod:`aidcalc.output.render` knows the format's name
and this module's, and imports it only when a page is asked for; nothing below the report imports
it.

===============================  ============================================================
``html_page(result, out)``       the page for any result: a check (:mod:`.check_page`), a
                                 ``yoy`` or ``share`` chart (:mod:`.charts`), else the table
===============================  ============================================================

The parts: :mod:`.html` (escaping, colours, stylesheet), :mod:`.words` (English and Chinese),
:mod:`.view` and :mod:`.axis` (what a claim's picture shows), :mod:`.numberline` (its SVG),
:mod:`.text` (the report's text with its figures marked), :mod:`.inputs` (a formula's inputs from
its parse tree; the files a page names).
"""

from __future__ import annotations

from aidcalc.checker.verdicts import CheckReport
from aidcalc.core.result import Result
from aidcalc.output.render import Output, Rendered, register_output_renderer
from aidcalc.output.report.charts import chart_page
from aidcalc.output.report.check_page import check_page
from aidcalc.output.report.html import PALETTE, esc
from aidcalc.output.report.numberline import number_line
from aidcalc.output.report.sources import CheckSource, DataSource

__all__ = ["PALETTE", "chart_page", "check_page", "esc", "html_page", "number_line"]


def html_page(result: Result, out: Output) -> str:
    """The page for a result: a check's report when the result carries one, a bar chart for
    ``yoy`` and ``share``, and the table for anything else."""
    src = result.source
    if isinstance(src, CheckReport):
        src = CheckSource(src)
    if isinstance(src, CheckSource):
        return check_page(src.report, src.claims_path, src.lang)
    files = src.files if isinstance(src, DataSource) else ()
    return chart_page(result, out, files)


def _render(result: Result, out: Output) -> Rendered:
    return Rendered(html_page(result, out), "")


register_output_renderer("html", _render)
