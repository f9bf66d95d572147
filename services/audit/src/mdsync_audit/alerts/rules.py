"""The alert rules: pure functions from a snapshot of the store to findings keyed by cause."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from mdsync_audit.alerts.model import Finding, Snapshot, finding
from mdsync_audit.alerts.settings import RuleSettings
from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.kpi import space_of
from mdsync_audit.core.tenant_scope import tenant_of_id
from mdsync_contracts.alerts import AlertRule, Severity

Rule = Callable[[Snapshot, RuleSettings], list[Finding]]
FAILED_JOB_STATUSES = frozenset({"failed", "timed_out"})
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def scope_key(job: JobView) -> str:
    """What a job syncs, as a cause: its schedule, else its spaces and assets (`all` when unscoped); dry runs apart."""
    dry = ":dry-run" if job.dry_run else ""
    if job.schedule_id:
        return f"schedule:{job.schedule_id}{dry}"
    scope = job.scope
    named = sorted({*scope.spaces, *(f"{a.space}/{a.technical_name}" for a in scope.assets)}) if scope else []
    return "scope:" + (",".join(named) or "all") + dry


def job_failed(snapshot: Snapshot, settings: RuleSettings) -> list[Finding]:
    """The latest finished job of a tenant's scope failed or timed out (a later success of that scope resolves it)."""
    latest: dict[tuple[str, str], JobView] = {}
    for job in snapshot.finished_jobs:
        key = (job.tenant or snapshot.home_tenant, scope_key(job))
        if key not in latest or _finished(job) > _finished(latest[key]):
            latest[key] = job
    return [
        finding(
            AlertRule.JOB_FAILED,
            settings.severity(AlertRule.JOB_FAILED),
            tenant,
            key,
            f"job {job.id} {job.status}: {job.reason or 'no reason given'}",
            _job_spaces(job),
            job_id=job.id,
            status=job.status,
            reason=job.reason or "",
            finished_at=_finished(job)[0].isoformat(),
        )
        for (tenant, key), job in sorted(latest.items())
        if job.status in FAILED_JOB_STATUSES
    ]


def _job_spaces(job: JobView) -> tuple[str, ...]:
    scope = job.scope
    return tuple(sorted({*scope.spaces, *(a.space for a in scope.assets)})) if scope else ()


def _asset_spaces(asset_id: str | None) -> tuple[str, ...]:
    space = space_of(asset_id)
    return (space,) if space else ()


def _finished(job: JobView) -> tuple[datetime, str]:
    return (job.finished_at or EPOCH, job.id)


def space_stale(snapshot: Snapshot, settings: RuleSettings) -> list[Finding]:
    """A tenant's space whose last sync is older than its freshness target (never-synced ones cannot be measured)."""
    found = []
    for tenant, spaces in sorted(snapshot.last_synced.items()):
        for space, last in sorted(spaces.items()):
            target = settings.freshness_target(space)
            if last is not None and snapshot.now - last > timedelta(minutes=target):
                found.append(
                    finding(
                        AlertRule.SPACE_STALE,
                        settings.severity(AlertRule.SPACE_STALE),
                        tenant,
                        space,
                        f"space {space} of tenant {tenant} not synced since {last.isoformat()} (target {target} min)",
                        (space,),
                        space=space,
                        last_synced_at=last.isoformat(),
                        target_minutes=str(target),
                    )
                )
    return found


def dead_letters(snapshot: Snapshot, settings: RuleSettings) -> list[Finding]:
    """More dead letters of a tenant than the threshold within the window (unknown tenant: the home tenant's)."""
    window = settings.dead_letter_window_minutes
    threshold = settings.dead_letter_threshold
    return [
        finding(
            AlertRule.DEAD_LETTERS,
            settings.severity(AlertRule.DEAD_LETTERS),
            tenant,
            "all",
            f"{count} dead letters of tenant {tenant} in {window} min (threshold {threshold})",
            count=str(count),
            window_minutes=str(window),
            threshold=str(threshold),
        )
        for tenant, count in sorted(snapshot.dead_letters.items())
        if count > threshold
    ]


