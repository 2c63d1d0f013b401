"""The commands of the text pipeline: ``extract`` (a report's figures), ``explain`` (the
relations and arithmetic between them), ``check`` (exact verdicts) and ``tables`` (the tables
inside a document). Registered on the ``aidcalc`` group by :mod:`aidcalc.cli.main`.
"""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from aidcalc.calc.engine import using
from aidcalc.cli import streams
from aidcalc.cli.options import (
    claims_format_options,
    engine_option,
    format_options,
)
from aidcalc.cli.plumbing import (
    DataError,
    _stdout_is_tty,
    make_sources,
    read_bytes,
    show,
)
from aidcalc.core.errors import AidcalcError
from aidcalc.output.render import Output


@click.command()
@click.argument("claims_file", required=False, metavar="[CLAIMS]")
@click.option("--formula", help="Check one formula (with --reported) instead of a claims file.")
@click.option("--reported", help="The figure as printed, for --formula.")
@click.option("--precision", help="With --formula: 'exact', or the size of the last digit.")
@click.option(
    "--picture/--no-picture",
    default=None,
    help="A one-line picture of each claim's ranges in tables [default: on a terminal].",
)
@click.option(
    "--data-dir",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    help="Read the data files of formulas from DIR (they must lie inside it) instead of the"
    " claims file's folder, or the current folder for --formula.",
)
@click.option(
    "--sort",
    type=click.Choice(["file", "verdict"]),
    default=None,
    help="Order of the rows: as in the file, or by verdict (inconsistent and misstated first,"
    " then consistent, not checked, given) [default: verdict for html, else file].",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="Language of the html page [default: the report's own].",
)
@engine_option
@format_options
@click.pass_context
def check(
    ctx: click.Context,
    /,
    claims_file: str | None,
    formula: str | None,
    reported: str | None,
    precision: str | None,
    picture: bool | None,
    data_dir: str | None,
    sort: str | None,
    lang: str | None,
    engine: str,
    output: Output,
) -> None:
    """Check reported figures, allowing for their rounding.

    CLAIMS is a CSV with a 'reported' column and optionally 'formula', 'name', 'claim' and
    'precision' (in Chinese: 报告值, 公式, 名称, 原文, 精度). A row without a formula is a given
    that formulas can use by its name (rows stated before or after). Exit status: 1 some claim
    inconsistent; else 2 some row an error or undecided, or no row checked; else 0 (rows left
    unchecked are counted, with why, in the summary).

    \b
    Examples:
      aidcalc check data/claims-2018.csv
      aidcalc check --formula "2.831 billion / 72" --reported "39.33 million"
      aidcalc check data/claims-2018.csv --format csv
    """
    from aidcalc.checker.verdicts import check_file, check_one

    if claims_file and (formula or reported):
        raise click.UsageError("give a claims file or --formula and --reported, not both")
    if claims_file:
        if precision:
            raise click.UsageError("--precision goes with --formula; a claims file has a column")
        (source,) = make_sources((claims_file,))
        try:
            with using(engine):
                result = check_file(source, base_dir=data_dir)
        except BrokenPipeError:
            raise
        except OSError as e:  # a read error, in the claims file or a data file a claim names
            if e.filename is not None:
                raise DataError(streams.describe(e)) from None
            what = e.strerror or str(e) or type(e).__name__
            raise AidcalcError(
                f"cannot read {source.name} or a data file it names: {what}"
            ) from None
        if not result.checked and not any(r.claim.formula for r in result.rows):
            from aidcalc.checker.display import summary

            raise AidcalcError(
                f"nothing was checked: no row has a formula ({summary(result.rows)})"
                if result.rows
                else "nothing was checked: the claims file has no rows",
                file=source.name,
            )
    elif formula and reported:
        with using(engine):
            result = check_one(
                formula, reported, precision=precision or "", base_dir=data_dir or ""
            )
    else:
        raise click.UsageError("give a claims file, or both --formula and --reported")
    from aidcalc.output.report.sources import CheckSource

    table = replace(result.result(), source=CheckSource(result, claims_file, lang))
    if output.format == "table" and (picture if picture is not None else _stdout_is_tty()):
        from aidcalc.output.report.terminal import ASCII, UNICODE, can_draw, with_pictures

        glyphs = UNICODE if can_draw(getattr(sys.stdout, "encoding", None)) else ASCII
        table = with_pictures(table, result, glyphs)
    if (sort or ("verdict" if output.format == "html" else "file")) == "verdict":
        from aidcalc.output.report.view import rank, verdict_word

        order = sorted(range(len(result.rows)), key=lambda i: rank(verdict_word(result.rows[i])))
        table = replace(table, rows=[table.rows[i] for i in order])
    show(table, output)
    ctx.exit(result.exit_status)


