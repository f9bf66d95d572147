"""OpenTelemetry metrics: one MeterProvider per process, read by Prometheus at /metrics, pushed over OTLP if set.

Every data point of mdsync's own instruments carries a ``tenant`` and the ``environment`` (see ``attributes``): the
process's tenant, unless the data point names the tenant it is about (a Datasphere call of a tenant's lane, an
ingested event's). The instruments themselves are catalogued in ``mdsync_runtime.instruments``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence

from opentelemetry import metrics
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.util.types import AttributeValue
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

Attributes = dict[str, AttributeValue]
RESOURCE_LABELS = frozenset({"service.name"})
"""Resource attributes copied onto every exported series (``service_name``), so one scrape tells services apart."""

_lock = threading.Lock()
_provider: MeterProvider | None = None
_process_attributes: Attributes = {}


def readers(otlp_endpoint: str | None, registry: CollectorRegistry = REGISTRY) -> list[MetricReader]:
    """A Prometheus reader on ``registry``, plus a periodic OTLP/HTTP exporter when ``otlp_endpoint`` is set."""
    found: list[MetricReader] = [
        PrometheusMetricReader(registry=registry, resource_attribute_filter=RESOURCE_LABELS.__contains__)
    ]
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter

        exporter = OTLPMetricExporter(endpoint=otlp_endpoint.rstrip("/") + "/v1/metrics")
        found.append(PeriodicExportingMetricReader(exporter))
    return found


def otlp_wanted(environ: Mapping[str, str]) -> bool:
    """False when OTEL_METRICS_EXPORTER is set without ``otlp`` (e.g. ``none``: the endpoint takes only traces)."""
    names = {name.strip() for name in environ.get("OTEL_METRICS_EXPORTER", "otlp").split(",")}
    return "otlp" in names


def build_provider(service: str, metric_readers: Sequence[MetricReader]) -> MeterProvider:
    """A MeterProvider for ``service`` reading into ``metric_readers`` (not installed globally)."""
    resource = Resource.create({"service.name": f"mdsync-{service}"})
    return MeterProvider(resource=resource, metric_readers=list(metric_readers))


def setup_metrics(service: str, tenant: str, environment: str, otlp_endpoint: str | None = None) -> MeterProvider:
    """Install the process's MeterProvider once; later calls (more services in one process) reuse it."""
    global _provider
    with _lock:
        if _provider is None:
            _process_attributes.update({"tenant": tenant, "environment": environment})
            push = otlp_endpoint if otlp_wanted(os.environ) else None
            _provider = build_provider(service, readers(push))
            metrics.set_meter_provider(_provider)
        return _provider


def attributes(extra: Mapping[str, AttributeValue] | None = None) -> Attributes:
    """The process's tenant and environment, overridden or extended by ``extra`` (OTel names, e.g. ``error.type``)."""
    return {**_process_attributes, **(extra or {})}


def exposition(registry: CollectorRegistry = REGISTRY) -> tuple[bytes, str]:
    """The Prometheus text exposition of ``registry`` and its content type."""
    return generate_latest(registry), CONTENT_TYPE_LATEST
