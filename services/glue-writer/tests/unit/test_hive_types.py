"""Type strings are checked like Athena DDL would check them, before Glue stores them unchecked."""

import pytest

from mdsync_glue_writer.core.hive_types import TypeStringError, check_type


@pytest.mark.parametrize(
    "text",
    [
        "string",
        "INT",
        "decimal",
        "decimal(38,38)",
        "decimal(15, 2)",
        "varchar(65535)",
        "char(1)",
        "array<struct<a:int,b:map<string,array<double>>>>",
        "map<int,string>",
        "timestamp",
    ],
)
def test_accepts_valid_types(text: str) -> None:
    check_type(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "ends early"),
        ("not_a_type<<", "unknown type"),
        ("decimal(40,2)", "precision 1..38"),
        ("decimal(10,11)", "scale <= precision"),
        ("varchar(70000)", "1..65535"),
        ("char(0)", "1..255"),
        ("array<int", "ends early"),
        ("map<array<int>,string>", "primitive"),
        ("struct<a int>", "expected ':'"),
        ("int int", "after the type"),
        ("string;", "unexpected character"),
    ],
)
def test_rejects_invalid_types_naming_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(TypeStringError, match=fragment):
        check_type(text)
