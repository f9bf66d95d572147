"""A recorded pipeline run as contract messages, for tests, the benchmark and demos.

One job over a small tenant: job requested/started, asset upserts (with dependencies and column lineage),
a changed version, glue commands and results (created, updated, held then approved, conflict, failure),
per-asset outcomes, a dry-run plan, a dead letter, and the job's end. Times are spaced one second apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any
from uuid import UUID, uuid4

from mdsync_contracts.assets import (
    AssetChange,
    AssetDefinition,
    AssetKind,
    AssetUpserted,
    Column,
    ColumnLineage,
    Dependency,
    DependencyKind,
    ObjectRef,
)
from mdsync_contracts.base import Environment, Message
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import (
    AppliedAction,
    ApprovalDecision,
    ApproveChange,
    ChangeClass,
    ChangeHeld,
    ChangePlanned,
    DecisionKind,
    GlueColumn,
    MappingDecision,
    PlannedAction,
    StorageDescriptor,
    TableApplied,
    TableConflict,
    TableDiff,
    TableFailed,
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

TENANT = "acme"
RULES = "dog-7"


@dataclass
class Clock:
    """Hands out increasing event times, one second apart, from an hour ago (so no event lies in the future)."""

    start: datetime = field(
        default_factory=lambda: datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    )
    ticks: count[int] = field(default_factory=count)

    def __call__(self) -> datetime:
        """The next time, one second after the previous one."""
        return self.start + timedelta(seconds=next(self.ticks))


def column(name: str, position: int, cds_type: str = "cds.String", **extra: Any) -> Column:
    """A column."""
    return Column(name=name, position=position, cds_type=cds_type, **extra)


def definition(space: str, name: str, kind: AssetKind, columns: list[Column], **extra: Any) -> AssetDefinition:
    """An asset definition in the sample tenant."""
    return AssetDefinition(tenant=TENANT, space=space, technical_name=name, kind=kind, columns=tuple(columns), **extra)


def depends(space: str, name: str, kind: DependencyKind = DependencyKind.FROM) -> Dependency:
    """A dependency on another object of the tenant."""
    return Dependency(source=ObjectRef(space=space, technical_name=name), kind=kind)


def lineage(col: str, space: str, name: str, source_column: str) -> ColumnLineage:
    """Column lineage: ``col`` comes from ``space.name.source_column``."""
    return ColumnLineage(column=col, source=ObjectRef(space=space, technical_name=name), source_column=source_column)


def envelope(clock: Clock, job_id: str | None, **extra: Any) -> dict[str, Any]:
    """Common envelope fields."""
    return {"environment": Environment.DOG, "tenant": TENANT, "job_id": job_id, "occurred_at": clock(), **extra}


def table_input(table: str, defn: AssetDefinition) -> TableInput:
    """A Glue TableInput mapped 1:1 from a definition (lowercase names, string types)."""
    columns = tuple(GlueColumn(name=c.name.lower(), type="string", comment=c.label) for c in defn.columns)
    return TableInput(name=table, description=defn.label, storage_descriptor=StorageDescriptor(columns=columns))


def upsert_command(clock: Clock, job_id: str, upserted: AssetUpserted, database: str, table: str) -> UpsertTable:
    """The mapper's UpsertTable for an asset upsert."""
    wanted = table_input(table, upserted.definition)
    decisions = tuple(
        MappingDecision(kind=DecisionKind.COLUMN_NAME, subject=c.name, target_value=c.name.lower(), rule="names.lower")
        for c in upserted.definition.columns
    )
    return UpsertTable(
        database=database,
        table=table,
        table_input=wanted,
        source_hash=upserted.content_hash,
        desired_hash=table_input_hash(wanted),
        mapping_decisions=decisions,
        change_class=ChangeClass.MINOR,
        rule_set_version=RULES,
        requester="service:mapper",
        causation_id=upserted.event_id,
        asset_id=upserted.asset_id,
        **envelope(clock, job_id),
    )


def applied(clock: Clock, command: UpsertTable, action: AppliedAction, version: str, **extra: Any) -> TableApplied:
    """The glue-writer's TableApplied for a command."""
    return TableApplied(
        database=command.database,
        table=command.table,
        action=action,
        version_id=version,
        desired_hash=command.desired_hash,
        source_hash=command.source_hash,
        rule_set_version=command.rule_set_version,
        causation_id=extra.pop("causation_id", command.event_id),
        asset_id=command.asset_id,
        **envelope(clock, command.job_id),
        **extra,
    )


