"""What syncing one asset means now, and the messages that says to publish (pure)."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.base import Message
from mdsync_contracts.glue_model import ChangeClass
from mdsync_contracts.jobs import Outcome
from mdsync_mapper.core import commands
from mdsync_mapper.core.commands import Envelope
from mdsync_mapper.core.plan import PlanEntry, excluded_entry, mapped_entry
from mdsync_mapper.core.policy import Decision, Verdict
from mdsync_mapper.core.table import MappedTable

Place = tuple[str, str]


@dataclass(frozen=True)
class ExcludedAsset:
    """The rules map the asset to no table; ``stale`` is an owned table it used to map to."""

    definition: AssetDefinition
    reason: str
    stale: Place | None = None
    moved_assets: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MappedAsset:
    """The asset's desired table, the decision against Glue, and an owned table left behind by a rename."""

    definition: AssetDefinition
    mapped: MappedTable
    decision: Decision
    stale: Place | None = None
    moved_assets: frozenset[str] = frozenset()
    moved_spaces: frozenset[str] = frozenset()

    @property
    def place(self) -> Place:
        """The table the asset now maps to."""
        return (self.mapped.database, self.decision.table_input.name)


Evaluation = ExcludedAsset | MappedAsset


def messages_for(
    ev: Evaluation, envelope: Envelope, dry_run: bool, only_changes: bool, ensured: Set[str]
) -> list[Message]:
    """The commands (or outcome) to publish for an evaluation; ``ensured``: databases already ensured."""
    asset_id = ev.definition.asset_id
    found: list[Message | None]
    if isinstance(ev, ExcludedAsset):
        if ev.stale is not None:
            reason = f"no longer mapped: {ev.reason}"
            found = [commands.deprecate_table(envelope, asset_id, *ev.stale, reason, dry_run)]
        else:
            found = [] if only_changes else [commands.asset_outcome(envelope, asset_id, Outcome.EXCLUDED, ev.reason)]
        return [m for m in found if m is not None]
    found = []
    if ev.stale is not None and not dry_run:
        reason = f"renamed to {'.'.join(ev.place)}"
        found.append(commands.deprecate_table(envelope.without_job(), asset_id, *ev.stale, reason))
    found += _decided(ev, envelope, dry_run, only_changes, ensured)
    return [m for m in found if m is not None]


def _decided(
    ev: MappedAsset, envelope: Envelope, dry_run: bool, only_changes: bool, ensured: Set[str]
) -> list[Message | None]:
    mapped, decision = ev.mapped, ev.decision
    if decision.verdict is Verdict.UPSERT:
        if only_changes and decision.diff.change_class is ChangeClass.NONE:
            return []
        ensure: list[Message | None] = []
        if not dry_run and mapped.database not in ensured:
            ensure.append(commands.ensure_database(envelope.without_job(), ev.definition.space, mapped.database))
        return [*ensure, commands.upsert_table(envelope, mapped, decision, dry_run)]
    if dry_run:
        reason = f"would {decision.verdict.value}: {decision.note}"
        return [commands.asset_outcome(envelope, mapped.asset_id, Outcome.PLANNED, reason, ev.place)]
    if decision.verdict is Verdict.KEEP:
        return [commands.asset_outcome(envelope, mapped.asset_id, Outcome.UNCHANGED, decision.note, ev.place)]
    return [commands.table_conflict(envelope, mapped, decision)]


def plan_entry(ev: Evaluation, with_table: bool) -> PlanEntry:
    """The plan entry of an evaluation."""
    if isinstance(ev, ExcludedAsset):
        return excluded_entry(ev.definition.asset_id, ev.definition.kind, ev.reason, ev.stale)
    return mapped_entry(ev.definition.kind, ev.mapped, ev.decision, with_table)
