"""Regressions from issue 10 item 26: data paths in claims files stay inside the claims file's
folder (or ``--data-dir``), and errors about files the user did not name never quote them.

Taken from the issue-10 test set (``tests/cli/test_io_failures.py`` of branch h-tests10), item 26 only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from helpers import ROOT, parse_csv, run

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


# ---------------------------------------------------------------------------------------------
# 26. Data paths in claims files stay inside the claims file's folder


@pytest.fixture
def leak(tmp_path: Path) -> dict[str, object]:
    """A claims folder with rows that reach out of it, and the secrets they would leak."""
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = f"CANARY{uuid.uuid4().hex}"
    (outside / "secret.csv").write_text("amount\n424242\n")
    (outside / "note.csv").write_text(f"{canary}-file\nline two\n")
    claims_dir = tmp_path / "claims"
    claims_dir.mkdir()
    (claims_dir / "link.csv").symlink_to(outside / "secret.csv")
    (claims_dir / "note-link.csv").symlink_to(outside / "note.csv")
    (claims_dir / "sub").symlink_to(outside, target_is_directory=True)
    (claims_dir / "passwd-link.csv").symlink_to("/etc/passwd")
    up = "../" * (len(claims_dir.parts) - 1)
    formulas = [
        "total(/etc/shadow)",
        "total(/proc/self/environ)",
        "total(../../../etc/passwd)",
        f"total({up}etc/passwd)",
        "total(/etc/passwd)",
        "total(link.csv)",
        "total(note-link.csv)",
        "total(sub/secret.csv)",
        "total(sub/note.csv)",
        "total(../outside/secret.csv)",
        "total(../outside/note.csv)",
        f"total({outside / 'secret.csv'})",
        "total(passwd-link.csv)",
        "rows(/etc/passwd)",
        "mean(/etc/passwd)",
        "counties(/etc/passwd)",
    ]
    claims = claims_dir / "sec.csv"
    claims.write_text("reported,formula\n" + "".join(f"424242,{f}\n" for f in formulas))
    secrets = [canary]
    for name in ("/etc/passwd", "/etc/shadow"):
        try:
            first = Path(name).read_text(errors="replace").splitlines()[0]
        except (OSError, IndexError):
            continue
        secrets += [first, first[:12]]
    return {"claims": claims, "rows": len(formulas), "secrets": secrets, "canary": canary}


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "tsv", "jsonl", "markdown"])
def test_claims_file_cannot_read_outside_its_folder(leak: dict[str, object], fmt: str) -> None:
    """issue 10 item 26: a claims file made aidcalc read any file and print part of it (the first
    line of /etc/shadow, 60 bytes of the environment) in every format. Each such row is an error,
    and no byte of those files reaches the output."""
    canary = str(leak["canary"])
    env = {"AIDCALC_SECRET_TEST": f"{canary}-env", **ENV}
    p = aidcalc("check", leak["claims"], "--format", fmt, env=env)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 2, err
    text = out.decode() + err.decode()
    for secret in leak["secrets"]:  # type: ignore[attr-defined]
        assert secret not in text, (secret, text)
    assert "SHELL=" not in text and "PATH=" not in text and "root:" not in text, text
    if fmt == "csv":
        verdicts = [r["verdict"] for r in parse_csv(out.decode())]
    elif fmt == "json":
        verdicts = [r["verdict"] for r in json.loads(out)]
    else:
        verdicts = re.findall(r"\berror\b", out.decode())
    if fmt in ("csv", "json"):
        assert verdicts == ["error"] * leak["rows"], verdicts  # type: ignore[operator]
    else:
        assert "consistent" not in out.decode(), out
        assert len(verdicts) >= leak["rows"], out  # type: ignore[operator]


def test_data_dir_names_another_root(tmp_path: Path) -> None:
    """issue 10 item 26: `--data-dir DIR` allows another root.

    Decision expected of the lead: a PATH in a claims file is still written relative to the claims
    file (as the README says) and must resolve, symbolic links followed, to somewhere inside the
    claims file's folder, or inside DIR when `--data-dir DIR` is given. The case below resolves to
    the same file whether relative paths are taken from the claims folder or from DIR."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "d.csv").write_text("amount\n7\n")
    (tmp_path / "claims").mkdir()
    claims = tmp_path / "claims" / "c.csv"
    claims.write_text("reported,formula\n7,total(../data/d.csv)\n")
    rows = parse_csv(run("check", claims, "--format", "csv", code=2).stdout)
    assert [r["verdict"] for r in rows] == ["error"]
    rows = parse_csv(
        run("check", claims, "--data-dir", tmp_path / "data", "--format", "csv").stdout
    )
    assert [r["verdict"] for r in rows] == ["consistent"]


