"""Messages on the asset-changes topic; also the public home of the asset model's names."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Self

from pydantic import Field, model_validator

from mdsync_contracts.asset_definition import VOLATILE_FIELDS, AssetDefinition, content_hash, with_asset_id
from mdsync_contracts.asset_model import (
    AssetKind,
    Association,
    Column,
    ColumnLineage,
    ColumnSemantics,
    Dependency,
    DependencyKind,
    FlowEndpoint,
    FlowIO,
    ObjectRef,
    RemoteOrigin,
    SemanticKind,
)
from mdsync_contracts.base import Message
from mdsync_contracts.topics import ASSET_CHANGES, asset_key

__all__ = [
    "VOLATILE_FIELDS",
    "AssetChange",
    "AssetDefinition",
    "AssetDeleted",
    "AssetKind",
    "AssetUpserted",
    "Association",
    "Column",
    "ColumnLineage",
    "ColumnSemantics",
    "DeletionReason",
    "Dependency",
    "DependencyKind",
    "FlowEndpoint",
    "FlowIO",
    "ObjectRef",
    "RemoteOrigin",
    "SemanticKind",
    "content_hash",
]


class AssetChange(StrEnum):
    """Why an AssetUpserted was published."""

    CREATED = "created"
    CHANGED = "changed"
    REPUBLISHED = "republished"


class DeletionReason(StrEnum):
    """Why an AssetDeleted was published."""

    VANISHED = "vanished"
    APPROVED_AFTER_HOLD = "approved_after_hold"


class AssetUpserted(Message):
    """An asset appeared, changed, or was republished by a full run: its full normalized definition."""

    CE_TYPE: ClassVar[str] = "mdsync.datasphere.asset.upserted"
    TOPIC: ClassVar[str] = ASSET_CHANGES

    definition: AssetDefinition = Field(
        description="The full normalized definition.",
        examples=[{"tenant": "acme", "space": "SALES", "technical_name": "SALES_ORDERS", "kind": "view"}],
    )
    content_hash: str = Field(
        description="content_hash(definition): sha256 hex of the canonical definition.",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    )
    previous_hash: str | None = Field(
        default=None, description="Hash last published for this asset; None when new.", examples=[None]
    )
    change: AssetChange = Field(description="created, changed or republished.", examples=["changed"])
    dry_run: bool = Field(
        default=False,
        description="Part of a dry-run job: the mapper plans it (UpsertTable with dry_run) and stores nothing.",
        examples=[False],
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_asset_id(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        definition = data.get("definition")
        if isinstance(definition, AssetDefinition):
            return {**data, "asset_id": data.get("asset_id") or definition.asset_id}
        if isinstance(definition, dict):
            return with_asset_id(
                data, definition.get("tenant"), definition.get("space"), definition.get("technical_name")
            )
        return data

    @model_validator(mode="after")
    def _same_tenant(self) -> Self:
        if self.definition.tenant != self.tenant:
            raise ValueError(f"definition.tenant {self.definition.tenant!r} differs from tenant {self.tenant!r}")
        return self

    @classmethod
    def of(cls, definition: AssetDefinition, change: AssetChange, previous_hash: str | None, **envelope: Any) -> Self:
        """Build the event for ``definition``, computing its content hash."""
        return cls(
            definition=definition,
            content_hash=content_hash(definition),
            previous_hash=previous_hash,
            change=change,
            tenant=definition.tenant,
            **envelope,
        )

    def key(self) -> str:
        """The asset id."""
        return asset_key(self.tenant, self.definition.space, self.definition.technical_name)


class AssetDeleted(Message):
    """An asset no longer exists in Datasphere (or its held deletion was approved)."""

    CE_TYPE: ClassVar[str] = "mdsync.datasphere.asset.deleted"
    TOPIC: ClassVar[str] = ASSET_CHANGES

    space: str = Field(description="Space the asset was in.", examples=["SALES"])
    technical_name: str = Field(description="Its technical name.", examples=["SALES_ORDERS"])
    kind: AssetKind | None = Field(default=None, description="Its kind, when known.", examples=["view"])
    last_hash: str | None = Field(
        default=None,
        description="Content hash last published for it.",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    )
    reason: DeletionReason = Field(description="Why it counts as deleted.", examples=["vanished"])
    detail: str | None = Field(
        default=None, description="Free-text detail, e.g. the approval id.", examples=["approved by operator:jane"]
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_asset_id(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return with_asset_id(data, data.get("tenant"), data.get("space"), data.get("technical_name"))

    def key(self) -> str:
        """The asset id."""
        return asset_key(self.tenant, self.space, self.technical_name)
