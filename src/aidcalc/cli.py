"""The ``aidcalc`` command line: parse options, call the core, print the rendered result.

Everything that computes lives in the core modules; this file only wires click to them. Errors
from the core (:class:`~aidcalc.errors.AidcalcError`), and files that cannot be read or written
(``OSError``), become one line on stderr and exit 2 in :meth:`AidcalcGroup.invoke`, the one place
that turns them into messages; :func:`main` adds Ctrl-C (exit 130) and bugs (exit 70). What is
written to the standard streams, and how, is :mod:`aidcalc.streams`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import click

from aidcalc import __version__, engine, stats, streams
from aidcalc.engine import using
from aidcalc.errors import AidcalcError, one_line
from aidcalc.groups import Tally
from aidcalc.options import (
    Inputs,
    claims_format_options,
    complete_columns,
    engine_option,
    format_options,
    input_options,
    output_options,
)
from aidcalc.reader import Source
from aidcalc.render import Output, Rendered, render
from aidcalc.result import Result

PROGRESS_MIN_BYTES = 50 * 1024 * 1024
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# ---------------------------------------------------------------------------------------------
# Errors: the one place where a core error becomes a message


class DataError(click.ClickException):
    """Bad input: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        streams.say(f"aidcalc: {self.message}\n")


class Interrupted(Exception):
    """Ctrl-C, on its way to :func:`main` (click would print an empty line for a bare one)."""


class AidcalcGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AidcalcError as e:
            raise DataError(e.message()) from None
        except click.UsageError as e:  # one line too, naming the option, with where to look
            where = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
            raise DataError(e.format_message() + where) from None
        except KeyboardInterrupt:
            raise Interrupted from None
        except BrokenPipeError:  # a reader that went away: main() ends quietly
            raise
        except OSError as e:  # a file that cannot be read or written
            raise DataError(streams.describe(e)) from None


def main() -> None:
    """Console entry point: exit 130 on Ctrl-C, quietly on a closed pipe, never a traceback."""
    streams.install()
    if sys.stdout is None:  # started with stdout closed (>&-): fail before reading anything
        streams.say("aidcalc: cannot write the output: standard output is closed\n")
        sys.exit(2)
    try:
        rc = cli.main(prog_name="aidcalc", standalone_mode=False)
    except (Interrupted, KeyboardInterrupt, click.exceptions.Abort):
        streams.say("aidcalc: interrupted\n")
        sys.exit(130)
    except click.ClickException as e:
        with contextlib.suppress(OSError, ValueError):  # stderr unwritable: the status tells
            e.show()
        sys.exit(e.exit_code)
    except BrokenPipeError:
        streams.silence(sys.stdout)
        sys.exit(0)
    except OSError as e:
        streams.say(f"aidcalc: {streams.describe(e)}\n")
        sys.exit(2)
    except Exception as e:  # a bug: still one line, and a distinct status
        streams.say(f"aidcalc: internal error, please report it: {type(e).__name__}: {e}\n")
        sys.exit(70)
    sys.exit(rc if isinstance(rc, int) else 0)


def emit(rendered: Rendered) -> None:
    """Write the whole output at once, exactly (no ANSI stripping), then the notes on stderr."""
    streams.write(rendered.stdout)
    streams.write(rendered.stderr, err=True)


