"""Each alert rule fires once on its cause, de-duplicates on re-evaluation and resolves when the cause is gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mdsync_audit.alerts.lifecycle import CAUSE_GONE, AckRefusedError, acknowledged, plan, raised, resolved
from mdsync_audit.alerts.model import AlertDoc, AlertState, Snapshot
from mdsync_audit.alerts.rules import evaluate, scope_key
from mdsync_audit.alerts.settings import RuleSettings
from mdsync_audit.core.changes import ApprovalView, ConflictEntry, ConflictView
from mdsync_audit.core.jobs import JobView
from mdsync_contracts.alerts import AlertRule, Severity
from mdsync_contracts.base import Environment
from mdsync_contracts.credentials import CredentialsReported
from mdsync_contracts.jobs import JobScope

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
RULES = RuleSettings(freshness_minutes={"FINANCE": 30}, dead_letter_threshold=2, waiting_hours=4)


def snap(now: datetime, **fields: object) -> Snapshot:
    """A snapshot of a deployment whose own tenant is acme."""
    return Snapshot.model_validate({"now": now, "home_tenant": "acme", **fields})


class Alerts:
    """The stored alerts of an in-memory evaluation loop (rules → plan → lifecycle), with what each round did."""

    def __init__(self) -> None:
        self.docs: dict[str, AlertDoc] = {}

    def evaluate(self, snapshot: Snapshot) -> tuple[list[str], list[str]]:
        """One round; the causes raised and resolved."""
        findings = evaluate(snapshot, RULES)
        todo = plan(findings, self.docs)
        for found in todo.raise_:
            doc = raised(self.docs.get(found.alert_id), found, snapshot.now)
            assert doc is not None
            self.docs[found.alert_id] = doc
        for cause in todo.resolve:
            doc = resolved(self.docs[cause], CAUSE_GONE, snapshot.now)
            assert doc is not None
            self.docs[cause] = doc
        return [f.alert_id for f in todo.raise_], list(todo.resolve)


def job(
    job_id: str, status: str, finished: datetime, spaces: tuple[str, ...] = ("SALES",), tenant: str | None = "acme"
) -> JobView:
    return JobView(
        id=job_id,
        tenant=tenant,
        status=status,
        scope=JobScope(spaces=spaces),
        finished_at=finished,
        reason=f"{status} <b>x</b>",
    )


def conflict(
    table: str, at: datetime, resolved_at: datetime | None = None, asset_id: str = "acme/SALES/T"
) -> ConflictView:
    entry = ConflictEntry(id=f"ev-{table}", policy="fail", reason="column added outside mdsync", drifted=("c",), at=at)
    return ConflictView(id=table, conflicts=(entry,), resolved_at=resolved_at, asset_id=asset_id)


def credentials(expires: datetime | None, tenant: str = "acme") -> CredentialsReported:
    return CredentialsReported(
        environment=Environment.DOG, tenant=tenant, client_id="sb-1", secret_expires_at=expires, reported_by="extractor"
    )


CASES: list[tuple[str, Snapshot, Snapshot, str]] = [
    (
        "job failed, then the same scope succeeded",
        snap(now=NOW, finished_jobs=(job("j1", "failed", NOW),)),
        snap(now=NOW, finished_jobs=(job("j1", "failed", NOW), job("j2", "succeeded", NOW + timedelta(1)))),
        "job_failed:acme:scope:SALES",
    ),
    (
        "space stale past its own target, then synced",
        snap(NOW, last_synced={"acme": {"FINANCE": NOW - timedelta(minutes=31), "SALES": NOW - timedelta(hours=2)}}),
        snap(NOW, last_synced={"acme": {"FINANCE": NOW - timedelta(minutes=5), "SALES": NOW - timedelta(hours=2)}}),
        "space_stale:acme:FINANCE",
    ),
    (
        "dead letters above the threshold",
        snap(now=NOW, dead_letters={"acme": 3}),
        snap(now=NOW, dead_letters={"acme": 2}),
        "dead_letters:acme:all",
    ),
    (
        "held change waiting too long, then decided",
        snap(now=NOW, held=(ApprovalView(id="apr-1", table="db.t", held_at=NOW - timedelta(hours=5)),)),
        snap(now=NOW),
        "change_waiting:acme:approval:apr-1",
    ),
    (
        "credentials expiring, then rotated",
        snap(now=NOW, credentials=(credentials(NOW + timedelta(days=10)),)),
        snap(now=NOW, credentials=(credentials(NOW + timedelta(days=90)),)),
        "credentials_expiring:acme:acme",
    ),
]


@pytest.mark.parametrize(("name", "cause_present", "cause_gone", "cause"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_once_deduplicates_and_resolves(
    name: str, cause_present: Snapshot, cause_gone: Snapshot, cause: str
) -> None:
    alerts = Alerts()
    assert alerts.evaluate(cause_present) == ([cause], [])
    assert alerts.evaluate(cause_present) == ([], [])  # one open alert per cause
    assert alerts.docs[cause].state is AlertState.OPEN
    assert alerts.evaluate(cause_gone) == ([], [cause])
    assert alerts.docs[cause].state is AlertState.RESOLVED
    assert alerts.evaluate(cause_gone) == ([], [])


def test_open_conflict_raises_drift_at_once_and_waiting_later_and_a_write_resolves_both() -> None:
    alerts = Alerts()
    fresh = snap(now=NOW, conflicts=(conflict("db.t", NOW - timedelta(hours=1)),))
    assert alerts.evaluate(fresh) == (["glue_drift:acme:db.t"], [])
    old = snap(now=NOW + timedelta(hours=4), conflicts=fresh.conflicts)
    assert alerts.evaluate(old) == (["change_waiting:acme:conflict:db.t"], [])
    assert alerts.docs["glue_drift:acme:db.t"].facts["drifted"] == "c"
    written = snap(now=old.now, conflicts=(conflict("db.t", NOW - timedelta(hours=1), resolved_at=NOW),))
    assert alerts.evaluate(written) == ([], ["change_waiting:acme:conflict:db.t", "glue_drift:acme:db.t"])


def test_a_cause_that_returns_is_raised_again_as_the_same_alert() -> None:
    alerts = Alerts()
    failing = snap(now=NOW, dead_letters={"acme": 5})
    alerts.evaluate(failing)
    alerts.evaluate(snap(now=NOW))
    assert alerts.evaluate(failing) == (["dead_letters:acme:all"], [])
    assert alerts.docs["dead_letters:acme:all"].times_raised == 2


def test_acknowledged_alert_is_not_raised_again_and_still_resolves() -> None:
    alerts = Alerts()
    failing = snap(now=NOW, finished_jobs=(job("j1", "timed_out", NOW),))
    alerts.evaluate(failing)
    cause = "job_failed:acme:scope:SALES"
    alerts.docs[cause] = acknowledged(alerts.docs[cause], "operator:jane", "rerunning", NOW)
    assert alerts.evaluate(failing) == ([], [])
    assert alerts.docs[cause].state is AlertState.ACKNOWLEDGED
    with pytest.raises(AckRefusedError):
        acknowledged(alerts.docs[cause], "operator:joe", "again", NOW)
    assert alerts.evaluate(snap(now=NOW)) == ([], [cause])


def test_only_the_latest_job_of_a_scope_counts_and_schedules_are_their_own_scope() -> None:
    scheduled = job("j3", "failed", NOW).model_copy(update={"schedule_id": "nightly"})
    snapshot = snap(
        now=NOW,
        finished_jobs=(job("j1", "succeeded", NOW - timedelta(hours=1)), job("j2", "failed", NOW), scheduled),
    )
    found = {f.alert_id: f for f in evaluate(snapshot, RULES)}
    assert sorted(found) == ["job_failed:acme:schedule:nightly", "job_failed:acme:scope:SALES"]
    assert found["job_failed:acme:scope:SALES"].facts["job_id"] == "j2"
    assert found["job_failed:acme:scope:SALES"].severity is Severity.CRITICAL
    assert scope_key(JobView(id="j4")) == "scope:all"
    assert scope_key(JobView(id="j5", dry_run=True, schedule_id="nightly")) == "schedule:nightly:dry-run"


def test_never_synced_space_and_unconfigured_expiry_raise_nothing() -> None:
    snapshot = snap(now=NOW, last_synced={"acme": {"NEW": None}}, credentials=(credentials(None),))
    assert evaluate(snapshot, RULES) == []


def test_credentials_close_to_expiry_or_expired_are_critical() -> None:
    close = evaluate(snap(now=NOW, credentials=(credentials(NOW + timedelta(days=1)),)), RULES)
    expired = evaluate(snap(now=NOW, credentials=(credentials(NOW - timedelta(days=1)),)), RULES)
    warned = evaluate(snap(now=NOW, credentials=(credentials(NOW + timedelta(days=10)),)), RULES)
    assert [f.severity for f in close + expired + warned] == [Severity.CRITICAL, Severity.CRITICAL, Severity.WARNING]
    assert "expired" in expired[0].summary


def test_severities_are_configurable_per_rule() -> None:
    rules = RuleSettings(severities={AlertRule.DEAD_LETTERS: Severity.CRITICAL}, dead_letter_threshold=0)
    (found,) = evaluate(snap(now=NOW, dead_letters={"acme": 1}), rules)
    assert found.severity is Severity.CRITICAL


def test_a_cause_that_becomes_more_severe_reopens_its_alert_once_at_the_new_severity() -> None:
    alerts = Alerts()
    alerts.evaluate(snap(now=NOW, credentials=(credentials(NOW + timedelta(days=10)),)))
    cause = "credentials_expiring:acme:acme"
    alerts.docs[cause] = acknowledged(alerts.docs[cause], "operator:jane", "rotating next week", NOW)
    later = NOW + timedelta(days=8)
    assert alerts.evaluate(snap(now=later, credentials=(credentials(NOW + timedelta(days=10)),))) == ([cause], [])
    doc = alerts.docs[cause]
    assert (doc.state, doc.severity, doc.times_raised, doc.raised_at) == (AlertState.OPEN, Severity.CRITICAL, 1, NOW)
    assert doc.acknowledged_by is None
    assert alerts.evaluate(snap(now=later, credentials=(credentials(NOW + timedelta(days=10)),))) == ([], [])
