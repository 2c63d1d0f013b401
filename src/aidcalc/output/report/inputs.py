"""What a formula reads and what a report was made from: the inputs of each claim, and the files.

The inputs of a formula come from its parse tree (:func:`aidcalc.checker.formula.leaves`, each with
its span in the formula's text): a number as written, the name of an earlier row (with the figure it
reported), a data function (with the range the check read, carried on the checked row). Nothing
here reads a formula a second way, and no data file is read again for its values.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aidcalc.checker.formula import Data, Num, Ref, data_nodes, leaves, parse
from aidcalc.checker.verdicts import Checked
from aidcalc.core.errors import AidcalcError
from aidcalc.output.report.view import ENGLISH, Span, span_text
from aidcalc.output.report.words import Words

__all__ = [
    "STDIN",
    "FileInfo",
    "Input",
    "Provenance",
    "data_paths",
    "file_info",
    "inputs_of",
    "provenance",
    "today",
]


@dataclass(frozen=True)
class Input:
    """One input of a formula: how it is written there, what it was printed as, what it means,
    and the row it names (for a link), if any."""

    written: str  # as in the formula: ``2.831 billion``, ``severe``, ``total(2018.csv)``
    printed: str  # as printed: the figure, or the named row's reported figure
    means: str  # the interval it stands for, or what went wrong reading it
    row: Checked | None = None  # the earlier row a name stands for
    span: tuple[int, int] = (0, 0)  # where it is in the formula


def inputs_of(row: Checked, named: Mapping[str, Checked], words: Words = ENGLISH) -> list[Input]:
    """Each distinct input of the row's formula, left to right: numbers as written, names of
    earlier rows (with the figure they reported), data functions (with the range read)."""
    formula = row.claim.formula
    try:
        node = parse(formula)
    except AidcalcError:
        return []
    out: list[Input] = []
    seen: set[str] = set()
    for leaf in leaves(node):
        a, b = leaf.span
        text = formula[a:b].strip()
        if text in seen:
            continue
        seen.add(text)
        if isinstance(leaf, Num):
            f = leaf.figure
            half = f.half_width
            span = Span(f.value - half, f.value + half)
            out.append(Input(text, text, span_text(span, f, 1, words), span=leaf.span))
        elif isinstance(leaf, Ref):
            named_row = named.get(leaf.name)
            rep = named_row.reported if named_row is not None else None
            if named_row is None or rep is None:
                out.append(Input(text, "", words("no earlier row"), span=leaf.span))
                continue
            span = Span(rep.lo, rep.hi, rep.lo_open, rep.hi_open)
            means = span_text(span, rep.figure, 1, words)
            out.append(Input(text, named_row.claim.reported, means, named_row, leaf.span))
        elif isinstance(leaf, Data):
            read = row.data_values.get(leaf.span)
            if read is None:
                means = row.reason or words("not read")
            else:
                means = words(
                    "read from the file", span_text(Span(read.lo, read.hi), None, 0, words)
                )
            out.append(Input(text, "", means, span=leaf.span))
    return out


def data_paths(formulas: Iterable[str]) -> list[str]:
    """The data files the formulas read, each once, in order of first use.

    >>> data_paths(['total(2018.csv) / counties(2018.csv[group="x"])', "mean(b.csv)"])
    ['2018.csv', 'b.csv']
    """
    out: list[str] = []
    for text in formulas:
        try:
            node = parse(text)
        except AidcalcError:
            continue  # the row is an error; its files are not read
        for data in data_nodes(node):
            if data.path not in out:
                out.append(data.path)
    return out


# ---------------------------------------------------------------------------------------------
# What was checked


STDIN = "standard input"  # the name of claims read from a pipe (``check -``)


@dataclass(frozen=True)
class FileInfo:
    """A file as the report names it, with its size in bytes and the start of its SHA-256."""

    name: str
    size: int | None
    sha256: str  # the first 12 hex digits; empty when the file could not be read


@dataclass(frozen=True)
class Provenance:
    """What a report was made from, and when, by which aidcalc."""

    claims: FileInfo | None
    data: tuple[FileInfo, ...]
    date: str
    version: str


def file_info(name: str, path: str) -> FileInfo:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 16), b""):
                digest.update(block)
        return FileInfo(name, os.path.getsize(path), digest.hexdigest()[:12])
    except OSError:
        return FileInfo(name, None, "")


def today() -> str:
    """Today's date (ISO), or the date of ``SOURCE_DATE_EPOCH`` for reproducible reports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        return moment.date().isoformat()
    return datetime.date.today().isoformat()


def provenance(
    claims_path: str | None, formulas: Iterable[str], data_files: Iterable[str] = ()
) -> Provenance:
    """The claims file (None for a formula given on the command line, ``-`` for standard input),
    each data file its formulas read (relative to the claims file, or the current folder for
    standard input) or ``data_files`` (for the calculator)."""
    from aidcalc.version import __version__

    piped = claims_path == "-"  # read from a pipe: gone, so neither size nor hash
    base = os.path.dirname(claims_path) if claims_path and not piped else ""
    claims = (
        FileInfo(STDIN, None, "")
        if piped
        else file_info(claims_path, claims_path)
        if claims_path
        else None
    )
    data = [file_info(p, os.path.join(base, p)) for p in data_paths(formulas)]
    data += [file_info(p, p) for p in data_files if p != "-"]
    return Provenance(claims, tuple(data), today(), __version__)
