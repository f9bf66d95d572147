"""Parse and validate Glue/Hive DDL type strings (the canonical lowercase form Athena DDL accepts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SIMPLE = frozenset(
    {"boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string", "binary", "date", "timestamp"}
)
MAX_DECIMAL_PRECISION = 38
MAX_CHAR = 255
MAX_VARCHAR = 65535
_TOKEN = re.compile(r"[a-z_][a-z0-9_]*|\d+|[<>(),:]")


class TypeStringError(ValueError):
    """A type string is not a valid Glue/Hive DDL type."""


@dataclass(frozen=True)
class GlueType:
    """A parsed type: its name, numeric parameters and, for complex types, its element types."""

    name: str
    params: tuple[int, ...] = ()
    children: tuple[GlueType, ...] = ()
    fields: tuple[str, ...] = ()

    @property
    def is_primitive(self) -> bool:
        """True unless array, map or struct."""
        return self.name not in {"array", "map", "struct"}


def parse_type(text: str) -> GlueType:
    """Parse ``text``; raises TypeStringError naming what is wrong."""
    tokens = _tokens(text)
    parser = _Parser(text, tokens)
    result = parser.type_()
    if parser.position != len(tokens):
        raise TypeStringError(f"{text!r}: unexpected {tokens[parser.position]!r}")
    return result


def is_valid_type(text: str) -> bool:
    """True when ``text`` parses as a Glue/Hive DDL type."""
    try:
        parse_type(text)
    except TypeStringError:
        return False
    return True


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise TypeStringError(f"{text!r}: unexpected character {text[position]!r} at {position}")
        tokens.append(match.group())
        position = match.end()
    if not tokens:
        raise TypeStringError("empty type string")
    return tokens


class _Parser:
    def __init__(self, text: str, tokens: list[str]) -> None:
        self.text = text
        self.tokens = tokens
        self.position = 0

    def _next(self) -> str:
        if self.position >= len(self.tokens):
            raise TypeStringError(f"{self.text!r}: ends too early")
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _expect(self, expected: str) -> None:
        token = self._next()
        if token != expected:
            raise TypeStringError(f"{self.text!r}: expected {expected!r}, got {token!r}")

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _number(self) -> int:
        token = self._next()
        if not token.isdigit():
            raise TypeStringError(f"{self.text!r}: expected a number, got {token!r}")
        return int(token)

    def type_(self) -> GlueType:
        name = self._next()
        if name in SIMPLE:
            return GlueType(name)
        if name == "decimal":
            return self._decimal()
        if name in {"char", "varchar"}:
            return self._sized(name)
        if name == "array":
            self._expect("<")
            element = self.type_()
            self._expect(">")
            return GlueType("array", children=(element,))
        if name == "map":
            return self._map()
        if name == "struct":
            return self._struct()
        raise TypeStringError(f"{self.text!r}: unknown type {name!r}")

    def _decimal(self) -> GlueType:
        if self._peek() != "(":
            return GlueType("decimal", (10, 0))
        self._expect("(")
        precision = self._number()
        scale = 0
        if self._peek() == ",":
            self._expect(",")
            scale = self._number()
        self._expect(")")
        if not 1 <= precision <= MAX_DECIMAL_PRECISION or scale > precision:
            raise TypeStringError(f"{self.text!r}: decimal({precision},{scale}) outside 1 ≤ p ≤ 38, 0 ≤ s ≤ p")
        return GlueType("decimal", (precision, scale))

    def _sized(self, name: str) -> GlueType:
        self._expect("(")
        length = self._number()
        self._expect(")")
        limit = MAX_CHAR if name == "char" else MAX_VARCHAR
        if not 1 <= length <= limit:
            raise TypeStringError(f"{self.text!r}: {name}({length}) outside 1…{limit}")
        return GlueType(name, (length,))

    def _map(self) -> GlueType:
        self._expect("<")
        key = self.type_()
        if not key.is_primitive:
            raise TypeStringError(f"{self.text!r}: map keys must be primitive")
        self._expect(",")
        value = self.type_()
        self._expect(">")
        return GlueType("map", children=(key, value))

    def _struct(self) -> GlueType:
        self._expect("<")
        names: list[str] = []
        types: list[GlueType] = []
        while True:
            names.append(self._next())
            self._expect(":")
            types.append(self.type_())
            if self._peek() != ",":
                break
            self._expect(",")
        self._expect(">")
        return GlueType("struct", children=tuple(types), fields=tuple(names))
