"""A checker for Glue/Athena (Hive DDL) type strings: Glue stores any text, engines reject bad ones later."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+)|([<>(),:]))")
_SIMPLE = frozenset(
    {"boolean", "tinyint", "smallint", "int", "integer", "bigint", "float", "double", "string", "binary", "date"}
    | {"timestamp"}
)
_LENGTH_LIMITS = {"char": 255, "varchar": 65535}
MAX_DECIMAL_PRECISION = 38


class TypeStringError(ValueError):
    """The type string is not a valid Hive DDL type."""


def check_type(text: str) -> None:
    """Raise TypeStringError naming what is wrong with ``text``."""
    parser = _Parser(_tokens(text))
    parser.type_()
    if parser.peek() is not None:
        raise TypeStringError(f"unexpected {parser.peek()!r} after the type")


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None:
            raise TypeStringError(f"unexpected character {text[position:].strip()[:1]!r}")
        tokens.append(match.group(0).strip().lower())
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, what: str) -> str:
        token = self.peek()
        if token is None:
            raise TypeStringError(f"ends early; expected {what}")
        self.at += 1
        return token

    def expect(self, literal: str) -> None:
        token = self.take(repr(literal))
        if token != literal:
            raise TypeStringError(f"expected {literal!r}, found {token!r}")

    def number(self) -> int:
        token = self.take("a number")
        if not token.isdigit():
            raise TypeStringError(f"expected a number, found {token!r}")
        return int(token)

    def type_(self) -> None:
        name = self.take("a type")
        if name in _SIMPLE:
            return
        handlers = {"decimal": self.decimal, "array": self.array, "map": self.map_, "struct": self.struct}
        if name in _LENGTH_LIMITS:
            self.length(name)
        elif name in handlers:
            handlers[name]()
        else:
            raise TypeStringError(f"unknown type {name!r}")

    def length(self, name: str) -> None:
        self.expect("(")
        length = self.number()
        self.expect(")")
        if not 1 <= length <= _LENGTH_LIMITS[name]:
            raise TypeStringError(f"{name}({length}): length must be 1..{_LENGTH_LIMITS[name]}")

    def decimal(self) -> None:
        if self.peek() != "(":
            return
        self.expect("(")
        precision, scale = self.number(), 0
        if self.peek() == ",":
            self.expect(",")
            scale = self.number()
        self.expect(")")
        if not 1 <= precision <= MAX_DECIMAL_PRECISION or scale > precision:
            raise TypeStringError(f"decimal({precision},{scale}): precision 1..38 and scale <= precision")

    def array(self) -> None:
        self.expect("<")
        self.type_()
        self.expect(">")

    def map_(self) -> None:
        self.expect("<")
        key = self.peek()
        self.type_()
        if key in {"array", "map", "struct"}:
            raise TypeStringError("map keys must be primitive")
        self.expect(",")
        self.type_()
        self.expect(">")

    def struct(self) -> None:
        self.expect("<")
        while True:
            self.take("a field name")
            self.expect(":")
            self.type_()
            token = self.take("',' or '>'")
            if token == ">":
                return
            if token != ",":
                raise TypeStringError(f"expected ',' or '>', found {token!r}")
