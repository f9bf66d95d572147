"""One job's run: list → read and normalize → diff against last-seen state → dispatch → hand over to accounting."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from mdsync_contracts.asset_model import AssetKind
from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import Outcome
from mdsync_contracts.topics import asset_key
from mdsync_extractor.accountant import Accountant
from mdsync_extractor.core import events
from mdsync_extractor.core.changes import ChangePlan, MassDeleteGuard, RunMode, SeenAsset, plan_changes
from mdsync_extractor.core.jobs import JobRecord
from mdsync_extractor.core.normalize import resolve_analytic_columns, unresolved_sources
from mdsync_extractor.core.polling import space_polls
from mdsync_extractor.core.retry import RetryPolicy
from mdsync_extractor.core.scope import covers
from mdsync_extractor.datasphere import DatasphereClient, DatasphereError
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.state import ExtractorState
from mdsync_extractor.sync.dispatch import Dispatcher
from mdsync_extractor.sync.listing import Listing, list_scope
from mdsync_extractor.sync.mapper_plan import MapperPlanClient
from mdsync_extractor.sync.reading import ReadContext, Reading, read_all, read_sources
from mdsync_runtime.errors import Backoff
from mdsync_runtime.publisher import Publisher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunDeps:
    """What every run shares: clients, stores and settings."""

    client: DatasphereClient
    publisher: Publisher
    state: ExtractorState
    accountant: Accountant
    mapper: MapperPlanClient
    settings: ExtractorSettings
    environment: Environment
    tenant: str

    @property
    def retry_policy(self) -> RetryPolicy:
        """How failed assets are retried."""
        backoff = Backoff(base_seconds=self.settings.asset_retry_base_seconds)
        return RetryPolicy(max_attempts=self.settings.asset_max_attempts, backoff=backoff)


async def run_job(deps: RunDeps, job: JobRecord, cancel: asyncio.Event) -> None:
    """Run ``job`` (already claimed as running); whatever happens it ends in the accounting phase."""
    envelope = events.envelope_of(job, deps.environment, deps.tenant)
    dispatcher = Dispatcher(deps.publisher, deps.state, envelope, deps.settings.publish_batch_size, cancel)
    listing: Listing | None = None
    reason: str | None = None
    clock = _Phases()
    try:
        listing = await list_scope(deps.client, job.spec.scope)
        clock.lap("list")
        await _run_listed(deps, job, listing, dispatcher, clock)
    except DatasphereError as error:
        reason = f"run failed: {error}"
    except Exception as error:  # the job must still end; the reason is recorded on it and in JobFinished
        log.exception("run failed", extra={"job_id": job.job_id})
        reason = f"run failed: {type(error).__name__}: {error}"
    errors = listing.space_errors if listing else []
    after = await deps.state.jobs.enter_accounting(job.job_id, dispatcher.dispatched, errors, reason, clock.laps)
    if after is not None:
        await deps.accountant.check(after)


async def _run_listed(deps: RunDeps, job: JobRecord, listing: Listing, dispatcher: Dispatcher, clock: _Phases) -> None:
    seen = await _seen_in_scope(deps, job, listing)
    listed_ids = {asset_key(deps.tenant, obj.space, obj.technical_name) for obj in listing.objects}
    vanished = [a for a in seen.values() if a.space in listing.complete_spaces and a.asset_id not in listed_ids]
    # seen holds the listed kinds only, so an unlisted kind is neither planned nor deleted
    planned = await deps.state.jobs.set_planned(job.job_id, len(listed_ids) + len(listing.missing) + len(vanished))
    if planned is not None:
        await deps.publisher.publish(events.started(planned, dispatcher.envelope))
    context = _read_context(deps, listing, dispatcher.cancel)
    reading = await read_all(context, listing.objects, deps.retry_policy)
    sources = await _analytic_sources(deps, context, reading)
    clock.lap("read")
    if reading.cancelled:
        return
    plan = _plan(deps, job, seen, listing, reading, sources)
    if not job.spec.dry_run:  # a dry run advances nothing: the same changes would be found again
        kinds = [kind.value for kind in job.spec.scope.kinds]
        await deps.state.jobs.record_polls(job.job_id, space_polls(_listed(listing), plan, kinds))
    clock.lap("plan")
    await dispatcher.outcomes(_failures(deps, listing, reading))
    if job.spec.dry_run:
        await _dispatch_dry_run(deps, plan, dispatcher)
    else:
        await _dispatch(plan, dispatcher)
    clock.lap("dispatch")
    log.info("run dispatched", extra={"job_id": job.job_id, "assets": len(listed_ids), "seconds": clock.laps})


class _Phases:
    """Seconds spent per phase of a run, for the log."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.monotonic()

    def lap(self, phase: str) -> None:
        now = time.monotonic()
        self.laps[phase] = round(now - self._last, 3)
        self._last = now


