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


def figure(rows: dict[str, dict[str, str]], figures: str) -> dict[str, str]:
    """The one row printed as one of ``figures`` (``a|b``: the right and the wrong spelling)."""
    found = [rows[f] for f in figures.split("|") if f in rows]
    assert len(found) == 1, (figures, list(rows))
    return found[0]


def each_wording(right: str, wrong: str, ambiguous: str, figures: str, formula: str) -> None:
    """One cue family: consistent with the right figure (the formula its words state), caught
    when it is wrong (exit 1, the same cue), unchecked with a reason when the words leave it
    open."""
    good = figure(checked(right, code=0), figures)
    assert good["verdict"] == "consistent", good
    assert good["cue"] and good["formula"] == formula, good
    bad = figure(checked(wrong, code=1), figures)
    assert bad["verdict"] == "inconsistent", bad
    assert bad["cue"] == good["cue"]
    unsure = figure(checked(ambiguous), figures)
    assert unsure["verdict"] == "unchecked", unsure
    assert unsure["reason"], unsure
