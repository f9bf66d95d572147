"""The writer's own Parameters: ownership, the desired hash, and the content fingerprint that reveals drift."""

from mdsync_contracts.glue import GlueColumn, TableInput
from mdsync_glue_writer.core.params import (
    CONTENT_HASH_KEY,
    DESIRED_HASH_KEY,
    OWNER_KEY,
    changed_by_others,
    content_fingerprint,
    desired_table,
    is_owned,
    with_parameters,
)

from .conftest import table_input


def test_desired_table_marks_ownership_and_hash() -> None:
    sent, desired_hash = desired_table(table_input(parameters={"mdsync.asset_id": "acme/SALES/X"}))
    assert sent.parameters[OWNER_KEY] == "mdsync"
    assert sent.parameters[DESIRED_HASH_KEY] == desired_hash
    assert sent.parameters["mdsync.asset_id"] == "acme/SALES/X"
    assert is_owned(sent)
    assert not changed_by_others(sent)


def test_the_hash_follows_the_mapped_table_not_the_writer_keys_it_carries() -> None:
    _, base = desired_table(table_input())
    _, same = desired_table(table_input(parameters={OWNER_KEY: "someone", DESIRED_HASH_KEY: "x"}))
    _, other = desired_table(table_input(columns={"order_id": "bigint"}))
    assert base == same
    assert base != other


def test_a_change_by_someone_else_is_detected() -> None:
    sent, _ = desired_table(table_input())
    extra = (*sent.storage_descriptor.columns, GlueColumn(name="region", type="string"))
    edited = sent.model_copy(
        update={"storage_descriptor": sent.storage_descriptor.model_copy(update={"columns": extra})}
    )
    assert changed_by_others(edited)


def test_a_foreign_table_counts_as_changed_by_others() -> None:
    assert changed_by_others(table_input())


def test_the_fingerprint_ignores_empty_values_glue_may_add() -> None:
    sent, _ = desired_table(table_input())
    echoed = TableInput.model_validate(
        {
            **sent.to_boto(),
            "PartitionKeys": [],
            "StorageDescriptor": {**sent.storage_descriptor.to_boto(), "Compressed": False},
        }
    )
    assert content_fingerprint(echoed) == content_fingerprint(sent)
    assert not changed_by_others(echoed)


def test_the_fingerprint_skips_its_own_key() -> None:
    sent, _ = desired_table(table_input())
    assert content_fingerprint(
        with_parameters(sent, {**sent.parameters, CONTENT_HASH_KEY: "other"})
    ) == content_fingerprint(sent)
