"""No committed schema may lose, rename or retype a field; the checker itself is shown to catch each."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from mdsync_contracts.compat import breaking_changes
from mdsync_contracts.generate import CONTRACTS_DIR, SCHEMA_DIR_NAME, message_schema
from mdsync_contracts.registry import MESSAGE_TYPES

COMMITTED = sorted((CONTRACTS_DIR / SCHEMA_DIR_NAME).glob("*.json"))


def test_schemas_are_committed() -> None:
    assert len(COMMITTED) >= len(MESSAGE_TYPES)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda path: path.stem)
def test_current_model_is_compatible_with_its_committed_schema(path: Any) -> None:
    committed = json.loads(path.read_text("utf-8"))
    model = MESSAGE_TYPES.get(committed["x-ce-type"])

    assert model is not None, f"{path.name}: message {committed['x-ce-type']} was removed"
    assert breaking_changes(committed, message_schema(model)) == []


def _upserted() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (CONTRACTS_DIR / SCHEMA_DIR_NAME / "mdsync.datasphere.asset.upserted.json").read_text("utf-8")
    )
    return schema


def _drop(schema: dict[str, Any], name: str) -> None:
    schema["properties"].pop(name)


def _rename(schema: dict[str, Any], old: str, new: str) -> None:
    schema["properties"][new] = schema["properties"].pop(old)


def _column(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema["$defs"]["Column"]["properties"]
    return properties


Breaking = Callable[[dict[str, Any]], object]

BREAKS: dict[str, tuple[Breaking, str]] = {
    "field removed": (lambda s: _drop(s, "content_hash"), "$.content_hash: removed"),
    "field renamed": (lambda s: _rename(s, "change", "change_kind"), "$.change: removed"),
    "field retyped": (
        lambda s: s["properties"].update(content_hash={"type": "integer"}),
        "$.content_hash: type changed",
    ),
    "nested field retyped": (
        lambda s: _column(s).update(length={"type": "string"}),
        "$.definition.columns[].length: type changed from integer|null to string",
    ),
    "nested field removed": (lambda s: _column(s).pop("not_null"), "$.definition.columns[].not_null: removed"),
    "nullable made required": (
        lambda s: s["properties"].update(previous_hash={"type": "string"}),
        "$.previous_hash: type changed from null|string to string",
    ),
    "enum value removed": (
        lambda s: s["$defs"]["AssetKind"]["enum"].remove("task_chain"),
        "$.definition.kind: enum values removed: ['task_chain']",
    ),
    "format changed": (
        lambda s: s["properties"]["occurred_at"].update(format="date"),
        "$.occurred_at: format changed",
    ),
    "optional field made required": (lambda s: s["required"].append("previous_hash"), "$.previous_hash: now required"),
    "moved topic": (lambda s: s.update({"x-topic": "mdsync.other.v1"}), "x-topic changed"),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_deliberately_broken_copy_is_detected(case: str) -> None:
    committed = _upserted()
    broken = copy.deepcopy(committed)
    breaking, expected = BREAKS[case]
    breaking(broken)

    problems = breaking_changes(committed, broken)

    assert any(expected in problem for problem in problems), problems


def test_additive_changes_are_compatible() -> None:
    committed = _upserted()
    grown = copy.deepcopy(committed)
    grown["properties"]["new_optional"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
    grown["$defs"]["AssetKind"]["enum"].append("dac")
    grown["properties"]["content_hash"]["description"] = "reworded"

    assert breaking_changes(committed, grown) == []


def test_a_new_required_field_is_allowed_with_a_schema_version_bump() -> None:
    committed = _upserted()
    bumped = copy.deepcopy(committed)
    bumped["properties"]["origin"] = {"type": "string"}
    bumped["required"].append("origin")

    assert breaking_changes(committed, bumped) != []
    bumped["x-schema-version"] = committed["x-schema-version"] + 1
    assert breaking_changes(committed, bumped) == []
