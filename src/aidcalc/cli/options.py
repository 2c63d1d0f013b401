"""The command line's options: click parameter types that give domain values, and the option
groups every command shares, each building one typed object (:class:`Inputs`, :class:`Output`).

The commands in :mod:`aidcalc.cli.main` receive ``inputs`` and ``output`` instead of a dozen loose
options; a bad value is refused here, naming its option.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import click

from aidcalc.core.errors import AidcalcError
from aidcalc.core.units import UNITS, YUAN, Unit, parse_unit
from aidcalc.output.render import FORMATS, Output
from aidcalc.reader import Source, open_table
from aidcalc.reader.filters import Condition, filter_forms
from aidcalc.reader.query import Query

__all__ = ["Inputs", "format_options", "input_options", "output_options"]

F = TypeVar("F", bound=Callable[..., Any])


# ---------------------------------------------------------------------------------------------
# Parameter types


class UnitType(click.ParamType):
    """A unit name → :class:`~aidcalc.core.units.Unit`."""

    name = "unit"

    def __init__(self, choices: tuple[str, ...] | None = None) -> None:
        self.choices = choices

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Unit:
        if isinstance(value, Unit):
            return value
        if self.choices is not None and value not in self.choices:
            self.fail(f"{value!r} is not one of {', '.join(self.choices)}", param, ctx)
        try:
            return parse_unit(str(value))
        except AidcalcError as e:
            self.fail(e.message(), param, ctx)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.choices) + "]" if self.choices else "UNIT"


class ConditionType(click.ParamType):
    """``COL=VALUE`` or ``COL!=VALUE`` → :class:`~aidcalc.reader.filters.Condition`."""

    name = "condition"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Condition:
        if isinstance(value, Condition):
            return value
        try:
            return Condition.parse(str(value))
        except AidcalcError as e:
            self.fail(e.message(), param, ctx)


class TableStyle(click.ParamType):
    """Any of tabulate's table formats; tabulate is imported only when the option is used."""

    name = "style"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from tabulate import tabulate_formats

        if value not in tabulate_formats:
            self.fail(
                f"{value!r} is not a table style; use one of {', '.join(tabulate_formats)}",
                param,
                ctx,
            )
        return str(value)


class Delimiter(click.ParamType):
    """One character, or a name for one (``tab``)."""

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


