"""The normalized asset definition and its content hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Self

from pydantic import Field, JsonValue, field_validator, model_validator

from mdsync_contracts.asset_model import (
    AssetKind,
    Association,
    Column,
    ColumnLineage,
    Dependency,
    FlowIO,
    Frozen,
    RemoteOrigin,
)
from mdsync_contracts.topics import asset_key

VOLATILE_FIELDS: frozenset[str] = frozenset({"extracted_at", "source_etag"})
"""AssetDefinition fields left out of the content hash: they change without the definition changing."""


def with_asset_id(data: Any, tenant: Any, space: Any, name: Any) -> Any:
    """Add the asset id to a raw payload dict that lacks one, when its parts are known."""
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
        return with_asset_id(data, data.get("tenant"), data.get("space"), data.get("technical_name"))

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
