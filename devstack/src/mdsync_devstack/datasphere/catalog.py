"""Which objects the catalog exposes, and the asset records it lists (reference §2.3-2.4)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from mdsync_devstack.datasphere.csn import CsnDocument
from mdsync_devstack.datasphere.fixtures import ObjectType
from mdsync_devstack.datasphere.store import StoredObject, TenantStore

EXPOSED_ANNOTATION = "@DataWarehouse.consumption.external"
DWC_ROOT = "/api/v1/dwc"
DATASPHERE_ROOT = "/api/v1/datasphere/consumption"
CONSUMPTION_ROOTS = {DWC_ROOT: f"{DWC_ROOT}/consumption", DATASPHERE_ROOT: DATASPHERE_ROOT}


class UrlStyle(StrEnum):
    """Which prefix asset URLs carry; ``mixed`` is what one recorded tenant returned."""

    MIXED = "mixed"
    REQUEST = "request"
    DWC = "dwc"
    DATASPHERE = "datasphere"


class ExposedAsset(BaseModel):
    """An object the catalog lists, with the consumption services it offers."""

    model_config = ConfigDict(frozen=True)

    space: str
    name: str
    label: str
    object_type: ObjectType
    relational: bool
    analytical: bool
    has_parameters: bool


class CatalogIndex:
    """Exposed assets of a store, recomputed only when the store's version changes."""

    def __init__(self, store: TenantStore) -> None:
        self.store = store
        self._version = -1
        self._assets: dict[tuple[str, str], ExposedAsset] = {}

    def assets(self) -> list[ExposedAsset]:
        """All exposed assets, ordered by space then name."""
        return list(self._current().values())

    def find(self, space: str, name: str) -> ExposedAsset | None:
        """One exposed asset, or None when it does not exist or is not exposed."""
        return self._current().get((space, name))

    def _current(self) -> dict[tuple[str, str], ExposedAsset]:
        if self._version != self.store.version:
            found = (expose(obj) for obj in self.store.objects.values())
            ordered = sorted((asset for asset in found if asset), key=lambda a: (a.space, a.name))
            self._assets = {(asset.space, asset.name): asset for asset in ordered}
            self._version = self.store.version
        return self._assets


def expose(obj: StoredObject) -> ExposedAsset | None:
    """The catalog entry of an object: views with the exposure flag, every analytic model; else None."""
    document = obj.document if isinstance(obj.document, CsnDocument) else None
    if obj.type == ObjectType.ANALYTIC_MODELS:
        return _asset(obj, document, relational=False, analytical=True)
    if obj.type != ObjectType.VIEWS or document is None:
        return None
    if document.definition.annotation(EXPOSED_ANNOTATION) is not True:
        return None
    # An analytical dataset (fact) view offers both services, like SAP's 2023 sample.
    analytical = document.definition.modeling_pattern == "ANALYTICAL_FACT"
    return _asset(obj, document, relational=True, analytical=analytical)


def _asset(obj: StoredObject, document: CsnDocument | None, *, relational: bool, analytical: bool) -> ExposedAsset:
    label = (document.definition.label if document else None) or obj.name
    return ExposedAsset(
        space=obj.space,
        name=obj.name,
        label=label,
        object_type=obj.type,
        relational=relational,
        analytical=analytical,
        has_parameters=_has_parameters(document),
    )


def _has_parameters(document: CsnDocument | None) -> bool:
    if document is None:
        return False
    variables = document.business_layer.variables if document.business_layer else {}
    return bool(document.definition.params or variables)


def consumption_roots(style: UrlStyle, request_root: str) -> tuple[str, str]:
    """The (relational, analytical) consumption roots asset URLs use under ``style``."""
    if style == UrlStyle.MIXED:
        return CONSUMPTION_ROOTS[DWC_ROOT], CONSUMPTION_ROOTS[DATASPHERE_ROOT]
    root = {UrlStyle.DWC: DWC_ROOT, UrlStyle.DATASPHERE: DATASPHERE_ROOT}.get(style, request_root)
    return CONSUMPTION_ROOTS[root], CONSUMPTION_ROOTS[root]


def asset_record(asset: ExposedAsset, base_url: str, roots: tuple[str, str]) -> dict[str, Any]:
    """The wire record of an asset as ``/catalog/assets`` lists it."""
    relational = f"{base_url}{roots[0]}/relational/{asset.space}/{asset.name}/" if asset.relational else None
    analytical = f"{base_url}{roots[1]}/analytical/{asset.space}/{asset.name}/" if asset.analytical else None
    return {
        "name": asset.name,
        "label": asset.label,
        "spaceName": asset.space,
        "assetRelationalMetadataUrl": f"{relational}$metadata" if relational else None,
        "assetRelationalDataUrl": relational,
        "assetAnalyticalMetadataUrl": f"{analytical}$metadata" if analytical else None,
        "assetAnalyticalDataUrl": analytical,
        "supportsAnalyticalQueries": asset.analytical,
        "hasParameters": asset.has_parameters,
    }
