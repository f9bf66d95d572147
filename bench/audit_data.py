"""Synthetic audit data for the benchmark: deterministic assets and the contract messages of each.

Each asset gets k versions (k = (per_asset - 1) // 3), each followed by an UpsertTable and a TableApplied, then
an AssetOutcome; views and analytic models depend on two earlier assets (a lineage graph with fan-in).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from mdsync_audit.sample import column, definition, depends, lineage
from mdsync_contracts.assets import AssetChange, AssetKind, AssetUpserted
from mdsync_contracts.base import Environment, Message
from mdsync_contracts.glue import (
    AppliedAction,
    ChangeClass,
    DecisionKind,
    GlueColumn,
    MappingDecision,
    StorageDescriptor,
    TableApplied,
    TableInput,
    UpsertTable,
    table_input_hash,
)
from mdsync_contracts.jobs import (
    AssetOutcome,
    JobFinished,
    JobMode,
    JobRequested,
    JobScope,
    JobStarted,
    JobStatus,
    Outcome,
    OutcomeCounts,
)

WORDS = [
    "SALES",
    "ORDER",
    "CUSTOMER",
    "MATERIAL",
    "INVOICE",
    "PLANT",
    "VENDOR",
    "REVENUE",
    "STOCK",
    "DELIVERY",
    "COST",
    "PROFIT",
]
COLUMNS = [f"{w}_{s}" for w in WORDS for s in ("ID", "NAME", "AMOUNT", "DATE")]
KINDS = [AssetKind.LOCAL_TABLE, AssetKind.VIEW, AssetKind.ANALYTIC_MODEL, AssetKind.REMOTE_TABLE]
SPACES = 20


@dataclass
class Generator:
    """Deterministic assets and their events."""

    assets: int
    per_asset: int
    start: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(hours=2))

    def space(self, i: int) -> str:
        """Space of asset ``i``."""
        return f"SPACE_{i % SPACES:02d}"

    def name(self, i: int) -> str:
        """Technical name of asset ``i``."""
        return f"{WORDS[i % len(WORDS)]}_{WORDS[(i // len(WORDS)) % len(WORDS)]}_{i:06d}"

    def name_word(self, i: int) -> str:
        """A word of some names (for searches)."""
        return WORDS[(i * 5) % len(WORDS)].lower()

    def column(self, i: int) -> str:
        """A column some assets have (for searches)."""
        return COLUMNS[(i * 7) % len(COLUMNS)].lower()

    def asset_id(self, i: int) -> str:
        """Asset id of asset ``i``."""
        return f"acme/{self.space(i)}/{self.name(i)}"

    def definition(self, i: int, version: int) -> Any:
        """Asset ``i`` at ``version``: six columns, a seventh from version 2, sources for derived kinds."""
        kind = KINDS[i % len(KINDS)]
        names = [COLUMNS[(i + 3 * n) % len(COLUMNS)] for n in range(6)]
        columns = [column(n, p, length=10 + version if p == 1 else None) for p, n in enumerate(dict.fromkeys(names))]
        sources = (
            [i - 1 - i % 7, i - 3 - i % 5] if kind in (AssetKind.VIEW, AssetKind.ANALYTIC_MODEL) and i > 10 else []
        )
        deps = tuple(depends(self.space(s), self.name(s)) for s in sources)
        lin = tuple(
            lineage(columns[0].name, self.space(s), self.name(s), COLUMNS[s % len(COLUMNS)]) for s in sources[:1]
        )
        return definition(
            self.space(i),
            self.name(i),
            kind,
            columns,
            label=self.name(i).replace("_", " ").title(),
            dependencies=deps,
            column_lineage=lin,
        )

    def messages(self, i: int, job_id: str, clock: list[datetime]) -> list[Message]:
        """Every event of asset ``i``."""
        out: list[Message] = []
        previous: AssetUpserted | None = None
        for version in range(1, max((self.per_asset - 1) // 3, 1) + 1):
            env = self._env(job_id, clock)
            change = AssetChange.CHANGED if previous else AssetChange.CREATED
            upsert = AssetUpserted.of(
                self.definition(i, version), change, previous.content_hash if previous else None, **env
            )
            command = _command(upsert, self._env(job_id, clock) | {"tenant": "acme"})
            applied = TableApplied(
                database=command.database,
                table=command.table,
                action=AppliedAction.UPDATED if previous else AppliedAction.CREATED,
                version_id=str(version),
                desired_hash=command.desired_hash,
                source_hash=upsert.content_hash,
                rule_set_version="dog-7",
                causation_id=command.event_id,
                asset_id=upsert.asset_id,
                tenant="acme",
                **self._env(job_id, clock),
            )
            out += [upsert, command, applied]
            previous = upsert
        out.append(
            AssetOutcome(
                asset_id=self.asset_id(i),
                outcome=Outcome.UPDATED,
                decided_by="bench",
                tenant="acme",
                **self._env(job_id, clock),
            )
        )
        return out

    def _env(self, job_id: str, clock: list[datetime]) -> dict[str, Any]:
        clock[0] += timedelta(milliseconds=1)
        return {"environment": Environment.DOG, "job_id": job_id, "occurred_at": clock[0]}

    def job_messages(self, job_id: str, clock: list[datetime], size: int) -> tuple[list[Message], Message]:
        """A job's requested/started events, and its finish."""
        env = {"tenant": "acme", "environment": Environment.DOG, "job_id": job_id}
        requested = JobRequested(
            requester="operator:bench", scope=JobScope(), mode=JobMode.FULL, occurred_at=clock[0], **env
        )
        started = JobStarted(planned_assets=size, mode=JobMode.FULL, occurred_at=clock[0], **env)
        finished = JobFinished(
            status=JobStatus.SUCCEEDED,
            planned_assets=size,
            counts=OutcomeCounts(updated=size),
            occurred_at=clock[0] + timedelta(seconds=60),
            **env,
        )
        return [requested, started], finished

    def messages_for_ingest(self, count: int) -> list[Message]:
        """Events of fresh assets (ids beyond the loaded ones), in publishing order."""
        clock = [self.start + timedelta(hours=1)]
        out: list[Message] = []
        i = self.assets
        while len(out) < count:
            out += self.messages(i, "job-ingest", clock)
            i += 1
        return out[:count]


@functools.cache
def _glue_column(name: str) -> GlueColumn:
    return GlueColumn(name=name.lower(), type="string")


@functools.cache
def _decision(name: str) -> MappingDecision:
    return MappingDecision(kind=DecisionKind.COLUMN_NAME, subject=name, target_value=name.lower(), rule="names.lower")


def _command(upsert: AssetUpserted, env: dict[str, Any]) -> UpsertTable:
    defn = upsert.definition
    table = defn.technical_name.lower()
    columns = tuple(_glue_column(c.name) for c in defn.columns)
    wanted = TableInput(name=table, storage_descriptor=StorageDescriptor(columns=columns))
    decisions = tuple(_decision(c.name) for c in defn.columns)
    return UpsertTable(
        database=defn.space.lower(),
        table=table,
        table_input=wanted,
        source_hash=upsert.content_hash,
        desired_hash=table_input_hash(wanted),
        mapping_decisions=decisions,
        change_class=ChangeClass.MINOR,
        rule_set_version="dog-7",
        requester="service:mapper",
        causation_id=upsert.event_id,
        asset_id=upsert.asset_id,
        **env,
    )
