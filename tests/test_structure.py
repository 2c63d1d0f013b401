"""The tree keeps the shape the README's map shows: no module imports in a circle at run time, and
no module is over 500 lines (each cut by concern). The layers themselves are an import-linter
contract (pyproject.toml), run by .ci/run."""

from __future__ import annotations

from pathlib import Path

import grimp
from helpers import ROOT

SRC = ROOT / "src" / "aidcalc"


def test_no_module_imports_in_a_circle() -> None:
    graph = grimp.build_graph("aidcalc", exclude_type_checking_imports=True)
    circles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert circles == []


def test_no_module_is_over_500_lines() -> None:
    sizes = {
        str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines())
        for p in Path(SRC).rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 500} == {}
