"""The formula language of ``aidcalc check``, parsed by aidcalc itself.

A formula is numbers as reports write them, without qualifiers (``2.831 billion``, ``24.7亿``,
``51%``, ``72``, ``二十八点三一亿``, ``£59.7 billion``; full-width digits too), names of earlier
rows, ``+ - * / ^``, unary minus, parentheses, ``sum min max cagr``, and data: ``total(PATH)``,
``mean(PATH)``, ``counties(PATH)``, ``rows(PATH)`` where PATH may carry filters,
``total(2018.csv[group="severely poor"])``, ``total(f.csv[year>=2011, year<=2015])`` (see
:class:`aidcalc.reader.filters.Condition`). Nothing here calls ``eval`` or looks up attributes:
:func:`parse` builds a small tree of the node classes below, each node with its span in the
text; :mod:`aidcalc.checker.exact` decides claims on it. :func:`dimension` says what a formula's
result measures (an amount, a ratio …), to match it with the kind of the reported figure.

Limits keep hostile input harmless: at most ``MAX_LENGTH`` characters and ``MAX_DEPTH`` levels of
nesting; sums and products are flat lists, so long formulas never recurse deeply; numbers stay
below ``MAX_BITS`` bits, so every result can be printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import NoReturn

from aidcalc.checker.wording import read_quantity
from aidcalc.core.errors import AidcalcError
from aidcalc.core.figures import Figure
from aidcalc.core.intervals import MAX_BITS, Interval
from aidcalc.reader.filters import Condition, parse_conditions

__all__ = [
    "DATA_FUNCTIONS",
    "FUNCTIONS",
    "MAX_BITS",
    "Data",
    "Value",
    "check_size",
    "data_nodes",
    "leaves",
    "names_in",
    "parse",
]

MAX_LENGTH = 4000
MAX_DEPTH = 50
TOO_LARGE = f"a number too large to handle (over {MAX_BITS * 3 // 10:,} digits)"
FUNCTIONS = ("sum", "min", "max", "cagr")
DATA_FUNCTIONS = ("total", "mean", "counties", "rows")


# ---------------------------------------------------------------------------------------------
# The tree


@dataclass(frozen=True)
class Num:
    figure: Figure
    currency: str | None = None  # the currency written with it (£, US$, 元), if any
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # where it is in the formula


@dataclass(frozen=True)
class Ref:
    name: str
    span: tuple[int, int] = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Chain:
    """``first op1 x1 op2 x2 …`` for one precedence level (``+ -`` or ``* /``)."""

    first: Node
    rest: tuple[tuple[str, Node], ...]


@dataclass(frozen=True)
class Pow:
    base: Node
    exponent: Node


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Data:
    function: str
    path: str
    where: tuple[Condition, ...]
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # ``total(…)``, both ends


Node = Num | Ref | Neg | Chain | Pow | Call | Data


# ---------------------------------------------------------------------------------------------
# Parsing


def parse(text: str) -> Node:
    """Parse a formula; an :class:`AidcalcError` says what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise AidcalcError(f"the formula is longer than {MAX_LENGTH} characters")
    p = _Parser(text.translate(_HALF_WIDTH), text)
    node = p.expression()
    p.skip()
    if p.pos < len(p.s):
        p.fail(f"unexpected {p.s[p.pos]!r}")
    return node


# Full-width forms (１, ＋, （) as their ASCII twins, one character for one, so positions and the
# text of file names and filter values (read from the formula as written) stay put.
_HALF_WIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20, 0x2212: 0x2D}


