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


def test_the_public_functions_are_visible_and_lazy() -> None:
    """A notebook's tab completion (dir) and help() show the API; importing it stays lazy."""
    import subprocess
    import sys

    from aidcalc import api

    assert set(aidcalc.__all__) == set(api.__all__)
    assert {"summary", "total", "mean", "share", "yoy", "read", "check"} <= set(dir(aidcalc))
    assert all(callable(getattr(aidcalc, name)) for name in aidcalc.__all__)
    assert "check_formula(formula, reported)" in (aidcalc.__doc__ or "")
    # a fresh interpreter: importing aidcalc and listing its names imports no statistics code
    code = "import sys, aidcalc; dir(aidcalc); print(sorted(m for m in sys.modules if m.startswith('aidcalc')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['aidcalc', 'aidcalc.version']"