def upserted(
    clock: Clock, job_id: str | None, defn: AssetDefinition, previous: AssetUpserted | None = None
) -> AssetUpserted:
    """An AssetUpserted (created, or changed after ``previous``)."""
    change = AssetChange.CHANGED if previous else AssetChange.CREATED
    fields = envelope(clock, job_id)
    del fields["tenant"]  # `of` takes the tenant from the definition
    return AssetUpserted.of(defn, change, previous.content_hash if previous else None, **fields)


@dataclass(frozen=True)
class Run:
    """A recorded run: the messages in publishing order, and names worth asserting on."""

    job_id: str
    messages: tuple[Message, ...]
    approval_id: str
    approved_table: str
    operator: str


def sample_definitions() -> dict[str, AssetDefinition]:
    """Sales objects: raw table, customers, a view joining them, an analytic model on the view."""
    raw = definition(
        "SALES", "ORDERS_RAW", AssetKind.LOCAL_TABLE, [column("VBELN", 0, key=True), column("NETWR", 1, "cds.Decimal")]
    )
    customers = definition(
        "SALES", "CUSTOMERS", AssetKind.LOCAL_TABLE, [column("KUNNR", 0, key=True), column("NAME", 1)]
    )
    view = definition(
        "SALES",
        "SALES_ORDERS",
        AssetKind.VIEW,
        [
            column("ORDER_ID", 0, key=True, label="Sales Order"),
            column("NET_AMOUNT", 1, "cds.Decimal"),
            column("CUSTOMER", 2),
        ],
        label="Sales Orders",
        dependencies=(depends("SALES", "ORDERS_RAW"), depends("SALES", "CUSTOMERS", DependencyKind.JOIN)),
        column_lineage=(
            lineage("ORDER_ID", "SALES", "ORDERS_RAW", "VBELN"),
            lineage("NET_AMOUNT", "SALES", "ORDERS_RAW", "NETWR"),
        ),
    )
    model = definition(
        "FINANCE",
        "REVENUE_MODEL",
        AssetKind.ANALYTIC_MODEL,
        [column("ORDER_ID", 0), column("REVENUE", 1, "cds.Decimal")],
        label="Revenue",
        dependencies=(depends("SALES", "SALES_ORDERS"),),
        column_lineage=(lineage("REVENUE", "SALES", "SALES_ORDERS", "NET_AMOUNT"),),
    )
    return {"raw": raw, "customers": customers, "view": view, "model": model}


