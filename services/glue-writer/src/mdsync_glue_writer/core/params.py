"""The table Parameters the writer owns: ownership, hashes, deprecation marks, and the fingerprint of content."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mdsync_contracts.glue_model import TableInput, table_input_hash

OWNER_KEY = "mdsync.owner"
OWNER = "mdsync"
DESIRED_HASH_KEY = "mdsync.desired_hash"
CONTENT_HASH_KEY = "mdsync.content_hash"
DEPRECATED_AT_KEY = "mdsync.deprecated_at"
DEPRECATED_REASON_KEY = "mdsync.deprecated_reason"

WRITER_KEYS = frozenset({OWNER_KEY, DESIRED_HASH_KEY, CONTENT_HASH_KEY, DEPRECATED_AT_KEY, DEPRECATED_REASON_KEY})
BOOKKEEPING_KEYS = frozenset({DESIRED_HASH_KEY, CONTENT_HASH_KEY})


def with_parameters(table_input: TableInput, parameters: dict[str, str]) -> TableInput:
    """The same table with ``parameters`` in place of its own."""
    return table_input.model_copy(update={"parameters": parameters})


def desired_table(table_input: TableInput) -> tuple[TableInput, str]:
    """The TableInput the writer sends for a command, and the hash it stores in it.

    The writer's own keys are dropped from the command's Parameters, the owner mark added, and the hash is
    taken over that result, so it changes whenever the mapped table (or the writer's marking) changes.
    """
    own = {k: v for k, v in table_input.parameters.items() if k not in WRITER_KEYS}
    marked = with_parameters(table_input, {**own, OWNER_KEY: OWNER})
    desired_hash = table_input_hash(marked)
    return seal(with_parameters(marked, {**marked.parameters, DESIRED_HASH_KEY: desired_hash})), desired_hash


def seal(table_input: TableInput) -> TableInput:
    """Stamp the fingerprint of what is sent, so a later read can tell whether someone else changed it."""
    parameters = {k: v for k, v in table_input.parameters.items() if k != CONTENT_HASH_KEY}
    unsealed = with_parameters(table_input, parameters)
    return with_parameters(unsealed, {**parameters, CONTENT_HASH_KEY: fingerprint(unsealed)})


def fingerprint(table_input: TableInput) -> str:
    """sha256 of the table's content, blind to empty values Glue may add or drop and to the content hash."""
    data = table_input.to_boto()
    parameters = data.get("Parameters")
    if isinstance(parameters, dict):
        data["Parameters"] = {k: v for k, v in parameters.items() if k != CONTENT_HASH_KEY}
    canonical = json.dumps(pruned(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def pruned(value: Any) -> Any:
    """``value`` without empty entries (None, False, "", {}, []), recursively."""
    if isinstance(value, dict):
        items = ((k, pruned(v)) for k, v in value.items())
        return {k: v for k, v in items if not _empty(v)}
    if isinstance(value, list):
        return [pruned(v) for v in value]
    return value


def _empty(value: Any) -> bool:
    return value is None or value is False or value in ("", {}, [])


def is_owned(table_input: TableInput) -> bool:
    """True when mdsync wrote this table (and may change or delete it)."""
    return table_input.parameters.get(OWNER_KEY) == OWNER


def stored_desired_hash(table_input: TableInput) -> str | None:
    """The desired hash the writer stored with its last write, if any."""
    return table_input.parameters.get(DESIRED_HASH_KEY)


def changed_by_others(table_input: TableInput) -> bool:
    """True when the table is not mdsync's, or its content no longer matches what mdsync last wrote."""
    if not is_owned(table_input):
        return True
    stored = table_input.parameters.get(CONTENT_HASH_KEY)
    return stored is not None and stored != fingerprint(table_input)


def is_deprecated(table_input: TableInput) -> bool:
    """True when the writer marked the table deprecated."""
    return DEPRECATED_AT_KEY in table_input.parameters
