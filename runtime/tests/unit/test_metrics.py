"""The metrics set-up: Prometheus names and labels, the optional OTLP exporter, the process-wide provider."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from mdsync_runtime import metrics
from mdsync_runtime.instruments import Instruments, LagSources


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def provider(registry: CollectorRegistry) -> Iterator[MeterProvider]:
    built = metrics.build_provider("probe", metrics.readers(None, registry))
    yield built
    built.shutdown()


def sample_names(registry: CollectorRegistry) -> set[str]:
    text = metrics.exposition(registry)[0].decode()
    return {sample.name for family in text_string_to_metric_families(text) for sample in family.samples}


def test_counters_histograms_and_gauges_get_prometheus_names_with_units(
    provider: MeterProvider, registry: CollectorRegistry
) -> None:
    lag = LagSources()
    lag.add(1, lambda: [Observation(4, {"messaging.destination.name": "t"})])
    instruments = Instruments.create(provider.get_meter("mdsync"), lag)
    instruments.consumed.add(2, {"messaging.destination.name": "t"})
    instruments.process_duration.record(0.3, {"messaging.destination.name": "t"})

    names = sample_names(registry)

    assert "messaging_client_consumed_messages_total" in names
    assert {"messaging_process_duration_seconds_bucket", "messaging_process_duration_seconds_count"} <= names
    assert "mdsync_consumer_lag" in names
    assert "mdsync_glue_calls_total" not in names  # nothing recorded, nothing exported


def test_attributes_become_labels_beside_the_service_name(provider: MeterProvider, registry: CollectorRegistry) -> None:
    instruments = Instruments.create(provider.get_meter("mdsync"), LagSources())
    instruments.glue_calls.add(1, {"rpc.method": "GetTable", "outcome": "ok", "tenant": "acme"})

    text = metrics.exposition(registry)[0].decode()
    family = next(f for f in text_string_to_metric_families(text) if f.name == "mdsync_glue_calls")
    (sample,) = family.samples

    assert sample.value == 1
    assert sample.labels["rpc_method"] == "GetTable"
    assert sample.labels["tenant"] == "acme"
    assert sample.labels["service_name"] == "mdsync-probe"


def test_second_buckets_suit_latencies_in_seconds(provider: MeterProvider, registry: CollectorRegistry) -> None:
    instruments = Instruments.create(provider.get_meter("mdsync"), LagSources())
    instruments.http_client_duration.record(0.02, {"http.response.status_code": 200})

    text = metrics.exposition(registry)[0].decode()
    family = next(f for f in text_string_to_metric_families(text) if f.name == "http_client_request_duration_seconds")
    buckets = {s.labels["le"]: s.value for s in family.samples if s.name.endswith("_bucket")}

    assert buckets["0.01"] == 0
    assert buckets["0.025"] == 1


def test_otlp_exporter_only_when_an_endpoint_is_set(registry: CollectorRegistry) -> None:
    assert [type(r).__name__ for r in metrics.readers(None, registry)] == ["PrometheusMetricReader"]

    with_otlp = metrics.readers("http://collector:4318/", CollectorRegistry())
    periodic = [r for r in with_otlp if isinstance(r, PeriodicExportingMetricReader)]
    try:
        assert len(periodic) == 1
        assert periodic[0]._exporter._endpoint == "http://collector:4318/v1/metrics"
    finally:
        for reader in with_otlp:
            reader.shutdown()


@pytest.mark.parametrize(
    ("value", "wanted"),
    [(None, True), ("otlp", True), ("prometheus,otlp", True), ("none", False), ("prometheus", False)],
)
def test_otel_metrics_exporter_can_turn_the_otlp_push_off(value: str | None, wanted: bool) -> None:
    environ = {} if value is None else {"OTEL_METRICS_EXPORTER": value}
    assert metrics.otlp_wanted(environ) is wanted


def test_lag_sources_report_until_removed() -> None:
    sources = LagSources()
    sources.add(1, lambda: [Observation(2)])
    sources.add(2, lambda: [Observation(5), Observation(0)])
    options = CallbackOptions()

    assert sorted(o.value for o in sources.observe(options)) == [0, 2, 5]
    sources.remove(2)
    assert [o.value for o in sources.observe(options)] == [2]


def test_setup_installs_one_provider_per_process_and_labels_every_point() -> None:
    first = metrics.setup_metrics("probe", "acme", "dog")
    again = metrics.setup_metrics("other", "globex", "bear")

    assert again is first
    labels = metrics.attributes({"error.type": "x"})
    assert labels["error.type"] == "x"
    assert {"tenant", "environment"} <= labels.keys()  # from whichever service installed the provider first
