"""The README's examples are real: each ```console block is run and its output compared.

To refresh them after changing output: AIDCALC_UPDATE_README=1 python -m pytest tests/cli/test_readme.py
"""

from __future__ import annotations

import os
import re
import shlex

import pytest
from click.testing import CliRunner
from helpers import ROOT

from aidcalc.cli.main import cli

README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S)


def output_of(command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "aidcalc", command
    both = args[-1] == "2>&1"  # stderr shown too, after stdout
    args = args[:-1] if both else args
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, args[1:], prog_name="aidcalc", terminal_width=100)
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    return result.stdout + (result.stderr if both else "")


def test_readme_examples_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    assert len(blocks) >= 8
    if os.environ.get("AIDCALC_UPDATE_README"):
        new = BLOCK.sub(
            lambda m: f"```console\n$ {m['command']}\n{output_of(m['command'])}```", text
        )
        README.write_text(new, encoding="utf-8")
        pytest.skip("README refreshed")
    for m in blocks:
        assert m["output"] == output_of(m["command"]), f"README is stale for: {m['command']}"


def test_quick_start_has_exactly_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"## Quick start\n\n```sh\n(.*?)```", text, re.S)
    assert m is not None
    commands = m.group(1).strip().splitlines()
    assert len(commands) == 2
    assert "aidcalc summary data/2018.csv" in commands[0]
    assert "pytest" in commands[1] and ".[test]" in commands[1]
