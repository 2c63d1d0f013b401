"""The ``aidcalc`` command line: parse options, call the core, print the rendered result.

Everything that computes lives in the core packages; this module wires click to them: the
``aidcalc`` group, the table commands (``summary``, ``total``, ``mean``, ``share``, ``yoy``), and
:func:`main`, the console entry point. The commands of the text pipeline are in
:mod:`aidcalc.cli.pipeline`; the error handling and printing they share in
:mod:`aidcalc.cli.plumbing`.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace

import click

from aidcalc import __version__
from aidcalc.calc import stats
from aidcalc.cli import streams
from aidcalc.cli.options import (
    Inputs,
    complete_columns,
    input_options,
    output_options,
)
from aidcalc.cli.pipeline import check, explain, extract, tables
from aidcalc.cli.plumbing import (
    CONTEXT,
    AidcalcGroup,
    Interrupted,
    make_sources,
    read,
    show,
)
from aidcalc.core.errors import AidcalcError
from aidcalc.output.render import Output


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
    from aidcalc.output.report.sources import DataSource

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
        from aidcalc.calc.locate import locate

        raise locate(e, make_sources(inputs.files), query) from None
    from aidcalc.output.report.sources import DataSource

    show(replace(result, source=DataSource(inputs.files)), output, t)


for _command in (check, explain, extract, tables):
    cli.add_command(_command)
