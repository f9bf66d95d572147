"""Rendering an exposed asset's ``$metadata``: which service, which columns, which errors (reference §3)."""

from __future__ import annotations

from enum import StrEnum

from mdsync_devstack.datasphere import resolve
from mdsync_devstack.datasphere.catalog import ExposedAsset
from mdsync_devstack.datasphere.csn import CsnDocument
from mdsync_devstack.datasphere.edmx import analytical_edmx, relational_edmx
from mdsync_devstack.datasphere.store import TenantStore


class Service(StrEnum):
    """The two consumption services."""

    RELATIONAL = "relational"
    ANALYTICAL = "analytical"


class RenderError(Exception):
    """The asset has no ``$metadata`` in this service; carries the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def render_metadata(store: TenantStore, asset: ExposedAsset, service: Service) -> str:
    """The EDMX of ``asset`` in ``service``, or RenderError (404 wrong service, 400 parameters, 500 unparsable)."""
    offered = asset.relational if service == Service.RELATIONAL else asset.analytical
    if not offered:
        raise RenderError(404, f"asset {asset.name!r} is not available for {service.value} consumption")
    if asset.has_parameters:
        # Reference §3: views with input parameters are not supported by the consumption API (no $metadata).
        raise RenderError(400, f"asset {asset.name!r} has input parameters, which the consumption API does not support")
    obj = store.get(asset.space, asset.object_type, asset.name)
    if obj is None or not isinstance(obj.document, CsnDocument):
        problems = "; ".join(obj.problems) if obj else "object vanished"
        raise RenderError(500, f"cannot render $metadata of {asset.name!r}: {problems}")
    document = obj.document
    columns = resolve.columns(store, asset.space, document)
    if service == Service.RELATIONAL:
        return relational_edmx(asset.name, document.definition, columns)
    return analytical_edmx(asset.name, document.definition, columns, resolve.measure_names(document))


class MetadataCache:
    """Rendered EDMX per (service, space, asset), dropped whenever the store's version moves."""

    def __init__(self) -> None:
        self._version = -1
        self._documents: dict[tuple[Service, str, str], str] = {}

    def get(self, store: TenantStore, asset: ExposedAsset, service: Service) -> str:
        """The EDMX, rendered at most once per store version."""
        if self._version != store.version:
            self._documents.clear()
            self._version = store.version
        key = (service, asset.space, asset.name)
        if key not in self._documents:
            self._documents[key] = render_metadata(store, asset, service)
        return self._documents[key]
