"""The command line's plumbing: the one place where a core error becomes a message
(:class:`AidcalcGroup`), reading the inputs with a progress bar, and printing a result.

Errors from the core (:class:`~aidcalc.core.errors.AidcalcError`), and files that cannot be read
or written (``OSError``), become one line on stderr and exit 2 in :meth:`AidcalcGroup.invoke`;
:func:`aidcalc.cli.main.main` adds Ctrl-C (exit 130) and bugs (exit 70). What is written to the
standard streams, and how, is :mod:`aidcalc.cli.streams`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from aidcalc.calc import engine
from aidcalc.calc.groups import Tally
from aidcalc.cli import streams
from aidcalc.cli.options import (
    Inputs,
)
from aidcalc.core.errors import AidcalcError, one_line
from aidcalc.core.result import Result
from aidcalc.output.render import Output, Rendered, render
from aidcalc.reader import Source

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


def read_bytes(name: str) -> bytes:
    """A file's bytes, or standard input's for ``-``."""
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        with open(name, "rb") as fh:
            return fh.read()
    except OSError as e:
        raise AidcalcError(e.strerror or "cannot read the file", file=name) from None
