"""The plan of one asset (what syncing it would do to Glue) and of a scope, as the API returns it."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.assets import AssetKind
from mdsync_contracts.glue_model import ChangeClass, PlannedAction, TableDiff, TableInput
from mdsync_mapper.core.diff import deprecation_diff
from mdsync_mapper.core.policy import Decision, Verdict
from mdsync_mapper.core.table import MappedTable


class PlanVerdict(StrEnum):
    """What syncing the asset would do."""

    UPSERT = "upsert"
    KEEP = "keep"
    CONFLICT = "conflict"
    DEPRECATE = "deprecate"
    EXCLUDED = "excluded"


class PlanEntry(BaseModel):
    """One asset's plan: its Glue table, the verdict, the diff against Glue now and its class."""

    model_config = ConfigDict(frozen=True)

    asset_id: str
    kind: AssetKind
    verdict: PlanVerdict
    database: str | None = None
    table: str | None = None
    change_class: ChangeClass = ChangeClass.NONE
    diff: TableDiff | None = None
    drifted: tuple[str, ...] = ()
    lossy_columns: tuple[str, ...] = ()
    note: str | None = None
    table_input: TableInput | None = Field(default=None, description="The desired table (when asked for).")


class Plan(BaseModel):
    """Plans of every asset in a scope, writing nothing."""

    model_config = ConfigDict(frozen=True)

    environment: str
    rule_set_version: str
    entries: tuple[PlanEntry, ...]
    counts: dict[str, int] = Field(description="Entries per `verdict/change_class`.")


def mapped_entry(kind: AssetKind, mapped: MappedTable, decision: Decision, with_table: bool) -> PlanEntry:
    """The plan of an asset that maps to a table."""
    return PlanEntry(
        asset_id=mapped.asset_id,
        kind=kind,
        verdict=PlanVerdict(decision.verdict.value),
        database=mapped.database,
        table=decision.table_input.name,
        change_class=decision.diff.change_class if decision.verdict is Verdict.UPSERT else ChangeClass.NONE,
        diff=decision.diff,
        drifted=decision.drifted,
        lossy_columns=mapped.lossy_columns,
        note=decision.note,
        table_input=decision.table_input if with_table else None,
    )


def excluded_entry(asset_id: str, kind: AssetKind, reason: str, stale: tuple[str, str] | None) -> PlanEntry:
    """The plan of an excluded asset: nothing, or deprecating the owned table it used to map to."""
    if stale is None:
        return PlanEntry(asset_id=asset_id, kind=kind, verdict=PlanVerdict.EXCLUDED, note=reason)
    diff = deprecation_diff()
    database, table = stale
    return PlanEntry(
        asset_id=asset_id,
        kind=kind,
        verdict=PlanVerdict.DEPRECATE,
        database=database,
        table=table,
        change_class=diff.change_class,
        diff=diff,
        note=reason,
    )


def plan_of(environment: str, rule_set_version: str, entries: list[PlanEntry]) -> Plan:
    """The plan of a scope, entries in asset-id order, with counts."""
    ordered = tuple(sorted(entries, key=lambda entry: entry.asset_id))
    counts = Counter(f"{e.verdict.value}/{e.change_class.value}" for e in ordered)
    return Plan(
        environment=environment, rule_set_version=rule_set_version, entries=ordered, counts=dict(sorted(counts.items()))
    )


def is_noop(entry: PlanEntry) -> bool:
    """True when the entry changes nothing in Glue."""
    return entry.verdict is PlanVerdict.EXCLUDED or (
        entry.verdict is PlanVerdict.UPSERT and entry.diff is not None and entry.diff.action is PlannedAction.UNCHANGED
    )
