"""`mdsync demo`: the tenant/client check and the summary figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mdsync_cli.demo import check_client, summarize
from mdsync_cli.extractor_client import CliError


def _tenant(tmp_path: Path, clients: list[dict[str, object]]) -> Path:
    (tmp_path / "tenant.json").write_text(json.dumps({"name": "t", "clients": clients}))
    return tmp_path


def test_a_tenant_with_an_all_spaces_client_needs_no_client_named(tmp_path: Path) -> None:
    check_client(_tenant(tmp_path, [{"client_id": "all", "spaces": ["*"]}]), None)


def test_a_tenant_without_an_all_spaces_client_names_its_clients(tmp_path: Path) -> None:
    tenant = _tenant(tmp_path, [{"client_id": "sales-only", "spaces": ["SALES"]}])
    with pytest.raises(CliError, match=r"no client that sees every space.*CLIENT=.*sales-only"):
        check_client(tenant, None)


def test_an_unknown_client_is_named(tmp_path: Path) -> None:
    tenant = _tenant(tmp_path, [{"client_id": "sales-only", "spaces": ["SALES"]}])
    check_client(tenant, "sales-only")
    with pytest.raises(CliError, match="CLIENT 'nope' is not a client"):
        check_client(tenant, "nope")


def test_the_summary_counts_writes_failures_and_lossy_columns() -> None:
    job = {
        "job_id": "job-1",
        "status": "failed",
        "expected": 5,
        "counts": {"created": 2, "updated": 1, "unchanged": 1, "dead_lettered": 1, "deleted": 0},
        "assets": [{"asset_id": "t/S/A", "outcome": "dead_lettered", "reason": "boom"}],
    }
    report = summarize(job, {"s.a": ["c1", "c2"]})
    assert (report["assets"], report["glue_tables_created"], report["glue_writes"], report["failures"]) == (5, 2, 3, 1)
    assert report["counts"] == {"created": 2, "updated": 1, "unchanged": 1, "dead_lettered": 1}
    assert report["failed_assets"] == job["assets"]
