"""A new rule set in force re-plans its scope: changed tables updated, tables no longer produced deprecated."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetUpserted
from mdsync_contracts.base import Environment
from mdsync_contracts.glue import ChangeClass, DeprecateTable, UpsertTable
from mdsync_contracts.topics import GLUE_COMMANDS
from mdsync_mapper.core.marks import sealed

pytestmark = pytest.mark.integration


def _asset(name: str) -> AssetDefinition:
    column = {"name": "CODE", "position": 0, "cds_type": "cds.String", "length": 12, "key": True}
    return AssetDefinition.model_validate(
        {"tenant": "acme", "space": "OPS", "technical_name": name, "kind": "local_table", "columns": [column]}
    )


async def test_activating_new_rules_updates_changed_tables_and_deprecates_dropped_ones(rig: Any) -> None:
    for name in ("TICKETS", "TMP_SCRATCH"):
        await rig.publisher.publish(
            AssetUpserted.of(_asset(name), AssetChange.CREATED, None, environment=Environment.DOG, job_id=f"job-{name}")
        )
    found = await rig.read(GLUE_COMMANDS, lambda found: len([m for m in found if isinstance(m, UpsertTable)]) >= 2)
    database = f"{rig.database_prefix}ops"
    for command in (m for m in found if isinstance(m, UpsertTable)):
        await rig.create_table(database, sealed(command.table_input))  # what the glue-writer would write

    rules = f"""environment: dog
version: 2
site: {{database_prefix: "{rig.database_prefix}"}}
rules:
  exclude: [{{asset: "TMP_*"}}]
  types: {{string: varchar}}
"""
    activated = (await rig.client.put("/rules/dog", json={"text": rules})).json()

    def replanned(found: list[Any]) -> list[Any]:
        return [m for m in found if m.correlation_id == "replan-dog-2"]

    commands = replanned(await rig.read(GLUE_COMMANDS, lambda found: len(replanned(found)) >= 2))
    [update] = [m for m in commands if isinstance(m, UpsertTable)]
    [deprecate] = [m for m in commands if isinstance(m, DeprecateTable)]
    assert activated["replan"]["rule_set_version"] == "dog-2"
    assert (update.table, update.job_id, update.change_class) == ("tickets", None, ChangeClass.MAJOR)
    assert update.table_input.storage_descriptor.columns[0].type == "varchar(12)"
    assert (deprecate.table, deprecate.asset_id) == ("tmp_scratch", "acme/OPS/TMP_SCRATCH")
    for _ in range(50):
        states = [r["state"] for r in (await rig.client.get("/rules/replans")).json()]
        if states == ["done"]:
            break
        await asyncio.sleep(0.1)
    assert states == ["done"]