@click.command()
@click.argument("text_file", metavar="FILE|-")
@claims_format_options
def extract(text_file: str, output: Output) -> None:
    """Find every figure in a report's text: one claims row per figure, in reading order.

    FILE is a PDF, a saved web page, a Word document (.docx), or plain text or Markdown (UTF-8
    or GB18030), English or Chinese, chosen by content. Each row has a name
    from the words around the figure, the clause it stands in, the figure as printed, its kind
    and year, and an empty formula for 'aidcalc explain' to fill.

    The whole way: aidcalc extract FILE | aidcalc explain - | aidcalc check -

    \b
    Examples:
      aidcalc extract data/zhejiang-2018-en.txt
      aidcalc extract data/zhejiang-2018-zh.txt --format table
    """
    from aidcalc.reader.documents import read_document
    from aidcalc.text.extract import extract as find
    from aidcalc.text.extract import found_result

    name = "<stdin>" if text_file == "-" else text_file
    document = read_document(read_bytes(text_file), name)
    show(found_result(find(document), document.text), output)


@click.command()
@click.argument("file", metavar="FILE|-")
@click.option("--page", type=click.IntRange(1), metavar="N", help="Only the tables of page N.")
@format_options
def tables(file: str, page: int | None, output: Output) -> None:
    """The tables of a PDF, web page or Word document: page, position, size, header.

    The commands that read tables take one of them with --page N and --table K.

    \b
    Examples:
      aidcalc tables tests/fixtures/documents/report-zh.pdf
      aidcalc tables tests/fixtures/documents/news-zh.html --format csv
    """
    from aidcalc.reader.documents import tables_of
    from aidcalc.reader.documents.tables import tables_result

    name = "<stdin>" if file == "-" else file
    show(tables_result(tables_of(read_bytes(file), name, page)), output)


@click.command()
@click.argument("claims_file", metavar="CLAIMS|-")
@click.option(
    "--data",
    "data_files",
    multiple=True,
    metavar="FILE",
    help="A data file whose totals, counties, means and shares are candidates (repeatable).",
)
@claims_format_options
def explain(claims_file: str, data_files: tuple[str, ...], output: Output) -> None:
    """Find the arithmetic between the figures: explained, misstated, given or unchecked.

    Relations the words state (占…的, 其中, 同比增长…增收, 县均, per pupil, N times, 个百分点,
    completed X% of the budget, 年均增长) are written in whether or not the figures fit, with
    the cue words in 'cue'; the other rows are searched. Every row without a formula becomes
    explained (its formula is written in, for 'check'), misstated (a known mistake fits: the
    correct formula is written in and 'why' names the mistake), given (an amount or count the
    text states) or unchecked ('why' says what is missing). 'chance' is m·p, the chance of a
    coincidence for a formula found by search; it must be at most 0.05.

    \b
    Examples:
      cat claims.csv | aidcalc explain - --format table
      aidcalc explain data/claims-2018.csv
      aidcalc explain data/claims-2018.csv --data data/2018.csv
    """
    from aidcalc.reader import open_table
    from aidcalc.text.explain import data_figures, read_rows, rows_result
    from aidcalc.text.explain import explain as find

    (source,) = make_sources((claims_file,))
    with open_table(source) as table:
        rows = list(read_rows(table))
    data = [fig for path in data_files for fig in data_figures(path)]
    show(rows_result(find(rows, data)), output)
