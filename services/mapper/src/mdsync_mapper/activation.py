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
from mdsync_runtime.publisher import Publisher

log = logging.getLogger(__name__)


@dataclass
class Replan:
    """One re-plan of the scope after a rule set came into force."""

    rule_set_version: str
    task: asyncio.Task[int]
    error: str | None = None

    @property
    def state(self) -> str:
        """running, done or failed."""
        if not self.task.done():
            return "running"
        return "failed" if self.task.cancelled() or self.task.exception() else "done"


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

    def replace(self, environment: Environment, text: str) -> Replan | None:
        """Validate and write a new dog/wolf rule set; re-plan when it is this environment's and maps differently."""
        before = self.rule_sets.active.get(environment)
        return self._activated(environment, before, self.rule_sets.replace(environment, text))

    def reload(self) -> Replan | None:
        """Re-read every rule file (invalid ones keep their last valid rule set); re-plan on a change here."""
        before = self.rule_sets.active.get(self.environment)
        self.rule_sets.load_all()
        after = self.rule_sets.active.get(self.environment)
        return self._activated(self.environment, before, after) if after else None

    async def promote(
        self, source: Environment, target: Environment, requester: str
    ) -> tuple[Promotion, Replan | None]:
        """Promote, publish RuleSetPromoted with the diff, and re-plan when the target is this environment."""
        promotion = self.rule_sets.promote(source, target)
        previous = promotion.previous
        event = RuleSetPromoted(
            environment=self.environment,
            tenant=self.pipeline.common.tenant,
            from_environment=source,
            to_environment=target,
            version=promotion.promoted.version,
            previous_version=previous.version if previous else None,
            rules_hash=rules_hash(promotion.promoted.rules),
            previous_rules_hash=rules_hash(previous.rules) if previous else None,
            changes=promotion.changes,
            promoted_by=requester,
        )
        await self.publisher.publish(event)
        return promotion, self._activated(target, previous, promotion.promoted)

    def _activated(self, environment: Environment, before: RuleSet | None, after: RuleSet) -> Replan | None:
        if environment is not self.environment or same_outputs(before, after):
            return None
        envelope = Envelope(self.environment, self.pipeline.common.tenant, correlation_id=f"replan-{after.label}")
        task = asyncio.create_task(self.pipeline.replan(envelope, self.concurrency), name=f"replan-{after.label}")
        replan = Replan(after.label, task)
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
