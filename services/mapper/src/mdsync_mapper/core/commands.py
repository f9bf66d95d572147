"""The messages the mapper publishes, built from its decisions (pure)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from mdsync_contracts.base import Environment
from mdsync_contracts.glue import DeprecateTable, EnsureDatabase, TableConflict, UpsertTable
from mdsync_contracts.glue_model import DecisionKind, MappingDecision, table_input_hash
from mdsync_contracts.jobs import AssetOutcome, Outcome
from mdsync_contracts.topics import glue_table_key
from mdsync_mapper.core.policy import Decision
from mdsync_mapper.core.table import MappedTable, database_input

SERVICE = "mapper"
REQUESTER = "service:mapper"


@dataclass(frozen=True)
class Envelope:
    """Envelope fields every message the mapper publishes for one incoming event carries."""

    environment: Environment
    tenant: str
    job_id: str | None = None
    causation_id: UUID | None = None
    correlation_id: str | None = None
    initiated_by: str | None = None

    def fields(self, asset_id: str | None) -> dict[str, Any]:
        """Keyword arguments for a message about ``asset_id``."""
        return {
            "environment": self.environment,
            "tenant": self.tenant,
            "job_id": self.job_id,
            "causation_id": self.causation_id,
            "correlation_id": self.correlation_id,
            "asset_id": asset_id,
            "initiated_by": self.initiated_by,
        }

    def without_job(self) -> Envelope:
        """The same envelope outside any job: for follow-up work no job counts."""
        return replace(self, job_id=None, correlation_id=self.correlation_id or self.job_id)


def upsert_table(envelope: Envelope, mapped: MappedTable, decision: Decision, dry_run: bool) -> UpsertTable:
    """UpsertTable for a decided table."""
    decisions = mapped.decisions
    if decision.note:
        policy = mapped.conflict_policy.value
        note = MappingDecision(
            kind=DecisionKind.INCLUDE, subject="table", rule=f"conflict_policy.{policy}", note=decision.note
        )
        decisions = (*decisions, note)
    return UpsertTable(
        **envelope.fields(mapped.asset_id),
        requester=REQUESTER,
        database=mapped.database,
        table=decision.table_input.name,
        dry_run=dry_run,
        table_input=decision.table_input,
        source_hash=mapped.source_hash,
        desired_hash=table_input_hash(decision.table_input),
        mapping_decisions=decisions,
        lossy_columns=mapped.lossy_columns,
        change_class=decision.diff.change_class,
        conflict_policy=mapped.conflict_policy,
        rule_set_version=mapped.rule_set_version,
    )


def ensure_database(envelope: Envelope, space: str, database: str) -> EnsureDatabase:
    """EnsureDatabase for a space's database."""
    return EnsureDatabase(
        **envelope.fields(None),
        requester=REQUESTER,
        database_input=database_input(space, envelope.tenant, database),
    )


def table_conflict(envelope: Envelope, mapped: MappedTable, decision: Decision) -> TableConflict:
    """TableConflict: the policy says stop; it is the asset's outcome."""
    return TableConflict(
        **envelope.fields(mapped.asset_id),
        database=mapped.database,
        table=decision.table_input.name,
        policy=mapped.conflict_policy,
        reason=decision.note or "changed outside mdsync",
        drifted=decision.drifted,
    )


def deprecate_table(
    envelope: Envelope, asset_id: str, database: str, table: str, reason: str, dry_run: bool = False
) -> DeprecateTable:
    """DeprecateTable for an owned table the rules no longer produce."""
    return DeprecateTable(
        **envelope.fields(asset_id),
        requester=REQUESTER,
        database=database,
        table=table,
        reason=reason,
        dry_run=dry_run,
    )


def asset_outcome(
    envelope: Envelope, asset_id: str, outcome: Outcome, reason: str | None, glue_table: tuple[str, str] | None = None
) -> AssetOutcome | None:
    """The asset's outcome decided by the mapper; None outside a job (nothing counts it)."""
    if envelope.job_id is None:
        return None
    return AssetOutcome(
        **{**envelope.fields(asset_id), "job_id": envelope.job_id},
        outcome=outcome,
        reason=reason,
        glue_table=glue_table_key(*glue_table) if glue_table else None,
        decided_by=SERVICE,
    )
