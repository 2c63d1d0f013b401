"""What sifting one table found besides data rows, said in one line each for stderr."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from aidcalc.core.figures import scaled
from aidcalc.core.formatting import format_fixed
from aidcalc.published.totals import ColumnCheck, RowKind, TotalResult, Verdict

__all__ = ["Sifted"]


@dataclass(repr=False, eq=False)
class Sifted:
    """What sifting one table found besides data rows."""

    totals: list[TotalResult] = field(default_factory=list)
    footers: int = 0
    parts: int = 0
    headings: list[tuple[int, str]] = field(default_factory=list)
    not_amounts: list[tuple[int, str]] = field(default_factory=list)  # rows of rates, changes
    found: list[tuple[int, str, str]] = field(default_factory=list)  # totals no word named
    heads: list[tuple[int, str, str]] = field(default_factory=list)  # subtotals above their block
    data_heads: list[tuple[int, str, str]] = field(default_factory=list)  # heads read as data
    own_totals: int = 0  # rows marked level=all/span in aidcalc's own output read back
    blank: int = 0  # rows with every cell blank
    skipped: int = 0  # rows whose amount is a mark for a missing figure, with --skip-blank
    filled: int = 0

    def notes(self, unit_exp: int, unit_name: str) -> list[str]:
        """One line each, for stderr."""
        out = []
        for line, label, why in sorted(self.found):
            out.append(
                f"line {line}: {label!r} taken for a total row: {why} (--totals keep reads it as"
                " data)"
            )
        out += self._heads()
        matched = [t for t in self.totals if t.verdict is Verdict.MATCH]
        if self.totals:
            out.append(
                f"total rows: {len(matched)} of {len(self.totals)} match the rows they cover"
                " (total rows are checked, never added in)"
            )
        for t in self.totals:
            for c in t.columns:
                if c.within_rounding:
                    out.append(_rounding_note(t, c, unit_exp, unit_name))
        if self.footers:
            out.append(f"passed over {self.footers} note rows under the table")
        if self.parts:
            out.append(f"passed over {self.parts} 其中 (of which) rows: already in the row above")
        if self.not_amounts:
            line, label = self.not_amounts[0]
            more = f" and {len(self.not_amounts) - 1} more" if len(self.not_amounts) > 1 else ""
            out.append(
                f"passed over {len(self.not_amounts)} rows of rates or changes, not amounts"
                f" (line {line}: {label!r}{more})"
            )
        if self.headings:
            line, label = self.headings[0]
            more = f" and {len(self.headings) - 1} more" if len(self.headings) > 1 else ""
            out.append(
                f"passed over {len(self.headings)} rows without an amount"
                f" (line {line}: {label!r}{more})"
            )
        if self.blank:
            out.append(f"passed over {self.blank} blank rows")
        if self.own_totals:
            out.append(f"passed over {self.own_totals} total rows of aidcalc's own output")
        return out

    def _heads(self) -> list[str]:
        """One line per sign of the subtotals found standing above their block."""
        out = []
        for sign in dict.fromkeys(why for _, _, why in self.heads):
            rows = sorted((line, label) for line, label, why in self.heads if why == sign)
            shown = ", ".join(f"line {line}: {label!r}" for line, label in rows[:3])
            more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
            what = (
                f"{len(rows)} rows for subtotals standing above their block ({sign}), each"
                if len(rows) > 1
                else f"1 row for a subtotal standing above its block ({sign}),"
            )
            out.append(
                f"took {what} the sum of the rows below it: {shown}{more} (--totals keep reads"
                f" {'them' if len(rows) > 1 else 'it'} as data)"
            )
        data = sorted(self.data_heads)
        if data:
            shown = "; ".join(f"line {line}: {label!r}, {why}" for line, label, why in data[:3])
            more = f"; and {len(data) - 3} more" if len(data) > 3 else ""
            hint = ""
            if any("chance" in why for _, _, why in data):
                hint = "; --totals drop takes a row equal to its block for a subtotal"
            out.append(
                f"read as data {len(data)} row{'s' if len(data) > 1 else ''} standing above a"
                f" block of rows, not taken for subtotals ({shown}{more}){hint}"
            )
        return out

    def mismatches(self, unit_exp: int, unit_name: str) -> list[str]:
        """One line per total row that disagrees with its rows, naming both figures."""
        out = []
        for t in self.totals:
            if t.verdict is not Verdict.MISMATCH:
                continue
            for c in t.columns:
                if c.verdict is not Verdict.MISMATCH or c.reported is None:
                    continue
                assert c.computed is not None
                what = "subtotal" if t.kind is RowKind.SUBTOTAL else "total"
                allowed = ""
                if c.bound:
                    allowed = f" (rounding allows {_show(c.bound, unit_exp, unit_name)} at most)"
                out.append(
                    f"line {t.line}: the {what} row {t.label!r} says"
                    f" {_show(c.reported, unit_exp, unit_name)}, but the {t.rows} rows it covers"
                    f" add up to {_show(c.computed, unit_exp, unit_name)}{allowed}"
                )
        return out


def _rounding_note(t: TotalResult, c: ColumnCheck, unit_exp: int, unit_name: str) -> str:
    assert c.reported is not None and c.computed is not None
    each = ""
    if c.unit is not None:
        step = "a whole unit" if c.unit == scaled(1, unit_exp) else _show(c.unit, unit_exp, "")
        each = f", each printed to {step}" + (f" ({unit_name})" if unit_name else "")
    text = (
        f"line {t.line}: {t.label!r} agrees only within rounding:"
        f" {_show(c.reported, unit_exp, unit_name)} against {t.rows} rows adding to"
        f" {_show(c.computed, unit_exp, unit_name)}{each}"
    )
    if c.unlikely:
        text += (
            f"; a gap of {_show(c.gap, unit_exp, unit_name)} where independent roundings"
            f" plausibly reach {_show(c.plausible, unit_exp, unit_name)}: it agrees only if nearly"
            " every row was rounded the same way"
        )
    return text


def _show(x: Fraction, unit_exp: int, unit_name: str) -> str:
    value = x / scaled(1, unit_exp)
    if value.denominator in (1, 2, 4, 5, 10):
        text = format_fixed(value, 0 if value.denominator == 1 else 2)
    elif value.denominator in (20, 25, 50, 100):
        text = format_fixed(value, 2)
    else:
        text = format_fixed(value, 2 if abs(value) >= 1 else 4)
    return f"{text} {unit_name}" if unit_name else text
