"""What would fix it: one printed figure whose change clears a check's failures.

A failing figure (an inconsistent claim) takes part in relations: its own formula, and the formulas
of the rows that use it by name. A **fix** is a change to one printed figure — the failing one, or
one of the figures its formula uses — after which every relation that figure takes part in is
consistent: the failing ones cleared, none that held broken. Each candidate is tried exactly, by
the same decision the check made (:meth:`FixEnvironment.decide`), never estimated.

The candidates are the likely slips of the printed text (:func:`slips`): one digit added, dropped
or changed, two neighbouring digits swapped, the decimal point moved, a unit slip (万 for 亿,
thousand for million: the scale words of :data:`aidcalc.core.units.SCALES`), percent for percentage
points; for a misstated figure, the value of its correct formula under the name of the mistake
``explain`` found (``wrong base``). Where no likely slip clears a failure, the value the figure
would need is named only when the figure is the one printed figure its formula has; where several
could change and none is a likely slip, nothing is named, and nothing is when no single change
clears the failures.

=============================  ===============================================================
``find_fixes(rows, env, f)``   sets ``row.fix`` on every failing row some single change clears
``slips(text)``                the likely slips of a printed figure: (text it would have, slip)
``Fix``                        the figure, as printed and as it would read, its value, the slip,
                               and the failing figures it clears
=============================  ===============================================================
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from aidcalc.checker.claims import Claim, Verdict
from aidcalc.checker.exact import Outcome
from aidcalc.checker.formula import Node, Num, Ref, Value, leaves, parse
from aidcalc.checker.wording import Reported, read_reported
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import NUMBER, scaled
from aidcalc.core.formatting import format_fixed
from aidcalc.core.units import SCALES

__all__ = ["Checked", "Fix", "FixEnvironment", "find_fixes", "slips"]

#: At most this many exact decisions are tried for one check's fixes, each within ``LIMIT`` boxes
#: (a bound on the work any claims file can ask for: a fix not proven within them is not named).
BUDGET = 400
LIMIT = 40
#: A slip is named only when the chance that some slip tried clears the failures by coincidence
#: is at most this (as ``explain`` asks of an explanation).
CHANCE = Fraction(1, 20)

# the slips, most likely first (the order breaks ties between fixes that clear as much)
ADDED, DROPPED, SWAPPED, CHANGED = (
    "a digit added",
    "a digit dropped",
    "two digits swapped",
    "a digit changed",
)
DECIMAL, UNIT, PERCENT, POINTS = (
    "decimal point moved",
    "unit slip",
    "percent for points",
    "points for percent",
)
_RANK = {SWAPPED: 0, ADDED: 1, DROPPED: 1, CHANGED: 2, UNIT: 3, DECIMAL: 4, PERCENT: 5, POINTS: 5}

_PERCENT_SIGNS = ("%", "percent", "per cent")
_POINT_WORDS = ("个百分点", "percentage points", "percentage point")


@dataclass(frozen=True)
class Fix:
    """A change to one printed figure that clears failures: ``printed`` → ``to``.

    ``figure`` is the label of the row whose figure changes (its name, else its figure);
    ``literal`` is set when the figure is a number written in a formula rather than a row.
    ``slip`` names the likely slip (``a digit added``), empty when the change is not one.
    ``clears`` are the labels of the failing figures the change makes consistent."""

    figure: str
    printed: str
    to: str
    value: Fraction
    slip: str
    clears: tuple[str, ...]
    literal: bool = False

    @property
    def line(self) -> str:
        """``12142万元 → 2142万元 (a digit added) clears both: nontax, nontax_change``."""
        where = f" in the formula of {self.figure}" if self.literal else ""
        text = f"{self.printed} → {self.to}{where}"
        text += f" ({self.slip})" if self.slip else " (not a likely slip)"
        n = len(self.clears)
        if n > 1:
            text += f" clears {'both' if n == 2 else f'all {n}'}: {', '.join(self.clears)}"
        return text


class Checked(Protocol):
    """A checked row as :mod:`aidcalc.checker.verdicts` makes it (its ``Checked``): what a fix
    reads, and the two fields it sets (this module sits below the checker and does not import
    it)."""

    claim: Claim
    verdict: Verdict
    reported: Reported | None
    value: Value | None
    reason: str
    fix: Fix | None


class FixEnvironment(Protocol):
    """The check's names and files (``verdicts._Env``), to try a change exactly."""

    def replaced(self, name: str, rep: Reported) -> FixEnvironment: ...

    def decide(self, node: Node, rep: Reported, limit: int = ...) -> Outcome: ...


# ---------------------------------------------------------------------------------------------
# The likely slips of a printed figure


