"""A comparable snapshot of every view: to check live views against a rebuild from the stored events."""

from __future__ import annotations

import json
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.store import schema
from mdsync_runtime.store import Document

# Fields whose order is arrival order (`$addToSet`), not meaning; `rev` counts writes, not state.
_UNORDERED = frozenset({"members", "entries", "minutes", "upstream", "downstream"})
_UNORDERED_INSIDE = frozenset({"parts"})  # KPI minutes: counted offsets per partition, in handling order
_VOLATILE = frozenset({"rev"})

Snapshot = dict[str, dict[str, Any]]


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normal_field(k, v) for k, v in sorted(value.items()) if k not in _VOLATILE}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _normal_field(name: str, value: Any) -> Any:
    normal = _normal(value)
    if name in _UNORDERED and isinstance(normal, list):
        return _sorted(normal)
    if name in _UNORDERED_INSIDE and isinstance(normal, dict):
        return {k: _sorted(v) if isinstance(v, list) else v for k, v in normal.items()}
    return normal


def _sorted(values: list[Any]) -> list[Any]:
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, default=str))


async def snapshot(db: AsyncDatabase[Document]) -> Snapshot:
    """Every view document, normalized, by collection and id (empty set documents left out)."""
    found: Snapshot = {}
    for name in schema.VIEWS:
        docs = {}
        for raw in await db[name].find({}).to_list(None):
            if raw.keys() <= {"_id", "members"} and not raw.get("members"):
                continue  # a posting emptied by `$pull` equals one never written
            docs[str(raw["_id"])] = _normal(raw)
        found[name] = docs
    return found
