"""Typed shapes of what the Datasphere APIs return, read where they enter."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from mdsync_contracts.asset_model import AssetKind


class ObjectType(StrEnum):
    """The design-time object types the sync reads, spelled as in `/dwaas-core/api/v1/spaces/{space}/{type}`."""

    LOCAL_TABLES = "localtables"
    REMOTE_TABLES = "remotetables"
    VIEWS = "views"
    ANALYTIC_MODELS = "analyticmodels"
    DATA_FLOWS = "dataflows"
    REPLICATION_FLOWS = "replicationflows"
    TRANSFORMATION_FLOWS = "transformationflows"
    TASK_CHAINS = "taskchains"

    @property
    def kind(self) -> AssetKind:
        """The asset kind objects of this type normalize to."""
        return _KIND[self]

    @property
    def is_csn(self) -> bool:
        """True when the body is CSN under `definitions`; flows and task chains use a type-named root key."""
        return self in _CSN_TYPES


_KIND = {
    ObjectType.LOCAL_TABLES: AssetKind.LOCAL_TABLE,
    ObjectType.REMOTE_TABLES: AssetKind.REMOTE_TABLE,
    ObjectType.VIEWS: AssetKind.VIEW,
    ObjectType.ANALYTIC_MODELS: AssetKind.ANALYTIC_MODEL,
    ObjectType.DATA_FLOWS: AssetKind.DATA_FLOW,
    ObjectType.REPLICATION_FLOWS: AssetKind.REPLICATION_FLOW,
    ObjectType.TRANSFORMATION_FLOWS: AssetKind.TRANSFORMATION_FLOW,
    ObjectType.TASK_CHAINS: AssetKind.TASK_CHAIN,
}
_CSN_TYPES = frozenset(
    {ObjectType.LOCAL_TABLES, ObjectType.REMOTE_TABLES, ObjectType.VIEWS, ObjectType.ANALYTIC_MODELS}
)


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class SpaceInfo(_Wire):
    """A space the client can see: technical name and, when the API gives one, its business label."""

    name: str
    label: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


class ObjectSummary(_Wire):
    """One entry of a design-time object list."""

    space: str
    object_type: ObjectType
    technical_name: str = Field(alias="technicalName")
    status: str | None = None
    extra: dict[str, JsonValue] = Field(default_factory=dict, description="Other selected properties, verbatim.")


class RawObject(_Wire):
    """One design-time object as read: the body (CSN or flow JSON) untouched, plus its ETag if the API sent one."""

    space: str
    object_type: ObjectType
    name: str
    body: dict[str, Any]
    etag: str | None = None


class CatalogAsset(_Wire):
    """An asset of the catalog OData service (only objects exposed for consumption are there)."""

    name: str
    space_name: str = Field(alias="spaceName")
    label: str | None = None
    relational_metadata_url: str | None = Field(default=None, alias="assetRelationalMetadataUrl")
    relational_data_url: str | None = Field(default=None, alias="assetRelationalDataUrl")
    analytical_metadata_url: str | None = Field(default=None, alias="assetAnalyticalMetadataUrl")
    analytical_data_url: str | None = Field(default=None, alias="assetAnalyticalDataUrl")
    supports_analytical_queries: bool = Field(default=False, alias="supportsAnalyticalQueries")
    has_parameters: bool = Field(default=False, alias="hasParameters")
    metadata_etag: str | None = Field(
        default=None,
        description="The asset's own `@odata.metadataEtag`, when the catalog record carries one.",
    )

    @model_validator(mode="before")
    @classmethod
    def _record_etag(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("metadata_etag") is None:
            etag = data.get("@odata.metadataEtag") or data.get("metadataEtag")
            if etag is not None:
                return {**data, "metadata_etag": etag}
        return data

    @property
    def metadata_url(self) -> str | None:
        """The `$metadata` URL to read: relational when there is one, else analytical."""
        return self.relational_metadata_url or self.analytical_metadata_url
