"""Logs are JSON lines carrying the trace and span ids of the current span."""

import json
import logging

from opentelemetry.sdk.trace import TracerProvider

from mdsync_runtime.logs import JsonFormatter


def test_log_line_is_json_with_trace_ids_and_extras() -> None:
    tracer = TracerProvider().get_tracer("test")
    record = logging.makeLogRecord({"msg": "handled %s", "args": ("x",), "levelname": "INFO", "offset": 7})
    with tracer.start_as_current_span("work") as span:
        line = json.loads(JsonFormatter("mapper").format(record))
    context = span.get_span_context()
    assert line["message"] == "handled x"
    assert line["service"] == "mapper"
    assert line["offset"] == 7
    assert line["trace_id"] == format(context.trace_id, "032x")
    assert line["span_id"] == format(context.span_id, "016x")


def test_log_line_without_span_has_no_trace_ids() -> None:
    line = json.loads(JsonFormatter("audit").format(logging.makeLogRecord({"msg": "idle"})))
    assert "trace_id" not in line
