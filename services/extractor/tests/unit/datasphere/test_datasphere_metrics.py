"""Datasphere calls and rate-limiter waits show up in the Prometheus exposition, by status code."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from mdsync_runtime import metrics

from .conftest import Sim

SPACES = "/dwaas-core/api/v1/spaces"
CALLS = "http_client_request_duration_seconds_count"
WAITS = "mdsync_datasphere_rate_limiter_wait_duration_seconds"


def scraped(name: str, **labels: str) -> float:
    """The sum of ``name`` samples with ``labels`` in this process's exposition."""
    text = metrics.exposition()[0].decode()
    samples = (sample for family in text_string_to_metric_families(text) for sample in family.samples)
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


async def test_a_429_its_retry_and_limiter_waits_are_measured(sim: Sim) -> None:
    metrics.setup_metrics("extractor", "unit", "dog")
    host = {"server_address": "datasphere.test"}
    before = {
        "429": scraped(CALLS, http_response_status_code="429", **host),
        "200": scraped(CALLS, http_response_status_code="200", **host),
        "waits": scraped(f"{WAITS}_count"),
        "waited": scraped(f"{WAITS}_sum"),
    }
    await sim.fault(kind="rate_limited", path=SPACES, retry_after=7, count=1)

    # 61 a minute: a burst of one, then one request a second (on the fake clock).
    async with sim.client(requests_per_minute=61) as client:
        for _ in range(3):
            await client.list_spaces()

    assert scraped(CALLS, http_response_status_code="429", error_type="429", **host) - before["429"] == 1
    assert scraped(CALLS, http_response_status_code="200", **host) - before["200"] == 3
    assert scraped(f"{WAITS}_count") - before["waits"] >= 1
    assert scraped(f"{WAITS}_sum") - before["waited"] > 0
