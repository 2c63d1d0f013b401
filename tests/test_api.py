"""The Python API: docs/api.md's examples run as doctests, and results match the CLI's output."""

from __future__ import annotations

import doctest
import os

import pytest
from helpers import DATA, ROOT, run

import aidcalc


def test_api_document_examples_run() -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        failures, tried = doctest.testfile(
            str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS
        )
    finally:
        os.chdir(cwd)
    assert tried >= 10
    assert failures == 0


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_results_render_as_the_cli_prints(fmt: str) -> None:
    path = str(DATA / "2018.csv")
    for name in ("summary", "total", "mean", "share"):
        result = getattr(aidcalc, name)(path, by="group")
        cli = run(name, path, "--by", "group", "--format", fmt, "--unit", "million")
        assert result.render(fmt, unit="million") == cli.stdout


def test_records_and_unknown_attribute() -> None:
    rows = aidcalc.share(str(DATA / "2018.csv"), by=["group"]).records()
    assert sum(r["share"] for r in rows[:-1]) == 1
    with pytest.raises(AttributeError):
        aidcalc.no_such_function  # noqa: B018
