"""One lane per Datasphere tenant: its own client (token, limiter, connections), commands and job slots."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import SecretStr

from mdsync_extractor.accountant import Accountant
from mdsync_extractor.commands import Commands
from mdsync_extractor.core.budgets import TenantBudgets
from mdsync_extractor.core.jobs import JobRecord
from mdsync_extractor.credentials import resolve_credentials
from mdsync_extractor.datasphere import DatasphereClient, DatasphereConfig
from mdsync_extractor.scheduler import JobScheduler
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.state import ExtractorState
from mdsync_extractor.sync.mapper_plan import MapperPlanClient
from mdsync_extractor.sync.run import RunDeps, run_job
from mdsync_runtime.service import Runtime
from mdsync_runtime.tenants import TenantConfig, Tenants


class UnknownTenantError(LookupError):
    """A request or message names a tenant this deployment does not serve."""


@dataclass(frozen=True)
class LaneSpec:
    """What differs between tenants: name, connection, job slots and adaptive polling's call budget."""

    tenant: str
    datasphere: DatasphereConfig
    job_concurrency: int
    adaptive_budget_calls_per_hour: float


@dataclass
class Lane:
    """Everything one tenant's jobs run on; nothing in it is shared with another tenant."""

    tenant: str
    client: DatasphereClient
    commands: Commands
    scheduler: JobScheduler


def datasphere_config(settings: ExtractorSettings) -> DatasphereConfig:
    """The single tenant's client configuration from the service settings (SettingsError without credentials)."""
    credentials = resolve_credentials(settings)
    target = DatasphereTarget(settings.datasphere_url, settings.token_url, settings.rate_limit_per_minute)
    return _config(settings, target, credentials.client_id, credentials.client_secret)


def tenant_lane_spec(settings: ExtractorSettings, tenant: TenantConfig) -> LaneSpec:
    """One configured tenant's lane: its URLs, client, secret (env or file) and rate limit."""
    ds = tenant.datasphere
    target = DatasphereTarget(ds.base_url, ds.token_url, ds.rate_limit_per_minute)
    config = _config(settings, target, ds.client_id, tenant.client_secret()).model_copy(update={"tenant": tenant.name})
    budget = adaptive_budget(settings, ds.adaptive_budget_calls_per_hour, ds.rate_limit_per_minute)
    return LaneSpec(tenant.name, config, tenant.job_concurrency or settings.job_concurrency, budget)


def adaptive_budget(settings: ExtractorSettings, own: float | None, rate_limit_per_minute: float) -> float:
    """A tenant's adaptive call budget: its own, else the service's capped at what its rate limit allows an hour."""
    if own is not None:
        return own
    limit = 60 * rate_limit_per_minute
    return min(settings.adaptive_budget_calls_per_hour, limit) if limit > 0 else settings.adaptive_budget_calls_per_hour


def polling_budgets(settings: ExtractorSettings, specs: list[LaneSpec]) -> TenantBudgets:
    """Every lane's adaptive call budget; the first lane is the tenant of schedules that name none."""
    return TenantBudgets(
        default_tenant=specs[0].tenant,
        calls_per_hour={spec.tenant: spec.adaptive_budget_calls_per_hour for spec in specs},
        fallback_calls_per_hour=settings.adaptive_budget_calls_per_hour,
    )


@dataclass(frozen=True)
class DatasphereTarget:
    """Where a tenant's Datasphere is and how fast it may be called."""

    base_url: str
    token_url: str
    requests_per_minute: float


def _config(
    settings: ExtractorSettings, target: DatasphereTarget, client_id: str, secret: SecretStr
) -> DatasphereConfig:
    return DatasphereConfig(
        base_url=target.base_url,
        token_url=target.token_url,
        client_id=client_id,
        client_secret=secret,
        requests_per_minute=int(target.requests_per_minute),
        max_concurrency=settings.datasphere_concurrency,
        timeout=settings.request_timeout_seconds,
        max_retries=settings.request_retries,
        retry_base_seconds=settings.request_retry_base_seconds,
    )


def lane_specs(settings: ExtractorSettings, tenants: Tenants | None, single_tenant: str) -> list[LaneSpec]:
    """Every tenant's lane, the default first; without a tenants file the one tenant of the settings."""
    if tenants is None:
        budget = adaptive_budget(settings, None, settings.rate_limit_per_minute)
        return [LaneSpec(single_tenant, datasphere_config(settings), settings.job_concurrency, budget)]
    return [tenant_lane_spec(settings, tenant) for tenant in tenants.tenants]


def owned_by(tenant: str, default: str) -> Callable[[JobRecord], bool]:
    """Whether a stored job belongs to ``tenant`` (jobs without a tenant belong to the default one)."""
    return lambda job: (job.tenant or default) == tenant


def build_lane(
    spec: LaneSpec,
    runtime: Runtime,
    state: ExtractorState,
    accountant: Accountant,
    mapper: MapperPlanClient,
    default: str,
) -> Lane:
    """Compose one tenant's lane on the shared store, publisher and accountant."""
    settings = runtime.settings
    assert isinstance(settings, ExtractorSettings)
    env = runtime.common.env
    client = DatasphereClient(spec.datasphere)
    commands = Commands(state, runtime.publisher, env, spec.tenant)
    deps = RunDeps(client, runtime.publisher, state, accountant, mapper, settings, env, spec.tenant)

    async def run(job: JobRecord, cancel: asyncio.Event) -> None:
        await run_job(deps, job, cancel)

    owns = owned_by(spec.tenant, default)
    scheduler = JobScheduler(state.jobs, accountant, run, spec.job_concurrency, owns)
    return Lane(spec.tenant, client, commands, scheduler)
