"""Keyed reads of jobs, events by key, dead letters, approvals, conflicts, plans and KPIs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.asset_views import AssetView
from mdsync_audit.core.changes import ApprovalView, ConflictView, DeadLetterView, PlanView
from mdsync_audit.core.jobs import JobView, OutcomeBucket, outcome_bucket_id, sum_counts
from mdsync_audit.core.kpi import KpiMinute
from mdsync_audit.core.kpi_reach import (
    count_tokens,
    last_sync_per_space,
    last_sync_per_tenant,
    visible_freshness,
    visible_minute,
)
from mdsync_audit.core.scope import (
    scoped_counts,
    scoped_job,
    scoped_payload,
    scoped_raw,
    sees_id,
)
from mdsync_audit.core.search import ALL
from mdsync_audit.core.stored import StoredEvent, day_of, minute_of
from mdsync_audit.core.tenant_scope import Reach, reaches_event, reaches_id, reaches_job, reaches_letter
from mdsync_audit.read_models import (
    ApprovalList,
    ConflictList,
    DeadLetterPage,
    EventPage,
    EventSummary,
    JobDetail,
    JobPage,
    KpiReport,
    OutcomePage,
    PlanList,
)
from mdsync_audit.store import schema, sets
from mdsync_audit.store.docs import load, load_many
from mdsync_audit.store.freshness import last_synced
from mdsync_audit.store.project_changes import CONFLICTS_OPEN, DEAD_LETTERS_BY_DAY, HELD_OPEN, PLANS_BY_JOB
from mdsync_audit.store.project_index import bucket_id, head_id
from mdsync_audit.store.project_jobs import JOBS_BY_DAY
from mdsync_audit.store.read_assets import NotFoundError, Spaces
from mdsync_runtime.store import Document

MINUTES_PER_READ = 30


def summary(event: StoredEvent, spaces: Spaces = None) -> EventSummary:
    """The listed form of a stored event."""
    return EventSummary(
        event_id=event.id,
        type=event.type,
        topic=event.topic,
        partition=event.partition,
        offset=event.offset,
        occurred_at=event.occurred_at,
        tenant=event.tenant,
        job_id=event.job_id,
        asset_id=event.asset_id,
        correlation_id=event.correlation_id,
        causation_id=event.causation_id,
        payload=scoped_payload(event.message().model_dump(mode="json"), spaces),
    )


def _days(until: datetime, days: int) -> list[str]:
    return [day_of(until - timedelta(days=n)) for n in range(days)]


@dataclass(frozen=True)
class OpsReads:
    """Read side of the operational views."""

    db: AsyncDatabase[Document]
    outcome_shards: int
    index_shards: int
    search_shards: int
    home_tenant: str

    async def job(self, job_id: str, reach: Reach) -> JobDetail:
        """A job with the counts observed from its outcome shards (one ``$in``)."""
        job = await load(self.db[schema.JOBS], JobView, job_id)
        if job is None or not reaches_job(job, reach):
            raise NotFoundError(f"job {job_id!r} not found")
        spaces = reach.spaces
        buckets = await self._outcome_buckets(job_id)
        if spaces is None:
            observed = sum_counts(buckets)
        else:
            observed = scoped_counts([e for b in buckets for e in b.entries if sees_id(e.subject, spaces)])
        return JobDetail(job=scoped_job(job, spaces), observed=observed, duration_seconds=job.duration_seconds)

    async def _outcome_buckets(self, job_id: str) -> list[OutcomeBucket]:
        ids = [outcome_bucket_id(job_id, s) for s in range(self.outcome_shards)]
        return list((await load_many(self.db[schema.OUTCOMES], OutcomeBucket, ids)).values())

    async def outcomes(
        self, job_id: str, reach: Reach, outcome: str | None, limit: int, cursor: str | None
    ) -> OutcomePage:
        """Per-asset outcomes of a job, by subject, optionally of one outcome (the job's tenant's, so by space)."""
        await self.job(job_id, reach)
        spaces = reach.spaces
        entries = sorted((e for b in await self._outcome_buckets(job_id) for e in b.entries), key=lambda e: e.subject)
        matching = [e for e in entries if (outcome is None or e.outcome == outcome) and sees_id(e.subject, spaces)]
        after = [e for e in matching if cursor is None or e.subject > cursor]
        page = after[:limit]
        return OutcomePage(
            items=tuple(page), total=len(matching), next_cursor=page[-1].subject if len(after) > limit else None
        )

    async def jobs(self, reach: Reach, status: str | None, days: int, limit: int, cursor: str | None) -> JobPage:
        """Jobs requested in the last ``days`` days, newest first (cursor = `requested_at|job_id`).

        Jobs stored before job views kept their tenant are seen only by callers seeing every tenant.
        """
        listed = await sets.members(self.db[schema.SETS], [JOBS_BY_DAY + d for d in _days(datetime.now(UTC), days)], 1)
        ids = sorted(set().union(*listed.values()))
        found = (await load_many(self.db[schema.JOBS], JobView, ids)).values()
        views = [scoped_job(v, reach.spaces) for v in found if reaches_job(v, reach)]
        matching = sorted((v for v in views if status is None or v.status == status), key=_job_order, reverse=True)
        after = [v for v in matching if cursor is None or _job_order(v) < tuple(cursor.split("|", 1))]
        page = after[:limit]
        return JobPage(items=tuple(page), next_cursor="|".join(_job_order(page[-1])) if len(after) > limit else None)

    async def events(self, kind: str, key: str, reach: Reach, limit: int, cursor: str | None) -> EventPage:
        """Events listed under ``kind``/``key`` (job, asset, correlation), newest first (cursor = `at|id`).

        Invisible events (other spaces or tenants) are dropped after paging: a page may come out short.
        """
        head = await self.db[schema.EVENT_INDEX].find_one({"_id": head_id(kind, key)})
        minutes = sorted(head.get("minutes", []) if head else [], reverse=True)
        if cursor:
            minutes = [m for m in minutes if m <= cursor[:16]]
        entries: list[tuple[str, str]] = []
        shards = 1 if kind == "asset" else self.index_shards
        while minutes and len(entries) <= limit:
            chunk, minutes = minutes[:MINUTES_PER_READ], minutes[MINUTES_PER_READ:]
            ids = [bucket_id(kind, key, m, s) for m in chunk for s in range(shards)]
            for raw in await self.db[schema.EVENT_INDEX].find({"_id": {"$in": ids}}).to_list(None):
                entries.extend((e["at"], e["id"]) for e in raw.get("entries", []))
            entries = sorted({e for e in entries if cursor is None or f"{e[0]}|{e[1]}" < cursor}, reverse=True)
        page = entries[:limit]
        found = await load_many(self.db[schema.EVENTS], StoredEvent, [i for _, i in page])
        shown = [found[i] for _, i in page if i in found and reaches_event(found[i], reach)]
        items = [summary(event, reach.spaces) for event in shown]
        next_cursor = f"{page[-1][0]}|{page[-1][1]}" if len(entries) > limit else None
        return EventPage(items=tuple(items), next_cursor=next_cursor)

    async def event(self, event_id: str, reach: Reach) -> StoredEvent:
        """One stored event."""
        event = await load(self.db[schema.EVENTS], StoredEvent, event_id)
        if event is None or not reaches_event(event, reach):
            raise NotFoundError(f"event {event_id!r} not found")
        spaces = reach.spaces
        return event if spaces is None else event.model_copy(update={"payload": scoped_payload(event.payload, spaces)})

    async def dead_letters(
        self, reach: Reach, service: str | None, days: int, limit: int, cursor: str | None
    ) -> DeadLetterPage:
        """Dead letters of the last ``days`` days, newest first (cursor = `at|id`)."""
        listed = await sets.members(
            self.db[schema.SETS], [DEAD_LETTERS_BY_DAY + d for d in _days(datetime.now(UTC), days)], 1
        )
        ids = sorted(set().union(*listed.values()))
        views = (await load_many(self.db[schema.DEAD_LETTERS], DeadLetterView, ids)).values()
        keep = [v for v in views if service in (None, v.service) and reaches_letter(v, reach)]
        spaces = reach.spaces
        ordered = sorted(keep, key=lambda v: (v.at.isoformat(), v.id), reverse=True)
        after = [v for v in ordered if cursor is None or f"{v.at.isoformat()}|{v.id}" < cursor]
        page = after[:limit]
        next_cursor = f"{page[-1].at.isoformat()}|{page[-1].id}" if len(after) > limit else None
        if spaces is not None:
            page = [v.model_copy(update={"payload": scoped_raw(v.payload, spaces)}) for v in page]
        return DeadLetterPage(items=tuple(page), next_cursor=next_cursor)

    async def approvals(self, reach: Reach, approval_ids: list[str] | None = None) -> ApprovalList:
        """Held changes still open (or the given approvals)."""
        if approval_ids is None:
            approval_ids = sorted((await sets.members(self.db[schema.SETS], [HELD_OPEN], 1))[HELD_OPEN])
        views = (await load_many(self.db[schema.APPROVALS], ApprovalView, approval_ids)).values()
        return ApprovalList(
            items=tuple(sorted((v for v in views if _asset_visible(v.asset_id, reach)), key=lambda v: v.id))
        )

    async def conflicts(self, reach: Reach) -> ConflictList:
        """Glue tables whose latest conflict is not resolved yet."""
        tables = sorted((await sets.members(self.db[schema.SETS], [CONFLICTS_OPEN], 1))[CONFLICTS_OPEN])
        views = (await load_many(self.db[schema.CONFLICTS], ConflictView, tables)).values()
        return ConflictList(
            items=tuple(sorted((v for v in views if _asset_visible(v.asset_id, reach)), key=lambda v: v.id))
        )

    async def plans(self, job_id: str | None, reach: Reach) -> PlanList:
        """Dry-run plans of a job (``None``: plans outside any job)."""
        name = PLANS_BY_JOB + (job_id or "-")
        ids = sorted((await sets.members(self.db[schema.SETS], [name], 1))[name])
        views = (await load_many(self.db[schema.PLANS], PlanView, ids)).values()
        return PlanList(
            items=tuple(sorted((v for v in views if _asset_visible(v.asset_id, reach)), key=lambda v: v.id))
        )

    async def kpis(self, reach: Reach, minutes: int, until: datetime | None = None) -> KpiReport:
        """Counters of the last ``minutes`` minutes (one ``$in``), asset counts, last sync per space.

        A limited caller gets its tenants' counters (summed), of its spaces only, and asset counts from its
        tenants' and spaces' postings; events about no space (jobs, most dead letters) count only for callers
        who see every space, dead letters of no known tenant only for callers who see every tenant.
        """
        end = until or datetime.now(UTC)
        ids = [minute_of(end - timedelta(minutes=n)) for n in range(minutes)]
        stored = sorted((await load_many(self.db[schema.KPI_MINUTES], KpiMinute, ids)).values(), key=lambda k: k.id)
        found = [m for m in (visible_minute(k, reach) for k in stored) if m is not None]
        assets, by_kind = await self._asset_counts(reach)
        synced = await last_synced(self.db, self.home_tenant)
        stamps = {k: synced[k] for k in visible_freshness(synced, reach)}
        return KpiReport(
            minutes=tuple(found),
            events=sum(k.events for k in found),
            failures=sum(k.failures for k in found),
            dead_letters=sum(k.dead_letters for k in found),
            assets=assets,
            assets_by_kind=by_kind,
            last_sync_per_space=last_sync_per_space(stamps),
            last_sync_per_tenant=last_sync_per_tenant(stamps),
        )

    async def _asset_counts(self, reach: Reach) -> tuple[int, dict[str, int]]:
        """Assets (not deleted) in all, and per kind, from the sizes of the search postings."""
        kinds = count_tokens(reach)
        sizes = await sets.sizes(self.db[schema.TOKENS], [ALL, *kinds], self.search_shards)
        by_kind: dict[str, int] = {}
        for token, kind in kinds.items():
            if sizes.get(token):
                by_kind[kind] = by_kind.get(kind, 0) + sizes[token]
        total = sizes.get(ALL, 0) if reach.everything else sum(by_kind.values())
        return total, by_kind

    async def asset_space(self, asset_id: str) -> str | None:
        """The space of an asset (for visibility checks)."""
        view = await load(self.db[schema.ASSETS], AssetView, asset_id)
        return view.space if view else None


def _job_order(job: JobView) -> tuple[str, str]:
    moment = job.requested_at or job.started_at
    return (moment.isoformat() if moment else "", job.id)


def _asset_visible(asset_id: str | None, reach: Reach) -> bool:
    return reaches_id(asset_id, reach)
