"""Ownership, drift (changes made outside mdsync) and the conflict policies that decide what to write."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mdsync_contracts.glue_model import ConflictPolicy, GlueColumn, TableDiff, TableInput
from mdsync_mapper.core.diff import diff_tables
from mdsync_mapper.core.marks import (
    ASSET_KEY,
    CONTENT_HASH_KEY,
    OWNER,
    OWNER_KEY,
    content_fingerprint,
    is_mdsync_parameter,
)
from mdsync_mapper.core.table import MappedTable

_MDSYNC_COLUMN_KEY = "sap.name"


class Verdict(StrEnum):
    """What the mapper asks for after comparing desired and current."""

    UPSERT = "upsert"
    KEEP = "keep"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Decision:
    """The verdict, the TableInput to write (for UPSERT), its diff against Glue, and what drifted."""

    verdict: Verdict
    table_input: TableInput
    diff: TableDiff
    drifted: tuple[str, ...] = ()
    note: str | None = None


def owned(current: TableInput) -> bool:
    """True when mdsync's ownership marker is on the table."""
    return current.parameters.get(OWNER_KEY) == OWNER


def owned_by(current: TableInput, asset_id: str) -> bool:
    """True when mdsync owns the table on behalf of ``asset_id``."""
    return owned(current) and current.parameters.get(ASSET_KEY) == asset_id


def drift(current: TableInput) -> tuple[str, ...]:
    """Parts of an owned table changed outside mdsync; empty when it still matches the content hash sealed on it."""
    stored = current.parameters.get(CONTENT_HASH_KEY)
    if stored is None or stored == content_fingerprint(current):
        return ()
    parts = [f"columns.{c.name}" for c in _all(current) if not _mdsync_column(c)]
    parts += [f"parameters.{key}" for key in sorted(current.parameters) if not is_mdsync_parameter(key)]
    return tuple(parts) or ("definition",)


def merge(desired: TableInput, current: TableInput) -> TableInput:
    """``desired`` plus the columns and Parameters others added to ``current`` (mdsync's own values win)."""
    names = {c.name for c in _all(desired)}
    foreign = tuple(c for c in current.storage_descriptor.columns if c.name not in names and not _mdsync_column(c))
    kept = {k: v for k, v in current.parameters.items() if k not in desired.parameters and not is_mdsync_parameter(k)}
    storage = desired.storage_descriptor.model_copy(update={"columns": (*desired.storage_descriptor.columns, *foreign)})
    parameters = dict(sorted({**kept, **desired.parameters}.items()))
    return desired.model_copy(update={"parameters": parameters, "storage_descriptor": storage})


def decide(mapped: MappedTable, current: TableInput | None) -> Decision:
    """Apply the conflict policy: what to write for ``mapped`` given the table now in Glue."""
    desired, policy = mapped.table_input, mapped.conflict_policy
    if current is None:
        return Decision(Verdict.UPSERT, desired, diff_tables(None, desired))
    if not owned(current):
        verdict = Verdict.KEEP if policy is ConflictPolicy.TARGET_WINS else Verdict.CONFLICT
        note = "table exists and is not owned by mdsync; mdsync never writes tables it does not own"
        return Decision(verdict, desired, diff_tables(current, desired), ("ownership",), note)
    drifted = drift(current)
    if policy is ConflictPolicy.MERGE:
        desired = merge(desired, current)
    diff = diff_tables(current, desired)
    if not drifted:
        return Decision(Verdict.UPSERT, desired, diff)
    parts = ", ".join(drifted)
    if policy is ConflictPolicy.TARGET_WINS:
        return Decision(Verdict.KEEP, desired, diff, drifted, f"changed outside mdsync ({parts}); target-wins keeps it")
    if policy is ConflictPolicy.FAIL:
        return Decision(Verdict.CONFLICT, desired, diff, drifted, f"changed outside mdsync: {parts}")
    verb = "merged with" if policy is ConflictPolicy.MERGE else "overwrote"
    return Decision(Verdict.UPSERT, desired, diff, drifted, f"{verb} changes made outside mdsync: {parts}")


def _all(table: TableInput) -> tuple[GlueColumn, ...]:
    return (*table.storage_descriptor.columns, *table.partition_keys)


def _mdsync_column(column: GlueColumn) -> bool:
    return _MDSYNC_COLUMN_KEY in (column.parameters or {})
