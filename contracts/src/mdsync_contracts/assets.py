"""The normalized asset model, its content hash, and the messages on the asset-changes topic."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Self

from pydantic import Field, JsonValue, field_validator, model_validator

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
    Frozen,
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

VOLATILE_FIELDS: frozenset[str] = frozenset({"extracted_at", "source_etag"})
"""AssetDefinition fields left out of the content hash: they change without the definition changing."""


def _with_asset_id(data: Any, tenant: Any, space: Any, name: Any) -> Any:
    if isinstance(data, dict) and data.get("asset_id") is None and None not in (tenant, space, name):
        return {**data, "asset_id": asset_key(str(tenant), str(space), str(name))}
    return data


class AssetDefinition(Frozen):
    """One Datasphere design-time object, normalized from CSN (or EDMX) into a stable shape.

    Sets are kept in a canonical order (dependencies, associations and column lineage sorted) so that
    the same definition always serializes, and hashes, the same way; columns keep their CSN order.
    """

    tenant: str = Field(description="Datasphere tenant.", examples=["acme"])
    space: str = Field(description="Space that owns the object.", examples=["SALES"])
    technical_name: str = Field(description="Technical name of the object.", examples=["SALES_ORDERS"])
    asset_id: str = Field(
        description="`{tenant}/{space}/{technical_name}`; filled in when omitted.", examples=["acme/SALES/SALES_ORDERS"]
    )
    kind: AssetKind = Field(description="Kind of design-time object.", examples=["view"])
    label: str | None = Field(
        default=None, description="`@EndUserText.label` (business name).", examples=["Sales Orders"]
    )
    exposed: bool = Field(default=False, description="Exposed for consumption (in the catalog).", examples=[True])
    modeling_pattern: str | None = Field(
        default=None, description="`@ObjectModel.modelingPattern` value without `#`.", examples=["ANALYTICAL_FACT"]
    )
    has_parameters: bool = Field(default=False, description="The object takes input parameters.", examples=[False])
    parameters: tuple[str, ...] = Field(
        default=(), description="Input parameter names, in order.", examples=[["P_YEAR"]]
    )
    columns: tuple[Column, ...] = Field(
        default=(),
        description="Columns in CSN element order.",
        examples=[[{"name": "ORDER_ID", "position": 0, "cds_type": "cds.String", "length": 10, "key": True}]],
    )
    associations: tuple[Association, ...] = Field(
        default=(),
        description="Associations to other objects, sorted by name.",
        examples=[[{"name": "_CUSTOMER", "target": {"space": "SALES", "technical_name": "CUSTOMERS"}}]],
    )
    dependencies: tuple[Dependency, ...] = Field(
        default=(),
        description="Objects this one depends on, sorted and without duplicates.",
        examples=[[{"source": {"space": "SALES", "technical_name": "ORDERS_RAW"}, "kind": "from"}]],
    )
    remote: RemoteOrigin | None = Field(
        default=None,
        description="Origin of a remote table.",
        examples=[{"connection": "HANA_DP_AGENT", "entity": '"MY_SCHEMA"."MATERIAL"'}],
    )
    flow: FlowIO | None = Field(
        default=None, description="Inputs and outputs of a flow.", examples=[{"inputs": [{"name": "SRC"}]}]
    )
    column_lineage: tuple[ColumnLineage, ...] = Field(
        default=(),
        description="Output columns that directly reference a source column, sorted.",
        examples=[
            [
                {
                    "column": "ORDER_ID",
                    "source": {"space": "SALES", "technical_name": "ORDERS_RAW"},
                    "source_column": "VBELN",
                }
            ]
        ],
    )
    annotations: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Deterministic object-level annotations kept verbatim (key without `@`).",
        examples=[{"Analytics.dimensionType": "#TIME"}],
    )
    source_etag: str | None = Field(
        default=None, description="`@odata.metadataEtag` seen at extraction (volatile).", examples=['W/"a1b2"']
    )
    extracted_at: datetime | None = Field(
        default=None, description="When the definition was read (volatile).", examples=["2026-11-26T08:00:00Z"]
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_asset_id(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return _with_asset_id(data, data.get("tenant"), data.get("space"), data.get("technical_name"))

    @model_validator(mode="after")
    def _consistent_id(self) -> Self:
        expected = asset_key(self.tenant, self.space, self.technical_name)
        if self.asset_id != expected:
            raise ValueError(f"asset_id {self.asset_id!r} does not match tenant/space/technical_name {expected!r}")
        return self

    @field_validator("dependencies")
    @classmethod
    def _sort_dependencies(cls, value: tuple[Dependency, ...]) -> tuple[Dependency, ...]:
        return tuple(sorted(set(value), key=_dependency_order))

    @field_validator("associations")
    @classmethod
    def _sort_associations(cls, value: tuple[Association, ...]) -> tuple[Association, ...]:
        return tuple(sorted(value, key=lambda association: association.name))

    @field_validator("column_lineage")
    @classmethod
    def _sort_lineage(cls, value: tuple[ColumnLineage, ...]) -> tuple[ColumnLineage, ...]:
        return tuple(sorted(set(value), key=_lineage_order))


def _dependency_order(dependency: Dependency) -> tuple[str, str, str]:
    return (dependency.source.space, dependency.source.technical_name, dependency.kind.value)


def _lineage_order(lineage: ColumnLineage) -> tuple[str, str, str, str]:
    return (lineage.column, lineage.source.space, lineage.source.technical_name, lineage.source_column)


def content_hash(definition: AssetDefinition) -> str:
    """Return the sha256 (hex) of the definition's canonical JSON, without volatile fields.

    Fields at their default are left out, so adding an optional field to the model does not change
    the hash of existing assets.
    """
    data = definition.model_dump(mode="json", exclude=set(VOLATILE_FIELDS), exclude_defaults=True)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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

    @model_validator(mode="before")
    @classmethod
    def _fill_asset_id(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        definition = data.get("definition")
        if isinstance(definition, AssetDefinition):
            return {**data, "asset_id": data.get("asset_id") or definition.asset_id}
        if isinstance(definition, dict):
            return _with_asset_id(
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
        return _with_asset_id(data, data.get("tenant"), data.get("space"), data.get("technical_name"))

    def key(self) -> str:
        """The asset id."""
        return asset_key(self.tenant, self.space, self.technical_name)
