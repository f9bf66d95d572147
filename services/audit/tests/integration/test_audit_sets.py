"""Sharded member lists on the devstack store: set writes are idempotent, intersections are per shard."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from mdsync_audit.store import sets
from mdsync_runtime import ports

pytestmark = pytest.mark.integration


@pytest.fixture
async def postings() -> AsyncIterator[AsyncCollection[dict[str, Any]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ports.mongo_url())
    name = f"test_{uuid.uuid4().hex[:10]}"
    yield client[name]["postings"]
    await client.drop_database(name)
    await client.close()


async def test_intersection_is_per_shard_and_a_missing_shard_contributes_nothing(
    postings: AsyncCollection[dict[str, Any]],
) -> None:
    members = {"a": [(0, "x"), (0, "y"), (1, "p"), (2, "only-a")], "b": [(0, "y"), (1, "p"), (1, "q")]}
    ops = [sets.add_op(name, shard, m) for name, entries in members.items() for shard, m in entries]
    await sets.write(postings, ops + ops)  # twice: `$addToSet` keeps one of each
    await sets.write(postings, [sets.pull_op("b", 1, "q")])
    assert await sets.intersection(postings, ["a", "b"], 3) == {"y", "p"}
    assert await sets.intersection(postings, ["a"], 3) == {"x", "y", "p", "only-a"}
    assert await sets.sizes(postings, ["a", "b"], 3) == {"a": 4, "b": 2}
