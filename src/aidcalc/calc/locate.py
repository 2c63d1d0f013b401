"""Where a group key value first appears, for an error found after the pass over the rows.

The tally keeps per-group figures, not lines. When a statistic refuses a key value afterwards (a
year that is not a year, in ``yoy``), :func:`locate` reads the files once more — on that error
path only — to name the file and line of the first row that carries the value, as every other
refusal does. Standard input cannot be read twice; an error about it names the value only.
"""

from __future__ import annotations

from collections.abc import Sequence

from aidcalc.core.errors import AidcalcError
from aidcalc.reader import Source, open_table
from aidcalc.reader.query import Keys, Query

__all__ = ["locate"]


def locate(error: AidcalcError, sources: Sequence[Source], query: Query) -> AidcalcError:
    """``error`` (about the value of the first key column of ``query``) with its file, line and
    column filled in from the first row that carries that value; unchanged when none is found.
    """
    if error.value is None or error.line is not None:
        return error
    for source in sources:
        if source.path is None:  # stdin is gone
            continue
        try:
            with open_table(source, delimiter=query.delimiter, encoding=query.encoding) as table:
                layout = query.resolve(table)
                if not layout.keys or layout.keys[0] < 0:  # no column (or the file's name)
                    return error
                column = table.columns[layout.keys[0]].text
                keys = Keys(layout)
                for line, row in table.rows:
                    if layout.keeps(row) and keys.of(row)[0] == error.value:
                        return error.located(file=source.name, line=line, column=column)
        except (AidcalcError, OSError):  # the first error stands; this one only adds a place
            continue
    return error
