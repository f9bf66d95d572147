"""Carries out the core's decisions against Glue: read, decide, write with compare-and-swap, re-decide on races."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mdsync_contracts.glue import (
    AppliedAction,
    ChangeClass,
    ChangePlanned,
    ConflictPolicy,
    DatabaseInput,
    DeleteTable,
    DeprecateTable,
    PlannedAction,
    TableApplied,
    TableConflict,
    TableDiff,
    TableFailed,
    UpsertTable,
)
from mdsync_glue_writer.catalog import (
    AlreadyExistsError,
    GlueCatalog,
    GlueRejectedError,
    NotFoundError,
    VersionConflictError,
)
from mdsync_glue_writer.core import results
from mdsync_glue_writer.core.databases import implied_database, owned, reconciled
from mdsync_glue_writer.core.decide import Desired, Gate, decide_upsert
from mdsync_glue_writer.core.deprecation import decide_delete, decide_deprecate
from mdsync_glue_writer.core.diff import diff_tables
from mdsync_glue_writer.core.models import (
    Conflict,
    Create,
    Delete,
    Hold,
    Reject,
    SkipArchivePolicy,
    Unchanged,
    Update,
    UpsertDecision,
)
from mdsync_glue_writer.core.params import desired_table
from mdsync_glue_writer.core.results import Origin
from mdsync_glue_writer.core.validation import validate_upsert
from mdsync_glue_writer.presence import PresenceHint
from mdsync_runtime.errors import TransientError

Result = TableApplied | ChangePlanned | TableConflict | TableFailed
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class WriterPolicy:
    """Rules of this deployment: approvals, archiving, compare-and-swap retries, grace period."""

    approval_required: bool = False
    delete_approval_required: bool = True
    skip_archive: SkipArchivePolicy = SkipArchivePolicy.MAJOR_ONLY
    cas_retries: int = 3
    grace: timedelta = timedelta(days=14)


class _Retry:
    """The table changed under us: read again and decide again."""


RETRY = _Retry()


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Applier:
    """Applies table commands; returns the result message (or the Hold the caller turns into ChangeHeld)."""

    def __init__(self, catalog: GlueCatalog, presence: PresenceHint, policy: WriterPolicy, clock: Clock = _utc_now):
        self.catalog = catalog
        self.presence = presence
        self.policy = policy
        self.clock = clock

    async def upsert(
        self, command: UpsertTable, origin: Origin, approved: bool = False, approved_version: str | None = None
    ) -> Result | Hold:
        """Create, update or leave the table; bounded re-reads when Glue reports a concurrent change.

        ``approved`` applies a held change, valid for the table at ``approved_version`` only.
        """
        problems = validate_upsert(command)
        if problems:
            return results.failed(origin, "; ".join(problems), "validation")
        sent, desired_hash = desired_table(command.table_input)
        desired = Desired(sent, desired_hash, command.change_class, command.conflict_policy)
        gate = Gate(self.policy.approval_required, approved, approved_version, self.policy.skip_archive)
        if command.dry_run:
            return await self._plan(command, origin, desired, gate)
        for _ in range(self.policy.cas_retries + 1):
            current = None
            if approved or await self.presence.likely_exists(command.database, command.table):
                current = await self.catalog.get_table(command.database, command.table)
            decision = decide_upsert(current, desired, gate)
            outcome = await self._carry_out(command, origin, desired, decision)
            if not isinstance(outcome, _Retry):
                return outcome
        return self._gave_up(origin, command)

    async def _plan(self, command: UpsertTable, origin: Origin, desired: Desired, gate: Gate) -> ChangePlanned:
        current = await self.catalog.get_table(command.database, command.table)
        decision = decide_upsert(current, desired, gate)
        if isinstance(decision, Conflict) and current is not None:
            return results.planned(origin, diff_tables(current.table_input, desired.table_input), desired.desired_hash)
        return results.planned(origin, _planned_diff(decision), desired.desired_hash)

    async def _carry_out(
        self, command: UpsertTable, origin: Origin, desired: Desired, decision: UpsertDecision
    ) -> Result | Hold | _Retry:
        if isinstance(decision, Hold):
            return decision
        if isinstance(decision, Reject):
            return results.failed(origin, decision.reason, decision.code)
        if isinstance(decision, Conflict):
            return results.conflict(origin, decision.policy, decision.reason, decision.drifted)
        fields = {
            "desired_hash": desired.desired_hash,
            "source_hash": command.source_hash,
            "rule_set_version": command.rule_set_version,
        }
        if isinstance(decision, Unchanged):
            return results.applied(origin, AppliedAction.UNCHANGED, version_id=decision.version_id, **fields)
        try:
            if isinstance(decision, Create):
                await self._create(command, decision)
                return results.applied(origin, AppliedAction.CREATED, **fields)
            await self._update(command.database, decision)
            return results.applied(origin, AppliedAction.UPDATED, **fields)
        except (AlreadyExistsError, VersionConflictError, NotFoundError) as race:
            self.presence.seen(command.database, command.table, not isinstance(race, NotFoundError))
            return RETRY
        except GlueRejectedError as error:
            return results.failed(origin, error.message, error.code)

    async def _create(self, command: UpsertTable, decision: Create) -> None:
        database = command.database
        try:
            await self.catalog.create_table(database, decision.table_input)
        except NotFoundError:
            # Commands of one database arrive on many partitions: any of them may come before EnsureDatabase.
            await self.catalog.create_database(implied_database(command))
            await self.catalog.create_table(database, decision.table_input)
        self.presence.seen(database, decision.table_input.name, True)

    async def _update(self, database: str, decision: Update) -> None:
        await self.catalog.update_table(database, decision.table_input, decision.version_id, decision.skip_archive)

    async def ensure_database(self, database: DatabaseInput) -> bool:
        """Create the database (marked as mdsync's), or bring an existing mdsync one to it; True when created.

        A ConcurrentModificationException means another writer changed the database meanwhile: read it again.
        """
        desired = owned(database)
        for _ in range(self.policy.cas_retries + 1):
            try:
                return await self._ensure_database_once(desired)
            except VersionConflictError:
                continue
        raise TransientError(f"database {desired.name} kept changing under concurrent writers")

    async def _ensure_database_once(self, desired: DatabaseInput) -> bool:
        if await self.catalog.create_database(desired):
            return True
        current = await self.catalog.get_database(desired.name)
        target = reconciled(current, desired) if current is not None else None
        if target is not None:
            await self.catalog.update_database(target)
        return False

    async def deprecate(self, command: DeprecateTable, origin: Origin) -> Result:
        """Mark an owned table deprecated (once)."""
        gate = Gate(skip_archive=self.policy.skip_archive)
        for _ in range(self.policy.cas_retries + 1):
            current = await self.catalog.get_table(command.database, command.table)
            decision = decide_deprecate(current, command.reason, self.clock(), gate)
            if isinstance(decision, Reject):
                return results.failed(origin, decision.reason, decision.code)
            if command.dry_run:
                return results.planned(origin, _planned_diff(decision))
            if isinstance(decision, Unchanged):
                return results.applied(origin, AppliedAction.UNCHANGED, version_id=decision.version_id)
            try:
                await self._update(command.database, decision)
                return results.applied(origin, AppliedAction.DEPRECATED)
            except (VersionConflictError, NotFoundError):
                continue
        return self._gave_up(origin, command)

    async def delete(
        self, command: DeleteTable, origin: Origin, approved: bool = False, approved_version: str | None = None
    ) -> Result | Hold:
        """Delete an owned table deprecated past the grace period, when approved if approval is required."""
        gate = Gate(self.policy.delete_approval_required, approved, approved_version)
        current = await self.catalog.get_table(command.database, command.table)
        decision = decide_delete(current, self.clock(), self.policy.grace, gate)
        if isinstance(decision, Reject):
            return results.failed(origin, decision.reason, decision.code)
        if command.dry_run:
            return results.planned(origin, _planned_diff(decision))
        if isinstance(decision, Hold):
            return decision
        if isinstance(decision, Unchanged):
            return results.applied(origin, AppliedAction.UNCHANGED)
        await self.catalog.delete_table(command.database, command.table)
        self.presence.seen(command.database, command.table, False)
        return results.applied(origin, AppliedAction.DELETED, version_id=decision.version_id)

    def _gave_up(self, origin: Origin, command: UpsertTable | DeprecateTable) -> TableConflict:
        policy = command.conflict_policy if isinstance(command, UpsertTable) else None
        reason = f"table kept changing concurrently; gave up after {self.policy.cas_retries + 1} attempts"
        return results.conflict(origin, policy or ConflictPolicy.SOURCE_WINS, reason)


def _planned_diff(decision: object) -> TableDiff:
    """The diff a dry run reports for ``decision``."""
    if isinstance(decision, Create):
        return diff_tables(None, decision.table_input)
    if isinstance(decision, Update | Hold) and decision.diff is not None:
        return decision.diff
    if isinstance(decision, Delete):
        return TableDiff(action=PlannedAction.DELETE, change_class=ChangeClass.MAJOR)
    return TableDiff(action=PlannedAction.UNCHANGED, change_class=ChangeClass.NONE)
