"""The extractor's composition root: a lane per tenant (client, commands, scheduler), stores, accounting, cron."""

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
from mdsync_extractor.cron import ScheduleRunner
from mdsync_extractor.datasphere import DatasphereClient
from mdsync_extractor.scheduler import JobScheduler
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.state import ExtractorState, open_state
from mdsync_extractor.state.collections import ensure_indexes
from mdsync_extractor.sync.mapper_plan import MapperPlanClient
from mdsync_extractor.tenancy import Lane, UnknownTenantError, build_lane, lane_specs, polling_budgets
from mdsync_runtime.service import Runtime
from mdsync_runtime.tenants import load_tenants

log = logging.getLogger(__name__)
STATE_KEY = "extractor"


@dataclass
class Extractor:
    """Everything the extractor runs, with one owner for every client and background task.

    ``client``, ``commands`` and ``scheduler`` are the default (first) tenant's lane; ``lanes`` has every tenant's.
    """

    runtime: Runtime
    settings: ExtractorSettings
    state: ExtractorState
    client: DatasphereClient
    mapper: MapperPlanClient
    accountant: Accountant
    commands: Commands
    scheduler: JobScheduler
    schedules: ScheduleRunner
    lanes: dict[str, Lane]
    single_tenant: bool
    _sweep: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> None:
        """Declare indexes, take over queued jobs, start the scheduler, the cron and the timeout sweep."""
        await ensure_indexes(self.runtime.db)
        for lane in self.lanes.values():
            await lane.scheduler.start()
        self.schedules.start()
        self._sweep = asyncio.create_task(self._sweep_loop(), name="extractor-timeout-sweep")

    async def stop(self) -> None:
        """Stop background work, then close the clients."""
        await self.schedules.stop()
        if self._sweep is not None:
            self._sweep.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweep
        for lane in self.lanes.values():
            await lane.scheduler.stop()
            await lane.client.aclose()
        await self.mapper.aclose()

    @property
    def default_tenant(self) -> str:
        """The tenant of requests that name none (the first configured, or MDSYNC_TENANT)."""
        return next(iter(self.lanes))

    def tenant_of(self, job: JobRecord) -> str:
        """The tenant ``job`` belongs to (jobs stored before tenants existed: the default one)."""
        return job.tenant or self.default_tenant

    def lane(self, tenant: str | None) -> Lane:
        """The lane of ``tenant`` (None: the default); one tenant per deployment serves whatever it is sent."""
        if tenant is None or self.single_tenant:
            return self.lanes[self.default_tenant]
        found = self.lanes.get(tenant)
        if found is None:
            raise UnknownTenantError(f"tenant {tenant!r} is not served here (configured: {', '.join(self.lanes)})")
        return found

    async def _sweep_loop(self) -> None:
        period = min(30.0, self.settings.job_timeout_seconds / 4)
        while True:
            await asyncio.sleep(period)
            try:
                await self.accountant.sweep_timeouts(self.settings.job_timeout_seconds)
            except Exception:  # the store is down: try again next period
                log.exception("timeout sweep failed")


def build_extractor(runtime: Runtime) -> Extractor:
    """Compose the extractor on a started runtime: one lane per tenant of MDSYNC_TENANTS_FILE, or one lane."""
    settings = runtime.settings
    assert isinstance(settings, ExtractorSettings)
    env, tenant = runtime.common.env, runtime.common.tenant
    tenants = load_tenants()
    specs = lane_specs(settings, tenants, tenant)
    default = specs[0].tenant
    state = open_state(runtime.db)
    mapper = MapperPlanClient(settings.mapper_url, settings.request_timeout_seconds)
    throttle = ProgressThrottle(settings.progress_interval_seconds)
    accountant = Accountant(state, runtime.publisher, env, default, throttle)
    lanes = {spec.tenant: build_lane(spec, runtime, state, accountant, mapper, default) for spec in specs}
    first = lanes[default]
    poller = AdaptivePoller(state, first.commands, settings, polling_budgets(settings, specs))
    schedules = ScheduleRunner(state.schedules, first.commands, settings.schedule_tick_seconds, poller)
    return Extractor(
        runtime,
        settings,
        state,
        first.client,
        mapper,
        accountant,
        first.commands,
        first.scheduler,
        schedules,
        lanes,
        tenants is None,
    )
