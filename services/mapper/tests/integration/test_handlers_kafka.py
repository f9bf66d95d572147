"""The handler path through real Kafka: AssetUpserted/AssetDeleted in, Glue commands and outcomes out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetDeleted, AssetUpserted, DeletionReason
from mdsync_contracts.base import Environment, Message
from mdsync_contracts.glue import ChangeClass, DeprecateTable, EnsureDatabase, UpsertTable
from mdsync_contracts.jobs import AssetOutcome, Outcome
from mdsync_contracts.topics import GLUE_COMMANDS, SYNC_JOBS
from mdsync_mapper.core.marks import sealed

pytestmark = pytest.mark.integration

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "small_tenant.json"
DEFINITIONS = {d.asset_id: d for d in TypeAdapter(list[AssetDefinition]).validate_json(FIXTURE.read_text())}


def upserted(asset_id: str, job_id: str | None = "job-1", **fields: Any) -> AssetUpserted:
    return AssetUpserted.of(
        DEFINITIONS[asset_id], AssetChange.CREATED, None, environment=Environment.DOG, job_id=job_id, **fields
    )


def of_type(messages: list[Any], kind: type[Message]) -> list[Any]:
    return [m for m in messages if isinstance(m, kind)]


async def test_an_upserted_table_becomes_ensure_database_and_upsert_table_and_a_flow_an_excluded_outcome(
    rig: Any,
) -> None:
    await rig.publisher.publish(upserted("acme/SALES/SALES_ORDERS_V", initiated_by="operator:ann"))
    await rig.publisher.publish(upserted("acme/SALES/DF_LOAD"))

    commands = await rig.read(GLUE_COMMANDS, lambda found: len(of_type(found, UpsertTable)) >= 1)
    outcomes = await rig.read(SYNC_JOBS, lambda found: len(of_type(found, AssetOutcome)) >= 1)

    [ensure] = of_type(commands, EnsureDatabase)
    [upsert] = of_type(commands, UpsertTable)
    assert ensure.database_input.name == f"{rig.database_prefix}sales"
    assert (upsert.database, upsert.table, upsert.job_id) == (ensure.database_input.name, "sales_orders_v", "job-1")
    assert (upsert.initiated_by, upsert.requester) == ("operator:ann", "service:mapper")
    assert (upsert.asset_id, upsert.change_class, upsert.dry_run) == (
        "acme/SALES/SALES_ORDERS_V",
        ChangeClass.MINOR,
        False,
    )
    assert upsert.lossy_columns == ("smalldec", "location", "time_of_day", "weird")
    [outcome] = of_type(outcomes, AssetOutcome)
    assert (outcome.asset_id, outcome.outcome, outcome.job_id) == ("acme/SALES/DF_LOAD", Outcome.EXCLUDED, "job-1")


async def test_a_dry_run_plans_without_storing_and_a_deletion_retires_the_owned_table(rig: Any) -> None:
    asset_id = "acme/SALES/SALES.ORDERS"
    await rig.publisher.publish(upserted(asset_id, job_id="job-dry", dry_run=True))
    database = f"{rig.database_prefix}sales"
    found = await rig.read(GLUE_COMMANDS, lambda found: any(m.job_id == "job-dry" for m in found))
    commands = [m for m in found if m.job_id == "job-dry"]
    [planned] = of_type(commands, UpsertTable)
    assert planned.dry_run
    assert not of_type(commands, EnsureDatabase)
    await rig.create_table(database, sealed(planned.table_input))  # as the glue-writer would have written it

    await rig.publisher.publish(upserted(asset_id, job_id="job-real"))
    deleted = AssetDeleted(
        environment=Environment.DOG,
        tenant="acme",
        space="SALES",
        technical_name="SALES.ORDERS",
        reason=DeletionReason.VANISHED,
        job_id="job-del",
    )
    await rig.publisher.publish(deleted)

    later = await rig.read(GLUE_COMMANDS, lambda found: bool(of_type(found, DeprecateTable)))
    [deprecate] = of_type(later, DeprecateTable)
    assert (deprecate.database, deprecate.table, deprecate.job_id) == (database, planned.table, "job-del")
    [again] = [m for m in of_type(later, UpsertTable) if m.job_id == "job-real"]
    assert again.change_class is ChangeClass.NONE


async def test_follow_ups_remap_tables_when_flows_and_sources_arrive_later(rig: Any) -> None:
    await rig.publisher.publish(upserted("acme/SALES/SALES_ITEMS", job_id="job-items"))
    await rig.publisher.publish(upserted("acme/SALES/SALES_AM", job_id="job-model"))
    first = await rig.read(GLUE_COMMANDS, lambda found: {"job-items", "job-model"} <= {m.job_id for m in found})
    await rig.publisher.publish(upserted("acme/SALES/RF_S4_INBOUND", job_id="job-flows"))
    await rig.publisher.publish(upserted("acme/SALES/RF_S4_TO_S3", job_id="job-flows"))
    await rig.publisher.publish(upserted("acme/SALES/SALES_ORDERS", job_id="job-source"))

    def follow_ups(found: list[Any]) -> list[UpsertTable]:
        return [m for m in of_type(found, UpsertTable) if m.job_id is None and m.table in {"sales_items", "sales_am"}]

    later = follow_ups(await rig.read(GLUE_COMMANDS, lambda found: len(follow_ups(found)) >= 2))
    by_table = {m.table: m for m in later}
    [model] = [m for m in of_type(first, UpsertTable) if m.job_id == "job-model"]
    revenue = {c.name: c.type for c in by_table["sales_am"].table_input.storage_descriptor.columns}["revenue"]
    assert {c.name: c.type for c in model.table_input.storage_descriptor.columns}["revenue"] == "string"
    assert revenue == "decimal(15,2)"
    location = by_table["sales_items"].table_input.storage_descriptor.location
    assert location == "s3://mdsync-dog-datalake/sap/sales/raw/sales_document_item/"
    assert by_table["sales_items"].causation_id is not None
