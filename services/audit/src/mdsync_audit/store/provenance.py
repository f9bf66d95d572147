"""Provenance of a Glue table: its write back to the approval, the mapping and the asset change behind it.

The chain follows ``causation_id`` from the TableApplied event (every hop an ``_id`` lookup), and falls back
on the keyed views where a link is missing: the approval by its id, the command by its desired hash, the
asset change by its content hash in the asset's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.asset_views import AssetView, GlueState, VersionBucket, bucket_id, bucket_of
from mdsync_audit.core.changes import ApprovalView
from mdsync_audit.core.glue_tables import GlueTableView
from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.core.tenant_scope import Reach, reaches_id
from mdsync_audit.read_models import Provenance, ProvenanceStep
from mdsync_audit.store import schema
from mdsync_audit.store.docs import load, load_many
from mdsync_audit.store.read_assets import NotFoundError
from mdsync_contracts.assets import AssetUpserted
from mdsync_contracts.glue import ApproveChange, UpsertTable
from mdsync_runtime.store import Document

MAX_HOPS = 8
ROLES = {AssetUpserted.CE_TYPE: "asset-change", UpsertTable.CE_TYPE: "glue-command", ApproveChange.CE_TYPE: "approval"}


@dataclass
class _Chain:
    found: dict[str, StoredEvent] = field(default_factory=dict)

    def role(self, role: str) -> StoredEvent | None:
        return next((e for e in self.found.values() if ROLES.get(e.type) == role), None)


@dataclass(frozen=True)
class ProvenanceReads:
    """Builds provenance chains from keyed lookups."""

    db: AsyncDatabase[Document]
    bucket_size: int

    async def provenance(self, table: str, reach: Reach, version_id: str | None = None) -> Provenance:
        """The chain behind the latest write of ``table`` (or the write that produced ``version_id``)."""
        view = await load(self.db[schema.GLUE_TABLES], GlueTableView, table)
        applied = _pick(view, version_id) if view else None
        if view is None or applied is None or not reaches_id(view.asset_id, reach):
            raise NotFoundError(f"no Glue write of {table!r} recorded")
        chain = _Chain()
        await self._follow(chain, applied.event_id)
        await self._fill_gaps(chain, view, applied)
        return self._assemble(table, view, applied, chain)

    async def _follow(self, chain: _Chain, event_id: str | None) -> None:
        for _ in range(MAX_HOPS):
            if event_id is None or event_id in chain.found:
                return
            event = await load(self.db[schema.EVENTS], StoredEvent, event_id)
            if event is None:
                return
            chain.found[event.id] = event
            event_id = event.causation_id

    async def _fill_gaps(self, chain: _Chain, view: GlueTableView, applied: GlueState) -> None:
        if applied.approval_id and chain.role("approval") is None:
            approval = await load(self.db[schema.APPROVALS], ApprovalView, applied.approval_id)
            if approval and approval.decision_event:
                await self._follow(chain, approval.decision_event.event_id)
            if approval and approval.held_command_id and chain.role("glue-command") is None:
                await self._follow(chain, approval.held_command_id)
        if chain.role("glue-command") is None:
            command = next((c for c in view.commands if c.desired_hash == applied.desired_hash), None)
            await self._follow(chain, command.event_id if command else None)
        if chain.role("asset-change") is None and view.asset_id and applied.source_hash:
            await self._follow(chain, await self._asset_event(view.asset_id, applied.source_hash))

    async def _asset_event(self, asset_id: str, content_hash: str) -> str | None:
        asset = await load(self.db[schema.ASSETS], AssetView, asset_id)
        if asset is None or asset.version == 0:
            return None
        top = bucket_of(asset.version, self.bucket_size)
        ids = [bucket_id(asset_id, b) for b in range(max(top - 1, 0), top + 1)]
        buckets = await load_many(self.db[schema.VERSIONS], VersionBucket, ids)
        matches = [v for b in buckets.values() for v in b.versions if v.content_hash == content_hash]
        return max(matches, key=lambda v: v.version).event.event_id if matches else None

    def _assemble(self, table: str, view: GlueTableView, applied: GlueState, chain: _Chain) -> Provenance:
        steps = [
            ProvenanceStep(
                role="glue-result", event=_ref(chain, applied.event_id), detail=applied.model_dump(mode="json")
            )
        ]
        approval = chain.role("approval")
        command = chain.role("glue-command")
        change = chain.role("asset-change")
        if approval:
            steps.append(ProvenanceStep(role="approval", event=approval.ref, detail=_approval_detail(approval)))
        if command:
            steps.append(ProvenanceStep(role="glue-command", event=command.ref, detail=_command_detail(command)))
        if change:
            steps.append(ProvenanceStep(role="asset-change", event=change.ref, detail=_change_detail(change)))
        return Provenance(
            table=table,
            asset_id=view.asset_id,
            version_id=applied.version_id,
            source_hash=applied.source_hash or (command.payload.get("source_hash") if command else None),
            rule_set_version=applied.rule_set_version or (command.payload.get("rule_set_version") if command else None),
            approval_id=applied.approval_id,
            operator=approval.requester if approval else None,
            steps=tuple(steps),
            complete=bool(command and change and (approval or not applied.approval_id)),
        )


def _pick(view: GlueTableView, version_id: str | None) -> GlueState | None:
    if version_id is None:
        return view.applied[0] if view.applied else None
    return next((a for a in view.applied if a.version_id == version_id), None)


def _ref(chain: _Chain, event_id: str) -> object:
    event = chain.found.get(event_id)
    return event.ref if event else None


def _approval_detail(event: StoredEvent) -> dict[str, object]:
    keys = ("approval_id", "decision", "reason")
    return {"operator": event.requester} | {k: event.payload.get(k) for k in keys}


def _command_detail(event: StoredEvent) -> dict[str, object]:
    keys = ("source_hash", "desired_hash", "rule_set_version", "change_class", "mapping_decisions", "lossy_columns")
    return {"requester": event.requester} | {k: event.payload.get(k) for k in keys}


def _change_detail(event: StoredEvent) -> dict[str, object]:
    keys = ("content_hash", "previous_hash", "change")
    return {k: event.payload.get(k) for k in keys}
