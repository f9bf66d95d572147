"""Changing the rules in force: replace, reload or promote a rule set, record promotions, re-plan the scope."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from mdsync_contracts.base import Environment
from mdsync_contracts.rule_sets import RuleSetPromoted
from mdsync_mapper.core.commands import Envelope
from mdsync_mapper.core.rules import RuleSet, rules_hash
from mdsync_mapper.pipeline import Pipeline
from mdsync_mapper.rulesets import Promotion, RuleSets, same_outputs
from mdsync_mapper.tenancy import DEFAULT_RULE_SET
from mdsync_runtime.publisher import Publisher

log = logging.getLogger(__name__)


@dataclass
class Replan:
    """One re-plan of the scope after a rule set came into force."""

    rule_set_version: str
    task: asyncio.Task[int]
    error: str | None = None
    rule_set: str = DEFAULT_RULE_SET

    @property
    def state(self) -> str:
        """running, done or failed."""
        if not self.task.done():
            return "running"
        return "failed" if self.task.cancelled() or self.task.exception() else "done"


@dataclass(frozen=True)
class Target:
    """The named rule set a change is for, and the tenants re-planned when it maps differently."""

    name: str
    rule_sets: RuleSets
    tenant: str
    replanned: tuple[str, ...] | None = None  # None: the default rule set's tenants


@dataclass
class Activation:
    """Owns rule-set changes and the re-plans they start (cancelled on shutdown)."""

    rule_sets: RuleSets
    pipeline: Pipeline
    publisher: Publisher
    concurrency: int = 8
    replans: list[Replan] = field(default_factory=list)

    @property
    def environment(self) -> Environment:
        """This mapper's environment."""
        return self.pipeline.common.env

    def target(self, tenant: str | None = None) -> Target:
        """The rule set of ``tenant`` (its named set), else the default one; the tenant must be served."""
        tenant_rules = self.pipeline.tenant_rules
        name = tenant_rules.name_of(tenant) if tenant else DEFAULT_RULE_SET
        if name == DEFAULT_RULE_SET:
            return Target(name, self.rule_sets, tenant or self.pipeline.common.tenant)
        return Target(name, tenant_rules.rule_sets_of(tenant or ""), tenant or "", tenant_rules.using(name))

    def replace(self, environment: Environment, text: str, tenant: str | None = None) -> Replan | None:
        """Validate and write a new dog/wolf rule set; re-plan when it is this environment's and maps differently."""
        target = self.target(tenant)
        before = target.rule_sets.active.get(environment)
        return self._activated(target, environment, before, target.rule_sets.replace(environment, text))

    def reload(self, tenant: str | None = None) -> Replan | None:
        """Re-read every rule file (invalid ones keep their last valid rule set); re-plan on a change here."""
        target = self.target(tenant)
        before = target.rule_sets.active.get(self.environment)
        target.rule_sets.load_all()
        after = target.rule_sets.active.get(self.environment)
        return self._activated(target, self.environment, before, after) if after else None

    async def promote(
        self, source: Environment, target_env: Environment, requester: str, tenant: str | None = None
    ) -> tuple[Promotion, Replan | None]:
        """Promote, publish RuleSetPromoted with the diff, and re-plan when the target is this environment."""
        target = self.target(tenant)
        promotion = target.rule_sets.promote(source, target_env)
        previous = promotion.previous
        event = RuleSetPromoted(
            environment=self.environment,
            tenant=target.tenant,
            from_environment=source,
            to_environment=target_env,
            version=promotion.promoted.version,
            previous_version=previous.version if previous else None,
            rules_hash=rules_hash(promotion.promoted.rules),
            previous_rules_hash=rules_hash(previous.rules) if previous else None,
            changes=promotion.changes,
            promoted_by=requester,
        )
        await self.publisher.publish(event)
        return promotion, self._activated(target, target_env, previous, promotion.promoted)

    def _activated(
        self, target: Target, environment: Environment, before: RuleSet | None, after: RuleSet
    ) -> Replan | None:
        if environment is not self.environment or same_outputs(before, after):
            return None
        named = "" if target.name == DEFAULT_RULE_SET else f"{target.name}-"
        name = f"replan-{named}{after.label}"
        envelope = Envelope(self.environment, target.tenant, correlation_id=name)
        task = asyncio.create_task(self.pipeline.replan(envelope, self.concurrency, target.replanned), name=name)
        replan = Replan(after.label, task, rule_set=target.name)
        task.add_done_callback(lambda done: _log_end(replan, done))
        self.replans = [*self.replans[-9:], replan]
        return replan

    async def stop(self) -> None:
        """Cancel running re-plans and wait for them."""
        for replan in self.replans:
            replan.task.cancel()
        await asyncio.gather(*(r.task for r in self.replans), return_exceptions=True)


def _log_end(replan: Replan, task: asyncio.Task[int]) -> None:
    if task.cancelled():
        replan.error = "cancelled"
    elif task.exception() is not None:
        replan.error = repr(task.exception())
        log.error("re-plan failed", extra={"rule_set": replan.rule_set_version, "error": replan.error})
    else:
        log.info("re-plan done", extra={"rule_set": replan.rule_set_version, "assets": task.result()})
