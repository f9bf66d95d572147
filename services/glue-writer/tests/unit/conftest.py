"""Builders of glue commands for the unit tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mdsync_contracts.glue import (
    ChangeClass,
    ConflictPolicy,
    GlueColumn,
    StorageDescriptor,
    TableInput,
    UpsertTable,
    table_input_hash,
)

UpsertFactory = Callable[..., UpsertTable]


def table_input(name: str = "sales_orders", columns: dict[str, str] | None = None, **fields: Any) -> TableInput:
    """A TableInput with ``columns`` (name → type)."""
    cols = columns or {"order_id": "string", "net_amount": "decimal(15,2)"}
    storage = StorageDescriptor(columns=tuple(GlueColumn(name=n, type=t) for n, t in cols.items()))
    return TableInput(name=name, storage_descriptor=storage, **fields)


def upsert(
    table: TableInput | None = None,
    *,
    change_class: ChangeClass = ChangeClass.MINOR,
    policy: ConflictPolicy = ConflictPolicy.SOURCE_WINS,
    database: str = "sales",
    **fields: Any,
) -> UpsertTable:
    """An UpsertTable of ``table`` with a matching desired hash."""
    ti = table or table_input()
    return UpsertTable(
        environment="dog",
        tenant="acme",
        requester="service:mapper",
        database=database,
        table=ti.name,
        table_input=ti,
        source_hash="s" * 64,
        desired_hash=table_input_hash(ti),
        change_class=change_class,
        conflict_policy=policy,
        rule_set_version="dog-1",
        job_id="job-1",
        asset_id="acme/SALES/SALES_ORDERS",
        **fields,
    )


@pytest.fixture
def make_upsert() -> UpsertFactory:
    """Builds UpsertTable commands."""
    return upsert
