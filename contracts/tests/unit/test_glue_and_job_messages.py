"""Glue shapes are exactly boto3's; results count as job outcomes; job counts add up."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from mdsync_contracts.examples import example_of
from mdsync_contracts.glue import (
    AppliedAction,
    ChangeHeld,
    GlueColumn,
    StorageDescriptor,
    TableApplied,
    TableFailed,
    TableInput,
    UpsertTable,
    table_input_hash,
)
from mdsync_contracts.jobs import AssetOutcome, Outcome, OutcomeCounts, Priority

TABLE = TableInput(
    name="sales_orders",
    description="Sales Orders",
    parameters={"mdsync.asset_id": "acme/SALES/SALES_ORDERS"},
    storage_descriptor=StorageDescriptor(
        columns=(GlueColumn(name="id", type="string", comment="Order"),),
        location="s3://lake/sales/sales_orders/",
    ),
)


def test_table_input_dumps_to_the_exact_boto3_shape() -> None:
    assert TABLE.to_boto() == {
        "Name": "sales_orders",
        "Description": "Sales Orders",
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"mdsync.asset_id": "acme/SALES/SALES_ORDERS"},
        "StorageDescriptor": {
            "Columns": [{"Name": "id", "Type": "string", "Comment": "Order"}],
            "Location": "s3://lake/sales/sales_orders/",
        },
        "PartitionKeys": [],
    }


def test_table_input_reads_back_what_glue_returns() -> None:
    from_glue = {**TABLE.to_boto(), "VersionId": "3", "CreateTime": "2026-11-26T08:00:00Z"}

    assert TableInput.model_validate(from_glue) == TABLE


def test_upsert_table_carries_the_glue_shape_on_the_wire() -> None:
    command = example_of(UpsertTable, table_input=TABLE.to_boto(), desired_hash=table_input_hash(TABLE))

    wire = json.loads(command.model_dump_json())

    assert wire["table_input"]["StorageDescriptor"]["Columns"][0]["Name"] == "id"
    assert command.key() == "sales.sales_orders"


def test_table_input_hash_ignores_key_order_but_not_content() -> None:
    reordered = TableInput.model_validate(dict(reversed(list(TABLE.to_boto().items()))))

    assert table_input_hash(reordered) == table_input_hash(TABLE)
    assert table_input_hash(TABLE.model_copy(update={"description": "Orders"})) != table_input_hash(TABLE)


def test_upsert_table_refuses_a_table_input_for_another_table() -> None:
    with pytest.raises(ValidationError, match="differs from table 'other'"):
        example_of(UpsertTable, table="other")


@pytest.mark.parametrize("action", list(AppliedAction))
def test_applied_actions_count_as_the_outcome_of_the_same_name(action: AppliedAction) -> None:
    assert example_of(TableApplied, action=action).outcome() is Outcome(action.value)


def test_other_results_count_as_their_outcome() -> None:
    assert (example_of(ChangeHeld).outcome(), example_of(TableFailed).outcome()) == (Outcome.HELD, Outcome.FAILED)


def test_outcome_counts_add_up() -> None:
    counts = OutcomeCounts().add(Outcome.CREATED).add(Outcome.CREATED).add(Outcome.DEAD_LETTERED)

    assert (counts.created, counts.dead_lettered, counts.total) == (2, 1, 3)


def test_a_failed_outcome_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="outcome failed needs a reason"):
        example_of(AssetOutcome, outcome="failed", reason=None)


def test_priorities_sort_most_urgent_first() -> None:
    assert sorted(["LOW", "CRITICAL", "MEDIUM", "HIGH"], key=lambda p: Priority(p).rank) == [
        "CRITICAL",
        "HIGH",
        "MEDIUM",
        "LOW",
    ]


def test_job_messages_require_a_job_id() -> None:
    with pytest.raises(ValidationError, match="job_id"):
        example_of(AssetOutcome, job_id=None)
