"""Turning a :class:`~aidcalc.stats.Result` into text: tables for people, CSV/TSV/JSON for machines.

This is the one place where values are rounded. Tables get thousands separators, a display unit
and ``digits`` decimals; machine formats get exact totals and 15 significant digits for ratios.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction

from aidcalc.numbers import format_exact, format_fixed, scaled
from aidcalc.stats import Cell, Result

__all__ = ["FORMATS", "Output", "Rendered", "render"]

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAR_WIDTH = 24


@dataclass(frozen=True)
class Output:
    """How to print: format, tabulate style, display unit (power of ten), decimals, header."""

    format: str = "table"
    tablefmt: str = "simple"
    unit: str = "yuan"
    unit_exp: int = 0
    digits: int = 2
    header: bool = True
    escape_formulas: bool = True


@dataclass(frozen=True)
class Rendered:
    """Text for stdout, and notes for people (under a table, or on stderr for machine formats)."""

    stdout: str
    stderr: str


def render(result: Result, out: Output) -> Rendered:
    """Render a result as ``out`` says; the text is complete before anything is written."""
    people = out.format in ("table", "markdown")
    shown = [
        i
        for i, c in enumerate(result.columns)
        if c.where in ("both", "people" if people else "machines")
        and not (people and c.optional and all(row[i] in (None, "") for row in result.rows))
    ]
    columns = [result.columns[i] for i in shown]
    rows = [[row[i] for i in shown] for row in result.rows]
    notes, bar = result.notes, result.bar
    keys = [c.key for c in columns]
    kinds = [c.kind for c in columns]
    if people:
        titles = [_title(c.title, c.kind, out) for c in columns]
        cells = _for_people(rows, kinds, out)
        if bar is not None and bar in keys:
            i = keys.index(bar)
            titles.append("")
            kinds = [*kinds, "text"]
            for row, formatted in zip(rows, cells, strict=False):
                formatted.append(_bar(row[i]))
        text = _tabulate(titles, cells, kinds, out)
        if notes:
            text += "\n" + "\n".join(f"note: {n}" for n in notes)
        return Rendered(text + "\n", "")
    values = [[_for_machines(v, k, out) for v, k in zip(row, kinds, strict=False)] for row in rows]
    err = "".join(f"aidcalc: note: {n}\n" for n in notes)
    if out.format in ("csv", "tsv"):
        return Rendered(_delimited(keys, values, kinds, out), err)
    if out.format in ("json", "jsonl"):
        return Rendered(_json(keys, values, kinds, out.format == "jsonl"), err)
    raise ValueError(f"unknown format {out.format!r}")


# ---------------------------------------------------------------------------------------------
# For people


def _title(title: str, kind: str, out: Output) -> str:
    if kind == "amount" and out.unit_exp:
        return f"{title} ({out.unit})"
    return title


def _for_people(rows: list[list[Cell]], kinds: list[str], out: Output) -> list[list[str]]:
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
    return Fraction(v) / scaled(1, out.unit_exp)


def _person(v: object, kind: str, out: Output, whole: bool) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    assert isinstance(v, Fraction | int)
    x = Fraction(v)
    if kind == "count":
        return f"{int(x):,}"
    if kind == "amount":
        return format_fixed(_scaled(x, out), 0 if whole else out.digits)
    if kind == "share":
        return format_fixed(x * 100, out.digits) + "%"
    if kind == "change":
        return _signed(format_fixed(x * 100, out.digits)) + "%"
    if kind == "multiple":
        return format_fixed(x, out.digits) + "×"
    return format_exact(x, rounding={"lower": "floor", "upper": "ceiling"}.get(kind, "half"))


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


def _tabulate(titles: list[str], cells: list[list[str]], kinds: list[str], out: Output) -> str:
    from tabulate import tabulate

    fmt = "pipe" if out.format == "markdown" else out.tablefmt
    align = ["left" if k == "text" else "right" for k in kinds]
    return tabulate(
        cells,
        headers=titles if out.header else (),
        tablefmt=fmt,
        disable_numparse=True,
        colalign=align,
    )


# ---------------------------------------------------------------------------------------------
# For machines


def _for_machines(v: object, kind: str, out: Output) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    assert isinstance(v, Fraction | int)
    if kind == "amount":
        return format_exact(_scaled(v, out))
    if kind == "count":
        return str(int(v))
    rounding = {"lower": "floor", "upper": "ceiling"}.get(kind, "half")
    return format_exact(Fraction(v), rounding=rounding)


def _escape(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _delimited(
    keys: list[str], values: list[list[str | None]], kinds: list[str], out: Output
) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="," if out.format == "csv" else "\t", lineterminator="\n")
    if out.header:
        w.writerow(keys)
    for row in values:
        w.writerow(
            [
                "" if v is None else _escape(v) if k == "text" and out.escape_formulas else v
                for v, k in zip(row, kinds, strict=False)
            ]
        )
    return buf.getvalue()


def _json(keys: list[str], values: list[list[str | None]], kinds: list[str], lines: bool) -> str:
    import json

    def value(v: str | None, kind: str) -> str:
        if v is None:
            return "null"
        return json.dumps(v, ensure_ascii=False) if kind == "text" else v

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
