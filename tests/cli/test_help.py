"""Help that teaches, and completion: every command and option explains itself."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from helpers import DATA, ROOT, run

from aidcalc.cli.main import cli

COMMANDS = sorted(cli.commands)


def test_top_level_help_lists_every_command_with_a_summary() -> None:
    out = run("--help").stdout
    listed = out.split("Commands:")[1]
    for name in COMMANDS:
        line = next(x for x in listed.splitlines() if x.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10, line


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.get_short_help_str()) > 10
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_ends_with_real_examples(name: str) -> None:
    out = run(name, "--help").stdout
    examples = out.split("Examples:")[1].split("Options:")[0].strip().splitlines()
    assert 2 <= len(examples) <= 3
    for example in examples:
        assert example.strip().startswith(("aidcalc ", "cat ")), example


@pytest.mark.parametrize("name", COMMANDS)
def test_help_examples_on_sample_data_run(name: str, monkeypatch) -> None:
    """Examples that name files in data/ must work as written."""
    import shlex

    monkeypatch.chdir(ROOT)
    out = run(name, "--help").stdout
    for example in out.split("Examples:")[1].split("Options:")[0].strip().splitlines():
        args = shlex.split(example.strip())
        if args[0] != "aidcalc" or not all((ROOT / a).exists() for a in args if a.endswith(".csv")):
            continue
        assert run(*args[1:], code=None).exit_code in (0, 1), example


def complete(words: str) -> list[str]:
    parts = words.split(" ")
    result = CliRunner().invoke(
        cli,
        [],
        prog_name="aidcalc",
        env={
            "_AIDCALC_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
    )
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def test_completion_of_commands_and_column_names(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert "summary" in complete("aidcalc su")
    assert complete("aidcalc summary data/2018.csv --by ") == ["group", "counties", "amount"]
    assert complete("aidcalc summary data/2018.csv --by gr") == ["group"]
    assert complete("aidcalc total data/2018.csv --where ") == [
        "group=",
        "counties=",
        "amount=",
    ]
    assert complete("aidcalc total data/2018.csv --amount am") == ["amount"]
    assert complete("aidcalc total --by ") == []  # no file yet: nothing to offer


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    result = CliRunner().invoke(
        cli, [], prog_name="aidcalc", env={"_AIDCALC_COMPLETE": f"{shell}_source"}
    )
    assert "_AIDCALC_COMPLETE" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"_AIDCALC_COMPLETE={shell}_source aidcalc" in readme


def test_version_lives_in_one_place() -> None:
    import aidcalc

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert f"## {aidcalc.__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_data_files_are_documented() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for path in DATA.glob("*.csv"):
        assert f"`{path.name}`" in readme, path.name


def test_where_help_lists_every_comparison_the_parser_knows() -> None:
    """Issue 17 item 5: every comparison of the one parser (filters.Op), and dates, as the README
    documents them."""
    from aidcalc.reader.filters import Op

    command = cli.commands["total"]
    where = next(p for p in command.params if p.name == "where")
    assert isinstance(where, click.Option) and where.help
    text = " ".join(where.help.split())
    for op in Op:
        form = "COL in (A, B)" if op is Op.IN else f"COL{op.value}"
        assert form in text, (op, text)
        assert f"COL{op.value}N" in text or op in (Op.EQ, Op.NE, Op.IN), (op, text)
    assert "date>=2019-07-01" in text