class _Parser:
    def __init__(self, s: str, raw: str) -> None:
        self.s = s
        self.raw = raw  # as written: file names and filter values are read from it
        self.pos = 0
        self.depth = 0
        self.in_call = 0

    def fail(self, why: str) -> NoReturn:
        raise AidcalcError(f"{why} at character {self.pos + 1} of the formula")

    def skip(self) -> None:
        while self.pos < len(self.s) and self.s[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        self.skip()
        return self.s[self.pos] if self.pos < len(self.s) else ""

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"more than {MAX_DEPTH} levels of nesting")

    def expression(self) -> Node:
        return self.chain("+-", self.term)

    def term(self) -> Node:
        return self.chain("*/", self.unary)

    def chain(self, ops: str, operand: Callable[[], Node]) -> Node:
        first = operand()
        rest = []
        while (c := self.peek()) and c in ops:
            if self.s.startswith("**", self.pos):
                self.fail("'**' is not an operator here; use '^' for powers")
            self.pos += 1
            rest.append((c, operand()))
        return Chain(first, tuple(rest)) if rest else first

    def unary(self) -> Node:
        c = self.peek()
        if c in ("-", "+") and c:
            self.pos += 1
            self.deeper()
            operand = self.unary()
            self.depth -= 1
            return Neg(operand) if c == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if self.peek() == "^":
            self.pos += 1
            self.deeper()
            exponent = self.unary()  # right-associative: 2^3^2 = 2^(3^2); 2^-1 works
            self.depth -= 1
            return Pow(base, exponent)
        return base

    def atom(self) -> Node:
        c = self.peek()
        if not c:
            self.fail("the formula ends where a number, name or '(' should be")
        if c == "(":
            self.pos += 1
            self.deeper()
            node = self.expression()
            self.depth -= 1
            self.expect(")")
            return node
        number = self.number()
        if number is not None:
            return number
        if c.isalpha() or c == "_":
            return self.name()
        self.fail(f"unexpected {c!r}")

    def expect(self, c: str) -> None:
        if self.peek() != c:
            found = repr(self.s[self.pos]) if self.pos < len(self.s) else "the end"
            self.fail(f"expected {c!r}, found {found}")
        self.pos += 1

    def number(self) -> Node | None:
        """A number with its unit and currency here, or None (then it is a name or nothing)."""
        start = self.pos
        try:
            got = read_quantity(self.s, self.pos)
        except AidcalcError as e:
            self.fail(e.reason)
        if got is None:
            return None
        figure, _, currency, self.pos = got
        if figure.grouped and self.in_call:
            self.pos = start
            self.fail(
                "commas between a function's arguments need a space after them"
                " (cagr(100, 200, 3)): without one, 1,234 is ambiguous with a thousands comma"
            )
        return Num(figure, currency, (start, self.pos))

    def name(self) -> Node:
        start = self.pos
        while self.pos < len(self.s) and (self.s[self.pos].isalnum() or self.s[self.pos] == "_"):
            self.pos += 1
        word = self.s[start : self.pos]
        end = self.pos
        if self.peek() != "(":
            return Ref(word.casefold(), (start, end))
        function = word.casefold()
        self.pos += 1
        if function in DATA_FUNCTIONS:
            return replace(self.data(function), span=(start, self.pos))
        if function not in FUNCTIONS:
            self.pos = start
            known = ", ".join(FUNCTIONS + DATA_FUNCTIONS)
            self.fail(f"unknown function {word!r} (there are: {known})")
        self.deeper()
        self.in_call += 1
        args = [self.expression()]
        while self.peek() == ",":
            self.pos += 1
            args.append(self.expression())
        self.in_call -= 1
        self.depth -= 1
        self.expect(")")
        if function == "cagr" and len(args) != 3:
            self.fail("cagr takes three arguments: cagr(first, last, years)")
        return Call(function, tuple(args))

    def data(self, function: str) -> Data:
        """``PATH`` or ``PATH[col=value, col!="quoted value"]`` up to the closing parenthesis."""
        start = self.pos
        quote = ""
        brackets = 0
        while self.pos < len(self.raw):
            c = self.raw[self.pos]
            if quote:
                if c == quote:
                    quote = ""
            elif c in "\"'":
                quote = c
            elif c == "[":
                brackets += 1
            elif c == "]":
                brackets -= 1
            elif c == ")" and brackets <= 0:
                break
            self.pos += 1
        if self.pos >= len(self.s):
            self.pos = start
            self.fail(f"{function}( has no closing ')'")
        raw = self.raw[start : self.pos].strip()
        self.pos += 1
        try:
            path, where = _path_and_filter(raw)
        except AidcalcError as e:
            self.pos = start
            self.fail(f"{e.reason}{f' ({e.value})' if e.value else ''} in the filter")
        if not path:
            self.pos = start
            self.fail(f"{function}() needs a file: {function}(data.csv)")
        return Data(function, path, where)


