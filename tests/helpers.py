"""Helpers shared by the tests: run the real CLI through click's CliRunner, parse its output."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from aidcalc.cli.main import cli

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


def csv_rows(*args: Any, code: int = 0) -> list[dict[str, str]]:
    """Run ``aidcalc ARGS --format csv`` and parse its rows."""
    return parse_csv(run(*args, "--format", "csv", code=code).stdout)


def json_pairs(text: str) -> Any:
    """Parse JSON keeping every key of every object, so that a duplicated key shows."""
    return json.loads(text, object_pairs_hook=lambda pairs: pairs)


def has_duplicate_keys(parsed: Any) -> bool:
    if isinstance(parsed, list) and parsed and isinstance(parsed[0], tuple):
        keys = [k for k, _ in parsed]
        return len(keys) != len(set(keys)) or any(has_duplicate_keys(v) for _, v in parsed)
    if isinstance(parsed, list):
        return any(has_duplicate_keys(v) for v in parsed)
    return False


def is_number(text: object) -> bool:
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return True
    try:
        Decimal(str(text))
    except ArithmeticError:
        return False
    return str(text) != ""


def examples(n: int) -> int:
    """Hypothesis examples for a property: ``n`` under the default "ci" profile, ten times as many
    under "deep" (``HYPOTHESIS_PROFILE=deep``, see conftest.py)."""
    import os

    return n * 10 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else n
