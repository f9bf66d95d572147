"""The extractor's composition root: one Datasphere client, the stores, accounting, the scheduler and the cron."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from mdsync_extractor.accountant import Accountant
from mdsync_extractor.adaptive import AdaptivePoller
from mdsync_extractor.commands import Commands
from mdsync_extractor.core.jobs import JobRecord
from mdsync_extractor.core.progress import ProgressThrottle
from mdsync_extractor.credentials import resolve_credentials
from mdsync_extractor.cron import ScheduleRunner
from mdsync_extractor.datasphere import DatasphereClient, DatasphereConfig
from mdsync_extractor.scheduler import JobScheduler
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.state import ExtractorState, open_state
from mdsync_extractor.state.collections import ensure_indexes
from mdsync_extractor.sync.mapper_plan import MapperPlanClient
from mdsync_extractor.sync.run import RunDeps, run_job
from mdsync_runtime.service import Runtime

log = logging.getLogger(__name__)
STATE_KEY = "extractor"


@dataclass
class Extractor:
    """Everything the extractor runs, with one owner for every client and background task."""

    runtime: Runtime
    settings: ExtractorSettings
    state: ExtractorState
    client: DatasphereClient
    mapper: MapperPlanClient
    accountant: Accountant
    commands: Commands
    scheduler: JobScheduler
    schedules: ScheduleRunner
    _sweep: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> None:
        """Declare indexes, take over queued jobs, start the scheduler, the cron and the timeout sweep."""
        await ensure_indexes(self.runtime.db)
        await self.scheduler.start()
        self.schedules.start()
        self._sweep = asyncio.create_task(self._sweep_loop(), name="extractor-timeout-sweep")

    async def stop(self) -> None:
        """Stop background work, then close the clients."""
        await self.schedules.stop()
        if self._sweep is not None:
            self._sweep.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweep
        await self.scheduler.stop()
        await self.client.aclose()
        await self.mapper.aclose()

    async def _sweep_loop(self) -> None:
        period = min(30.0, self.settings.job_timeout_seconds / 4)
        while True:
            await asyncio.sleep(period)
            try:
                await self.accountant.sweep_timeouts(self.settings.job_timeout_seconds)
            except Exception:  # the store is down: try again next period
                log.exception("timeout sweep failed")


def datasphere_config(settings: ExtractorSettings) -> DatasphereConfig:
    """The client's configuration from the service settings (SettingsError when credentials are missing)."""
    credentials = resolve_credentials(settings)
    return DatasphereConfig(
        base_url=settings.datasphere_url,
        token_url=settings.token_url,
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        requests_per_minute=int(settings.rate_limit_per_minute),
        max_concurrency=settings.datasphere_concurrency,
        timeout=settings.request_timeout_seconds,
        max_retries=settings.request_retries,
        retry_base_seconds=settings.request_retry_base_seconds,
    )


def build_extractor(runtime: Runtime) -> Extractor:
    """Compose the extractor on a started runtime."""
    settings = runtime.settings
    assert isinstance(settings, ExtractorSettings)
    env, tenant = runtime.common.env, runtime.common.tenant
    state = open_state(runtime.db)
    client = DatasphereClient(datasphere_config(settings))
    mapper = MapperPlanClient(settings.mapper_url, settings.request_timeout_seconds)
    throttle = ProgressThrottle(settings.progress_interval_seconds)
    accountant = Accountant(state, runtime.publisher, env, tenant, throttle)
    commands = Commands(state, runtime.publisher, env, tenant)
    deps = RunDeps(client, runtime.publisher, state, accountant, mapper, settings, env, tenant)

    async def run(job: JobRecord, cancel: asyncio.Event) -> None:
        await run_job(deps, job, cancel)

    scheduler = JobScheduler(state.jobs, accountant, run, settings.job_concurrency)
    poller = AdaptivePoller(state, commands, settings)
    schedules = ScheduleRunner(state.schedules, commands, settings.schedule_tick_seconds, poller)
    return Extractor(runtime, settings, state, client, mapper, accountant, commands, scheduler, schedules)
