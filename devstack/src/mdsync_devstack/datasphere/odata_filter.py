"""A small OData ``$filter`` parser and evaluator: ``eq ne gt ge lt le and or not ()`` over flat records."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<paren>[()])|(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)(?![\w.])|(?P<word>[A-Za-z_][\w.]*))"
)
_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
_LITERAL_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}


class FilterError(ValueError):
    """The filter text is not understood; the message says where."""


@dataclass(frozen=True)
class Prop:
    """A reference to a record property."""

    name: str


@dataclass(frozen=True)
class Literal:
    """A constant: string, number, boolean or null."""

    value: Any


@dataclass(frozen=True)
class Compare:
    """``left <op> right``."""

    op: str
    left: Prop | Literal
    right: Prop | Literal


@dataclass(frozen=True)
class BoolOp:
    """``left and|or right``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Not:
    """``not expr``."""

    expr: Expr


Expr = Compare | BoolOp | Not


def tokenize(text: str) -> list[tuple[str, str]]:
    """Split filter text into (kind, text) tokens; kinds are paren, string, number, word."""
    tokens, position = [], 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise FilterError(f"$filter: cannot read {text[position:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def parse_filter(text: str, fields: Collection[str], *, bareword_literals: bool = False) -> Expr:
    """Parse ``text``; names outside ``fields`` are errors unless ``bareword_literals`` makes them strings."""
    parser = _Parser(tokenize(text), frozenset(fields), bareword_literals)
    expr = parser.parse_or()
    if parser.position != len(parser.tokens):
        raise FilterError(f"$filter: unexpected {parser.tokens[parser.position][1]!r}")
    return expr


def evaluate(expr: Expr, record: Mapping[str, Any]) -> bool:
    """True when ``record`` satisfies ``expr``; ordering comparisons with null or mixed types are false."""
    if isinstance(expr, Not):
        return not evaluate(expr.expr, record)
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return evaluate(expr.left, record) and evaluate(expr.right, record)
        return evaluate(expr.left, record) or evaluate(expr.right, record)
    left, right = _value(expr.left, record), _value(expr.right, record)
    if expr.op in ("eq", "ne"):
        return bool(_COMPARATORS[expr.op](left, right))
    try:
        return left is not None and right is not None and bool(_COMPARATORS[expr.op](left, right))
    except TypeError:
        return False


def _value(operand: Prop | Literal, record: Mapping[str, Any]) -> Any:
    return record.get(operand.name) if isinstance(operand, Prop) else operand.value


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], fields: frozenset[str], barewords: bool) -> None:
        self.tokens, self.fields, self.barewords, self.position = tokens, fields, barewords, 0

    def parse_or(self) -> Expr:
        expr = self.parse_and()
        while self._accept_word("or"):
            expr = BoolOp("or", expr, self.parse_and())
        return expr

    def parse_and(self) -> Expr:
        expr = self.parse_unary()
        while self._accept_word("and"):
            expr = BoolOp("and", expr, self.parse_unary())
        return expr

    def parse_unary(self) -> Expr:
        if self._accept_word("not"):
            return Not(self.parse_unary())
        if self._peek() == ("paren", "("):
            self.position += 1
            expr = self.parse_or()
            if self._next("a closing parenthesis") != ("paren", ")"):
                raise FilterError("$filter: expected ')'")
            return expr
        left = self._operand()
        kind, word = self._next("an operator")
        if kind != "word" or word.lower() not in _COMPARATORS:
            raise FilterError(f"$filter: expected eq/ne/gt/ge/lt/le, got {word!r}")
        return Compare(word.lower(), left, self._operand())

    def _operand(self) -> Prop | Literal:
        kind, text = self._next("a property or value")
        if kind == "string":
            return Literal(text[1:-1].replace("''", "'"))
        if kind == "number":
            return Literal(float(text) if "." in text else int(text))
        if kind == "word" and text.lower() in _LITERAL_WORDS:
            return Literal(_LITERAL_WORDS[text.lower()])
        if kind == "word" and text in self.fields:
            return Prop(text)
        if kind == "word" and self.barewords:
            return Literal(text)
        raise FilterError(f"$filter: unknown property {text!r}; known: {', '.join(sorted(self.fields))}")

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _next(self, expected: str) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise FilterError(f"$filter: ended where {expected} was expected")
        self.position += 1
        return token

    def _accept_word(self, word: str) -> bool:
        token = self._peek()
        if token is not None and token[0] == "word" and token[1].lower() == word:
            self.position += 1
            return True
        return False
