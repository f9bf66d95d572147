"""Alerts carry the tenant of their cause: two tenants' causes are two alerts, each seen only by its tenant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mdsync_audit.alerts.gather import dead_letters_per_tenant
from mdsync_audit.alerts.lifecycle import raised
from mdsync_audit.alerts.messages import alert_event
from mdsync_audit.alerts.model import AlertDoc, Finding, Snapshot, reaches_alert
from mdsync_audit.alerts.rules import evaluate
from mdsync_audit.alerts.settings import RuleSettings
from mdsync_audit.core.changes import ApprovalView, ConflictEntry, ConflictView
from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.kpi import KpiCounters, KpiMinute
from mdsync_audit.core.tenant_scope import Reach
from mdsync_contracts.alerts import AlertRule, Severity
from mdsync_contracts.base import Environment
from mdsync_contracts.credentials import CredentialsReported
from mdsync_contracts.jobs import JobScope

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
RULES = RuleSettings(freshness_default_minutes=60, dead_letter_threshold=2, waiting_hours=4)
HOME = "ops"
BETA = Reach(tenants=frozenset({"beta"}))


def snap(**fields: object) -> Snapshot:
    """A snapshot of a deployment whose own tenant is ``HOME``."""
    return Snapshot.model_validate({"now": NOW, "home_tenant": HOME, **fields})


def job(job_id: str, tenant: str | None, status: str, minutes_ago: int = 0) -> JobView:
    scope = JobScope(spaces=("SALES",))
    finished = NOW - timedelta(minutes=minutes_ago)
    return JobView(id=job_id, tenant=tenant, status=status, scope=scope, finished_at=finished)


def by_cause(snapshot: Snapshot) -> dict[str, Finding]:
    return {f.alert_id: f for f in evaluate(snapshot, RULES)}


def test_two_tenants_sales_going_stale_are_two_alerts_each_of_its_tenant() -> None:
    stale = NOW - timedelta(hours=2)
    found = by_cause(snap(last_synced={"alpha": {"SALES": stale}, "beta": {"SALES": stale, "HR": NOW}}))
    assert sorted(found) == ["space_stale:alpha:SALES", "space_stale:beta:SALES"]
    assert [(f.tenant, f.spaces) for f in found.values()] == [("alpha", ("SALES",)), ("beta", ("SALES",))]
    synced = by_cause(snap(last_synced={"alpha": {"SALES": stale}, "beta": {"SALES": NOW}}))
    assert sorted(synced) == ["space_stale:alpha:SALES"], "beta's sync leaves alpha's stale space alone"


def test_a_tenants_success_does_not_resolve_another_tenants_failed_scope() -> None:
    jobs = (job("a1", "alpha", "failed", 5), job("b1", "beta", "succeeded"), job("x1", None, "timed_out"))
    found = by_cause(snap(finished_jobs=jobs))
    assert sorted(found) == ["job_failed:alpha:scope:SALES", f"job_failed:{HOME}:scope:SALES"]
    assert found["job_failed:alpha:scope:SALES"].facts["job_id"] == "a1"
    assert found[f"job_failed:{HOME}:scope:SALES"].tenant == HOME, "a job stored without tenant: the service's"


def test_dead_letters_count_per_tenant_and_unknown_ones_are_the_home_tenants() -> None:
    minutes = [
        KpiMinute(id="m1", dead_letters=5, tenants={"alpha": KpiCounters(dead_letters=3)}),
        KpiMinute(id="m2", dead_letters=2, tenants={"beta": KpiCounters(dead_letters=1)}),
        KpiMinute(id="m3", dead_letters=1),  # counted before the split: no tenant known
    ]
    counts = dead_letters_per_tenant(minutes, HOME)
    assert counts == {"alpha": 3, "beta": 1, HOME: 4}
    found = by_cause(snap(dead_letters=counts))
    assert sorted(found) == ["dead_letters:alpha:all", f"dead_letters:{HOME}:all"]
    assert found["dead_letters:alpha:all"].facts["count"] == "3"


def test_held_changes_and_conflicts_take_their_assets_tenant() -> None:
    old = NOW - timedelta(hours=5)
    entry = ConflictEntry(id="ev-1", policy="fail", reason="column added", drifted=("c",), at=old)
    snapshot = snap(
        held=(
            ApprovalView(id="apr-1", table="beta_sales.t", held_at=old, asset_id="beta/SALES/T"),
            ApprovalView(id="apr-2", table="x.t", held_at=old),
        ),
        conflicts=(ConflictView(id="sales.t", conflicts=(entry,), asset_id="alpha/SALES/T"),),
    )
    found = by_cause(snapshot)
    assert {cause: f.tenant for cause, f in found.items()} == {
        "change_waiting:beta:approval:apr-1": "beta",
        f"change_waiting:{HOME}:approval:apr-2": HOME,
        "change_waiting:alpha:conflict:sales.t": "alpha",
        "glue_drift:alpha:sales.t": "alpha",
    }


def test_credentials_alerts_are_the_reporting_tenants() -> None:
    reports = tuple(
        CredentialsReported(
            environment=Environment.DOG,
            tenant=t,
            client_id="sb",
            secret_expires_at=NOW + timedelta(days=1),
            reported_by="extractor",
        )
        for t in ("alpha", "beta")
    )
    found = by_cause(snap(credentials=reports))
    assert sorted((f.alert_id, f.tenant, f.facts["tenant"]) for f in found.values()) == [
        ("credentials_expiring:alpha:alpha", "alpha", "alpha"),
        ("credentials_expiring:beta:beta", "beta", "beta"),
    ]


def test_an_alert_and_its_event_carry_the_tenant_and_only_its_tenants_callers_see_it() -> None:
    (found,) = evaluate(snap(last_synced={"alpha": {"SALES": NOW - timedelta(hours=2)}}), RULES)
    doc = raised(None, found, NOW)
    assert doc is not None
    assert (doc.tenant, alert_event(doc, Environment.DOG, HOME).tenant) == ("alpha", "alpha")
    assert not reaches_alert(doc, BETA)
    assert reaches_alert(doc, Reach(tenants=frozenset({"alpha", "beta"})))
    assert reaches_alert(doc, Reach(tenants=frozenset({"alpha"}), spaces=frozenset({"SALES"})))
    assert not reaches_alert(doc, Reach(tenants=frozenset({"alpha"}), spaces=frozenset({"HR"})))
    assert reaches_alert(doc, Reach())


def test_an_alert_stored_without_tenant_is_the_services_own() -> None:
    legacy = AlertDoc.model_validate(
        {
            "_id": "dead_letters:all",
            "rule": AlertRule.DEAD_LETTERS,
            "severity": Severity.WARNING,
            "subject": "all",
            "summary": "11 dead letters",
            "raised_at": NOW,
            "event_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "event_at": NOW,
        }
    )
    assert legacy.tenant is None
    assert alert_event(legacy, Environment.DOG, HOME).tenant == HOME
    filled = legacy.of_tenant(HOME)
    assert filled.tenant == HOME
    assert reaches_alert(filled, Reach(tenants=frozenset({HOME})))
    assert not reaches_alert(filled, BETA)