def _path_and_filter(raw: str) -> tuple[str, tuple[Condition, ...]]:
    """``2018.csv[group=x]`` → path and conditions; a quoted path may hold ``[``."""
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        if end < 0:
            raise AidcalcError("the file name has no closing quote", value=raw)
        path, rest = raw[1:end], raw[end + 1 :].strip()
        if rest and not rest.startswith("["):
            raise AidcalcError(f"unexpected {rest[0]!r} after the file name", value=raw)
        bracket = rest[:1]
        rest = rest[1:]
    else:
        path, bracket, rest = raw.partition("[")
        path = path.strip()
    if not bracket:
        return path, ()
    rest = rest.rstrip()
    if not rest.endswith("]"):
        raise AidcalcError("no closing ']'", value=raw)
    return path, parse_conditions(rest[:-1])


# ---------------------------------------------------------------------------------------------
# Evaluation


@dataclass(frozen=True)
class Value:
    """A figure as computed: from the numbers as written (``point``), and every value the
    rounded inputs allow (``interval``)."""

    point: Fraction
    interval: Interval


def check_size(v: Value) -> None:
    """Refuse a value with a number beyond ``MAX_BITS`` bits (it could not even be printed)."""
    for x in (v.point, v.interval.lo, v.interval.hi):
        if max(abs(x.numerator).bit_length(), x.denominator.bit_length()) > MAX_BITS:
            raise AidcalcError(TOO_LARGE)


def data_nodes(node: Node) -> Iterator[Data]:
    """Every data function in a formula (for reading each file once, before checking)."""
    for n in leaves(node):
        if isinstance(n, Data):
            yield n


def names_in(node: Node) -> set[str]:
    """The names of rows a formula uses, casefolded (to check them after those rows)."""
    return {n.name.casefold() for n in leaves(node) if isinstance(n, Ref)}


def leaves(node: Node) -> list[Num | Ref | Data]:
    """The numbers, names and data functions of a formula, left to right as written (each
    carries its ``span`` in the formula's text).

    >>> [type(n).__name__ for n in leaves(parse("a + 2 * total(f.csv)"))]
    ['Ref', 'Num', 'Data']
    """
    out: list[Num | Ref | Data] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Num | Ref | Data):
            out.append(n)
        elif isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, Chain):
            stack.append(n.first)
            stack.extend(x for _, x in n.rest)
        elif isinstance(n, Pow):
            stack.extend((n.base, n.exponent))
        elif isinstance(n, Call):
            stack.extend(n.args)
    return sorted(out, key=lambda n: n.span)


def currencies(
    node: Node,
    of_name: Callable[[str], str | None],
    of_data: Callable[[Data], str | None] | None = None,
) -> set[str]:
    """The currencies a formula's figures are written in (``of_name`` gives an earlier row's,
    ``of_data`` a data function's: ``total(gbp.csv)`` over cells of ``£100`` is in GBP).

    >>> sorted(currencies(parse("£5 million + 5 million"), lambda n: None))
    ['GBP']
    """
    out: set[str] = set()
    for n in leaves(node):
        if isinstance(n, Num):
            c = n.currency
        elif isinstance(n, Ref):
            c = of_name(n.name)
        else:
            c = of_data(n) if of_data is not None else None
        if c:
            out.add(c)
    return out