def slips(text: str) -> list[tuple[str, str]]:
    """Each text the printed figure ``text`` could have been meant as, with the slip that would
    turn it into ``text``: ``12142万元`` is ``2142万元`` with a digit added.

    >>> ("2142万元", "a digit added") in slips("12142万元")
    True
    >>> ("4755", "two digits swapped") in slips("4575")
    True
    >>> ("5.3亿元", "unit slip: 万 for 亿") in slips("5.3万元")
    True
    """
    m = NUMBER.search(text)
    if m is None:
        return []
    out: dict[str, str] = {}

    def add(number: str, slip: str) -> None:
        if not any(c.isdigit() for c in number) or number.startswith("."):
            return
        if len(number) > 1 and number[0] == "0" and number[1] != ".":
            return
        if number.endswith("."):
            return
        new = text[: m.start()] + _grouped(number, "," in m.group(0)) + text[m.end() :]
        if new != text:
            out.setdefault(new, slip)

    raw = m.group(0).replace(",", "")
    places = [i for i, c in enumerate(raw) if c.isdigit()]
    point = raw.find(".") if "." in raw else len(raw)
    # a digit added or dropped in the whole part (in the decimals it would change the precision)
    for i in places:
        if i < point:
            add(raw[:i] + raw[i + 1 :], ADDED)
    for i in places[:-1]:
        j = i + 1
        if raw[j].isdigit() and raw[i] != raw[j]:
            add(raw[:i] + raw[j] + raw[i] + raw[j + 1 :], SWAPPED)
    for i in range(point + 1):
        for d in "0123456789":
            add(raw[:i] + d + raw[i:], DROPPED)
    for i in places:
        for d in "0123456789":
            if d != raw[i]:
                add(raw[:i] + d + raw[i + 1 :], CHANGED)
    digits = raw.replace(".", "")
    for at in (point - 2, point - 1, point + 1, point + 2):
        if 0 < at < len(digits):
            add(digits[:at] + "." + digits[at:], DECIMAL)
        elif at >= len(digits) and "." in raw:
            add(digits + "0" * (at - len(digits)), DECIMAL)
    for new, slip in _word_slips(text, m.end()):
        out.setdefault(new, slip)
    return list(out.items())


def _grouped(number: str, grouped: bool) -> str:
    if not grouped:
        return number
    whole, dot, frac = number.partition(".")
    return f"{int(whole):,}{dot}{frac}"


def _word_slips(text: str, after: int) -> Iterator[tuple[str, str]]:
    """A scale word for another of the same script (万 for 亿), percent for points and back."""
    rest = text[after:]
    lead = len(rest) - len(rest.lstrip())
    word = next(
        (w for w in sorted(SCALES, key=len, reverse=True) if rest[lead:].casefold().startswith(w)),
        None,
    )
    if word is not None:
        cjk = not word.isascii()
        seen = {SCALES[word]}
        for other in sorted(SCALES, key=lambda w: abs(SCALES[w] - SCALES[word])):
            exp = SCALES[other]
            if exp in seen or (not other.isascii()) != cjk or (other.isascii() and exp % 3):
                continue
            if other.isascii() and (len(other) <= 2) != (len(word) <= 2):
                continue
            seen.add(exp)
            at = after + lead
            yield text[:at] + other + text[at + len(word) :], f"{UNIT}: {word} for {other}"
    folded = text.casefold()
    for sign in _PERCENT_SIGNS:
        if sign in folded:
            at = folded.index(sign)
            points = "个百分点" if not text.isascii() else " percentage points"
            yield text[:at].rstrip() + points + text[at + len(sign) :], PERCENT
            break
    for words in _POINT_WORDS:
        if words in folded:
            at = folded.index(words)
            yield text[:at].rstrip() + "%" + text[at + len(words) :], POINTS
            break


# ---------------------------------------------------------------------------------------------
# Finding fixes


@dataclass(frozen=True)
class _Option:
    owner: int  # the row whose figure (or whose formula's literal) changes
    printed: str
    to: str
    rep: Reported
    slip: str
    cleared: frozenset[int]
    literal: tuple[int, int] | None = None  # the literal's span in the owner's formula