def recorded_run(job_id: str = "job-20261126-0001", operator: str = "operator:jane") -> Run:
    """The messages of one realistic job, in the order the services would publish them."""
    clock = Clock()
    defs = sample_definitions()
    out: list[Message] = []
    scope = JobScope(spaces=("SALES", "FINANCE"))
    out.append(JobRequested(scope=scope, mode=JobMode.FULL, requester=operator, **envelope(clock, job_id)))
    out.append(JobStarted(planned_assets=4, mode=JobMode.FULL, **envelope(clock, job_id)))
    ups = {k: upserted(clock, job_id, d) for k, d in defs.items()}
    out.extend(ups.values())
    # The view changes: a column is added, one widened.
    changed = defs["view"].model_copy(
        update={"columns": (*defs["view"].columns[:2], column("CUSTOMER", 2, length=40), column("REGION", 3))}
    )
    view_v2 = upserted(clock, job_id, AssetDefinition.model_validate(changed.model_dump()), ups["view"])
    out.append(view_v2)
    cmd_raw = upsert_command(clock, job_id, ups["raw"], "sales", "orders_raw")
    cmd_view = upsert_command(clock, job_id, view_v2, "sales", "sales_orders")
    cmd_model = upsert_command(clock, job_id, ups["model"], "finance", "revenue_model")
    cmd_cust = upsert_command(clock, job_id, ups["customers"], "sales", "customers")
    out += [cmd_raw, cmd_view, cmd_model, cmd_cust]
    out.append(applied(clock, cmd_raw, AppliedAction.CREATED, "1"))
    approval_id = "apr-0001"
    diff = TableDiff(action=PlannedAction.UPDATE, change_class=ChangeClass.MAJOR)
    held = ChangeHeld(
        database="sales",
        table="sales_orders",
        approval_id=approval_id,
        reason="major change needs approval",
        change_class=ChangeClass.MAJOR,
        held_command_id=cmd_view.event_id,
        diff=diff,
        causation_id=cmd_view.event_id,
        asset_id=cmd_view.asset_id,
        **envelope(clock, job_id),
    )
    approve = ApproveChange(
        database="sales",
        table="sales_orders",
        approval_id=approval_id,
        decision=ApprovalDecision.APPROVE,
        reason="expected",
        requester=operator,
        causation_id=held.event_id,
        asset_id=cmd_view.asset_id,
        **envelope(clock, job_id),
    )
    out += [
        held,
        approve,
        applied(clock, cmd_view, AppliedAction.UPDATED, "7", approval_id=approval_id, causation_id=approve.event_id),
    ]
    out.append(
        TableConflict(
            database="finance",
            table="revenue_model",
            policy="fail",
            reason="column added outside mdsync: region",
            drifted=("columns.region",),
            causation_id=cmd_model.event_id,
            asset_id=cmd_model.asset_id,
            **envelope(clock, job_id),
        )
    )
    out.append(
        TableFailed(
            database="sales",
            table="customers",
            reason="column comment longer than 255: name",
            error_code="validation",
            causation_id=cmd_cust.event_id,
            asset_id=cmd_cust.asset_id,
            **envelope(clock, job_id),
        )
    )
    out.append(
        ChangePlanned(
            database="sales",
            table="orders_raw",
            diff=TableDiff(action=PlannedAction.UNCHANGED, change_class=ChangeClass.NONE),
            desired_hash=cmd_raw.desired_hash,
            asset_id=cmd_raw.asset_id,
            **envelope(clock, "job-dry-0001"),
        )
    )
    out.append(
        AssetOutcome(
            asset_id=f"{TENANT}/SALES/DATA_FLOW_1",
            outcome=Outcome.EXCLUDED,
            reason="kind data_flow excluded",
            decided_by="mapper",
            **envelope(clock, job_id),
        )
    )
    out.append(dead_letter(clock, job_id))
    counts = OutcomeCounts(created=1, updated=1, conflict=1, failed=1, excluded=1)
    out.append(
        JobFinished(
            status=JobStatus.FAILED, planned_assets=4, counts=counts, reason="1 failed", **envelope(clock, job_id)
        )
    )
    return Run(
        job_id=job_id,
        messages=tuple(out),
        approval_id=approval_id,
        approved_table="sales.sales_orders",
        operator=operator,
    )


def dead_letter(clock: Clock, job_id: str | None) -> DeadLetter:
    """A dead letter of a record the mapper could not decode."""
    return DeadLetter(
        service="mapper",
        original_topic="mdsync.datasphere.asset-changes.v1",
        original_partition=2,
        original_offset=41,
        original_key=f"{TENANT}/SALES/BROKEN",
        original_ce_type="mdsync.datasphere.asset.upserted",
        error_kind="invalid",
        error="definition.kind: input should be a valid kind",
        attempts=1,
        payload='{"definition": {"kind": "?"}}',
        asset_id=f"{TENANT}/SALES/BROKEN",
        **envelope(clock, job_id),
    )


def event_uuid(n: int) -> UUID:
    """A deterministic event id (for generated loads)."""
    return UUID(int=n)


def retenanted(messages: tuple[Message, ...], tenant: str, tag: str) -> tuple[Message, ...]:
    """The recorded run's messages as ``tenant``'s: tenant, asset ids, Glue databases (``{tenant}_sales``), event
    ids, and the dry-run job and approval ids (made apart by ``tag``) replaced."""
    swaps = {
        f'"{TENANT}"': f'"{tenant}"',
        f'"{TENANT}/': f'"{tenant}/',
        '"database":"sales"': f'"database":"{tenant}_sales"',
        '"database":"finance"': f'"database":"{tenant}_finance"',
        "job-dry-0001": f"job-{tag}-dry-0001",
        "apr-0001": f"apr-{tag}-0001",
        **{str(m.event_id): str(uuid4()) for m in messages},
    }
    out = []
    for message in messages:
        text = message.model_dump_json()
        for old, new in swaps.items():
            text = text.replace(old, new)
        out.append(type(message).model_validate_json(text))
    return tuple(out)
