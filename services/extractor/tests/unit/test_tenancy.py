"""A lane per tenant: each with its own URLs, credentials, rate limit, job slots and metric label."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from mdsync_contracts.base import Environment
from mdsync_extractor.core.jobs import JobRecord, JobSpec
from mdsync_extractor.credentials_report import tenant_report
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.tenancy import lane_specs, owned_by, polling_budgets
from mdsync_runtime.tenants import parse_tenants

TENANTS = """
tenants:
  - name: acme
    datasphere: {base_url: "https://acme.example", token_url: "https://acme.example/oauth/token",
                 client_id: acme-client, client_secret_env: ACME_SECRET, rate_limit_per_minute: 120}
    job_concurrency: 1
  - name: globex
    datasphere: {base_url: "https://globex.example", token_url: "https://globex.example/oauth/token",
                 client_id: globex-client, client_secret_env: GLOBEX_SECRET}
    glue: {database_prefix: globex_}
"""


def test_every_tenant_gets_its_own_client_and_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_SECRET", "acme-s3cret")
    monkeypatch.setenv("GLOBEX_SECRET", "globex-s3cret")
    tenants = parse_tenants(TENANTS)
    acme, globex = lane_specs(ExtractorSettings(job_concurrency=3, rate_limit_per_minute=600), tenants, "demo")
    assert (acme.tenant, acme.job_concurrency, globex.tenant, globex.job_concurrency) == ("acme", 1, "globex", 3)
    assert (acme.datasphere.base_url, acme.datasphere.client_id) == ("https://acme.example", "acme-client")
    assert acme.datasphere.client_secret.get_secret_value() == "acme-s3cret"
    assert globex.datasphere.client_secret.get_secret_value() == "globex-s3cret"
    assert (acme.datasphere.requests_per_minute, globex.datasphere.requests_per_minute) == (120, 300)
    assert (acme.datasphere.tenant, globex.datasphere.tenant) == ("acme", "globex")


def test_without_a_tenants_file_the_settings_make_one_lane() -> None:
    settings = ExtractorSettings(
        datasphere_url="https://one.example", client_id="one", client_secret=SecretStr("one-s3cret"), job_concurrency=2
    )
    [lane] = lane_specs(settings, None, "demo")
    assert (lane.tenant, lane.job_concurrency, lane.datasphere.client_id) == ("demo", 2, "one")
    assert lane.datasphere.tenant is None  # metrics keep the process's tenant label


def test_stored_jobs_go_back_to_their_tenants_scheduler() -> None:
    def job(tenant: str | None) -> JobRecord:
        return JobRecord(job_id="j", spec=JobSpec(), tenant=tenant, created_at=datetime.now(UTC))

    acme, globex = owned_by("acme", "acme"), owned_by("globex", "acme")
    assert acme(job("acme"))
    assert acme(job(None))
    assert not acme(job("globex"))
    assert globex(job("globex"))
    assert not globex(job(None))


def test_each_tenant_reports_its_client_and_secret_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_SECRET", "acme-s3cret")
    monkeypatch.setenv("GLOBEX_SECRET", "globex-s3cret")
    expiry = 'rate_limit_per_minute: 120,\n client_secret_expires_at: "2027-01-31T00:00:00Z"}'
    text = TENANTS.replace("rate_limit_per_minute: 120}", expiry)
    acme, globex = parse_tenants(text).tenants
    reports = [tenant_report(tenant, Environment.BEAR) for tenant in (acme, globex)]
    assert [(r.tenant, r.client_id, r.correlation_id) for r in reports] == [
        ("acme", "acme-client", "credentials:acme"),
        ("globex", "globex-client", "credentials:globex"),
    ]
    assert reports[0].secret_expires_at == datetime(2027, 1, 31, tzinfo=UTC)
    assert reports[1].secret_expires_at is None
    assert "s3cret" not in reports[0].model_dump_json()


def test_each_tenant_polls_within_its_own_budget_set_or_capped_at_its_rate_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ACME_SECRET", "acme-s3cret")
    monkeypatch.setenv("GLOBEX_SECRET", "globex-s3cret")
    settings = ExtractorSettings(adaptive_budget_calls_per_hour=9000)
    capped = lane_specs(settings, parse_tenants(TENANTS), "demo")
    assert [spec.adaptive_budget_calls_per_hour for spec in capped] == [7200, 9000]  # acme: 120 calls/min
    own = TENANTS.replace(
        "rate_limit_per_minute: 120}", "rate_limit_per_minute: 120, adaptive_budget_calls_per_hour: 500}"
    )
    budgets = polling_budgets(settings, lane_specs(settings, parse_tenants(own), "demo"))
    assert (budgets.default_tenant, budgets.of(None), budgets.of("globex")) == ("acme", 500, 9000)


def test_without_a_tenants_file_the_one_tenant_polls_within_the_service_budget() -> None:
    settings = ExtractorSettings(
        client_id="one", client_secret=SecretStr("one-s3cret"), adaptive_budget_calls_per_hour=1200
    )
    budgets = polling_budgets(settings, lane_specs(settings, None, "demo"))
    assert (budgets.default_tenant, budgets.of(None), budgets.of("demo")) == ("demo", 1200, 1200)
