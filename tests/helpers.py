"""Helpers shared by the tests: run the real CLI through click's CliRunner, parse its output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from aidcalc.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def run(*args: Any, input: str | bytes | None = None, code: int | None = 0) -> Result:
    """Invoke ``aidcalc ARGS`` and assert its exit status unless ``code`` is None (the output is
    the failure message)."""
    result = CliRunner().invoke(
        cli, [str(a) for a in args], input=input, catch_exceptions=False, prog_name="aidcalc"
    )
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def bad(*args: Any, input: str | bytes | None = None) -> str:
    """Invoke a command that must refuse: exit 2, nothing on stdout, one line on stderr."""
    result = run(*args, input=input, code=2)
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def parse_csv(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def parse_json(text: str) -> Any:
    return json.loads(text)
