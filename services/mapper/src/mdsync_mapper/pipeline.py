"""Asset events → Glue commands and outcomes.

Every asset of a job ends in exactly one outcome: an UpsertTable or DeprecateTable (the glue-writer reports
its result), a TableConflict, or an AssetOutcome (excluded, unchanged by target-wins, planned). Follow-up work
(assets whose names moved, tables a later flow copies, models whose sources arrived, a new rule set) carries
no job id and publishes only changes.

Partitions are handled concurrently, so an asset's own event and a follow-up re-map of it (a source of it
arrived on another partition) may run at once. Evaluating and publishing one asset therefore holds that
asset's lock: what is published last for a table is always the evaluation that read the store last.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace

from mdsync_contracts.assets import AssetDefinition, AssetDeleted, AssetUpserted
from mdsync_contracts.base import Message
from mdsync_contracts.glue import EnsureDatabase
from mdsync_contracts.jobs import JobScope, Outcome
from mdsync_mapper.core import commands
from mdsync_mapper.core.commands import Envelope
from mdsync_mapper.core.evaluation import Evaluation, MappedAsset, Place, messages_for, plan_entry
from mdsync_mapper.core.plan import Plan, plan_of
from mdsync_mapper.core.policy import Verdict
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.select import exclusion
from mdsync_mapper.evaluator import Evaluator
from mdsync_mapper.glue import GlueReader
from mdsync_mapper.keyed import KeyedLocks
from mdsync_mapper.placing import Placer
from mdsync_mapper.rulesets import RuleSets
from mdsync_mapper.store import MapperStore, StoredAsset
from mdsync_mapper.tenancy import TenantRules
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.settings import CommonSettings
from mdsync_runtime.tenants import Tenants


class Pipeline:
    """The mapper's use cases over the store, Glue (read-only) and Kafka."""

    def __init__(
        self,
        store: MapperStore,
        glue: GlueReader,
        rule_sets: RuleSets,
        publisher: Publisher,
        common: CommonSettings,
        tenants: Tenants | None = None,
        tenant_glue: dict[str, GlueReader] | None = None,
    ) -> None:
        self.store, self.rule_sets, self.publisher, self.common = store, rule_sets, publisher, common
        self.tenant_rules = TenantRules.load(rule_sets, common.env, tenants, rule_sets.directory)
        self.placer = Placer(store)
        self.evaluator = Evaluator(self.placer, glue)
        self._evaluators = {name: Evaluator(self.placer, reader) for name, reader in (tenant_glue or {}).items()}
        self._ensured: set[str] = set()
        self._assets = KeyedLocks()

    @property
    def rule_set(self) -> RuleSet:
        """The rule set in force in this environment."""
        return self.rule_sets.get(self.common.env)

    def evaluator_of(self, tenant: str) -> Evaluator:
        """The evaluator reading ``tenant``'s Glue target (its region), else the service's."""
        return self._evaluators.get(tenant, self.evaluator)

    def rule_set_of(self, tenant: str) -> RuleSet:
        """The rule set of ``tenant`` (with its database prefix) when tenants are configured, else the one above."""
        return self.tenant_rules.of(tenant)

    def envelope(self, message: Message) -> Envelope:
        """The envelope of what the mapper publishes because of ``message``."""
        return Envelope(
            self.common.env,
            message.tenant,
            message.job_id,
            message.event_id,
            message.correlation_id,
            message.initiated_by,
        )

    async def upserted(self, message: AssetUpserted) -> None:
        """Map a new or changed asset; a dry run plans it and stores nothing."""
        envelope = self.envelope(message)
        definition = message.definition
        if message.dry_run:
            rule_set = self.rule_set_of(definition.tenant)
            evaluation = await self.evaluator_of(definition.tenant).evaluate(definition, rule_set, None, claim=False)
            await self._publish(messages_for(evaluation, envelope, True, False, self._ensured))
            return
        previous = await self.store.asset(definition.asset_id)
        before = previous.definition if previous else None
        await self.store.save_definition(definition)
        await self.placer.index(definition, before)
        await self._apply(definition, previous.place if previous else None, envelope, only_changes=False)
        followers = await self.placer.followers(definition) | await self.placer.followers(before)
        await self.remap(followers - {definition.asset_id}, envelope.without_job())

    async def deleted(self, message: AssetDeleted) -> None:
        """Retire the owned table of a vanished asset and release its names."""
        envelope = self.envelope(message)
        asset_id = message.asset_id or ""
        stored = await self.store.asset(asset_id)
        if stored is None:
            await self._publish([commands.asset_outcome(envelope, asset_id, Outcome.UNCHANGED, "never mapped")])
            return
        definition, place = stored.definition, stored.place
        await self.store.forget(asset_id, definition.tenant, definition.space)
        await self.placer.unindex(definition)
        moved = await self.placer.release(definition, place[0]) if place else frozenset()
        found: Message | None
        if place is not None and await self.evaluator_of(definition.tenant).owns(place, asset_id):
            reason = f"source asset deleted ({message.reason.value})"
            found = commands.deprecate_table(envelope, asset_id, *place, reason)
        else:
            reason = exclusion(self.rule_set_of(definition.tenant).rules, definition) or "no Glue table owned for it"
            found = commands.asset_outcome(envelope, asset_id, Outcome.UNCHANGED if place else Outcome.EXCLUDED, reason)
        await self._publish([found])
        await self.remap(moved | await self.placer.followers(definition), envelope.without_job())

    async def remap(self, asset_ids: Iterable[str], envelope: Envelope) -> None:
        """Re-map stored assets; publish only what changes."""
        for asset_id in sorted(set(asset_ids)):
            async with self._assets.hold(asset_id):
                stored = await self.store.asset(asset_id)
                ev = await self._settle(stored.definition, stored.place, envelope, True) if stored else None
            if ev is not None:
                await self.remap(await self._moved(ev) - {asset_id}, envelope.without_job())

    async def _apply(
        self, definition: AssetDefinition, old: Place | None, envelope: Envelope, only_changes: bool
    ) -> None:
        async with self._assets.hold(definition.asset_id):
            ev = await self._settle(definition, old, envelope, only_changes)
        # Outside the lock: re-mapping others while holding ours could wait on a lock that waits on ours.
        await self.remap(await self._moved(ev) - {definition.asset_id}, envelope.without_job())

    async def _settle(
        self, definition: AssetDefinition, old: Place | None, envelope: Envelope, only_changes: bool
    ) -> Evaluation:
        rule_set = self.rule_set_of(definition.tenant)
        ev = await self.evaluator_of(definition.tenant).evaluate(definition, rule_set, old, claim=True)
        await self._publish(messages_for(ev, envelope, False, only_changes, self._ensured))
        if not isinstance(ev, MappedAsset):
            await self.store.save_place(definition.asset_id, None)
        elif ev.decision.verdict is Verdict.UPSERT:
            await self.store.save_place(definition.asset_id, ev.place)
        return ev

    async def _moved(self, ev: Evaluation) -> set[str]:
        moved = set(ev.moved_assets)
        for space in ev.moved_spaces if isinstance(ev, MappedAsset) else ():
            moved |= set(await self.store.space_members(ev.definition.tenant, space))
        return moved

    async def replan(self, envelope: Envelope, concurrency: int = 8, tenants: tuple[str, ...] | None = None) -> int:
        """Re-map every stored asset of ``tenants`` (default: those on the default rule set); returns how many."""
        work = []
        if tenants is None:
            tenants = self.tenant_rules.on_default() or (self.common.tenant,)
        for tenant in tenants:
            spaces = await self.store.spaces(tenant)
            tenant_envelope = replace(envelope, tenant=tenant)
            work += [(a, tenant_envelope) for space in spaces for a in await self.store.space_members(tenant, space)]
        limit = asyncio.Semaphore(concurrency)

        async def one(asset_id: str, tenant_envelope: Envelope) -> None:
            async with limit:
                await self.remap([asset_id], tenant_envelope)

        async with asyncio.TaskGroup() as group:
            for asset_id, tenant_envelope in work:
                group.create_task(one(asset_id, tenant_envelope))
        return len(work)

    async def plan(
        self,
        scope: JobScope,
        definitions: Iterable[AssetDefinition],
        envelope: Envelope | None,
        with_tables: bool,
        tenant: str | None = None,
    ) -> Plan:
        """Plans of the scope's stored assets (of ``tenant``) and of ``definitions``; a dry-run job publishes them."""
        tenant = tenant or self.common.tenant
        inline = {d.asset_id: d for d in definitions}
        stored = await self._scope_assets(scope, tenant)
        entries = []
        for asset_id in sorted(stored.keys() | inline.keys()):
            old = stored.get(asset_id)
            definition = inline.get(asset_id) or old.definition  # type: ignore[union-attr]
            rule_set = self.rule_set_of(definition.tenant)
            evaluator = self.evaluator_of(definition.tenant)
            ev = await evaluator.evaluate(definition, rule_set, old.place if old else None, claim=False)
            entries.append(plan_entry(ev, with_tables))
            if envelope is not None:
                await self._publish(messages_for(ev, envelope, True, False, self._ensured))
        return plan_of(self.common.env.value, self.rule_set_of(tenant).label, entries)

    async def _scope_assets(self, scope: JobScope, tenant: str) -> dict[str, StoredAsset]:
        ids = {a.asset_id(tenant) for a in scope.assets}
        for space in scope.spaces:
            ids |= set(await self.store.space_members(tenant, space))
        found = {}
        for asset_id in sorted(ids):
            stored = await self.store.asset(asset_id)
            if stored is not None:
                found[asset_id] = stored
        return found

    async def _publish(self, messages: Iterable[Message | None]) -> None:
        for message in messages:
            if message is None:
                continue
            await self.publisher.publish(message)
            if isinstance(message, EnsureDatabase):
                self._ensured.add(message.database_input.name)
