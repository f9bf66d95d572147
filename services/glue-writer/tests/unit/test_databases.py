"""The database a table command implies is the space's, whatever table's write creates it."""

from mdsync_contracts.glue import DatabaseInput
from mdsync_glue_writer.core.databases import implied_database, reconciled, space_database

from .conftest import table_input, upsert

SALES = space_database("sales", "acme", "SALES")


def test_every_table_of_a_space_implies_the_same_database() -> None:
    marked = upsert(table_input("orders", parameters={"mdsync.tenant": "acme", "mdsync.space": "SALES"}))
    other = upsert(table_input("order_items", columns={"item": "int"}))  # asset acme/SALES/SALES_ORDERS, no marks
    assert implied_database(marked) == implied_database(other) == SALES


def test_the_implied_database_is_described_and_marked_by_its_space() -> None:
    assert SALES.description == "Datasphere space SALES"
    assert SALES.parameters == {"mdsync.owner": "mdsync", "mdsync.tenant": "acme", "mdsync.space": "SALES"}


def test_a_command_without_a_space_implies_only_an_owned_database() -> None:
    implied = implied_database(upsert(table_input("orders")).model_copy(update={"asset_id": None}))
    assert implied == DatabaseInput(name="sales", parameters={"mdsync.owner": "mdsync"})


def test_an_owned_database_created_without_its_space_is_completed() -> None:
    bare = DatabaseInput(name="sales", parameters={"mdsync.owner": "mdsync", "team": "finance"})
    target = reconciled(bare, SALES)
    assert target is not None
    assert target.parameters == {**(SALES.parameters or {}), "team": "finance"}
    assert target.description == SALES.description
    assert reconciled(target, SALES) is None


def test_a_database_mdsync_does_not_own_is_left_alone() -> None:
    foreign = DatabaseInput(name="sales", parameters={"owner": "someone"})
    assert reconciled(foreign, SALES) is None