def change_waiting(snapshot: Snapshot, settings: RuleSettings) -> list[Finding]:
    """A held change or an open conflict waiting longer than ``waiting_hours`` (the tenant of its asset)."""
    limit = timedelta(hours=settings.waiting_hours)
    severity = settings.severity(AlertRule.CHANGE_WAITING)
    waiting = [
        (f"approval:{held.id}", held.table or held.id, held.held_at, held.asset_id)
        for held in snapshot.held
        if held.held_at is not None and snapshot.now - held.held_at > limit
    ] + [
        (f"conflict:{conflict.id}", conflict.id, conflict.conflicts[0].at, conflict.asset_id)
        for conflict in snapshot.conflicts
        if conflict.open and snapshot.now - conflict.conflicts[0].at > limit
    ]
    return [
        finding(
            AlertRule.CHANGE_WAITING,
            severity,
            _asset_tenant(asset_id, snapshot),
            subject,
            f"{subject.split(':', 1)[0]} on {table} waiting since {since.isoformat()}",
            _asset_spaces(asset_id),
            table=table,
            since=since.isoformat(),
            waiting_hours=str(settings.waiting_hours),
        )
        for subject, table, since, asset_id in sorted(waiting, key=lambda w: w[0])
    ]


def _asset_tenant(asset_id: str | None, snapshot: Snapshot) -> str:
    return tenant_of_id(asset_id) or snapshot.home_tenant


def glue_drift(snapshot: Snapshot, settings: RuleSettings) -> list[Finding]:
    """A Glue table changed outside mdsync (an open conflict: a later successful write resolves it)."""
    return [
        finding(
            AlertRule.GLUE_DRIFT,
            settings.severity(AlertRule.GLUE_DRIFT),
            _asset_tenant(conflict.asset_id, snapshot),
            conflict.id,
            f"Glue table {conflict.id} changed outside mdsync: {conflict.conflicts[0].reason}",
            _asset_spaces(conflict.asset_id),
            table=conflict.id,
            drifted=", ".join(conflict.conflicts[0].drifted),
            policy=conflict.conflicts[0].policy,
            since=conflict.conflicts[0].at.isoformat(),
        )
        for conflict in sorted(snapshot.conflicts, key=lambda c: c.id)
        if conflict.open
    ]


def credentials_expiring(snapshot: Snapshot, settings: RuleSettings) -> list[Finding]:
    """A tenant's Datasphere client secret expires within the warning period (critical when close or past)."""
    found = []
    for report in sorted(snapshot.credentials, key=lambda r: r.tenant):
        expires = report.secret_expires_at
        if expires is None:
            continue
        left = expires - snapshot.now
        if left > timedelta(days=settings.credentials_warn_days):
            continue
        close = left <= timedelta(days=settings.credentials_critical_days)
        severity = Severity.CRITICAL if close else settings.severity(AlertRule.CREDENTIALS_EXPIRING)
        verb = "expired" if left.total_seconds() <= 0 else "expires"
        found.append(
            finding(
                AlertRule.CREDENTIALS_EXPIRING,
                severity,
                report.tenant,
                report.tenant,
                f"Datasphere client secret of tenant {report.tenant} {verb} {expires.isoformat()}",
                tenant=report.tenant,
                client_id=report.client_id or "",
                expires_at=expires.isoformat(),
            )
        )
    return found


RULES: dict[AlertRule, Rule] = {
    AlertRule.JOB_FAILED: job_failed,
    AlertRule.SPACE_STALE: space_stale,
    AlertRule.DEAD_LETTERS: dead_letters,
    AlertRule.CHANGE_WAITING: change_waiting,
    AlertRule.GLUE_DRIFT: glue_drift,
    AlertRule.CREDENTIALS_EXPIRING: credentials_expiring,
}


def evaluate(snapshot: Snapshot, settings: RuleSettings) -> list[Finding]:
    """Every rule's findings over ``snapshot``."""
    return [found for rule in RULES.values() for found in rule(snapshot, settings)]