async def _seen_in_scope(deps: RunDeps, job: JobRecord, listing: Listing) -> dict[str, SeenAsset]:
    spaces = listing.complete_spaces | {obj.space for obj in listing.objects} | {s for s, _ in listing.missing}
    records = await deps.state.seen.in_spaces(deps.tenant, spaces)
    return {
        asset_id: SeenAsset(
            asset_id=asset_id,
            space=record.space,
            kind=record.kind,
            content_hash=record.content_hash,
            technical_name=record.technical_name,
        )
        for asset_id, record in records.items()
        if record.kind in listing.kinds and covers(job.spec.scope, record.space, record.technical_name)
    }


def _listed(listing: Listing) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {space: {} for space in listing.complete_spaces}
    for obj in listing.objects:
        if obj.space in counts:
            kinds = counts[obj.space]
            kinds[obj.object_type.kind.value] = kinds.get(obj.object_type.kind.value, 0) + 1
    return counts


def _read_context(deps: RunDeps, listing: Listing, cancel: asyncio.Event) -> ReadContext:
    workers = deps.settings.datasphere_concurrency
    return ReadContext(deps.client, deps.tenant, listing.visible_spaces, workers, cancel)


async def _analytic_sources(deps: RunDeps, context: ReadContext, reading: Reading) -> dict[str, AssetDefinition]:
    """Sources of analytic models this job did not list (it lists some kinds or assets only), to type their columns."""
    wanted = unresolved_sources(reading.definitions)
    if not wanted or reading.cancelled:
        return {}
    known = await deps.state.seen.in_spaces(deps.tenant, {asset_id.split("/", 2)[1] for asset_id in wanted})
    return await read_sources(context, wanted, known, deps.retry_policy)


def _plan(
    deps: RunDeps,
    job: JobRecord,
    seen: dict[str, SeenAsset],
    listing: Listing,
    reading: Reading,
    sources: dict[str, AssetDefinition],
) -> ChangePlan:
    resolved = resolve_analytic_columns({**sources, **reading.definitions})
    definitions = {asset_id: resolved[asset_id] for asset_id in reading.definitions}
    guard = MassDeleteGuard(max_share=deps.settings.mass_delete_share, min_known=deps.settings.mass_delete_min_assets)
    return plan_changes(
        seen,
        definitions.values(),
        listing.complete_spaces,
        RunMode(job.spec.mode.value),
        unreadable=reading.failures.keys(),
        guard=guard,
        listed_kinds=listing.kinds,
    )


def _failures(deps: RunDeps, listing: Listing, reading: Reading) -> list[tuple[str, Outcome, str | None]]:
    failed: list[tuple[str, Outcome, str | None]] = [
        (failure.asset_id, Outcome.FAILED, failure.reason) for failure in reading.failures.values()
    ]
    kinds = "" if listing.kinds == frozenset(AssetKind) else f" of kind(s) {', '.join(sorted(listing.kinds))}"
    for space, name in listing.missing:
        why = f"{name!r} is not among the design-time objects{kinds} of space {space!r}; check the name and space"
        failed.append((asset_key(deps.tenant, space, name), Outcome.FAILED, why))
    return failed


async def _dispatch(plan: ChangePlan, dispatcher: Dispatcher) -> None:
    await dispatcher.upserts(plan.upserts)
    await dispatcher.outcomes([(asset_id, Outcome.UNCHANGED, None) for asset_id in plan.unchanged])
    await dispatcher.deletions(plan.deletions)
    await dispatcher.holds(plan.held)


async def _dispatch_dry_run(deps: RunDeps, plan: ChangePlan, dispatcher: Dispatcher) -> None:
    await dispatcher.outcomes([(asset_id, Outcome.UNCHANGED, None) for asset_id in plan.unchanged])
    await dispatcher.plan(deps.mapper, plan.upserts, plan.deletions)
    why = "dry run: the mass-delete guard would hold this deletion for approval (no hold raised)"
    held = [(d.asset_id, Outcome.HELD, why) for hold in plan.held for d in hold.deletions]
    await dispatcher.outcomes(held)
