"""The adaptive poller: each tick it learns from finished polls, re-allocates intervals and polls the due spaces (or,
per kind, the due kinds of each space, each by a job scoped to its kind)."""

from __future__ import annotations

from datetime import UTC, datetime

from mdsync_contracts.jobs import JobScope
from mdsync_extractor.commands import Commands
from mdsync_extractor.core.adaptive import (
    SpacePolling,
    allocated,
    budgeted,
    demand,
    disabled,
    harvest,
    is_due,
    poll_of,
    requested,
    wanted,
)
from mdsync_extractor.core.allocation import Demand, PollingPolicy, calls_per_poll, earliest_fit
from mdsync_extractor.core.budgets import TenantBudgets, TenantSpend, allocate_per_tenant, last_hour
from mdsync_extractor.core.jobs import JobPhase, JobSpec
from mdsync_extractor.core.schedules import Schedule
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.state import ExtractorState

RUN_ENDED = (JobPhase.ACCOUNTING, JobPhase.FINISHED)
Fired = list[tuple[str, str]]


def policy_of(settings: ExtractorSettings) -> PollingPolicy:
    """The adaptive polling policy from the service settings (each tenant's budget replaces its budget)."""
    return PollingPolicy(
        budget_calls_per_hour=settings.adaptive_budget_calls_per_hour,
        calls_per_asset=settings.adaptive_calls_per_asset,
        calls_per_minute_saved=settings.adaptive_calls_per_minute_saved,
        window_polls=settings.adaptive_window_polls,
    )


class AdaptivePoller:
    """Polls the spaces of adaptive schedules at learned intervals, each tenant's within that tenant's budget."""

    def __init__(
        self, state: ExtractorState, commands: Commands, settings: ExtractorSettings, budgets: TenantBudgets
    ) -> None:
        self.state = state
        self.commands = commands
        self.settings = settings
        self.policy = policy_of(settings)
        self.budgets = budgets

    async def tick(self, schedules: list[Schedule], now: datetime) -> Fired:
        """Learn, allocate and request the due polls at ``now``; the (schedule id, job id) of each poll requested."""
        known = {polling.key: polling for polling in await self.state.polling.all()}
        units = wanted(schedules, known, self.settings.adaptive_per_kind)
        every = [await self._harvest(polling, now) for polling in units]
        await self.state.polling.delete(known.keys() - {polling.key for polling in every})
        by_id = {schedule.schedule_id: schedule for schedule in schedules}
        groups = self._by_tenant([p for p in every if by_id[p.schedule_id].enabled], by_id)
        spaces, fired = [], []
        for tenant, group in groups.items():
            polled, requested_now = await self._poll_due(tenant, self._allocate(tenant, group, by_id), by_id, now)
            spaces.extend(polled)
            fired.extend(requested_now)
        idle = [disabled(p) for p in every if not by_id[p.schedule_id].enabled]
        for polling in (*spaces, *idle):
            if polling != known.get(polling.key):
                await self.state.polling.put(polling)
        return fired

    def _by_tenant(self, spaces: list[SpacePolling], by_id: dict[str, Schedule]) -> dict[str, list[SpacePolling]]:
        groups: dict[str, list[SpacePolling]] = {}
        for polling in spaces:
            groups.setdefault(self.budgets.tenant(by_id[polling.schedule_id].tenant), []).append(polling)
        return groups

    def _allocate(self, tenant: str, spaces: list[SpacePolling], by_id: dict[str, Schedule]) -> list[SpacePolling]:
        """One tenant's spaces with their intervals and reasons, together within that tenant's call budget."""
        low, high = self.settings.adaptive_min_interval_seconds, self.settings.adaptive_max_interval_seconds
        demands: list[Demand] = [demand(p, by_id[p.schedule_id], low, high) for p in spaces]
        found = allocate_per_tenant({tenant: demands}, {tenant: self.budgets.of(tenant)}, self.policy)
        return [allocated(p, found[p.key]) for p in spaces]

    async def _poll_due(
        self, tenant: str, spaces: list[SpacePolling], by_id: dict[str, Schedule], now: datetime
    ) -> tuple[list[SpacePolling], Fired]:
        """Request one tenant's due polls that fit its rolling hour's budget; the spaces after, and the polls."""
        moment, budget = now.timestamp(), self.budgets.of(tenant)
        legacy = tenant == self.budgets.default_tenant
        spent = last_hour(await self.state.polling.spent(tenant, legacy), moment)
        after: list[SpacePolling] = []
        fired: Fired = []
        waits: dict[str, datetime] = {}
        for polling in spaces:
            cost = calls_per_poll(polling.rate.assets, self.policy, polling.listing_calls)
            fits = earliest_fit(spent, moment, cost, budget)
            if not is_due(polling, now) or fits > moment:
                if is_due(polling, now):  # its tenant's hour is spent: it goes first when it fits
                    waits[polling.key] = datetime.fromtimestamp(fits, UTC)
                after.append(polling)
                continue
            job = await self.commands.request_job(_spec(by_id[polling.schedule_id], polling))
            spent.append((moment, cost))
            after.append(requested(polling, job.job_id, now))
            fired.append((polling.schedule_id, job.job_id))
        if fired:
            await self.state.polling.set_spent(tenant, spent)
        spend = TenantSpend(tenant=tenant, budget_calls_per_hour=budget, spent_calls_last_hour=sum(c for _, c in spent))
        return [budgeted(p, spend, waits.get(p.key)) for p in after], fired

    async def _harvest(self, polling: SpacePolling, now: datetime) -> SpacePolling:
        if polling.pending_job_id is None:
            return polling
        job = await self.state.jobs.get(polling.pending_job_id)
        poll = poll_of(polling, job.polls) if job else None
        ended = job is not None and job.phase in RUN_ENDED
        return harvest(polling, poll, ended, now, self.policy.window_polls)


def _spec(schedule: Schedule, polling: SpacePolling) -> JobSpec:
    kinds = polling.kinds or schedule.scope.kinds
    return JobSpec(
        scope=JobScope(spaces=(polling.space,), kinds=kinds),
        priority=schedule.priority,
        mode=schedule.mode,
        requester=f"schedule:{schedule.schedule_id}",
        schedule_id=schedule.schedule_id,
        tenant=schedule.tenant,
    )
