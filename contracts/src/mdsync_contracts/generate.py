"""Generate the committed JSON Schemas and AsyncAPI document: ``python -m mdsync_contracts.generate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mdsync_contracts.asyncapi import asyncapi_document
from mdsync_contracts.base import Message
from mdsync_contracts.registry import MESSAGE_TYPES

CONTRACTS_DIR = Path(__file__).resolve().parents[2]
SCHEMA_DIR_NAME = "schemas"
ASYNCAPI_NAME = "asyncapi.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def message_schema(model: type[Message]) -> dict[str, Any]:
    """JSON Schema of one message's payload, with its topic, type and schema version."""
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        **schema,
        "x-topic": model.TOPIC,
        "x-ce-type": model.CE_TYPE,
        "x-schema-version": model.current_version(),
    }


def render(document: dict[str, Any]) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generated_files() -> dict[str, str]:
    """Every generated file, by path relative to ``contracts/``."""
    files = {
        f"{SCHEMA_DIR_NAME}/{ce_type}.json": render(message_schema(model)) for ce_type, model in MESSAGE_TYPES.items()
    }
    files[ASYNCAPI_NAME] = render(asyncapi_document())
    return dict(sorted(files.items()))


def committed_files(root: Path = CONTRACTS_DIR) -> dict[str, str]:
    """The generated files as committed under ``root``."""
    paths = [*sorted((root / SCHEMA_DIR_NAME).glob("*.json")), root / ASYNCAPI_NAME]
    return {path.relative_to(root).as_posix(): path.read_text("utf-8") for path in paths if path.exists()}


def drift(root: Path = CONTRACTS_DIR) -> list[str]:
    """Describe every difference between the committed files under ``root`` and the models; empty when none."""
    generated, committed = generated_files(), committed_files(root)
    return [
        *(f"{name}: not generated yet" for name in sorted(generated.keys() - committed.keys())),
        *(
            f"{name}: differs from the models"
            for name in sorted(generated)
            if committed.get(name, generated[name]) != generated[name]
        ),
        *(
            f"{name}: no message generates it (was a published message removed?)"
            for name in sorted(committed.keys() - generated.keys())
        ),
    ]


def write(root: Path = CONTRACTS_DIR) -> list[str]:
    """Write every generated file under ``root``; return the ones whose content changed.

    Schema files of messages that no longer exist are left alone on purpose: removing a published
    message is a breaking change, and the compatibility test should say so.
    """
    changed = []
    for relative, text in generated_files().items():
        path = root / relative
        if not path.exists() or path.read_text("utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            changed.append(relative)
    return changed


def main() -> None:
    """Regenerate the files and say which changed."""
    changed = write()
    print(f"{len(changed)} file(s) changed" + "".join(f"\n  {name}" for name in changed))


if __name__ == "__main__":
    main()
