"""The query API is documented: every read route is in the OpenAPI document with a typed response."""

from __future__ import annotations

from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_runtime.settings import CommonSettings

READS = [
    "/assets",
    "/assets/{asset_id}",
    "/assets/{asset_id}/history",
    "/assets/{asset_id}/diff",
    "/assets/{asset_id}/events",
    "/lineage/{node_id}",
    "/glue/{table}/provenance",
    "/jobs",
    "/jobs/{job_id}",
    "/jobs/{job_id}/outcomes",
    "/jobs/{job_id}/events",
    "/jobs/{job_id}/plans",
    "/correlations/{correlation_id}/events",
    "/events/{event_id}",
    "/approvals",
    "/approvals/{approval_id}",
    "/conflicts",
    "/dead-letters",
    "/kpis",
    "/openlineage",
    "/catalog",
    "/alerts",
    "/alerts/{alert_id}",
]

NOT_READS = ("/healthz", "/readyz", "/alerts/{alert_id}/ack", "/me")  # /me is about the caller, not the data


def test_every_read_route_has_a_typed_response_and_the_spaces_header() -> None:
    document = build_app(CommonSettings(), AuditSettings()).openapi()
    paths = document["paths"]
    assert sorted(READS) == sorted(p for p in paths if p not in NOT_READS)
    for path in READS:
        operation = paths[path]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in schema, f"{path} has no response model"
        assert "x-mdsync-spaces" in {p["name"].lower() for p in operation["parameters"]}, path


def test_me_has_a_typed_response_and_no_narrowing_headers() -> None:
    operation = build_app(CommonSettings(), AuditSettings()).openapi()["paths"]["/me"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Me"}
    assert {p["name"].lower() for p in operation.get("parameters", [])} == set()
