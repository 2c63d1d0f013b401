"""Regressions from issue 10 about the process and its files: encodings, I/O failures, Ctrl-C,
paths in claims files, control characters and very long headers (items 23–28).

Most run ``python -m aidcalc`` in a subprocess, because the failures are of the real process: its
standard streams, its signals, its environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import DATA, ROOT, parse_csv

from aidcalc.cli.main import cli

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def aidcalc(*args: object, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "aidcalc", *map(str, args)],
        env=env or ENV,
        stdin=kwargs.pop("stdin", subprocess.DEVNULL),
        stdout=kwargs.pop("stdout", subprocess.PIPE),
        stderr=kwargs.pop("stderr", subprocess.PIPE),
        **kwargs,
    )


def shell(command: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in bash with ``aidcalc`` standing for ``python -m aidcalc``."""
    aid = f'"{sys.executable}" -m aidcalc'
    return subprocess.run(
        ["bash", "-c", command.replace("aidcalc", aid)],
        capture_output=True,
        env=ENV,
        timeout=60,
        **kwargs,
    )


def one_line(err: bytes) -> str:
    text = err.decode("utf-8", "replace")
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert "internal error" not in text and "Traceback" not in text, text
    return lines[0]


# ---------------------------------------------------------------------------------------------
# 23. Legacy output encodings


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "latin-1", "ascii"])
@pytest.mark.parametrize(
    "args, code, needle",
    [
        (["share", DATA / "2018.csv", "--by", "group"], 0, "severely poor"),
        (["yoy", DATA / "central-fund.csv"], 0, "2012"),
        (["check", DATA / "claims-2018.csv"], 1, "inconsistent"),
        (["check", DATA / "claims-2018.csv", "--format", "csv"], 1, "inconsistent"),
        (["summary", DATA / "2018.csv", "--by", "group"], 0, "other partner"),
    ],
    ids=["share", "yoy", "check", "check-csv", "summary"],
)
def test_legacy_output_encoding_falls_back_to_ascii(
    encoding: str, args: list[object], code: int, needle: str
) -> None:
    """issue 10 item 23: `PYTHONIOENCODING=cp1252` (cp437, latin-1) was an internal error on the
    bar glyphs, `–` and `×`, and check lost its exit status. Fall back to ASCII for what cannot be
    encoded."""
    env = {**ENV, "PYTHONIOENCODING": encoding}
    p = aidcalc(*args, env=env)
    out, err = p.communicate(timeout=60)
    assert p.returncode == code, err
    assert b"internal error" not in err and b"Traceback" not in err, err
    text = out.decode(encoding)
    assert needle in text, text


# ---------------------------------------------------------------------------------------------
# 24. Input and output failures


def test_full_disk_on_stdout_is_one_line_exit_2() -> None:
    """issue 10 item 24: `> /dev/full` was "internal error, please report it", exit 70."""
    with open("/dev/full", "wb") as full:
        p = aidcalc("total", DATA / "2018.csv", stdout=full)
        _, err = p.communicate(timeout=60)
    assert p.returncode == 2, err
    one_line(err)


def test_closed_stdout_is_one_line_exit_2() -> None:
    """issue 10 item 24: a closed stdout (`>&-`) was an internal error, exit 70."""
    done = shell(f"aidcalc total {DATA / '2018.csv'} >&-")
    assert done.returncode == 2, done.stderr
    one_line(done.stderr)


def test_closed_stdin_is_one_line_exit_2() -> None:
    """issue 10 item 24: a closed stdin with `-` (`<&-`) was an internal error, exit 70."""
    done = shell("aidcalc total - <&-")
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    one_line(done.stderr)


def test_read_error_names_the_file() -> None:
    """issue 10 item 24: a read error (`aidcalc total /proc/self/mem`) was an internal error."""
    p = aidcalc("total", "/proc/self/mem")
    out, err = p.communicate(timeout=60)
    assert (p.returncode, out) == (2, b""), err
    assert "/proc/self/mem" in one_line(err)


def test_unreadable_data_file_in_check_is_an_error_row(tmp_path: Path) -> None:
    """issue 10 item 24: in check, a data file that cannot be read makes that row an error; the
    other rows are still checked."""
    (tmp_path / "d.csv").mkdir()
    claims = tmp_path / "c.csv"
    claims.write_text("reported,formula\n1,total(d.csv)\n2,1+1\n")
    p = aidcalc("check", claims, "--format", "csv")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 2, err
    assert [r["verdict"] for r in parse_csv(out.decode())] == ["error", "consistent"]
    assert b"internal error" not in err


@pytest.mark.parametrize(
    "args, stdout_full",
    [
        (["total", "/nonexistent/x.csv"], False),
        (["total", "-"], False),
        (["total", DATA / "2018.csv"], True),
    ],
    ids=["missing-file", "bad-stdin", "stdout-full-too"],
)
def test_unwritable_stderr_still_exits_2(args: list[object], stdout_full: bool) -> None:
    """issue 10 item 24: when stderr itself cannot be written the status is still 2, never 1 or
    0."""
    with open("/dev/full", "wb") as full:
        p = aidcalc(
            *args,
            stdin=subprocess.PIPE,
            stdout=full if stdout_full else subprocess.PIPE,
            stderr=full,
        )
        p.communicate(input=b"amount\n1.234,56\n", timeout=60)
    assert p.returncode == 2

    # 25. Ctrl-C: tests/cli/test_process.py (one line, exit 130, no traceback)


# ---------------------------------------------------------------------------------------------
# 27. Control characters in cells


CONTROL = 'g,amount\n"\x1b]0;pwned\x07",1\n"\x1b[31mred\x1b[0m",2\nplain,3\n'


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_control_characters_are_escaped_in_tables(write, fmt: str) -> None:
    """issue 10 item 27: control characters reached the terminal raw in table output
    (`\\x1b]0;pwned\\x07` sets the window title); escape them as error messages already do."""
    path = write("f.csv", CONTROL)
    # color=True: click strips nothing, as on a terminal
    result = CliRunner().invoke(
        cli, ["total", str(path), "--by", "g", "--format", fmt], color=True, prog_name="aidcalc"
    )
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout, repr(result.stdout)
    assert "pwned" in result.stdout and "red" in result.stdout


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_machine_formats_to_a_pipe_write_cells_exactly(write, fmt: str, delimiter: str) -> None:
    """issue 10 item 27: in CSV/TSV to a pipe, click stripped ANSI sequences and so silently
    changed group names; machine formats write cells exactly."""
    path = write("f.csv", CONTROL)
    p = aidcalc("total", path, "--by", "g", "--format", fmt)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    groups = [r["g"] for r in parse_csv(out.decode(), delimiter)]
    assert groups[:3] == ["\x1b]0;pwned\x07", "\x1b[31mred\x1b[0m", "plain"], groups


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_to_a_pipe_keeps_cells_exactly(write, fmt: str) -> None:
    """issue 10 item 27: the same for JSON, through a pipe."""
    path = write("f.csv", CONTROL)
    p = aidcalc("total", path, "--by", "g", "--format", fmt)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    text = out.decode()
    rows = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
    assert [r["g"] for r in rows[:3]] == ["\x1b]0;pwned\x07", "\x1b[31mred\x1b[0m", "plain"]
