"""Every command's output on the files in ``data/``, in every format, pinned byte for byte.

A change that alters any of these outputs must mean to: refresh the pinned text with
``AIDCALC_UPDATE_GOLDEN=1 python -m pytest tests/output/test_golden.py`` and read the diff.
"""

from __future__ import annotations

import os
import shlex

import pytest
from click.testing import CliRunner
from helpers import ROOT

from aidcalc.cli.main import cli

GOLDEN = ROOT / "tests" / "golden" / "outputs.txt"
FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")
COMMANDS = [
    *(f"summary data/2018.csv --format {f}" for f in FORMATS),
    *(f"summary data/2018.csv --by group --unit million --format {f}" for f in FORMATS),
    *(f"total data/2018.csv --by group --format {f}" for f in FORMATS),
    *(f"mean data/2018.csv --by group --format {f}" for f in FORMATS),
    *(f"share data/2018.csv --by group --unit yi --digits 3 --format {f}" for f in FORMATS),
    *(f"yoy data/central-fund.csv --unit yi --format {f}" for f in FORMATS),
    "yoy data/central-fund.csv --by scope --unit billion",
    "total data/central-fund.csv --by scope --where year!=2015",
    "summary data/2018.csv data/2018.csv --by file",
    *(f"check data/claims-2018.csv --format {f}" for f in FORMATS),
    *(f"check data/claims-2018-data.csv --format {f}" for f in FORMATS),
    "check data/claims-2018-zh.csv",
    "check data/claims-2018-zh.csv --format csv",
    'check --formula "2.831 billion / 72" --reported "39.33 million"',
    'check --formula "cagr(332亿, 1461亿, 8)" --reported "20%" --format json',
]


def transcript(command: str) -> str:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(cli, shlex.split(command), prog_name="aidcalc", terminal_width=100)
    finally:
        os.chdir(cwd)
    return f"$ aidcalc {command}\n{r.stdout}--- stderr\n{r.stderr}--- exit {r.exit_code}\n\n"


def test_outputs_on_the_sample_data_are_pinned() -> None:
    text = "".join(transcript(c) for c in COMMANDS)
    if os.environ.get("AIDCALC_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
        pytest.skip("golden outputs refreshed")
    pinned = GOLDEN.read_text(encoding="utf-8")
    for got, want in zip(text.split("\n$ "), pinned.split("\n$ ")):
        assert got == want
    assert text == pinned
