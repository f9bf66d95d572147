"""After a sync, every service's /metrics (scraped over HTTP, without a token) shows the counters moved."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

pytestmark = pytest.mark.e2e
SERVICES = ("extractor", "mapper", "glue-writer", "audit")


def scrape(stack: Any) -> dict[str, list[Sample]]:
    """Every sample of every service's /metrics."""
    found = {}
    for service in SERVICES:
        response = httpx.get(f"{stack.url(service)}/metrics", timeout=10)
        assert response.status_code == 200, service
        families = text_string_to_metric_families(response.text)
        found[service] = [sample for family in families for sample in family.samples]
    return found


def total(samples: list[Sample], name: str, **labels: str) -> float:
    """Sum of the samples called ``name`` whose labels include ``labels``."""
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


def test_a_sync_moves_the_counters_of_every_service(stack: Any) -> None:
    before = scrape(stack)
    job = stack.sync(scope={"spaces": ["SALES"], "assets": []}, mode="full")
    after = scrape(stack)

    def moved(service: str, name: str, **labels: str) -> float:
        return total(after[service], name, **labels) - total(before[service], name, **labels)

    assert job["status"] == "succeeded"
    counted = sum(job["counts"].values())
    assert counted > 0
    assert moved("extractor", "mdsync_jobs_finished_total", status="succeeded", priority="HIGH") == 1
    assert moved("extractor", "mdsync_assets_outcomes_total") == counted
    assert moved("extractor", "http_client_request_duration_seconds_count", http_response_status_code="200") > 0
    assert moved("extractor", "messaging_client_sent_messages_total") > 0
    assert moved("mapper", "messaging_client_consumed_messages_total") > 0
    assert moved("glue-writer", "messaging_client_consumed_messages_total") > 0
    assert total(after["glue-writer"], "mdsync_glue_calls_total", outcome="ok") > 0
    assert moved("audit", "mdsync_audit_events_total", result="stored") > 0
    assert moved("audit", "db_client_operation_duration_seconds_count", db_collection_name="events") > 0
    assert all(s.labels.get("tenant") == "demo" for s in after["extractor"] if s.name == "mdsync_jobs_finished_total")
