"""Read the snapshot the rules look at: keyed reads (listings, then small ``$in`` batches) and one tiny find."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.alerts.model import Snapshot
from mdsync_audit.alerts.settings import RuleSettings
from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.kpi import KpiMinute, split_freshness_id
from mdsync_audit.core.stored import day_of, minute_of
from mdsync_audit.core.tenant_scope import EVERYTHING
from mdsync_audit.store import schema, sets
from mdsync_audit.store.docs import load_many
from mdsync_audit.store.freshness import last_synced
from mdsync_audit.store.project_credentials import latest_reports
from mdsync_audit.store.project_jobs import JOBS_BY_DAY
from mdsync_audit.store.read_ops import OpsReads
from mdsync_runtime.store import Document

STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class Gatherer:
    """Builds a Snapshot from the audit views; ``home_tenant`` is the service's own."""

    db: AsyncDatabase[Document]
    ops: OpsReads
    home_tenant: str

    async def snapshot(self, settings: RuleSettings, now: datetime) -> Snapshot:
        """Everything the rules need, as of ``now``."""
        return Snapshot(
            now=now,
            home_tenant=self.home_tenant,
            finished_jobs=tuple(await self._finished_jobs(settings.job_lookback_days, now)),
            last_synced=await self._last_synced(),
            dead_letters=await self._dead_letters(settings.dead_letter_window_minutes, now),
            held=(await self.ops.approvals(EVERYTHING)).items,
            conflicts=(await self.ops.conflicts(EVERYTHING)).items,
            credentials=tuple(await latest_reports(self.db)),
        )

    async def _finished_jobs(self, days: int, now: datetime) -> list[JobView]:
        names = [JOBS_BY_DAY + day_of(now - timedelta(days=n)) for n in range(days)]
        listed = await sets.members(self.db[schema.SETS], names, 1)
        ids = sorted(set().union(*listed.values()))
        jobs = await load_many(self.db[schema.JOBS], JobView, ids)
        return [job for job in jobs.values() if job.finished_at is not None]

    async def _last_synced(self) -> dict[str, dict[str, datetime | None]]:
        synced: dict[str, dict[str, datetime | None]] = {}
        for key, at in sorted((await last_synced(self.db, self.home_tenant)).items()):
            tenant, space = split_freshness_id(key)
            synced.setdefault(tenant, {})[space] = _parse(at)
        return synced

    async def _dead_letters(self, minutes: int, now: datetime) -> dict[str, int]:
        ids = [minute_of(now - timedelta(minutes=n)) for n in range(minutes)]
        found = (await load_many(self.db[schema.KPI_MINUTES], KpiMinute, ids)).values()
        return dead_letters_per_tenant(list(found), self.home_tenant)


def dead_letters_per_tenant(minutes: list[KpiMinute], home_tenant: str) -> dict[str, int]:
    """Dead letters per tenant; those of no known tenant (and all counted before the split) are the home tenant's."""
    counts: dict[str, int] = {}
    for minute in minutes:
        known = 0
        for tenant, counters in minute.tenants.items():
            counts[tenant] = counts.get(tenant, 0) + counters.dead_letters
            known += counters.dead_letters
        counts[home_tenant] = counts.get(home_tenant, 0) + minute.dead_letters - known
    return {t: n for t, n in counts.items() if n}


def _parse(stamp: str | None) -> datetime | None:
    if stamp is None:
        return None
    return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
