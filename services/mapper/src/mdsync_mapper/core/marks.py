"""The table Parameters that mark mdsync's tables, and the content fingerprint the glue-writer seals them with.

The glue-writer stores `mdsync.content_hash` = sha256 of the written table's boto3 JSON without that key and
without empty values (None, False, "", {}, []); a table whose content no longer matches it was changed outside
mdsync. The recipe is the writer's (services never import each other): keep the two in step.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mdsync_contracts.glue_model import TableInput

OWNER_KEY = "mdsync.owner"
OWNER = "mdsync"
ASSET_KEY = "mdsync.asset_id"
SOURCE_HASH_KEY = "mdsync.source_hash"
RULE_SET_KEY = "mdsync.rule_set"
CLASSIFICATION_KEY = "classification"
CONTENT_HASH_KEY = "mdsync.content_hash"
DESIRED_HASH_KEY = "mdsync.desired_hash"
BOOKKEEPING_KEYS = frozenset({CONTENT_HASH_KEY, DESIRED_HASH_KEY})
MDSYNC_PREFIXES = ("mdsync.", "sap.")


def is_mdsync_parameter(key: str) -> bool:
    """True for the table Parameters mdsync writes (others belong to whoever added them)."""
    return key.startswith(MDSYNC_PREFIXES) or key == CLASSIFICATION_KEY


def content_fingerprint(table_input: TableInput) -> str:
    """sha256 of the table's content as the glue-writer computes it for `mdsync.content_hash`."""
    data = table_input.to_boto()
    parameters = data.get("Parameters")
    if isinstance(parameters, dict):
        data["Parameters"] = {k: v for k, v in parameters.items() if k != CONTENT_HASH_KEY}
    canonical = json.dumps(_pruned(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sealed(table_input: TableInput) -> TableInput:
    """``table_input`` as the glue-writer leaves it: owner mark and content hash set."""
    parameters = {**table_input.parameters, OWNER_KEY: OWNER}
    parameters.pop(CONTENT_HASH_KEY, None)
    unsealed = table_input.model_copy(update={"parameters": parameters})
    return unsealed.model_copy(update={"parameters": {**parameters, CONTENT_HASH_KEY: content_fingerprint(unsealed)}})


def _pruned(value: Any) -> Any:
    if isinstance(value, dict):
        items = ((k, _pruned(v)) for k, v in value.items())
        return {k: v for k, v in items if not _empty(v)}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _empty(value: Any) -> bool:
    return value is None or value is False or value in ("", {}, [])
