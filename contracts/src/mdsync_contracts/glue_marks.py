"""The Parameters mdsync leaves on its Glue tables, and the fingerprint that reveals edits by others.

These marks are part of the contract: the mapper reads them to detect drift, the glue-writer writes them, and
outside readers of the catalog can tell mdsync's tables by them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mdsync_contracts.glue_model import TableInput

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


def content_fingerprint(table_input: TableInput) -> str:
    """sha256 of the table's content, blind to empty values Glue may add or drop and to the content hash."""
    data = table_input.to_boto()
    parameters = data.get("Parameters")
    if isinstance(parameters, dict):
        data["Parameters"] = {k: v for k, v in parameters.items() if k != CONTENT_HASH_KEY}
    canonical = json.dumps(pruned(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal(table_input: TableInput) -> TableInput:
    """``table_input`` with its content fingerprint stamped in ``mdsync.content_hash``."""
    parameters = {k: v for k, v in table_input.parameters.items() if k != CONTENT_HASH_KEY}
    unsealed = with_parameters(table_input, parameters)
    return with_parameters(unsealed, {**parameters, CONTENT_HASH_KEY: content_fingerprint(unsealed)})


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
