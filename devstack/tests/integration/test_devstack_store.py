"""PyMongo's AsyncMongoClient against the devstack's Mongo-wire store."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import ASCENDING, AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from mdsync_runtime import ports

pytestmark = pytest.mark.integration


@pytest.fixture
async def database() -> AsyncIterator[AsyncDatabase[dict[str, Any]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ports.mongo_url(), serverSelectionTimeoutMS=5000)
    name = f"devstack_test_{uuid.uuid4().hex[:12]}"
    try:
        yield client[name]
    finally:
        await client.drop_database(name)
        await client.close()


async def test_insert_then_find_by_id_and_by_field(database: AsyncDatabase[dict[str, Any]]) -> None:
    assets = database["assets"]
    await assets.insert_many(
        [{"_id": "asset:a", "space": "SALES", "columns": 3}, {"_id": "asset:b", "space": "HR", "columns": 5}]
    )

    by_id = await assets.find_one({"_id": "asset:b"})
    in_sales = await assets.find({"space": "SALES"}, {"_id": 1}).to_list()

    assert by_id == {"_id": "asset:b", "space": "HR", "columns": 5}
    assert in_sales == [{"_id": "asset:a"}]


async def test_unique_index_rejects_a_second_document_with_the_same_key(
    database: AsyncDatabase[dict[str, Any]],
) -> None:
    history = database["history"]
    await history.create_index([("asset_id", ASCENDING), ("bucket", ASCENDING)], unique=True)
    await history.insert_one({"asset_id": "a", "bucket": 1})
    await history.insert_one({"asset_id": "a", "bucket": 2})

    with pytest.raises(DuplicateKeyError):
        await history.insert_one({"asset_id": "a", "bucket": 1})
    assert await history.count_documents({"asset_id": "a"}) == 2


async def test_aggregate_match_group_sort(database: AsyncDatabase[dict[str, Any]]) -> None:
    outcomes = database["outcomes"]
    await outcomes.insert_many(
        [
            {"job": "j1", "result": "applied", "ms": 10},
            {"job": "j1", "result": "applied", "ms": 30},
            {"job": "j1", "result": "failed", "ms": 5},
            {"job": "j1", "result": "skipped", "ms": 1},
            {"job": "j2", "result": "applied", "ms": 99},
        ]
    )
    pipeline: list[dict[str, Any]] = [
        {"$match": {"job": "j1", "result": {"$ne": "skipped"}}},
        {"$group": {"_id": "$result", "count": {"$sum": 1}, "slowest": {"$max": "$ms"}}},
        {"$sort": {"count": -1}},
    ]

    rows = await (await outcomes.aggregate(pipeline)).to_list()

    assert rows == [{"_id": "applied", "count": 2, "slowest": 30}, {"_id": "failed", "count": 1, "slowest": 5}]
