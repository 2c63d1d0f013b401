"""The formula language of ``aidcalc check``, parsed and evaluated by aidcalc itself.

A formula is numbers in the ``reported`` syntax (``2.831 billion``, ``24.7亿``, ``51%``, ``72``),
names of earlier rows, ``+ - * / ^``, unary minus, parentheses, ``sum min max cagr``, and data:
``total(PATH)``, ``mean(PATH)``, ``counties(PATH)``, ``rows(PATH)`` where PATH may carry a filter,
``total(2018.csv[group="severely poor"])``. Nothing here calls ``eval`` or looks up attributes:
:func:`parse` builds a small tree of the node classes below, and :func:`evaluate` walks it.

Limits keep hostile input harmless: at most ``MAX_LENGTH`` characters and ``MAX_DEPTH`` levels of
nesting; sums and products are flat lists, so long formulas never recurse deeply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import NoReturn, Protocol

from aidcalc.errors import AidcalcError
from aidcalc.figures import Figure, read_literal
from aidcalc.intervals import Interval, approx_power, power
from aidcalc.measures import cagr
from aidcalc.query import Condition, parse_conditions, unquote

__all__ = [
    "DATA_FUNCTIONS",
    "FUNCTIONS",
    "Environment",
    "Value",
    "evaluate",
    "parse",
]

MAX_LENGTH = 4000
MAX_DEPTH = 50
MAX_BITS = 20000  # about 6,000 digits: far beyond any funding figure
FUNCTIONS = ("sum", "min", "max", "cagr")
DATA_FUNCTIONS = ("total", "mean", "counties", "rows")


# ---------------------------------------------------------------------------------------------
# The tree


@dataclass(frozen=True)
class Num:
    figure: Figure


@dataclass(frozen=True)
class Ref:
    name: str


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


Node = Num | Ref | Neg | Chain | Pow | Call | Data


# ---------------------------------------------------------------------------------------------
# Parsing


def parse(text: str) -> Node:
    """Parse a formula; an :class:`AidcalcError` says what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise AidcalcError(f"the formula is longer than {MAX_LENGTH} characters")
    p = _Parser(text)
    node = p.expression()
    p.skip()
    if p.pos < len(p.s):
        p.fail(f"unexpected {p.s[p.pos]!r}")
    return node


class _Parser:
    def __init__(self, s: str) -> None:
        self.s = s
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
        if c.isdigit() or (c == "." and self.s[self.pos + 1 : self.pos + 2].isdigit()):
            return self.number()
        if c.isalpha() or c == "_":
            return self.name()
        self.fail(f"unexpected {c!r}")

    def expect(self, c: str) -> None:
        if self.peek() != c:
            found = repr(self.s[self.pos]) if self.pos < len(self.s) else "the end"
            self.fail(f"expected {c!r}, found {found}")
        self.pos += 1

    def number(self) -> Node:
        start = self.pos
        got = read_literal(self.s, self.pos)
        if got is None:
            self.fail("expected a number")
        figure, self.pos = got
        if figure.grouped and self.in_call:
            self.pos = start
            self.fail(
                "a number with thousands commas inside a function call is ambiguous;"
                " write it without commas"
            )
        return Num(figure)

    def name(self) -> Node:
        start = self.pos
        while self.pos < len(self.s) and (self.s[self.pos].isalnum() or self.s[self.pos] == "_"):
            self.pos += 1
        word = self.s[start : self.pos]
        if self.peek() != "(":
            return Ref(word.casefold())
        function = word.casefold()
        self.pos += 1
        if function in DATA_FUNCTIONS:
            return self.data(function)
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

    def data(self, function: str) -> Node:
        """``PATH`` or ``PATH[col=value, col!="quoted value"]`` up to the closing parenthesis."""
        start = self.pos
        quote = ""
        brackets = 0
        while self.pos < len(self.s):
            c = self.s[self.pos]
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
        raw = self.s[start : self.pos].strip()
        self.pos += 1
        path, where = _path_and_filter(raw)
        if not path:
            self.pos = start
            self.fail(f"{function}() needs a file: {function}(data.csv)")
        return Data(function, path, where)


def _path_and_filter(raw: str) -> tuple[str, tuple[Condition, ...]]:
    path, bracket, rest = raw.partition("[")
    path = unquote(path.strip())
    if not bracket:
        return path, ()
    rest = rest.rstrip()
    if not rest.endswith("]"):
        raise AidcalcError(f"the filter of {raw!r} has no closing ']'")
    return path, parse_conditions(rest[:-1])


# ---------------------------------------------------------------------------------------------
# Evaluation


@dataclass(frozen=True)
class Value:
    """A figure as computed: from the numbers as written (``point``), and every value the
    rounded inputs allow (``interval``)."""

    point: Fraction
    interval: Interval


class Environment(Protocol):
    def name(self, name: str) -> Value: ...

    def data(self, function: str, path: str, where: tuple[Condition, ...]) -> Value: ...


def evaluate(node: Node, env: Environment) -> Value:
    """The value of a parsed formula; errors (unknown names, division by zero…) are AidcalcError."""
    v = _evaluate(node, env)
    _check_size(v)
    return v


def _evaluate(node: Node, env: Environment) -> Value:
    if isinstance(node, Num):
        f = node.figure
        if f.bound is not None:
            raise AidcalcError("a one-sided figure ('more than …') cannot be computed with")
        return Value(f.value, Interval.around(f.value, f.half_width))
    if isinstance(node, Ref):
        return env.name(node.name)
    if isinstance(node, Neg):
        v = _evaluate(node.operand, env)
        return Value(-v.point, -v.interval)
    if isinstance(node, Chain):
        acc = _evaluate(node.first, env)
        for op, operand in node.rest:
            acc = _binary(op, acc, _evaluate(operand, env))
            _check_size(acc)
        return acc
    if isinstance(node, Pow):
        return _power(_evaluate(node.base, env), _evaluate(node.exponent, env))
    if isinstance(node, Call):
        return _call(node.function, [_evaluate(a, env) for a in node.args])
    return env.data(node.function, node.path, node.where)


def _binary(op: str, a: Value, b: Value) -> Value:
    if op == "+":
        return Value(a.point + b.point, a.interval + b.interval)
    if op == "-":
        return Value(a.point - b.point, a.interval - b.interval)
    if op == "*":
        return Value(a.point * b.point, a.interval * b.interval)
    interval = a.interval / b.interval  # raises when b can be zero
    return Value(a.point / b.point, interval)


def _power(base: Value, exponent: Value) -> Value:
    interval = power(base.interval, exponent.interval)
    return Value(approx_power(base.point, exponent.point), interval)


def _call(function: str, args: list[Value]) -> Value:
    if function == "sum":
        acc = args[0]
        for a in args[1:]:
            acc = _binary("+", acc, a)
        return acc
    if function in ("min", "max"):
        pick = min if function == "min" else max
        return Value(
            pick(a.point for a in args),
            Interval(pick(a.interval.lo for a in args), pick(a.interval.hi for a in args)),
        )
    first, last, years = args  # cagr(first, last, years) = (last / first)^(1 / years) − 1
    ratio = last.interval / first.interval  # raises when the first amount can be zero
    root = power(ratio, Interval.point(1) / years.interval)
    return Value(cagr(first.point, last.point, years.point), root - Interval.point(1))


def _check_size(v: Value) -> None:
    for x in (v.point, v.interval.lo, v.interval.hi):
        if max(abs(x.numerator).bit_length(), x.denominator.bit_length()) > MAX_BITS:
            raise AidcalcError("a number too large to handle (over 6,000 digits)")
