"""Held deletions (`_id` = hold id): deletions the mass-delete guard kept back for an operator to approve."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_contracts.asset_model import AssetKind
from mdsync_runtime.store import Document


class HoldStatus(StrEnum):
    """An operator's answer so far."""

    PENDING = "pending"
    APPROVED = "approved"


class HeldAsset(BaseModel):
    """One asset whose deletion is held."""

    model_config = ConfigDict(frozen=True)

    asset_id: str
    space: str
    technical_name: str
    kind: AssetKind
    last_hash: str


class HeldDeletion(BaseModel):
    """The deletions of one space a run held back, and why."""

    model_config = ConfigDict(frozen=True)

    hold_id: str
    tenant: str
    space: str
    job_id: str
    reason: str
    assets: tuple[HeldAsset, ...]
    status: HoldStatus = HoldStatus.PENDING
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    approved_by: str | None = None
    approved_at: datetime | None = None


def hold_id(tenant: str, space: str, asset_ids: list[str]) -> str:
    """Same space and same assets → same id, so a repeated run raises no second hold."""
    digest = hashlib.sha256("\n".join(sorted(asset_ids)).encode()).hexdigest()[:12]
    return f"hold-{tenant}-{space}-{digest}"


class HeldDeletionStore:
    """Raises, reads and approves held deletions."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def raise_once(self, hold: HeldDeletion) -> HeldDeletion:
        """Store ``hold`` unless it exists; the stored one either way."""
        try:
            await self.collection.insert_one({"_id": hold.hold_id, **hold.model_dump(mode="json")})
        except DuplicateKeyError:
            existing = await self.get(hold.hold_id)
            if existing is not None:
                return existing
        return hold

    async def get(self, hold_id: str) -> HeldDeletion | None:
        """The hold, or None."""
        doc = await self.collection.find_one({"_id": hold_id})
        return None if doc is None else HeldDeletion.model_validate(doc)

    async def pending(self) -> list[HeldDeletion]:
        """Holds still waiting for approval."""
        cursor = self.collection.find({"status": HoldStatus.PENDING.value})
        return [HeldDeletion.model_validate(doc) async for doc in cursor]

    async def claim_approval(self, hold_id: str, approver: str) -> HeldDeletion | None:
        """Mark a pending hold approved; None when it is unknown or was approved already."""
        doc = await self.collection.find_one_and_update(
            {"_id": hold_id, "status": HoldStatus.PENDING.value},
            {"$set": {"status": HoldStatus.APPROVED.value, "approved_by": approver, "approved_at": datetime.now(UTC)}},
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else HeldDeletion.model_validate(doc)

    async def reopen(self, hold_id: str) -> None:
        """Undo an approval whose deletions could not be published, so it can be approved again."""
        await self.collection.update_one(
            {"_id": hold_id}, {"$set": {"status": HoldStatus.PENDING.value, "approved_by": None, "approved_at": None}}
        )
