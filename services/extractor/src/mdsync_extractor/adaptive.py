"""The adaptive poller: each tick it learns from finished polls, re-allocates intervals and polls the due spaces."""

from __future__ import annotations

from datetime import datetime

from mdsync_contracts.jobs import JobScope
from mdsync_extractor.commands import Commands
from mdsync_extractor.core.adaptive import (
    SpacePolling,
    allocated,
    demand,
    disabled,
    harvest,
    is_due,
    requested,
    wanted,
)
from mdsync_extractor.core.allocation import PollingPolicy, allocate, calls_per_poll, earliest_fit
from mdsync_extractor.core.jobs import JobPhase, JobSpec
from mdsync_extractor.core.schedules import Schedule
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.state import ExtractorState

RUN_ENDED = (JobPhase.ACCOUNTING, JobPhase.FINISHED)


def policy_of(settings: ExtractorSettings) -> PollingPolicy:
    """The adaptive polling policy from the service settings."""
    return PollingPolicy(
        budget_calls_per_hour=settings.adaptive_budget_calls_per_hour,
        calls_per_asset=settings.adaptive_calls_per_asset,
        calls_per_minute_saved=settings.adaptive_calls_per_minute_saved,
        window_polls=settings.adaptive_window_polls,
    )


class AdaptivePoller:
    """Polls the spaces of adaptive schedules, each at its own learned interval, within the call budget."""

    def __init__(self, state: ExtractorState, commands: Commands, settings: ExtractorSettings) -> None:
        self.state = state
        self.commands = commands
        self.settings = settings
        self.policy = policy_of(settings)

    async def tick(self, schedules: list[Schedule], now: datetime) -> list[tuple[str, str]]:
        """Learn, allocate and request the due polls at ``now``; the (schedule id, job id) of each poll requested."""
        known = {polling.key: polling for polling in await self.state.polling.all()}
        every = [await self._harvest(polling, now) for polling in wanted(schedules, known)]
        await self.state.polling.delete(known.keys() - {polling.key for polling in every})
        by_id = {schedule.schedule_id: schedule for schedule in schedules}
        spaces = self._allocate([p for p in every if by_id[p.schedule_id].enabled], by_id)
        fired = await self._poll_due(spaces, by_id, now)
        idle = [disabled(p) for p in every if not by_id[p.schedule_id].enabled]
        for polling in (*spaces, *idle):
            if polling != known.get(polling.key):
                await self.state.polling.put(polling)
        return fired

    def _allocate(self, spaces: list[SpacePolling], by_id: dict[str, Schedule]) -> list[SpacePolling]:
        """Every space with its interval and reason, all of them together within the call budget."""
        low, high = self.settings.adaptive_min_interval_seconds, self.settings.adaptive_max_interval_seconds
        demands = [demand(polling, by_id[polling.schedule_id], low, high) for polling in spaces]
        return [allocated(p, a) for p, a in zip(spaces, allocate(demands, self.policy), strict=True)]

    async def _poll_due(
        self, spaces: list[SpacePolling], by_id: dict[str, Schedule], now: datetime
    ) -> list[tuple[str, str]]:
        """Request the due polls that fit the rolling hour's budget (``spaces`` is updated in place)."""
        fired = []
        moment = now.timestamp()
        spent = [(t, c) for t, c in await self.state.polling.spent() if t > moment - 3600]
        for index, polling in enumerate(spaces):
            cost = calls_per_poll(polling.rate.assets, self.policy)
            if (
                not is_due(polling, now)
                or earliest_fit(spent, moment, cost, self.policy.budget_calls_per_hour) > moment
            ):
                continue  # not yet, or the rolling hour's budget is spent: it goes first when it fits
            job = await self.commands.request_job(_spec(by_id[polling.schedule_id], polling.space))
            spent.append((moment, cost))
            spaces[index] = requested(polling, job.job_id, now)
            fired.append((polling.schedule_id, job.job_id))
        if fired:
            await self.state.polling.set_spent(spent)
        return fired

    async def _harvest(self, polling: SpacePolling, now: datetime) -> SpacePolling:
        if polling.pending_job_id is None:
            return polling
        job = await self.state.jobs.get(polling.pending_job_id)
        poll = next((p for p in job.polls if p.space == polling.space), None) if job else None
        ended = job is not None and job.phase in RUN_ENDED
        return harvest(polling, poll, ended, now, self.policy.window_polls)


def _spec(schedule: Schedule, space: str) -> JobSpec:
    return JobSpec(
        scope=JobScope(spaces=[space]),
        priority=schedule.priority,
        mode=schedule.mode,
        requester=f"schedule:{schedule.schedule_id}",
        schedule_id=schedule.schedule_id,
        tenant=schedule.tenant,
    )
