"""Conflict policies against moto, with a table edited outside mdsync after mdsync wrote it."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetUpserted
from mdsync_contracts.base import Environment
from mdsync_contracts.glue import TableConflict
from mdsync_contracts.glue_model import GlueColumn, TableInput
from mdsync_contracts.jobs import AssetOutcome, Outcome
from mdsync_contracts.topics import GLUE_RESULTS, SYNC_JOBS
from mdsync_mapper.core.marks import sealed

pytestmark = pytest.mark.integration

EMPLOYEES = AssetDefinition.model_validate(
    {
        "tenant": "acme",
        "space": "HR",
        "technical_name": "EMPLOYEES",
        "kind": "local_table",
        "label": "Employees",
        "columns": [
            {"name": "EMP_ID", "position": 0, "cds_type": "cds.Integer64", "key": True},
            {"name": "NAME", "position": 1, "cds_type": "cds.String", "length": 80, "label": "Name"},
        ],
    }
)
RULES = """\
environment: dog
version: {version}
site: {{database_prefix: "{prefix}"}}
rules:
  overrides:
    - name: hr-policy
      match: {{space: HR}}
      conflict_policy: {policy}
"""


async def _plan(rig: Any) -> dict[str, Any]:
    response = await rig.client.post(
        "/plan", json={"definitions": [EMPLOYEES.model_dump(mode="json")], "include_tables": True}
    )
    assert response.status_code == 200, response.text
    [entry] = response.json()["entries"]
    return dict(entry)


async def _use_policy(rig: Any, policy: str, version: int) -> None:
    text = RULES.format(version=version, prefix=rig.database_prefix, policy=policy)
    response = await rig.client.put("/rules/dog", json={"text": text})
    assert response.status_code == 200, response.text


def _edited_outside(table: dict[str, Any]) -> TableInput:
    current = TableInput.model_validate(table)
    region = GlueColumn(name="region", type="string")
    storage = current.storage_descriptor.model_copy(update={"columns": (*current.storage_descriptor.columns, region)})
    return current.model_copy(
        update={"storage_descriptor": storage, "parameters": {**current.parameters, "owner_team": "bi"}}
    )


async def test_policies_decide_what_happens_to_a_table_edited_outside_mdsync(rig: Any) -> None:
    database = f"{rig.database_prefix}hr"
    created = await _plan(rig)
    assert (created["verdict"], created["diff"]["action"], created["change_class"]) == ("upsert", "create", "minor")
    assert await rig.table(database, "employees") is None  # planning writes nothing
    await rig.create_table(database, sealed(TableInput.model_validate(created["table_input"])))
    assert (await _plan(rig))["change_class"] == "none"

    await rig.update_table(database, _edited_outside(await rig.table(database, "employees")))
    seen = {}
    for version, policy in enumerate(["source-wins", "target-wins", "merge", "fail"], start=2):
        await _use_policy(rig, policy, version)
        seen[policy] = await _plan(rig)

    assert {p: e["verdict"] for p, e in seen.items()} == {
        "source-wins": "upsert",
        "target-wins": "keep",
        "merge": "upsert",
        "fail": "conflict",
    }
    assert all(e["drifted"] == ["columns.region", "parameters.owner_team"] for e in seen.values())
    kept = {c["Name"] for c in seen["merge"]["table_input"]["StorageDescriptor"]["Columns"]}
    assert kept == {"emp_id", "name", "region"}
    assert seen["merge"]["table_input"]["Parameters"]["owner_team"] == "bi"
    dropped = {c["Name"] for c in seen["source-wins"]["table_input"]["StorageDescriptor"]["Columns"]}
    assert dropped == {"emp_id", "name"}
    assert seen["source-wins"]["diff"]["columns"][0] == {
        "column": "region",
        "change": "removed",
        "before": "string",
        "after": None,
    }


async def test_fail_and_target_wins_through_kafka_give_one_outcome_each(rig: Any) -> None:
    await _use_policy(rig, "fail", 10)
    event = AssetUpserted.of(EMPLOYEES, AssetChange.CHANGED, None, environment=Environment.DOG, job_id="job-fail")
    await rig.publisher.publish(event)
    results = await rig.read(GLUE_RESULTS, lambda found: any(m.job_id == "job-fail" for m in found))
    [conflict] = [m for m in results if m.job_id == "job-fail"]
    assert isinstance(conflict, TableConflict)
    assert (conflict.asset_id, conflict.drifted) == ("acme/HR/EMPLOYEES", ("columns.region", "parameters.owner_team"))

    await _use_policy(rig, "target-wins", 11)
    event = AssetUpserted.of(EMPLOYEES, AssetChange.CHANGED, None, environment=Environment.DOG, job_id="job-keep")
    await rig.publisher.publish(event)
    outcomes = await rig.read(SYNC_JOBS, lambda found: any(m.job_id == "job-keep" for m in found))
    [kept] = [m for m in outcomes if m.job_id == "job-keep"]
    assert isinstance(kept, AssetOutcome)
    assert (kept.outcome, kept.glue_table) == (Outcome.UNCHANGED, f"{rig.database_prefix}hr.employees")
