"""Checks before any Glue call: names, lengths and type strings (botocore and moto check none of them)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from mdsync_contracts.glue import DatabaseInput, GlueColumn, TableInput, UpsertTable, table_input_hash
from mdsync_glue_writer.core.hive_types import TypeStringError, check_type

NAME_PATTERN = re.compile(r"[a-z0-9_]+")
MAX_NAME_BYTES = 255
MAX_DESCRIPTION = 2048
MAX_COMMENT = 255
MAX_TYPE = 131_072
MAX_PARAMETER_KEY = 255
MAX_PARAMETER_VALUE = 512_000
MAX_LOCATION = 2056
MAX_DATABASE_LOCATION = 1024
MAX_FORMAT = 128
MAX_TABLE_TYPE = 255


def name_problem(kind: str, name: str) -> str | None:
    """Why ``name`` is not a safe Glue/Athena name (lowercase `[a-z0-9_]`, 1..255 bytes), or None."""
    if not name:
        return f"{kind} name is empty"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"{kind} name longer than {MAX_NAME_BYTES} bytes: {name[:40]}…"
    if NAME_PATTERN.fullmatch(name) is None:
        return f"{kind} name {name!r} is not lowercase [a-z0-9_]"
    return None


def validate_upsert(command: UpsertTable) -> tuple[str, ...]:
    """Every problem of an UpsertTable; empty when it may be sent."""
    problems = [p for p in (name_problem("database", command.database),) if p]
    problems += validate_table_input(command.table_input)
    if command.desired_hash != table_input_hash(command.table_input):
        problems.append("desired_hash does not match table_input")
    return tuple(problems)


def validate_table_input(table: TableInput) -> list[str]:
    """Problems of a TableInput: names, lengths, types, parameters, duplicate columns."""
    problems = [p for p in (name_problem("table", table.name),) if p]
    problems += _too_long("description", table.description, MAX_DESCRIPTION)
    problems += _too_long("table type", table.table_type, MAX_TABLE_TYPE)
    storage = table.storage_descriptor
    problems += _too_long("location", storage.location, MAX_LOCATION)
    problems += _too_long("input format", storage.input_format, MAX_FORMAT)
    problems += _too_long("output format", storage.output_format, MAX_FORMAT)
    problems += _parameter_problems("table", table.parameters)
    problems += _parameter_problems("storage", storage.parameters or {})
    columns = storage.columns + table.partition_keys
    for column in columns:
        problems += _column_problems(column)
    problems += [f"duplicate column {name}" for name, n in Counter(c.name for c in columns).items() if n > 1]
    return problems


def validate_database_input(database: DatabaseInput) -> list[str]:
    """Problems of a DatabaseInput."""
    problems = [p for p in (name_problem("database", database.name),) if p]
    problems += _too_long("database description", database.description, MAX_DESCRIPTION)
    problems += _too_long("database location", database.location_uri, MAX_DATABASE_LOCATION)
    problems += _parameter_problems("database", database.parameters or {})
    return problems


def _column_problems(column: GlueColumn) -> list[str]:
    problems = [p for p in (name_problem("column", column.name),) if p]
    problems += _too_long(f"column comment of {column.name}", column.comment, MAX_COMMENT)
    if len(column.type) > MAX_TYPE:
        problems.append(f"column type of {column.name} longer than {MAX_TYPE}")
    else:
        try:
            check_type(column.type)
        except TypeStringError as error:
            problems.append(f"column type of {column.name} {column.type!r}: {error}")
    problems += _parameter_problems(f"column {column.name}", column.parameters or {})
    return problems


def _too_long(what: str, value: str | None, limit: int) -> list[str]:
    if value is not None and len(value) > limit:
        return [f"{what} longer than {limit} ({len(value)})"]
    return []


def _parameter_problems(where: str, parameters: dict[str, str]) -> Iterator[str]:
    for key, value in parameters.items():
        if not 1 <= len(key) <= MAX_PARAMETER_KEY:
            yield f"{where} parameter key length must be 1..{MAX_PARAMETER_KEY}: {key[:40]!r}"
        if len(value) > MAX_PARAMETER_VALUE:
            yield f"{where} parameter {key} longer than {MAX_PARAMETER_VALUE}"