class _Search:
    def __init__(
        self, rows: Sequence[Checked], env: FixEnvironment, nodes: Mapping[int, Node]
    ) -> None:
        self.rows, self.env, self.nodes = rows, env, nodes
        self.budget = BUDGET
        self.by_name = {r.claim.name.casefold(): i for i, r in enumerate(rows) if r.claim.name}
        self.users: dict[str, list[int]] = {}
        for i, node in nodes.items():
            for leaf in leaves(node):
                users = self.users.setdefault(leaf.name, []) if isinstance(leaf, Ref) else None
                if users is not None and (not users or users[-1] != i):  # i only grows
                    users.append(i)

    def failing(self, i: int) -> bool:
        return self.rows[i].verdict is Verdict.INCONSISTENT

    def relations(self, owner: int) -> list[int]:
        """The checked relations the owner's figure takes part in."""
        own = [owner] if owner in self.nodes else []
        name = self.rows[owner].claim.name.casefold()
        return own + [j for j in self.users.get(name, []) if j != owner] if name else own

    def holds(self, owner: int, rep: Reported) -> frozenset[int] | None:
        """With the owner's figure read as ``rep``: the failing relations cleared, or None when
        some relation it takes part in would not be consistent."""
        name = self.rows[owner].claim.name.casefold()
        env = self.env.replaced(name, rep) if name else self.env
        cleared = []
        for j in self.relations(owner):
            if self.budget <= 0:
                return None
            self.budget -= 1
            row_rep = rep if j == owner else self.rows[j].reported
            if row_rep is None:
                return None
            try:
                outcome = env.decide(self.nodes[j], row_rep, LIMIT)
            except AidcalcError:
                return None
            if outcome is not Outcome.CONSISTENT:
                return None
            if self.failing(j):
                cleared.append(j)
        return frozenset(cleared) if cleared else None

    def figure_options(self, owner: int) -> Iterator[_Option]:
        row = self.rows[owner]
        rep = row.reported
        if rep is None or self.budget <= 0:  # (no option is proven without a decision left)
            return
        tries = list(slips(row.claim.reported))
        if row.claim.mistake and self.failing(owner) and row.value is not None:
            needed = _needed(row.claim.reported, rep, row.value.point)
            if needed is not None:
                tries.insert(0, (needed, row.claim.mistake))
        failing = frozenset(j for j in self.relations(owner) if self.failing(j))
        read = [(text, slip, _read(text, row.claim.precision, rep)) for text, slip in tries]
        values = sorted(abs(other.value) for _, _, other in read if other is not None)
        for text, slip, other in read:
            if other is None:
                continue
            own = owner in self.nodes and row.value is not None and self.failing(owner)
            if own and row.value is not None and not other.overlaps(row.value.interval):
                continue  # it cannot clear its own relation
            near = _near(abs(other.value), values)
            likely = slip == row.claim.mistake
            # the chance can only fall below its bound with every failure cleared: try first
            if not likely and self.chance(owner, other, failing, near) > CHANCE:
                continue
            cleared = self.holds(owner, other)
            if cleared is None:
                continue
            if not likely and self.chance(owner, other, cleared, near) > CHANCE:
                continue  # so many slips land so near that one landing here proves nothing
            yield _Option(owner, row.claim.reported, text, other, slip, cleared)

    def chance(self, owner: int, other: Reported, cleared: frozenset[int], near: int) -> Fraction:
        """The chance that one of the slips tried clears the failures by coincidence: the
        number of slips with values near this one's (within a factor of 3) times, for each
        relation cleared, the share of that stretch its window of agreement takes (the computed
        range and the figure's rounding together)."""
        chance = Fraction(near)
        for j in cleared:
            row = self.rows[j]
            rep = other if j == owner else row.reported
            if rep is None or row.value is None or rep.lo is None or rep.hi is None:
                continue
            iv = row.value.interval
            window = (iv.hi - iv.lo) + (rep.hi - rep.lo)
            chance *= (
                min(window / (Fraction(8, 3) * abs(rep.value)), Fraction(1)) if rep.value else 1
            )
        return chance

    def needed_option(self, owner: int) -> _Option | None:
        """The failing figure at the value its formula gives, not a likely slip."""
        row = self.rows[owner]
        if row.reported is None or row.value is None:
            return None
        text = _needed(row.claim.reported, row.reported, row.value.point)
        other = _read(text, row.claim.precision, row.reported) if text else None
        if text is None or other is None:
            return None
        cleared = self.holds(owner, other)
        if cleared is None:
            return None
        return _Option(owner, row.claim.reported, text, other, "", cleared)

    def literal_options(self, owner: int) -> Iterator[_Option]:
        """Slips of a number written in the failing row's own formula."""
        formula = self.rows[owner].claim.formula
        rep = self.rows[owner].reported
        if rep is None:
            return
        for leaf in leaves(self.nodes[owner]):
            if not isinstance(leaf, Num):
                continue
            a, b = leaf.span
            printed = formula[a:b]
            tries = []
            for text, slip in slips(printed):
                try:
                    tries.append((text, slip, _literal_value(text)))
                except (AidcalcError, AssertionError):
                    continue
            values = sorted(abs(v) for _, _, v in tries)
            for text, slip, value in tries:
                cleared = frozenset({owner})
                if self.chance(owner, rep, cleared, _near(abs(value), values)) > CHANCE:
                    continue  # a coincidence would be likely
                if self.budget <= 0:
                    return
                self.budget -= 1
                try:
                    node = parse(formula[:a] + text + formula[b:])
                    outcome = self.env.decide(node, rep, LIMIT)
                except AidcalcError:
                    continue
                if outcome is not Outcome.CONSISTENT:
                    continue
                yield _Option(owner, printed, text, rep, slip, cleared, (a, b))

    def only_figure(self, i: int) -> bool:
        """Whether the failing row's own figure is the one printed figure its formula has."""
        return not any(isinstance(leaf, Num | Ref) for leaf in leaves(self.nodes[i]))


