"""The committed JSON Schemas and AsyncAPI document are exactly what the models generate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mdsync_contracts import topics
from mdsync_contracts.generate import drift, generated_files, write

REGENERATE = "run `python -m mdsync_contracts.generate` and commit the result"


def test_committed_schemas_match_the_models() -> None:
    problems = drift()

    assert not problems, f"{problems}: {REGENERATE}"


def test_the_drift_check_sees_a_stale_a_missing_and_an_orphan_file(tmp_path: Path) -> None:
    write(tmp_path)
    assert drift(tmp_path) == []

    upserted = tmp_path / "schemas" / "mdsync.datasphere.asset.upserted.json"
    upserted.write_text(upserted.read_text("utf-8").replace("full normalized definition", "definition"), "utf-8")
    (tmp_path / "schemas" / "mdsync.datasphere.asset.deleted.json").unlink()
    (tmp_path / "schemas" / "mdsync.gone.json").write_text("{}", "utf-8")

    assert drift(tmp_path) == [
        "schemas/mdsync.datasphere.asset.deleted.json: not generated yet",
        "schemas/mdsync.datasphere.asset.upserted.json: differs from the models",
        "schemas/mdsync.gone.json: no message generates it (was a published message removed?)",
    ]


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    models = [("", schema), *schema.get("$defs", {}).items()]
    return [(f"{model}.{name}", prop) for model, node in models for name, prop in node.get("properties", {}).items()]


def test_every_field_has_a_description_and_examples() -> None:
    undocumented = [
        f"{path} in {name}"
        for name, text in generated_files().items()
        if name.startswith("schemas/")
        for path, prop in _properties(json.loads(text))
        if not prop.get("description") or not prop.get("examples")
    ]

    assert not undocumented, f"fields need Field(description=..., examples=[...]): {undocumented}"


def test_asyncapi_has_a_channel_per_topic_and_every_reference_resolves() -> None:
    document = json.loads(generated_files()["asyncapi.json"])

    assert document["asyncapi"] == "3.0.0"
    assert sorted(channel["address"] for channel in document["channels"].values()) == sorted(topics.ALL_TOPICS)
    for ref in _refs(document):
        _resolve(document, ref)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _resolve(document: dict[str, Any], ref: str) -> Any:
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        assert isinstance(target, dict), f"dangling $ref {ref}"
        assert part in target, f"dangling $ref {ref}"
        target = target[part]
    return target
