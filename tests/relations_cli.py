"""The text pipeline through the real CLI, for the tests of the relations words state:
``extract | explain | check`` on a text, rows by figure as printed."""

from __future__ import annotations

from helpers import parse_csv, run


def checked(text: str, code: int | None = None) -> dict[str, dict[str, str]]:
    """check's rows with explain's, by figure as printed; when nothing could be checked (exit 2),
    explain's status and why. ``code``: the exit code check must end with (None: any)."""
    claims = run("extract", "-", "--format", "csv", input=text).stdout
    explained = run("explain", "-", "--format", "csv", input=claims).stdout
    result = run("check", "-", "--format", "csv", input=explained, code=code)
    by_name = {r["name"]: r for r in parse_csv(explained)}
    if not result.stdout:
        assert result.exit_code == 2 and "nothing was checked" in result.stderr, result.output
        return {r["reported"]: {**r, "verdict": r["status"], "reason": r["why"]}
                for r in by_name.values()}  # fmt: skip
    return {r["reported"]: {**by_name[r["name"]], **r} for r in parse_csv(result.stdout)}