@contextmanager
def progress_bar(
    sources: list[Source], wanted: bool | None
) -> Iterator[Callable[[int], None] | None]:
    """A progress line on stderr, for big inputs on a terminal (or when asked for)."""
    size = sum(os.path.getsize(s.path) for s in sources if s.path and os.path.isfile(s.path))
    show = wanted if wanted is not None else size > PROGRESS_MIN_BYTES and _stderr_is_tty()
    if not show or not size:
        yield None
        return
    shown = -1
    done = 0

    def update(n: int) -> None:
        nonlocal shown, done
        done += n
        percent = min(done * 100 // size, 100)
        if percent != shown:
            shown = percent
            click.echo(f"\rreading {percent:3d}%", nl=False, err=True)

    yield update
    update(max(size - done, 0))
    click.echo(err=True)


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def make_sources(files: tuple[str, ...]) -> list[Source]:
    if files.count("-") > 1:
        raise click.UsageError("stdin ('-') can be read only once")
    if "-" in files and sys.stdin is None:
        raise AidcalcError("cannot read standard input ('-'): it is closed")
    return [
        Source("<stdin>", stream=sys.stdin.buffer) if f == "-" else Source.file(f) for f in files
    ]


def read(inputs: Inputs, *, year_from_names: bool = False) -> Tally:
    """Tally the files in one pass, as ``inputs`` say."""
    sources = make_sources(inputs.files)
    try:
        with progress_bar(sources, inputs.progress) as progress:
            t = engine.read(
                sources,
                inputs.query,
                year_from_names=year_from_names,
                progress=progress,
                engine=inputs.engine,
            )
    except BrokenPipeError:
        raise
    except OSError as e:  # a read error in the middle of a file (the reader names open errors)
        raise _read_error(e, sources) from None
    if t.skipped_blank:
        rows = "row" if t.skipped_blank == 1 else "rows"
        streams.say(f"aidcalc: skipped {t.skipped_blank} {rows} with a blank amount\n")
    for note in t.notes:
        streams.say(f"aidcalc: note: {one_line(note)}\n")
    return t


def _read_error(e: OSError, sources: list[Source]) -> AidcalcError:
    """An error while reading, naming the file when it is known or there is only one."""
    name = e.filename if e.filename is not None else sources[0].name if len(sources) == 1 else None
    what = e.strerror or str(e) or type(e).__name__
    if name is None:
        return AidcalcError(f"cannot read one of {', '.join(s.name for s in sources)}: {what}")
    return AidcalcError(f"cannot read it: {what}", file=str(name))


def show(result: Result, output: Output, t: Tally | None = None) -> None:
    """Print the result; then, when the table's own total rows disagree with its rows, say
    which on stderr and exit 1 (a reported figure is inconsistent)."""
    emit(render(result, output))
    if t is not None and t.mismatches:
        for m in t.mismatches:
            streams.say(f"aidcalc: inconsistent: {one_line(m)}\n")
        click.get_current_context().exit(1)


# ---------------------------------------------------------------------------------------------
# Commands


@click.group(cls=AidcalcGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="aidcalc")
def cli() -> None:
    """Exact funding statistics from CSV files, and a checker for the figures printed in reports.

    Amounts are read exactly (1,435,000,000 · 1.435 billion · 14.35亿 · 143500万) and never
    pass through floating point. Exit status: 0 success, 1 a checked claim is inconsistent,
    2 bad usage or bad input.
    """


@cli.command()
@input_options(counties=True)
@output_options
def summary(inputs: Inputs, output: Output) -> None:
    """Rows, counties, total, mean per county and share, per group and for all.

    \b
    Examples:
      aidcalc summary data/2018.csv
      aidcalc summary data/2018.csv --by group --unit million
      cat data/2018.csv | aidcalc summary - --by group --format csv
    """
    t = read(inputs)
    show(stats.summary(t), output, t)


@cli.command()
@input_options()
@output_options
def total(inputs: Inputs, output: Output) -> None:
    """The exact total of the amounts, per group and for all.

    \b
    Examples:
      aidcalc total data/2018.csv
      aidcalc total data/2018.csv --by group --format json
    """
    t = read(inputs)
    show(stats.totals(t), output, t)


@cli.command()
@input_options(counties=True)
@output_options
def mean(inputs: Inputs, output: Output) -> None:
    """Mean per county, per group, and how far each is from the overall mean.

    Counties come from a 'counties' column (counties per row) or are the distinct values of a
    'county' column (one county per row).

    \b
    Examples:
      aidcalc mean data/2018.csv --by group
      aidcalc mean data/2018.csv --by group --unit million --digits 1
    """
    t = read(inputs)
    show(stats.means(t), output, t)


@cli.command()
@input_options()
@output_options
def share(inputs: Inputs, output: Output) -> None:
    """Each group's share of the grand total, largest first.

    \b
    Examples:
      aidcalc share data/2018.csv --by group
      aidcalc share data/2018.csv --by group --format csv
    """
    t = read(inputs)
    from aidcalc.report.sources import DataSource

    show(replace(stats.shares(t), source=DataSource(inputs.files)), output, t)


@cli.command()
@input_options(wide=False)
@output_options
@click.option(
    "--year",
    metavar="COL",
    shell_complete=complete_columns,
    help="Column holding the year [default: 'year' for one file; file names for several].",
)
def yoy(inputs: Inputs, output: Output, year: str | None) -> None:
    """Year over year: amount, previous amount, multiple, change, and growth over the span.

    The year comes from a 'year' column of one file, or from the four-digit number in the
    names of several files (2017.csv, funds-2018.csv).

    \b
    Examples:
      aidcalc yoy data/central-fund.csv --unit yi
      aidcalc yoy data/central-fund.csv --format csv
    """
    from_names = year is None and len(inputs.files) > 1
    query = replace(inputs.query, year=None if from_names else year or "year")
    t = read(replace(inputs, query=query), year_from_names=from_names)
    try:
        result = stats.yoy(t)
    except AidcalcError as e:  # a year that cannot be read: name its line
        if from_names:
            raise
        from aidcalc.locate import locate

        raise locate(e, make_sources(inputs.files), query) from None
    from aidcalc.report.sources import DataSource

    show(replace(result, source=DataSource(inputs.files)), output, t)


@cli.command()
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
    from aidcalc.verdicts import check_file, check_one

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
            from aidcalc.verdict_display import summary

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
    from aidcalc.report.sources import CheckSource

    table = replace(result.result(), source=CheckSource(result, claims_file, lang))
    if output.format == "table" and (picture if picture is not None else _stdout_is_tty()):
        from aidcalc.report.terminal import ASCII, UNICODE, can_draw, with_pictures

        glyphs = UNICODE if can_draw(getattr(sys.stdout, "encoding", None)) else ASCII
        table = with_pictures(table, result, glyphs)
    if (sort or ("verdict" if output.format == "html" else "file")) == "verdict":
        from aidcalc.report.view import rank, verdict_word

        order = sorted(range(len(result.rows)), key=lambda i: rank(verdict_word(result.rows[i])))
        table = replace(table, rows=[table.rows[i] for i in order])
    show(table, output)
    ctx.exit(result.exit_status)


# ---------------------------------------------------------------------------------------------
# From an article to claims: extract and explain


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        with open(name, "rb") as fh:
            return fh.read()
    except OSError as e:
        raise AidcalcError(e.strerror or "cannot read the file", file=name) from None


@cli.command()
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
    from aidcalc.documents import read_document
    from aidcalc.extract import extract as find
    from aidcalc.extract import found_result

    name = "<stdin>" if text_file == "-" else text_file
    document = read_document(_read_bytes(text_file), name)
    show(found_result(find(document), document.text), output)


@cli.command()
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
    from aidcalc.documents import tables_of
    from aidcalc.documents.tables import tables_result

    name = "<stdin>" if file == "-" else file
    show(tables_result(tables_of(_read_bytes(file), name, page)), output)


@cli.command()
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
    from aidcalc.explain import data_figures, read_rows, rows_result
    from aidcalc.explain import explain as find
    from aidcalc.reader import open_table

    (source,) = make_sources((claims_file,))
    with open_table(source) as table:
        rows = list(read_rows(table))
    data = [fig for path in data_files for fig in data_figures(path)]
    show(rows_result(find(rows, data)), output)
