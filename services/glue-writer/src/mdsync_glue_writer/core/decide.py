"""The upsert decision: create, update (with which archive policy), leave alone, hold or stop on a conflict."""

from __future__ import annotations

from dataclasses import dataclass

from mdsync_contracts.glue import ChangeClass, ConflictPolicy, TableInput
from mdsync_glue_writer.core.diff import diff_tables, drifted_parts, stricter
from mdsync_glue_writer.core.models import (
    Conflict,
    Create,
    CurrentTable,
    Hold,
    Reject,
    SkipArchivePolicy,
    Unchanged,
    Update,
    UpsertDecision,
)
from mdsync_glue_writer.core.params import (
    WRITER_KEYS,
    changed_by_others,
    is_deprecated,
    is_owned,
    seal,
    stored_desired_hash,
    with_parameters,
)


@dataclass(frozen=True)
class Desired:
    """The table a command wants, as the writer will send it."""

    table_input: TableInput
    desired_hash: str
    change_class: ChangeClass
    policy: ConflictPolicy


@dataclass(frozen=True)
class Gate:
    """Approval and archiving rules in force for one decision."""

    approval_required: bool = False
    approved: bool = False
    approved_version: str | None = None
    skip_archive: SkipArchivePolicy = SkipArchivePolicy.MAJOR_ONLY


def superseded(current: CurrentTable | None, gate: Gate) -> Reject | None:
    """An approval was given for the table as it was when held; if it changed since, the held change is stale."""
    if not gate.approved or gate.approved_version is None:
        return None
    if current is not None and current.version_id == gate.approved_version:
        return None
    return Reject(reason="superseded: the table changed after the change was held", code="superseded")


def decide_upsert(current: CurrentTable | None, desired: Desired, gate: Gate) -> UpsertDecision:
    """Decide what an UpsertTable does to ``current`` (None: the table is absent)."""
    stale = superseded(current, gate)
    if stale is not None:
        return stale
    if current is None:
        return Create(table_input=desired.table_input)
    existing = current.table_input
    if stored_desired_hash(existing) == desired.desired_hash and not is_deprecated(existing):
        return Unchanged(version_id=current.version_id)
    if not is_owned(existing):
        parts = ("ownership",)
        return Conflict(policy=desired.policy, reason="table exists and is not owned by mdsync", drifted=parts)
    target: TableInput = desired.table_input
    if changed_by_others(existing):
        resolved = resolve_drift(existing, desired)
        if isinstance(resolved, Conflict):
            return resolved
        target = resolved
    diff = diff_tables(existing, target)
    change_class = stricter(desired.change_class, diff.change_class)
    if gate.approval_required and change_class is ChangeClass.MAJOR and not gate.approved:
        reason = "major change needs approval in this environment"
        return Hold(change_class=change_class, reason=reason, diff=diff, version_id=current.version_id)
    skip = skip_archive(gate.skip_archive, change_class)
    return Update(
        table_input=target, version_id=current.version_id, skip_archive=skip, change_class=change_class, diff=diff
    )


def resolve_drift(existing: TableInput, desired: Desired) -> TableInput | Conflict:
    """Apply the conflict policy to an owned table someone else changed."""
    if desired.policy is ConflictPolicy.SOURCE_WINS:
        return desired.table_input
    if desired.policy is ConflictPolicy.MERGE:
        return merge(existing, desired.table_input)
    parts = drifted_parts(diff_tables(existing, desired.table_input))
    return Conflict(
        policy=desired.policy, reason=f"table changed outside mdsync; policy {desired.policy.value}", drifted=parts
    )


def merge(existing: TableInput, desired: TableInput) -> TableInput:
    """The desired table plus the columns and Parameters others added (the `merge` policy)."""
    wanted = {column.name for column in desired.storage_descriptor.columns + desired.partition_keys}
    extra = tuple(column for column in existing.storage_descriptor.columns if column.name not in wanted)
    storage = desired.storage_descriptor.model_copy(update={"columns": desired.storage_descriptor.columns + extra})
    kept = {k: v for k, v in existing.parameters.items() if k not in WRITER_KEYS and k not in desired.parameters}
    merged = desired.model_copy(update={"storage_descriptor": storage})
    return seal(with_parameters(merged, {**kept, **desired.parameters}))


def skip_archive(policy: SkipArchivePolicy, change_class: ChangeClass) -> bool:
    """Whether UpdateTable skips archiving the previous version."""
    if policy is SkipArchivePolicy.ALWAYS_ARCHIVE:
        return False
    if policy is SkipArchivePolicy.NEVER_ARCHIVE:
        return True
    return change_class is not ChangeClass.MAJOR
