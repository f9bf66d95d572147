"""`--tenant` (default `$MDSYNC_TENANT`): sent with new work, narrows reads, named in every output."""

from typing import Any

import pytest
from typer.testing import CliRunner

from mdsync_cli.main import app
from mdsync_cli.plan import planned_tenant
from mdsync_cli.sync import _job_body
from mdsync_cli.tenant import of_tenant, tenant_of, with_query

runner = CliRunner()
UNREACHABLE = {"MDSYNC_EXTRACTOR_URL": "http://127.0.0.1:9", "COLUMNS": "300"}


def test_a_job_names_its_tenant_only_when_one_is_given() -> None:
    assert _job_body(["HR"], [], "low", False, False, "beta")["tenant"] == "beta"
    assert "tenant" not in _job_body(["HR"], [], "low", False, False)


@pytest.mark.parametrize(
    ("env", "args", "query"),
    [
        ({"MDSYNC_TENANT": "beta"}, [], "/jobs?limit=20&tenant=beta"),
        ({"MDSYNC_TENANT": "beta"}, ["--tenant", "alpha"], "/jobs?limit=20&tenant=alpha"),
        ({}, [], "/jobs?limit=20:"),
    ],
)
def test_jobs_list_asks_for_the_tenant_of_the_option_else_the_environment(
    env: dict[str, str], args: list[str], query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MDSYNC_TENANT", raising=False)
    result = runner.invoke(app, ["jobs", "list", *args], env=UNREACHABLE | env)
    assert result.exit_code == 2
    assert f"http://127.0.0.1:9{query}" in result.stderr.replace("\n", " ")


def test_records_are_narrowed_to_the_tenant_asked_for() -> None:
    records: list[dict[str, Any]] = [{"id": 1, "tenant": "alpha"}, {"id": 2, "tenant": "beta"}, {"id": 3}]
    assert [r["id"] for r in of_tenant(records, "beta")] == [2]
    assert [r["id"] for r in of_tenant(records, None)] == [1, 2, 3]
    assert [tenant_of(r) for r in records] == ["alpha", "beta", "default"]


def test_queries_leave_out_what_is_not_given() -> None:
    assert with_query("/jobs", limit=5, tenant=None) == "/jobs?limit=5"
    assert with_query("/jobs", tenant="a b") == "/jobs?tenant=a+b"


def test_a_plan_names_the_tenant_of_its_assets() -> None:
    assert planned_tenant({"entries": [{"asset_id": "beta/HR/V_PEOPLE"}]}) == "beta"
    assert planned_tenant({"entries": []}) is None


@pytest.mark.parametrize("command", [["sync"], ["jobs", "list"], ["jobs", "holds"], ["schedules", "list"], ["plan"]])
def test_per_tenant_commands_take_the_option(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert "--tenant" in result.stdout
    assert "MDSYNC_TENANT" in result.stdout
