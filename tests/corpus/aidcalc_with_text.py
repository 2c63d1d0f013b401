"""aidcalc, with ``extract`` writing where each figure stands (``start, end, paragraph, page,
text``: the claims columns of HELPERS.md) when this version's ``extract`` does not yet. The
relation reader needs the text between the figures; the corpus is scored through this."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import aidcalc.extract as ex
from aidcalc.result import ColumnKind, Result, ResultColumn

PLACE = ("start", "end", "paragraph", "page", "text")


def main() -> int:
    original_extract, original_result = ex.extract, ex.found_result
    cleaned: dict[str, str] = {}

    def extract(text: str) -> list[ex.Found]:
        cleaned["text"] = ex._clean(text)
        return original_extract(text)

    def found_result(found: Iterable[ex.Found]) -> Result:
        found = list(found)
        result = original_result(found)
        if "text" in [c.key for c in result.columns]:
            return result  # extract writes the columns itself
        text = cleaned.get("text", "")
        columns = [*result.columns, *(ResultColumn(c, c, ColumnKind.TEXT) for c in PLACE)]
        rows = [
            [*row, str(f.start), str(f.end), "1", "", text if i == 0 else ""]
            for i, (row, f) in enumerate(zip(result.rows, found, strict=True))
        ]
        return Result(columns, rows)

    ex.extract = extract  # type: ignore[assignment]
    ex.found_result = found_result  # type: ignore[assignment]
    from aidcalc.cli import cli

    cli(prog_name="aidcalc")  # exits with the command's status
    return 0


if __name__ == "__main__":
    sys.exit(main())
