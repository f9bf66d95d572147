"""Read the snapshot the rules look at: keyed reads only (listings, then small ``$in`` batches)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.alerts.model import Snapshot
from mdsync_audit.alerts.settings import RuleSettings
from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.kpi import KpiMinute, SpaceFreshness
from mdsync_audit.core.stored import day_of, minute_of
from mdsync_audit.core.tenant_scope import EVERYTHING
from mdsync_audit.store import schema, sets
from mdsync_audit.store.docs import load_many
from mdsync_audit.store.project_index import SPACES
from mdsync_audit.store.project_jobs import JOBS_BY_DAY
from mdsync_audit.store.read_ops import OpsReads
from mdsync_contracts.credentials import CredentialsReported, credentials_correlation_id
from mdsync_runtime.store import Document

STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class Gatherer:
    """Builds a Snapshot from the audit views."""

    db: AsyncDatabase[Document]
    ops: OpsReads
    tenants: tuple[str, ...]

    async def snapshot(self, settings: RuleSettings, now: datetime) -> Snapshot:
        """Everything the rules need, as of ``now``."""
        return Snapshot(
            now=now,
            finished_jobs=tuple(await self._finished_jobs(settings.job_lookback_days, now)),
            last_synced=await self._last_synced(),
            dead_letters=await self._dead_letters(settings.dead_letter_window_minutes, now),
            held=(await self.ops.approvals(EVERYTHING)).items,
            conflicts=(await self.ops.conflicts(EVERYTHING)).items,
            credentials=tuple(await self._credentials()),
        )

    async def _finished_jobs(self, days: int, now: datetime) -> list[JobView]:
        names = [JOBS_BY_DAY + day_of(now - timedelta(days=n)) for n in range(days)]
        listed = await sets.members(self.db[schema.SETS], names, 1)
        ids = sorted(set().union(*listed.values()))
        jobs = await load_many(self.db[schema.JOBS], JobView, ids)
        return [job for job in jobs.values() if job.finished_at is not None]

    async def _last_synced(self) -> dict[str, datetime | None]:
        spaces = sorted((await sets.members(self.db[schema.SETS], [SPACES], 1))[SPACES])
        found = await load_many(self.db[schema.KPI_SPACES], SpaceFreshness, spaces)
        return {space: _parse(found[space].last_synced_at) if space in found else None for space in spaces}

    async def _dead_letters(self, minutes: int, now: datetime) -> int:
        ids = [minute_of(now - timedelta(minutes=n)) for n in range(minutes)]
        return sum(k.dead_letters for k in (await load_many(self.db[schema.KPI_MINUTES], KpiMinute, ids)).values())

    async def _credentials(self) -> list[CredentialsReported]:
        reports: list[CredentialsReported] = []
        for tenant in self.tenants:
            page = await self.ops.events("correlation", credentials_correlation_id(tenant), EVERYTHING, 1, None)
            reports.extend(CredentialsReported.model_validate(item.payload) for item in page.items[:1])
        return reports


def _parse(stamp: str | None) -> datetime | None:
    if stamp is None:
        return None
    return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
