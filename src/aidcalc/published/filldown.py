"""Fill-down: blank "same as above" cells of chosen columns carry the value above."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["FillDown"]


class FillDown:
    """Carries the value above into blank cells of chosen columns ("same as above").

    A new value in a fill-down column forgets what was carried in the fill-down columns to its
    right (a new province starts its cities afresh). Call :meth:`reset` after a total row so a
    group never carries across one. Apply it to detail rows only.

    >>> f = FillDown([0])
    >>> f.apply(["甲省", "A县"]), f.apply(["", "B县"])
    (['甲省', 'A县'], ['甲省', 'B县'])
    """

    def __init__(self, columns: Sequence[int]) -> None:
        self.columns = sorted(set(columns))
        self._above: dict[int, str] = {}
        self.filled = 0  # cells filled so far

    def apply(self, cells: Sequence[str]) -> list[str]:
        out = list(cells)
        for n, i in enumerate(self.columns):
            if i >= len(out):
                continue
            if out[i].strip():
                if out[i] != self._above.get(i):
                    for j in self.columns[n + 1 :]:
                        self._above.pop(j, None)
                self._above[i] = out[i]
            elif i in self._above:
                out[i] = self._above[i]
                self.filled += 1
        return out

    def reset(self) -> None:
        self._above.clear()
