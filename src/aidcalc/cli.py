"""The ``aidcalc`` command line: parse options, call the core, print the rendered result.

Everything that computes lives in the core modules; this file only wires click to them. Errors
from the core (:class:`~aidcalc.errors.AidcalcError`) become one line on stderr and exit 2 in
:meth:`AidcalcGroup.invoke`, the one place that turns them into messages.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

import click

from aidcalc import __version__, stats
from aidcalc.errors import AidcalcError
from aidcalc.numbers import UNITS, unit_exponent
from aidcalc.reader import Source, open_table
from aidcalc.render import FORMATS, Output, Rendered, render
from aidcalc.stats import Result
from aidcalc.tally import Condition, Query, Tally, tally

F = TypeVar("F", bound=Callable[..., Any])

PROGRESS_MIN_BYTES = 50 * 1024 * 1024
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# ---------------------------------------------------------------------------------------------
# Errors: the one place where a core error becomes a message


class DataError(click.ClickException):
    """Bad input: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"aidcalc: {self.message}", err=True)


class AidcalcGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AidcalcError as e:
            raise DataError(e.message()) from None


def main() -> None:
    """Console entry point: exit 130 on Ctrl-C, quietly on a closed pipe, never a traceback."""
    try:
        rc = cli.main(prog_name="aidcalc", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aidcalc: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except Exception as e:  # a bug: still one line, and a distinct status
        click.echo(f"aidcalc: internal error, please report it: {type(e).__name__}: {e}", err=True)
        sys.exit(70)
    sys.exit(rc if isinstance(rc, int) else 0)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def emit(rendered: Rendered) -> None:
    """Write the whole output at once; a reader that went away (``| head``) is not an error."""
    try:
        if rendered.stdout:
            click.echo(rendered.stdout, nl=False)
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    if rendered.stderr:
        click.echo(rendered.stderr, nl=False, err=True)


# ---------------------------------------------------------------------------------------------
# Parameter types


class UnitType(click.ParamType):
    name = "unit"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            unit_exponent(str(value))
        except AidcalcError as e:
            self.fail(e.message(), param, ctx)
        return str(value)


class TableFormat(click.Choice):
    """``click.Choice`` over tabulate's formats, loading tabulate only when the option is used."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        from tabulate import tabulate_formats

        return tuple(tabulate_formats)

    @choices.setter
    def choices(self, value: Any) -> None:
        pass


class Delimiter(click.ParamType):
    name = "char"
    NAMES: ClassVar[dict[str, str]] = {
        "tab": "\t",
        "\\t": "\t",
        "comma": ",",
        "semicolon": ";",
        "pipe": "|",
    }

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = self.NAMES.get(str(value).lower(), str(value))
        if len(text) != 1 or text in '\r\n"':
            self.fail(f"{value!r} is not a one-character delimiter (or tab)", param, ctx)
        return text


def _complete_columns(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Column names of the first file already on the command line."""
    from click.shell_completion import CompletionItem

    # while an option's value is being completed, click leaves the files in ctx.args
    given = [*(ctx.params.get("files") or ()), *ctx.args]
    files = [f for f in given if f != "-" and os.path.isfile(f)]
    if not files:
        return []
    try:
        with open_table(Source.file(files[0])) as table:
            names = [c.name for c in table.columns]
    except AidcalcError:
        return []
    suffix = "=" if param.name == "where" else ""
    return [CompletionItem(n + suffix) for n in names if n.startswith(incomplete.lower())]


# ---------------------------------------------------------------------------------------------
# Shared options


def input_options(f: F) -> F:
    """FILE... and the options that say how to read them (without county options)."""
    return _input_options(f, counties=False)


def county_input_options(f: F) -> F:
    """:func:`input_options` and --counties/--county, for statistics per county."""
    return _input_options(f, counties=True)


def _input_options(f: F, counties: bool) -> F:
    county_options = [
        click.option(
            "--counties",
            metavar="COL",
            shell_complete=_complete_columns,
            help="Column with the number of counties in each row [default: counties].",
        ),
        click.option(
            "--county",
            metavar="COL",
            shell_complete=_complete_columns,
            help="Column naming one county per row; counties are its distinct values"
            " [default: county].",
        ),
    ]
    decorators = [
        click.argument("files", nargs=-1, required=True, metavar="FILE..."),
        click.option(
            "--amount",
            default="amount",
            show_default=True,
            metavar="COL",
            shell_complete=_complete_columns,
            help="Column of amounts.",
        ),
        click.option(
            "--in-unit",
            type=UnitType(),
            metavar="UNIT",
            help="Unit of bare numbers in the amount column (overrides a unit in its header).",
        ),
        *(county_options if counties else []),
        click.option(
            "--by",
            multiple=True,
            metavar="COL",
            shell_complete=_complete_columns,
            help="Group by this column (repeatable; 'file' groups by input file).",
        ),
        click.option(
            "--where",
            multiple=True,
            metavar="COL=VALUE",
            shell_complete=_complete_columns,
            help="Keep rows where COL=VALUE or COL!=VALUE (repeatable; all must hold).",
        ),
        click.option(
            "--skip-blank",
            is_flag=True,
            help="Skip rows whose amount is blank (and say how many on stderr).",
        ),
        click.option(
            "--delimiter",
            type=Delimiter(),
            help="Field delimiter: a character or 'tab' [default: sniffed among , ; tab |].",
        ),
        click.option(
            "--encoding",
            help="Text encoding [default: UTF-8 (with or without BOM), else GB18030].",
        ),
        click.option(
            "--progress/--no-progress",
            default=None,
            help="Progress bar on stderr [default: for inputs over 50 MB on a terminal].",
        ),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


def format_options(f: F) -> F:
    """--format, --tablefmt, --no-header, --no-escape-formulas."""
    decorators = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="table",
            show_default=True,
            help="Output format.",
        ),
        click.option(
            "--tablefmt",
            type=TableFormat(),
            metavar="STYLE",
            help="Table style: any tabulate format (github, grid, plain, …) [default: simple].",
        ),
        click.option("--no-header", is_flag=True, help="Leave out the header row."),
        click.option(
            "--no-escape-formulas",
            is_flag=True,
            help="Write text cells starting with = + - @ as they are in CSV/TSV"
            " (by default they get a leading ' so spreadsheets do not run them).",
        ),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


def output_options(f: F) -> F:
    """The format options, and --unit and --digits for amounts."""
    decorators = [
        format_options,
        click.option(
            "--unit",
            type=click.Choice(tuple(u for u in UNITS if u not in ("元", "千", "百万"))),
            default="yuan",
            show_default=True,
            help="Unit for amounts.",
        ),
        click.option(
            "--digits",
            type=click.IntRange(0, 12),
            default=2,
            show_default=True,
            help="Decimals in tables.",
        ),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


def make_output(
    fmt: str,
    tablefmt: str | None,
    unit: str,
    digits: int,
    no_header: bool,
    no_escape_formulas: bool,
) -> Output:
    if tablefmt is not None and fmt != "table":
        raise click.UsageError(f"--tablefmt styles tables; it does not go with --format {fmt}")
    return Output(
        format=fmt,
        tablefmt=tablefmt or "simple",
        unit=unit,
        unit_exp=unit_exponent(unit),
        digits=digits,
        header=not no_header,
        escape_formulas=not no_escape_formulas,
    )


def make_sources(files: tuple[str, ...]) -> list[Source]:
    if files.count("-") > 1:
        raise click.UsageError("stdin ('-') can be read only once")
    return [
        Source("<stdin>", stream=sys.stdin.buffer) if f == "-" else Source.file(f) for f in files
    ]


@contextmanager
def progress_bar(
    sources: list[Source], wanted: bool | None
) -> Iterator[Callable[[int], None] | None]:
    """click's progress bar on stderr, for big inputs on a terminal (or when asked for)."""
    size = sum(os.path.getsize(s.path) for s in sources if s.path and os.path.isfile(s.path))
    show = wanted if wanted is not None else size > PROGRESS_MIN_BYTES and _stderr_is_tty()
    if not show or not size:
        yield None
        return
    with click.progressbar(length=size, file=sys.stderr, label="reading") as bar:
        if wanted:  # --progress: draw it even when stderr is not a terminal
            attr = "_is_atty" if hasattr(bar, "_is_atty") else "is_hidden"
            setattr(bar, attr, attr == "_is_atty")
        yield bar.update
        bar.update(max(size - bar.pos, 0))


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def read(
    files: tuple[str, ...],
    opts: dict[str, Any],
    *,
    year: str | None = None,
    year_from_names: bool = False,
) -> Tally:
    """Build the query from the options and tally the files in one pass."""
    query = Query(
        amount=opts["amount"],
        in_unit=opts["in_unit"],
        counties=opts.get("counties"),
        county=opts.get("county"),
        count_counties="counties" in opts,
        by=tuple(opts["by"]),
        where=tuple(Condition.parse(w) for w in opts["where"]),
        skip_blank=opts["skip_blank"],
        year=year,
        delimiter=opts["delimiter"],
        encoding=opts["encoding"],
    )
    sources = make_sources(files)
    with progress_bar(sources, opts["progress"]) as progress:
        t = tally(sources, query, year_from_names=year_from_names, progress=progress)
    if t.skipped_blank:
        rows = "row" if t.skipped_blank == 1 else "rows"
        click.echo(f"aidcalc: skipped {t.skipped_blank} {rows} with a blank amount", err=True)
    return t


def show(result: Result, opts: dict[str, Any]) -> None:
    out = make_output(
        opts["fmt"],
        opts["tablefmt"],
        opts.get("unit", "yuan"),
        opts.get("digits", 2),
        opts["no_header"],
        opts["no_escape_formulas"],
    )
    emit(render(result, out))


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
@county_input_options
@output_options
def summary(files: tuple[str, ...], **opts: Any) -> None:
    """Rows, counties, total, mean per county and share, per group and for all.

    \b
    Examples:
      aidcalc summary data/2018.csv
      aidcalc summary data/2018.csv --by group --unit million
      cat data/2018.csv | aidcalc summary - --by group --format csv
    """
    show(stats.summary(read(files, opts)), opts)


@cli.command()
@input_options
@output_options
def total(files: tuple[str, ...], **opts: Any) -> None:
    """The exact total of the amounts, per group and for all.

    \b
    Examples:
      aidcalc total data/2018.csv
      aidcalc total data/2018.csv --by group --format json
    """
    show(stats.totals(read(files, opts)), opts)


@cli.command()
@county_input_options
@output_options
def mean(files: tuple[str, ...], **opts: Any) -> None:
    """Mean per county, per group, and how far each is from the overall mean.

    Counties come from a 'counties' column (counties per row) or are the distinct values of a
    'county' column (one county per row).

    \b
    Examples:
      aidcalc mean data/2018.csv --by group
      aidcalc mean data/2018.csv --by group --unit million --digits 1
    """
    show(stats.means(read(files, opts)), opts)


@cli.command()
@input_options
@output_options
def share(files: tuple[str, ...], **opts: Any) -> None:
    """Each group's share of the grand total, largest first.

    \b
    Examples:
      aidcalc share data/2018.csv --by group
      aidcalc share data/2018.csv --by group --format csv
    """
    show(stats.shares(read(files, opts)), opts)


@cli.command()
@input_options
@output_options
@click.option(
    "--year",
    metavar="COL",
    shell_complete=_complete_columns,
    help="Column holding the year [default: 'year' for one file; file names for several].",
)
def yoy(files: tuple[str, ...], year: str | None, **opts: Any) -> None:
    """Year over year: amount, previous amount, multiple, change, and growth over the span.

    The year comes from a 'year' column of one file, or from the four-digit number in the
    names of several files (2017.csv, funds-2018.csv).

    \b
    Examples:
      aidcalc yoy data/central-fund.csv --unit yi
      aidcalc yoy data/central-fund.csv --format csv
    """
    from_names = year is None and len(files) > 1
    t = read(files, opts, year=None if from_names else year or "year", year_from_names=from_names)
    show(stats.yoy(t), opts)


@cli.command()
@click.argument("claims_file", required=False, metavar="[CLAIMS]")
@click.option("--formula", help="Check one formula (with --reported) instead of a claims file.")
@click.option("--reported", help="The figure as printed, for --formula.")
@click.option("--precision", help="With --formula: 'exact', or the size of the last digit.")
@format_options
@click.pass_context
def check(
    ctx: click.Context,
    /,
    claims_file: str | None,
    formula: str | None,
    reported: str | None,
    precision: str | None,
    **opts: Any,
) -> None:
    """Check reported figures, allowing for their rounding.

    CLAIMS is a CSV with a 'reported' column and optionally 'formula', 'name', 'claim' and
    'precision'. A row without a formula is a given that later formulas can use by its name.
    Exit status: 0 all consistent, 1 some claim inconsistent, 2 some row an error.

    \b
    Examples:
      aidcalc check data/claims-2018.csv
      aidcalc check --formula "2.831 billion / 72" --reported "39.33 million"
      aidcalc check data/claims-2018.csv --format csv
    """
    from aidcalc.claims import check_file, check_one

    if claims_file and (formula or reported):
        raise click.UsageError("give a claims file or --formula and --reported, not both")
    if claims_file:
        if precision:
            raise click.UsageError("--precision goes with --formula; a claims file has a column")
        (source,) = make_sources((claims_file,))
        result = check_file(source)
    elif formula and reported:
        result = check_one(formula, reported, precision=precision or "")
    else:
        raise click.UsageError("give a claims file, or both --formula and --reported")
    show(result.result(), opts)
    ctx.exit(result.exit_status)
