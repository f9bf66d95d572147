"""OpenTelemetry set-up and trace context carried in Kafka headers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

KafkaHeaders = list[tuple[str, bytes]]


class JsonLinesSpanExporter(SpanExporter):
    """Appends each finished span to a file as one compact JSON object per line."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        """Write ``spans`` to the file."""
        lines = "".join(json.dumps(json.loads(span.to_json()), separators=(",", ":")) + "\n" for span in spans)
        with self._lock, self.path.open("a", encoding="utf-8") as file:
            file.write(lines)
        return SpanExportResult.SUCCESS


def setup_tracing(service: str, trace_file: str | None = None, otlp_endpoint: str | None = None) -> TracerProvider:
    """Install a tracer provider for ``service`` (JSON-lines file and/or OTLP) and instrument its clients."""
    provider = TracerProvider(resource=Resource.create({"service.name": f"mdsync-{service}"}))
    if trace_file:
        provider.add_span_processor(BatchSpanProcessor(JsonLinesSpanExporter(trace_file)))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = otlp_endpoint.rstrip("/") + "/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    _instrument_clients()
    return provider


def flush_spans(timeout_millis: int = 5000) -> None:
    """Export the spans still batched, so a service stopping (or stopped and restarted) loses none of its trace."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush(timeout_millis)


def _instrument_clients() -> None:
    """Spans for every store command and outgoing HTTP call, children of the current span."""
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor

    for instrumentor in (HTTPXClientInstrumentor(), PymongoInstrumentor()):
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()


def inject_trace(headers: KafkaHeaders) -> KafkaHeaders:
    """Return ``headers`` plus the W3C ``traceparent`` (and ``tracestate``) of the current span."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return headers + [(name, value.encode()) for name, value in carrier.items()]


def extract_trace(headers: Iterable[tuple[str, bytes]] | None) -> Context:
    """Return the trace context a producer put in a record's headers."""
    carrier = {name: value.decode("utf-8", "replace") for name, value in headers or ()}
    return propagate.extract(carrier)
