r"""A :class:`~aidcalc.core.result.Result` as text: tables for people, CSV/TSV/JSON for machines.

Values are rounded here, once, as they are printed. Tables get thousands separators, a display
unit and ``digits`` decimals; machine formats get exact totals and 15 significant digits for
ratios. Formats are a registry: ``RENDERERS`` maps each name to a function from a result and the
:class:`Output` options to :class:`Rendered` text; a new format is one more function.

Text in tables is made safe to show: control characters and line breaks are written as escapes
(``\n``, ``\x1b``), and ``|`` as ``\|`` in formats whose columns ``|`` separates (markdown).
Machine formats write every cell exactly as it is.
"""

from __future__ import annotations

import csv
import functools
import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from aidcalc.core.errors import one_line
from aidcalc.core.figures import scaled
from aidcalc.core.formatting import Rounding, format_exact, format_fixed
from aidcalc.core.result import Audience, Cell, ColumnKind, Result, ResultColumn
from aidcalc.core.units import YUAN, Unit

__all__ = [
    "FORMATS",
    "PLUGINS",
    "RENDERERS",
    "Output",
    "Rendered",
    "people_cells",
    "register_output_renderer",
    "render",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAR_WIDTH = 24


@dataclass(frozen=True, repr=False)
class Output:
    """How to print: format, tabulate style, display unit (power of ten), decimals, header."""

    format: str = "table"
    tablefmt: str = "simple"
    unit: Unit = YUAN
    digits: int = 2
    header: bool = True
    escape_formulas: bool = True


@dataclass(frozen=True, repr=False)
class Rendered:
    """Text for stdout, and notes for people (under a table, or on stderr for machine formats)."""

    stdout: str
    stderr: str


Renderer = Callable[[Result, "Output"], Rendered]
RENDERERS: dict[str, Renderer] = {}
#: Formats whose renderer lives in a module of its own, imported only when the format is asked
#: for; the module registers itself with :func:`register_output_renderer` (as a plugin does).
#: This module never imports them: the page sits above the checker, and the checker above this.
PLUGINS: dict[str, str] = {"html": "aidcalc.output.report.page"}


def register_output_renderer(name: str, fn: Renderer) -> None:
    """Make ``fn`` the renderer of the format ``name``."""
    RENDERERS[name] = fn


def renderer(*names: str) -> Callable[[Renderer], Renderer]:
    """Register a function as the renderer of the formats ``names`` (a decorator)."""

    def register(fn: Renderer) -> Renderer:
        for name in names:
            register_output_renderer(name, fn)
        return fn

    return register


def render(result: Result, out: Output) -> Rendered:
    """Render a result as ``out`` says; the text is complete before anything is written."""
    if out.format not in RENDERERS and out.format in PLUGINS:
        importlib.import_module(PLUGINS[out.format])
    return RENDERERS[out.format](result, out)


def _shown(result: Result, people: bool) -> tuple[list[ResultColumn], list[list[Cell]]]:
    """The columns for this audience (optional ones left out of tables when empty), and rows."""
    audience = Audience.PEOPLE if people else Audience.MACHINES
    shown = [
        i
        for i, c in enumerate(result.columns)
        if c.where in (Audience.BOTH, audience)
        and not (people and c.optional and all(row[i] in (None, "") for row in result.rows))
    ]
    return [result.columns[i] for i in shown], [[row[i] for i in shown] for row in result.rows]


def people_cells(result: Result, out: Output) -> tuple[list[ResultColumn], list[list[str]]]:
    """The columns shown to people, and each row's cells as a table prints them."""
    columns, rows = _shown(result, people=True)
    return columns, _for_people(rows, [c.kind for c in columns], out)


@renderer("table", "markdown")
def _for_people_render(result: Result, out: Output) -> Rendered:
    columns, rows = _shown(result, people=True)
    keys = [c.key for c in columns]
    kinds = [c.kind for c in columns]
    fmt = _tablefmt(out)
    titles = [_safe(_title(c.title, c.kind, out, result.currency), fmt) for c in columns]
    cells = _for_people(rows, kinds, out)
    for formatted in cells:
        formatted[:] = [_safe(text, fmt) for text in formatted]
    if result.bar is not None and result.bar in keys:
        i = keys.index(result.bar)
        titles.append("")
        kinds = [*kinds, ColumnKind.TEXT]
        for row, formatted in zip(rows, cells, strict=False):
            formatted.append(_bar(row[i]))
    text = _tabulate(titles, cells, kinds, out)
    if result.notes:
        text += "\n" + "\n".join(f"note: {one_line(n)}" for n in result.notes)
    return Rendered(text + "\n", "")


def _for_machines_render(
    result: Result, out: Output
) -> tuple[list[str], list[list[str | None]], list[ColumnKind], str]:
    columns, rows = _shown(result, people=False)
    kinds = [c.kind for c in columns]
    values = [[_for_machines(v, k, out) for v, k in zip(row, kinds, strict=False)] for row in rows]
    err = "".join(f"aidcalc: note: {one_line(n)}\n" for n in result.notes)
    return [_title(c.key, c.kind, out, result.currency) for c in columns], values, kinds, err


@renderer("csv", "tsv")
def _delimited_render(result: Result, out: Output) -> Rendered:
    keys, values, kinds, err = _for_machines_render(result, out)
    return Rendered(_delimited(keys, values, kinds, out), err)


@renderer("json", "jsonl")
def _json_render(result: Result, out: Output) -> Rendered:
    keys, values, kinds, err = _for_machines_render(result, out)
    return Rendered(_json(keys, values, kinds, out.format == "jsonl"), err)


# ---------------------------------------------------------------------------------------------
# For people


def _title(title: str, kind: ColumnKind, out: Output, currency: str | None) -> str:
    """An amount column's title names its currency (when not yuan) and display unit:
    ``total (GBP million)``; machine formats use the same, so output read back keeps its unit."""
    if kind is not ColumnKind.AMOUNT:
        return title
    parts = [p for p in (currency, out.unit.name if out.unit.exp else None) if p]
    return f"{title} ({' '.join(parts)})" if parts else title


def _for_people(rows: list[list[Cell]], kinds: list[ColumnKind], out: Output) -> list[list[str]]:
    whole = [
        all(
            _scaled(v, out).denominator == 1
            for v in _column(rows, i)
            if isinstance(v, Fraction | int)
        )
        for i in range(len(kinds))
    ]
    return [
        [_person(v, k, out, w) for v, k, w in zip(row, kinds, whole, strict=False)] for row in rows
    ]


def _column(rows: list[list[Cell]], i: int) -> list[Cell]:
    return [r[i] for r in rows]


def _scaled(v: Fraction | int, out: Output) -> Fraction:
    return Fraction(v) / scaled(1, out.unit.exp)


def _person(v: object, kind: ColumnKind, out: Output, whole: bool) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    assert isinstance(v, Fraction | int)
    x = Fraction(v)
    if kind is ColumnKind.COUNT:
        return f"{int(x):,}"
    if kind is ColumnKind.AMOUNT:
        return format_fixed(_scaled(x, out), 0 if whole else out.digits)
    if kind is ColumnKind.SHARE:
        return format_fixed(x * 100, out.digits) + "%"
    if kind is ColumnKind.CHANGE:
        return _signed(format_fixed(x * 100, out.digits)) + "%"
    if kind is ColumnKind.MULTIPLE:
        return format_fixed(x, out.digits) + "×"
    return format_exact(x, rounding=_BOUND_ROUNDING.get(kind, Rounding.HALF))


_BOUND_ROUNDING = {ColumnKind.LOWER: Rounding.FLOOR, ColumnKind.UPPER: Rounding.CEILING}


def _signed(text: str) -> str:
    return text if text.startswith("-") or _is_zero(text) else "+" + text


def _is_zero(text: str) -> bool:
    return text.strip("0.,") == ""


def _bar(v: object) -> str:
    if not isinstance(v, Fraction) or v <= 0:
        return ""
    eighths = int(min(v, Fraction(1)) * _BAR_WIDTH * 8 + Fraction(1, 2))
    full, part = divmod(eighths, 8)
    return "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]


def _tablefmt(out: Output) -> str:
    return "pipe" if out.format == "markdown" else out.tablefmt


def _safe(text: str, fmt: str) -> str:
    """A cell as a table may show it: one line, no control characters, and no bare ``|`` where
    ``|`` separates columns (markdown and the like)."""
    text = one_line(text)
    return text.replace("|", "\\|") if "|" in text and _piped(fmt) else text


@functools.cache
def _piped(fmt: str) -> bool:
    """Whether tabulate's format ``fmt`` separates columns with ``|``."""
    from tabulate import tabulate

    return "|" in tabulate([["a", "b"]], headers=["x", "y"], tablefmt=fmt)


def _tabulate(
    titles: list[str], cells: list[list[str]], kinds: list[ColumnKind], out: Output
) -> str:
    from tabulate import tabulate

    fmt = _tablefmt(out)
    align = ["left" if k is ColumnKind.TEXT else "right" for k in kinds]
    return tabulate(
        cells,
        headers=titles if out.header else (),
        tablefmt=fmt,
        disable_numparse=True,
        colalign=align,
    )


# ---------------------------------------------------------------------------------------------
# For machines


def _for_machines(v: object, kind: ColumnKind, out: Output) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    assert isinstance(v, Fraction | int)
    if kind is ColumnKind.AMOUNT:
        return format_exact(_scaled(v, out))
    if kind is ColumnKind.COUNT:
        return str(int(v))
    return format_exact(Fraction(v), rounding=_BOUND_ROUNDING.get(kind, Rounding.HALF))


def _escape(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _delimited(
    keys: list[str], values: list[list[str | None]], kinds: list[ColumnKind], out: Output
) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="," if out.format == "csv" else "\t", lineterminator="\n")
    if out.header:
        w.writerow(keys)
    for row in values:
        w.writerow(
            [
                ""
                if v is None
                else _escape(v)
                if k is ColumnKind.TEXT and out.escape_formulas
                else v
                for v, k in zip(row, kinds, strict=False)
            ]
        )
    return buf.getvalue()


def _json(
    keys: list[str], values: list[list[str | None]], kinds: list[ColumnKind], lines: bool
) -> str:
    import json

    def value(v: str | None, kind: ColumnKind) -> str:
        if v is None:
            return "null"
        return json.dumps(v, ensure_ascii=False) if kind is ColumnKind.TEXT else v

    objects = [
        "{"
        + ", ".join(
            f"{json.dumps(k)}: {value(v, kd)}" for k, v, kd in zip(keys, row, kinds, strict=False)
        )
        + "}"
        for row in values
    ]
    if lines:
        return "".join(o + "\n" for o in objects)
    return "[\n" + ",\n".join("  " + o for o in objects) + "\n]\n" if objects else "[]\n"


FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown", "html")
assert set(FORMATS) == set(RENDERERS) | set(PLUGINS)