def complete_columns(
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
# Input options → Inputs


@dataclass(frozen=True, repr=False)
class Inputs:
    """The files to read, what to read from them, and whether to show progress."""

    files: tuple[str, ...]
    query: Query
    progress: bool | None
    engine: str = "auto"  # auto, python (the streaming reader) or duckdb: aidcalc.calc.engine


def _apply(f: Callable[..., Any], decorators: list[Callable[[Any], Any]]) -> Any:
    for d in reversed(decorators):
        f = d(f)
    return f


engine_option = click.option(
    "--engine",
    type=click.Choice(("auto", "python", "duckdb")),
    default="auto",
    show_default=True,
    help="What reads the data: 'python', aidcalc's streaming reader; 'duckdb', for large tidy"
    " CSV/TSV and Parquet; 'auto', DuckDB for Parquet and CSV over 5 MB (said on stderr).",
)


def input_options(*, counties: bool = False, wide: bool = True) -> Callable[[F], F]:
    """FILE... and the options that say how to read them, passed as ``inputs``; with
    ``counties``, also --counties/--county and --per, for statistics per county or person;
    with ``wide``, --wide."""

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def command(
            *args: Any,
            files: tuple[str, ...],
            amount: str | None,
            in_unit: Unit | None,
            by: tuple[str, ...],
            where: tuple[Condition, ...],
            skip_blank: bool,
            delimiter: str | None,
            encoding: str | None,
            progress: bool | None,
            sheet: str | None,
            header_row: int | None,
            page: int | None,
            table: int | None,
            totals: str,
            fill_down: tuple[str, ...],
            engine: str,
            **kwargs: Any,
        ) -> Any:
            query = Query(
                amount=amount,
                in_unit=in_unit,
                counties=kwargs.pop("counties", None),
                county=kwargs.pop("county", None),
                count_counties=counties,
                by=by,
                where=where,
                skip_blank=skip_blank,
                delimiter=delimiter,
                encoding=encoding,
                sheet=sheet,
                header_row=header_row,
                page=page,
                table=table,
                keep_totals=totals == "keep",
                confirm_totals=totals == "drop",
                fill_down=fill_down,
                wide=kwargs.pop("wide", False),
                per=kwargs.pop("per", None),
            )
            return f(*args, inputs=Inputs(files, query, progress, engine), **kwargs)

        county_options = [
            click.option(
                "--counties",
                metavar="COL",
                shell_complete=complete_columns,
                help="Column with the number of counties in each row [default: counties].",
            ),
            click.option(
                "--county",
                metavar="COL",
                shell_complete=complete_columns,
                help="Column naming one county per row; counties are its distinct values"
                " [default: county].",
            ),
        ]
        decorators = [
            click.argument("files", nargs=-1, required=True, metavar="FILE..."),
            click.option(
                "--amount",
                metavar="COL",
                shell_complete=complete_columns,
                help="Column of amounts [default: 'amount', else the one column named like an"
                " amount (金额, funding …) or with a money unit].",
            ),
            click.option(
                "--in-unit",
                type=UnitType(),
                metavar="UNIT",
                help="Unit of bare numbers in the amount column (overrides a unit in its header).",
            ),
            *(county_options if counties else []),
            *(
                [
                    click.option(
                        "--per",
                        metavar="COL",
                        shell_complete=complete_columns,
                        help="Also divide by the sum of this column (population, households).",
                    )
                ]
                if counties
                else []
            ),
            click.option(
                "--by",
                multiple=True,
                metavar="COL",
                shell_complete=complete_columns,
                help="Group by this column (repeatable; 'file' groups by input file).",
            ),
            click.option(
                "--where",
                multiple=True,
                type=ConditionType(),
                metavar="COL=VALUE",
                shell_complete=complete_columns,
                help="Keep rows where a condition holds (repeatable; all must hold): "
                + filter_forms()
                + ".",
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
                "--sheet",
                metavar="NAME|N",
                help="Sheet of a workbook, by name or number [default: the first with a table].",
            ),
            click.option(
                "--header-row",
                type=click.IntRange(1),
                metavar="N",
                help="Line of the header row [default: found past title rows and unit lines].",
            ),
            click.option(
                "--page",
                type=click.IntRange(1),
                metavar="N",
                help="Page of a PDF holding the table [default: the first table's].",
            ),
            click.option(
                "--table",
                type=click.IntRange(1),
                metavar="K",
                help="Which table of a PDF page, web page or Word document [default: 1]"
                " ('aidcalc tables FILE' lists them).",
            ),
            click.option(
                "--totals",
                type=click.Choice(("check", "keep", "drop")),
                default="check",
                show_default=True,
                help="Total and subtotal rows (合计, 小计, Total, or a row equal to the sum of its"
                " block): 'check' passes them over and checks them against their rows, asking"
                " where a sum could be chance; 'drop' also takes every such sum for a total;"
                " 'keep' reads them as data.",
            ),
            click.option(
                "--fill-down",
                multiple=True,
                metavar="COL",
                shell_complete=complete_columns,
                help="Blank cells of this column repeat the value above (repeatable).",
            ),
            *(
                [
                    click.option(
                        "--wide",
                        is_flag=True,
                        help="Years as columns (2017, 2017年, 2022-23): read each as an amount,"
                        " with a 'year' column.",
                    )
                ]
                if wide
                else []
            ),
            engine_option,
            click.option(
                "--progress/--no-progress",
                default=None,
                help="Progress bar on stderr [default: for inputs over 50 MB on a terminal].",
            ),
        ]
        return _apply(command, decorators)  # type: ignore[no-any-return]

    return decorate


# ---------------------------------------------------------------------------------------------
# Output options → Output

DISPLAY_UNITS = tuple(u for u in UNITS if u not in ("元", "千", "百万"))


def format_options(f: F) -> F:
    """--format, --tablefmt, --no-header, --no-escape-formulas, passed as ``output``."""
    return _output_options(f, units=False)


def output_options(f: F) -> F:
    """The format options, and --unit and --digits for amounts, passed as ``output``."""
    return _output_options(f, units=True)


def claims_format_options(f: F) -> F:
    """The format options of commands that write a claims file (``extract``, ``explain``): CSV
    by default, and cells written as they are, so the file reads back into ``explain`` and
    ``check``."""
    return _output_options(f, units=False, claims=True)


def _output_options(f: F, units: bool, claims: bool = False) -> F:
    @functools.wraps(f)
    def command(
        *args: Any,
        fmt: str,
        tablefmt: str | None,
        no_header: bool,
        no_escape_formulas: bool = True,
        unit: Unit = YUAN,
        digits: int = 2,
        **kwargs: Any,
    ) -> Any:
        if tablefmt is not None and fmt != "table":
            raise click.UsageError(f"--tablefmt styles tables; it does not go with --format {fmt}")
        output = Output(
            format=fmt,
            tablefmt=tablefmt or "simple",
            unit=unit,
            digits=digits,
            header=not no_header,
            escape_formulas=not no_escape_formulas,
        )
        return f(*args, output=output, **kwargs)

    decorators = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="csv" if claims else "table",
            show_default=True,
            help="Output format.",
        ),
        click.option(
            "--tablefmt",
            type=TableStyle(),
            metavar="STYLE",
            help="Table style: any tabulate format (github, grid, plain, …) [default: simple].",
        ),
        click.option("--no-header", is_flag=True, help="Leave out the header row."),
    ]
    if not claims:
        decorators.append(
            click.option(
                "--no-escape-formulas",
                is_flag=True,
                help="Write text cells starting with = + - @ as they are in CSV/TSV"
                " (by default they get a leading ' so spreadsheets do not run them).",
            )
        )
    if units:
        decorators += [
            click.option(
                "--unit",
                type=UnitType(DISPLAY_UNITS),
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
    return _apply(command, decorators)  # type: ignore[no-any-return]
