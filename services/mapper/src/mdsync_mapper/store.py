"""The mapper's own documents: last definition per asset, space members, name claims, flow and source indexes.

Every read is an `_id` lookup (or a small `$in` batch on `_id`): the Mongo-wire devstack server is fast only
for those. Maps inside documents are keyed by a short hash of the identity, as ids may hold `.` or `$`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_contracts.assets import AssetDefinition
from mdsync_runtime.store import Document

ASSETS = "mapper_assets"
SPACES = "mapper_spaces"
NAMES = "mapper_names"
INDEXES = "mapper_indexes"


def field_key(identity: str) -> str:
    """A field name safe for any identity."""
    return hashlib.sha1(identity.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]


@dataclass(frozen=True)
class StoredAsset:
    """An asset's last definition and the table it was last mapped to (None when excluded)."""

    definition: AssetDefinition
    place: tuple[str, str] | None


class MapperStore:
    """Typed access to the mapper's collections."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._assets: AsyncCollection[Document] = db[ASSETS]
        self._spaces: AsyncCollection[Document] = db[SPACES]
        self._names: AsyncCollection[Document] = db[NAMES]
        self._indexes: AsyncCollection[Document] = db[INDEXES]

    async def asset(self, asset_id: str) -> StoredAsset | None:
        """The stored asset, if any."""
        return _stored(await self._assets.find_one({"_id": asset_id}))

    async def definitions(self, asset_ids: Iterable[str]) -> dict[str, AssetDefinition]:
        """Stored definitions of ``asset_ids`` (those that exist)."""
        wanted = sorted(set(asset_ids))
        if not wanted:
            return {}
        found = {}
        async for document in self._assets.find({"_id": {"$in": wanted}}):
            stored = _stored(document)
            if stored is not None:
                found[stored.definition.asset_id] = stored.definition
        return found

    async def save_definition(self, definition: AssetDefinition) -> None:
        """Keep ``definition`` as the asset's last one and list it in its space."""
        data = definition.model_dump(mode="json")
        await self._assets.update_one({"_id": definition.asset_id}, {"$set": {"definition": data}}, upsert=True)
        await self._add_member(f"space/{definition.tenant}/{definition.space}", definition.asset_id)
        await self._add_member(f"tenant/{definition.tenant}", definition.space)

    async def save_place(self, asset_id: str, place: tuple[str, str] | None) -> None:
        """Record the (database, table) the asset now maps to (None: none)."""
        value = {"database": place[0], "table": place[1]} if place else None
        await self._assets.update_one({"_id": asset_id}, {"$set": {"place": value}})

    async def forget(self, asset_id: str, tenant: str, space: str) -> None:
        """Remove the asset and its space membership."""
        await self._assets.delete_one({"_id": asset_id})
        await self._spaces.update_one(
            {"_id": f"space/{tenant}/{space}"}, {"$unset": {f"members.{field_key(asset_id)}": ""}}
        )

    async def space_members(self, tenant: str, space: str) -> list[str]:
        """Asset ids stored for a space."""
        return await self._members(f"space/{tenant}/{space}")

    async def spaces(self, tenant: str) -> list[str]:
        """Spaces with stored assets."""
        return await self._members(f"tenant/{tenant}")

    async def claim(self, scope: str, identity: str, natural: str) -> tuple[dict[str, str], dict[str, str]]:
        """Record ``identity``'s natural name in ``scope``; the claims before and after."""
        update = {"$set": {f"claims.{field_key(identity)}": {"id": identity, "name": natural}}}
        before = _claims(await self._names.find_one_and_update({"_id": scope}, update, upsert=True))
        return before, {**before, identity: natural}

    async def release(self, scope: str, identity: str) -> tuple[dict[str, str], dict[str, str]]:
        """Drop ``identity``'s claim in ``scope``; the claims before and after."""
        update = {"$unset": {f"claims.{field_key(identity)}": ""}}
        before = _claims(await self._names.find_one_and_update({"_id": scope}, update))
        return before, {k: v for k, v in before.items() if k != identity}

    async def claims(self, scope: str) -> dict[str, str]:
        """Current claims of ``scope``."""
        return _claims(await self._names.find_one({"_id": scope}))

    async def index_add(self, index: str, key: str, value: str) -> None:
        """Add ``value`` under ``key`` of a reverse index (e.g. flows copying an asset)."""
        await self._add_member(f"{index}/{key}", value, self._indexes)

    async def index_remove(self, index: str, key: str, value: str) -> None:
        """Remove ``value`` from ``key`` of a reverse index."""
        await self._indexes.update_one({"_id": f"{index}/{key}"}, {"$unset": {f"members.{field_key(value)}": ""}})

    async def index(self, index: str, key: str) -> list[str]:
        """Values under ``key`` of a reverse index."""
        return await self._members(f"{index}/{key}", self._indexes)

    async def _add_member(self, doc_id: str, value: str, collection: AsyncCollection[Document] | None = None) -> None:
        target = self._spaces if collection is None else collection
        await target.update_one({"_id": doc_id}, {"$set": {f"members.{field_key(value)}": value}}, upsert=True)

    async def _members(self, doc_id: str, collection: AsyncCollection[Document] | None = None) -> list[str]:
        document = await (self._spaces if collection is None else collection).find_one({"_id": doc_id})
        return sorted((document or {}).get("members", {}).values())


def _stored(document: dict[str, Any] | None) -> StoredAsset | None:
    if document is None or "definition" not in document:
        return None
    place = document.get("place")
    table_place = (place["database"], place["table"]) if place else None
    return StoredAsset(AssetDefinition.model_validate(document["definition"]), table_place)


def _claims(document: dict[str, Any] | None) -> dict[str, str]:
    return {claim["id"]: claim["name"] for claim in (document or {}).get("claims", {}).values()}
