"""Pre-aggregated KPI counters per minute, and per-space freshness: what one event adds.

The store has no transactions, so the guard lives in the counted document itself: a minute lists, per
(topic, partition), the offsets it has counted, and an event adds to the counters only in the same update
that adds its offset, conditioned on the offset being absent. A re-applied event (crash, outage) therefore
counts once, whatever order the consumer handles a partition's keys in. An event is always counted with the
coordinates it was first stored with.

Every counter is kept twice in the same update: for all tenants, and under the event's tenant (``tenants``), so
a caller limited to some tenants reads the same minute documents and sums its tenants' part. A dead letter
counts for a tenant only when its tenant is known (see ``event_tenant``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.core.stored import Doc, StoredEvent
from mdsync_audit.core.tenant_scope import tenant_of_id
from mdsync_contracts.base import Message
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import TableApplied, TableConflict, TableFailed
from mdsync_contracts.jobs import AssetOutcome, JobFinished, JobRequested

_FAILED_OUTCOMES = frozenset({"failed", "dead_lettered", "conflict"})
_FAILED_JOBS = frozenset({"failed", "timed_out"})
SYNCED_ACTIONS = frozenset({"created", "updated", "unchanged"})


def field_name(text: str) -> str:
    """A store field name for ``text`` (no dots, no leading `$`)."""
    return text.replace(".", "_").replace("$", "_")


def stamp(moment: datetime) -> str:
    """Fixed-width UTC text of ``moment`` that sorts like the time (for `$max` in the store)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def guard_field(event: StoredEvent) -> str:
    """The field listing the offsets of the event's partition that a minute document has counted."""
    return f"parts.{field_name(event.base_topic)}_{event.partition}"


def kpi_increments(message: Message) -> dict[str, int]:
    """Counter increments one event contributes to its minute."""
    counts = {"events": 1, f"topic.{field_name(message.TOPIC)}": 1, f"type.{field_name(message.CE_TYPE)}": 1}
    outcome = _outcome(message)
    if outcome is not None:
        counts[f"outcome.{outcome}"] = 1
        if outcome in _FAILED_OUTCOMES:
            counts["failures"] = 1
    if isinstance(message, JobFinished):
        counts[f"jobs.{message.status.value}"] = 1
        if message.status.value in _FAILED_JOBS:
            counts["failures"] = 1
    if isinstance(message, JobRequested):
        counts["jobs.requested"] = 1
    if isinstance(message, DeadLetter):
        counts["dead_letters"] = 1
    return counts | _space_increments(space_of(message.asset_id), counts)


def minute_increments(message: Message) -> dict[str, int]:
    """Everything one event adds to its minute: the counters for all tenants and again under its tenant's."""
    counts = kpi_increments(message)
    tenant = event_tenant(message)
    if tenant is None:
        return counts
    return counts | {f"tenants.{field_name(tenant)}.{k}": n for k, n in counts.items()}


def event_tenant(message: Message) -> str | None:
    """The tenant an event counts for: its own; a dead letter's only when known.

    A dead letter carries the record's tenant when the record was decoded (it then names the record's event as
    its cause) and the consumer's otherwise, so an undecoded record's dead letter belongs to no tenant.
    """
    if isinstance(message, DeadLetter):
        return tenant_of_id(message.asset_id) or (message.tenant if message.causation_id is not None else None)
    return message.tenant


def _space_increments(space: str | None, counts: dict[str, int]) -> dict[str, int]:
    """The same counts under the event's space, so a caller limited to some spaces gets cheap KPIs."""
    if space is None:
        return {}
    kept = {k: n for k, n in counts.items() if k in ("events", "failures", "dead_letters") or k.startswith("outcome.")}
    return {f"spaces.{field_name(space)}.{k}": n for k, n in kept.items()}


def _outcome(message: Message) -> str | None:
    if isinstance(message, AssetOutcome):
        return message.outcome.value
    if isinstance(message, TableApplied | TableFailed | TableConflict):
        return message.outcome().value
    return None


class SpaceCounters(BaseModel):
    """Counters of one space in one minute."""

    model_config = ConfigDict(frozen=True)

    events: int = Field(default=0, description="Events about the space's assets.")
    failures: int = Field(default=0, description="Failed or conflicting outcomes.")
    dead_letters: int = Field(default=0, description="Dead letters.")
    outcome: dict[str, int] = Field(default_factory=dict, description="Asset outcomes per outcome.")


class KpiCounters(BaseModel):
    """Counters of one minute, of every tenant or of one."""

    model_config = ConfigDict(frozen=True)

    events: int = Field(default=0, description="Events stored.")
    failures: int = Field(default=0, description="Failed or conflicting outcomes and failed jobs.")
    dead_letters: int = Field(default=0, description="Dead letters.")
    topic: dict[str, int] = Field(default_factory=dict, description="Events per topic.")
    type: dict[str, int] = Field(default_factory=dict, description="Events per type.")
    outcome: dict[str, int] = Field(default_factory=dict, description="Asset outcomes per outcome.")
    jobs: dict[str, int] = Field(default_factory=dict, description="Jobs requested and finished, per status.")
    spaces: dict[str, SpaceCounters] = Field(default_factory=dict, description="Counters per space.")


class KpiMinute(Doc, KpiCounters):
    """Counters of one minute (``id`` = `YYYY-MM-DDTHH:MM`, by the events' own time), also per tenant."""

    tenants: dict[str, KpiCounters] = Field(
        default_factory=dict, description="The same counters per tenant (events stored before: in none)."
    )


class SpaceFreshness(Doc):
    """Per tenant's space (``id`` = `{tenant}/{space}`): when Glue last acknowledged a sync of one of its assets."""

    last_synced_at: str | None = Field(default=None, description="Latest created/updated/unchanged result.")


def space_of(asset_id: str | None) -> str | None:
    """The space part of an asset id."""
    parts = (asset_id or "").split("/", 2)
    return parts[1] if len(parts) == 3 else None


def freshness_id(asset_id: str | None) -> str | None:
    """Key of the freshness document of an asset's tenant and space, `{tenant}/{space}` (None: no asset)."""
    tenant, space = tenant_of_id(asset_id), space_of(asset_id)
    return f"{tenant}/{space}" if tenant and space else None


def split_freshness_id(key: str) -> tuple[str, str]:
    """The tenant and space of a freshness key."""
    tenant, _, space = key.partition("/")
    return tenant, space


def space_maxima(event: StoredEvent, message: Message) -> dict[str, str]:
    """The `$max` fields one event sets on its space's freshness document (none for most events)."""
    if isinstance(message, TableApplied) and message.action.value in SYNCED_ACTIONS:
        return {"last_synced_at": stamp(event.occurred_at)}
    return {}
