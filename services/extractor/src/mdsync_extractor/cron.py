"""The schedule runner: every tick, each due schedule requests its job and moves to its next fire time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from mdsync_extractor.adaptive import AdaptivePoller
from mdsync_extractor.commands import Commands
from mdsync_extractor.core.jobs import JobSpec
from mdsync_extractor.core.schedules import Schedule, fired, is_due
from mdsync_extractor.state.schedules import ScheduleStore

log = logging.getLogger(__name__)


class ScheduleRunner:
    """Fires due schedules; owns one background task."""

    def __init__(
        self, schedules: ScheduleStore, commands: Commands, tick_seconds: float, poller: AdaptivePoller | None = None
    ) -> None:
        self.schedules = schedules
        self.commands = commands
        self.tick_seconds = tick_seconds
        self.poller = poller
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start ticking."""
        self._task = asyncio.create_task(self._loop(), name="extractor-schedules")

    async def stop(self) -> None:
        """Stop ticking."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def fire_due(self, now: datetime | None = None) -> list[str]:
        """Request a job for every fixed schedule due at ``now`` and every due adaptive poll; the job ids."""
        now = now or datetime.now(UTC)
        requested = []
        schedules = await self.schedules.all()
        for schedule in schedules:
            if is_due(schedule, now):
                job = await self.commands.request_job(_spec(schedule))
                await self.schedules.put(fired(schedule, now, job.job_id))
                requested.append(job.job_id)
        if self.poller is not None:
            by_id = {schedule.schedule_id: schedule for schedule in schedules}
            for schedule_id, job_id in await self.poller.tick(schedules, now):
                await self.schedules.put(fired(by_id[schedule_id], now, job_id))
                requested.append(job_id)
        return requested

    async def _loop(self) -> None:
        while True:
            try:
                await self.fire_due()
            except Exception:  # the store or broker is down: try again next tick
                log.exception("firing schedules failed")
            await asyncio.sleep(self.tick_seconds)


def _spec(schedule: Schedule) -> JobSpec:
    return JobSpec(
        scope=schedule.scope,
        priority=schedule.priority,
        mode=schedule.mode,
        dry_run=schedule.dry_run,
        requester=f"schedule:{schedule.schedule_id}",
        schedule_id=schedule.schedule_id,
        tenant=schedule.tenant,
    )
