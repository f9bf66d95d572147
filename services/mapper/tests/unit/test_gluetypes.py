"""The Glue/Hive type-string parser."""

from __future__ import annotations

import pytest

from mdsync_mapper.core.gluetypes import GlueType, TypeStringError, is_valid_type, parse_type


@pytest.mark.parametrize(
    "text",
    [
        "string",
        "int",
        "decimal(38,38)",
        "decimal(10)",
        "char(255)",
        "varchar(65535)",
        "array<struct<a:int,b:map<string,array<double>>>>",
        "timestamp",
    ],
)
def test_valid_type_strings_parse(text: str) -> None:
    assert is_valid_type(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "integer",
        "STRING",
        "decimal(39,2)",
        "decimal(5,6)",
        "char(256)",
        "varchar(0)",
        "varchar(65536)",
        "map<array<int>,int>",
        "array<int",
        "not_a_type<<",
        "string int",
        "time",
    ],
)
def test_invalid_type_strings_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(TypeStringError):
        parse_type(text)


def test_parse_gives_structure() -> None:
    assert parse_type("map<string,decimal(15,2)>") == GlueType(
        "map", children=(GlueType("string"), GlueType("decimal", (15, 2)))
    )
