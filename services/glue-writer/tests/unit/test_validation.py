"""Invalid commands are found before any Glue call, each problem named."""

from mdsync_contracts.glue import DatabaseInput, GlueColumn, StorageDescriptor, TableInput
from mdsync_glue_writer.core.validation import validate_database_input, validate_upsert

from .conftest import UpsertFactory, table_input


def test_a_valid_command_has_no_problems(make_upsert: UpsertFactory) -> None:
    assert validate_upsert(make_upsert()) == ()


def test_names_lengths_and_types_are_each_reported(make_upsert: UpsertFactory) -> None:
    columns = (
        GlueColumn(name="net_amount", type="decimal(15,2)", comment="x" * 256),
        GlueColumn(name="Region", type="string"),
        GlueColumn(name="geo", type="not_a_type<<"),
        GlueColumn(name="geo", type="string"),
    )
    ti = TableInput(name="t" * 256, description="d" * 2049, storage_descriptor=StorageDescriptor(columns=columns))
    command = make_upsert(ti, database="bad name!")
    problems = validate_upsert(command)
    assert "database name 'bad name!' is not lowercase [a-z0-9_]" in problems
    assert any(p.startswith("table name longer than 255 bytes") for p in problems)
    assert "description longer than 2048 (2049)" in problems
    assert "column comment of net_amount longer than 255 (256)" in problems
    assert "column name 'Region' is not lowercase [a-z0-9_]" in problems
    assert any(p.startswith("column type of geo 'not_a_type<<'") for p in problems)
    assert "duplicate column geo" in problems


def test_a_desired_hash_that_does_not_match_is_refused(make_upsert: UpsertFactory) -> None:
    command = make_upsert().model_copy(update={"desired_hash": "0" * 64})
    assert validate_upsert(command) == ("desired_hash does not match table_input",)


def test_multibyte_names_count_bytes(make_upsert: UpsertFactory) -> None:
    problems = validate_upsert(make_upsert(table_input(columns={"é" * 128: "string"})))
    assert any("longer than 255 bytes" in p for p in problems)


def test_database_input_is_checked() -> None:
    problems = validate_database_input(DatabaseInput(name="Sales", description="d" * 3000))
    assert problems == [
        "database name 'Sales' is not lowercase [a-z0-9_]",
        "database description longer than 2048 (3000)",
    ]
