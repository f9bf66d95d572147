"""Composition of the glue-writer's parts for one running service."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field
from datetime import timedelta
from types import TracebackType
from typing import cast

from opentelemetry.instrumentation.botocore import AiobotocoreInstrumentor

from mdsync_contracts.base import Message
from mdsync_glue_writer.applier import Applier, WriterPolicy
from mdsync_glue_writer.approvals import COLLECTION as APPROVALS
from mdsync_glue_writer.approvals import ApprovalStore
from mdsync_glue_writer.catalog import GlueCatalog
from mdsync_glue_writer.glue_client import GlueClients, count_calls, profile_from_env
from mdsync_glue_writer.presence import PresenceHint
from mdsync_glue_writer.processor import Processor
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_glue_writer.sweep import COLLECTION as PROPOSALS
from mdsync_glue_writer.sweep import Sweeper
from mdsync_glue_writer.tenancy import tenant_of
from mdsync_runtime.aws import tenant_profile
from mdsync_runtime.errors import Backoff
from mdsync_runtime.service import Runtime
from mdsync_runtime.tenants import Tenants, load_tenants

STATE_KEY = "glue-writer"


class InFlight:
    """Counts handlers running, so shutdown can wait for them before closing the Glue client."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __aenter__(self) -> None:
        self.count += 1
        self._idle.clear()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def quiet(self, settle_seconds: float = 0.3) -> None:
        """Wait until no handler started or ran for ``settle_seconds`` (the consumer finishes its batch)."""
        while True:
            await self._idle.wait()
            await asyncio.sleep(settle_seconds)
            if self._idle.is_set():
                return


@dataclass
class Writer:
    """The parts the handlers, the API and the hooks share."""

    settings: GlueWriterSettings
    clients: GlueClients
    catalog: GlueCatalog
    applier: Applier
    approvals: ApprovalStore
    processor: Processor
    sweeper: Sweeper
    in_flight: InFlight
    tenants: Tenants | None = None
    lanes: dict[str, TenantLane] = field(default_factory=dict)

    def processor_for(self, message: Message) -> Processor:
        """The processor of the command's tenant (checked against its database prefix); the only one without tenants."""
        if self.tenants is None:
            return self.processor
        return self.lanes[tenant_of(self.tenants, message).name].processor

    @property
    def sweepers(self) -> list[Sweeper]:
        """Every tenant's sweeper (each over its own Glue target and prefix); the one sweeper without tenants."""
        return [lane.sweeper for lane in self.lanes.values()] if self.lanes else [self.sweeper]

    async def close(self) -> None:
        """Close every Glue client."""
        await self.clients.close()
        for lane in self.lanes.values():
            await lane.clients.close()


@dataclass(frozen=True)
class TenantLane:
    """One tenant's Glue client (its region and assumed role), the processor writing through it, its sweeper."""

    clients: GlueClients
    processor: Processor
    sweeper: Sweeper


def _processor(
    clients: GlueClients,
    settings: GlueWriterSettings,
    policy: WriterPolicy,
    approvals: ApprovalStore,
    tenant: str | None = None,
) -> tuple[GlueCatalog, Processor]:
    clients.on_open(functools.partial(count_calls, tenant=tenant))
    backoff = Backoff(settings.throttle_base_seconds, settings.throttle_cap_seconds)
    catalog = GlueCatalog(clients, settings.concurrency, backoff, settings.throttle_retries)
    applier = Applier(catalog, PresenceHint(catalog), policy)
    return catalog, Processor(applier, approvals, four_eyes=policy.approval_required)


def build_writer(runtime: Runtime) -> Writer:
    """Wire the writer from the runtime's settings, store and publisher (no connection is opened here)."""
    instrumentor = AiobotocoreInstrumentor()  # type: ignore[no-untyped-call]
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()
    settings = cast(GlueWriterSettings, runtime.settings)
    env = runtime.common.env
    profile = profile_from_env(settings, env)
    clients = GlueClients(profile)
    policy = WriterPolicy(
        approval_required=env in settings.approval_envs,
        delete_approval_required=env in settings.delete_approval_envs,
        skip_archive=settings.skip_archive,
        cas_retries=settings.cas_retries,
        grace=timedelta(seconds=settings.grace_period_seconds),
    )
    approvals = ApprovalStore(runtime.db[APPROVALS])
    catalog, processor = _processor(clients, settings, policy, approvals)
    sweeper = Sweeper(catalog, runtime.db[PROPOSALS], runtime.publisher, runtime.common, settings)
    tenants = load_tenants()
    lanes = {}
    for tenant in tenants.tenants if tenants else ():
        tenant_clients = GlueClients(tenant_profile(profile, tenant))
        tenant_catalog, tenant_processor = _processor(tenant_clients, settings, policy, approvals, tenant.name)
        proposals, prefix = runtime.db[PROPOSALS], tenant.glue.database_prefix
        tenant_sweeper = Sweeper(
            tenant_catalog, proposals, runtime.publisher, runtime.common, settings, tenant.name, prefix
        )
        lanes[tenant.name] = TenantLane(tenant_clients, tenant_processor, tenant_sweeper)
    applier = processor.applier
    return Writer(settings, clients, catalog, applier, approvals, processor, sweeper, InFlight(), tenants, lanes)


def writer_of(runtime: Runtime) -> Writer:
    """The writer built for ``runtime``."""
    writer = runtime.state[STATE_KEY]
    assert isinstance(writer, Writer)
    return writer