def test_inside_the_claims_folder_still_works(tmp_path: Path) -> None:
    """issue 10 item 26: paths inside the claims folder, also in a subfolder, still work."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.csv").write_text("amount\n7\n")
    (tmp_path / "d.csv").write_text("amount\n5\n")
    claims = tmp_path / "c.csv"
    claims.write_text(
        "reported,formula\n7,total(sub/d.csv)\n5,total(d.csv)\n5,total(sub/../d.csv)\n"
    )
    rows = parse_csv(run("check", claims, "--format", "csv").stdout)
    assert [r["verdict"] for r in rows] == ["consistent"] * 3


def test_formula_option_resolves_against_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 10 item 26: `--formula` on its own resolves against the current folder under the same
    rule, and never quotes a file it was not allowed to read."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "d.csv").write_text("amount\n7\n")
    (tmp_path / "secret.csv").write_text("amount\n424242\n")
    monkeypatch.chdir(work)
    assert (
        parse_csv(
            run("check", "--formula", "total(d.csv)", "--reported", "7", "--format", "csv").stdout
        )[0]["verdict"]
        == "consistent"
    )
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    for formula in ("total(../secret.csv)", "total(/etc/passwd)", f"total({tmp_path}/secret.csv)"):
        result = run(
            "check", "--formula", formula, "--reported", "424242", "--format", "csv", code=2
        )
        assert [r["verdict"] for r in parse_csv(result.stdout)] == ["error"], result.stdout
        assert passwd not in result.output and "root:" not in result.output


def test_errors_about_data_files_quote_no_cell(tmp_path: Path) -> None:
    """issue 10 item 26: an error about a file the user did not name never quotes its contents:
    not the bad cell, not the header's column names."""
    (tmp_path / "cell.csv").write_text("amount\n1\nSECRET-CELL\n")
    (tmp_path / "header.csv").write_text("SECRET-COLUMN,other\n1,2\n")
    (tmp_path / "filter.csv").write_text("year,amount\nSECRET-YEAR,1\n")
    claims = tmp_path / "c.csv"
    claims.write_text(
        "reported,formula\n1,total(cell.csv)\n1,total(header.csv)\n"
        '1,"total(filter.csv[year>=2011])"\n2,1+1\n'
    )
    for fmt in ("csv", "json", "table"):
        result = run("check", claims, "--format", fmt, code=2)
        assert "SECRET" not in result.output, result.output
    rows = parse_csv(run("check", claims, "--format", "csv", code=2).stdout)
    assert [r["verdict"] for r in rows] == ["error", "error", "error", "consistent"]
    assert "cell.csv, line 3" in rows[0]["reason"], rows[0]
    assert "no amount column" in rows[1]["reason"], rows[1]


def test_a_file_named_on_the_command_line_is_quoted(tmp_path: Path) -> None:
    """The same cell in a file the user named is quoted, as every other command does."""
    (tmp_path / "cell.csv").write_text("amount\n1\nSECRET-CELL\n")
    assert "SECRET-CELL" in run("total", tmp_path / "cell.csv", code=2).stderr