def find_fixes(
    rows: Sequence[Checked], env: FixEnvironment, parsed: Mapping[str, Node | AidcalcError]
) -> None:
    """Set ``fix`` on each failing row that one change of a printed figure clears (see the
    module's notes), and add the fix to the row's ``reason``."""
    failing = [i for i, r in enumerate(rows) if r.verdict is Verdict.INCONSISTENT]
    if not failing:
        return
    nodes: dict[int, Node] = {}
    for i, r in enumerate(rows):
        node = parsed.get(r.claim.formula) if r.claim.formula else None
        if isinstance(node, Node) and r.verdict in (Verdict.CONSISTENT, Verdict.INCONSISTENT):
            nodes[i] = node
    search = _Search(rows, env, nodes)
    owners: dict[int, None] = {}  # (in order, each once)
    for i in failing:
        for owner in [i] + [
            search.by_name[leaf.name]
            for leaf in leaves(nodes[i])
            if isinstance(leaf, Ref) and leaf.name in search.by_name
        ]:
            owners.setdefault(owner)
    options: list[_Option] = []
    for owner in owners:
        options.extend(search.figure_options(owner))
    for i in failing:
        if not any(i in o.cleared for o in options):
            options.extend(search.literal_options(i))
    for i in failing:
        mine = [o for o in options if i in o.cleared]
        if not mine and search.only_figure(i):
            needed = search.needed_option(i)
            mine = [needed] if needed is not None else []
        if not mine:
            continue
        best = min(
            mine,
            key=lambda o: (-len(o.cleared), _RANK.get(o.slip.split(":")[0], 6), o.owner != i),
        )
        rows[i].fix = fix = _fix(rows, best)
        rows[i].reason += f"; fix: {fix.line}"


def _fix(rows: Sequence[Checked], o: _Option) -> Fix:
    owner = rows[o.owner]
    return Fix(
        figure=_label(owner),
        printed=o.printed,
        to=o.to,
        value=o.rep.value if o.literal is None else _literal_value(o.to),
        slip=o.slip,
        clears=tuple(_label(rows[j]) for j in sorted(o.cleared)),
        literal=o.literal is not None,
    )


def _near(c: Fraction, values: list[Fraction]) -> int:
    """How many of the values (sorted) lie within a factor of 3 of ``c`` (at least 1: ``c``
    itself)."""
    return (bisect_right(values, 3 * c) - bisect_left(values, c / 3)) or 1


def _label(row: Checked) -> str:
    return row.claim.name or row.claim.reported


def _literal_value(text: str) -> Fraction:
    node = parse(text)
    assert isinstance(node, Num)
    return node.figure.value


def _read(text: str, precision: str, like: Reported) -> Reported | None:
    """The figure ``text`` as the check reads it, if it is one of a kind ``like``'s can be
    confused with (a percentage and percentage points are)."""
    try:
        rep = read_reported(text, precision)
    except AidcalcError:
        return None
    if rep.value == like.value and rep.kind is like.kind:
        return None
    return rep


def _needed(text: str, rep: Reported, value: Fraction) -> str | None:
    """The printed figure with its number replaced by ``value`` in its notation (its unit and
    decimals): ``12142万元`` needing 21,420,000 is ``2142万元``. None when the wording carries
    a sign the value does not have (``下降`` for a rise)."""
    m = NUMBER.search(text)
    if m is None:
        return None
    f = rep.figure
    sign = -1 if rep.value < 0 else 1
    magnitude = value * sign
    if magnitude < 0:
        return None
    shown = format_fixed(
        magnitude / scaled(1, f.shift), max(f.decimals, 0), grouping="," in m.group(0)
    )
    return text[: m.start()] + shown + text[m.end() :]
