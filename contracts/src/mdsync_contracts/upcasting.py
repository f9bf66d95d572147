"""Upcasters: turn a stored payload of schema version N into version N + 1, step by step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]

_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcaster(ce_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function that lifts ``ce_type`` payloads from ``from_version`` to the next version."""

    def register(function: Upcaster) -> Upcaster:
        if (ce_type, from_version) in _UPCASTERS:
            raise ValueError(f"an upcaster for {ce_type} from schema version {from_version} is already registered")
        _UPCASTERS[(ce_type, from_version)] = function
        return function

    return register


def upcast(ce_type: str, payload: Payload, target_version: int) -> Payload:
    """Apply registered upcasters until ``payload`` reaches ``target_version``."""
    version = payload.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValueError(f"{ce_type}: schema_version must be an integer, got {version!r}")
    while version < target_version:
        step = _UPCASTERS.get((ce_type, version))
        if step is None:
            raise ValueError(f"no upcaster for {ce_type} from schema version {version}")
        payload = {**step(payload), "schema_version": version + 1}
        version += 1
    return payload
