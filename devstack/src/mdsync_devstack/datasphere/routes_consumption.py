"""Consumption services: per-asset service document, ``$metadata`` EDMX, and (empty) data."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from mdsync_devstack.datasphere.access import (
    Access,
    base_url,
    current_client,
    forbidden_message,
    sim_state,
    space_access,
)
from mdsync_devstack.datasphere.catalog import ExposedAsset
from mdsync_devstack.datasphere.catalog_metadata import weak_etag
from mdsync_devstack.datasphere.consumption import MetadataCache, RenderError, Service
from mdsync_devstack.datasphere.edmx import entity_set_name
from mdsync_devstack.datasphere.responses import odata_error, odata_json

_XML_TYPES = ("application/xml", "text/xml")


def accepts_xml(accept: str | None) -> bool:
    """True when the Accept header names an XML type (``*/*`` alone gets 406, as one live tenant did)."""
    ranges = [part.split(";")[0].strip().lower() for part in (accept or "").split(",")]
    return any(media in _XML_TYPES for media in ranges)


def consumption_router(root: str, cache: MetadataCache) -> APIRouter:
    """Relational and analytical services under ``root`` (``…/dwc/consumption`` or ``…/datasphere/consumption``)."""
    router = APIRouter(prefix=root)

    @router.get("/{service}/{space}/{asset}")
    @router.get("/{service}/{space}/{asset}/")
    async def service_document(request: Request, service: str, space: str, asset: str) -> Response:
        found = _asset(request, service, space, asset)
        if isinstance(found, Response):
            return found
        kind, exposed = found
        try:
            edmx = cache.get(sim_state(request).store, exposed, kind)
        except RenderError as error:
            return odata_error(error.status, error.message)
        entity_set = entity_set_name(asset)
        return odata_json(
            {
                "@odata.context": f"{base_url(request)}{root}/{service}/{space}/{asset}/$metadata",
                "@odata.metadataEtag": weak_etag(edmx),
                "value": [{"name": entity_set, "url": entity_set}],
            }
        )

    @router.get("/{service}/{space}/{asset}/$metadata")
    async def metadata(request: Request, service: str, space: str, asset: str) -> Response:
        found = _asset(request, service, space, asset)
        if isinstance(found, Response):
            return found
        if not accepts_xml(request.headers.get("accept")):
            return odata_error(406, "Not Acceptable: $metadata is only available as application/xml")
        try:
            edmx = cache.get(sim_state(request).store, found[1], found[0])
        except RenderError as error:
            return odata_error(error.status, error.message)
        return Response(edmx, media_type="application/xml", headers={"OData-Version": "4.0"})

    @router.get("/{service}/{space}/{asset}/{entity_set}")
    async def data(request: Request, service: str, space: str, asset: str, entity_set: str) -> Response:
        found = _asset(request, service, space, asset)
        if isinstance(found, Response):
            return found
        if entity_set != entity_set_name(asset):
            return odata_error(404, f"entity set {entity_set!r} not found")
        context = f"{base_url(request)}{root}/{service}/{space}/{asset}/$metadata#{entity_set}"
        return odata_json({"@odata.context": context, "value": []})  # the simulator holds metadata, not rows

    return router


def _asset(request: Request, service: str, space: str, name: str) -> tuple[Service, ExposedAsset] | Response:
    if service not in {member.value for member in Service}:
        return odata_error(404, f"unknown consumption service {service!r}")
    state, client = sim_state(request), current_client(request)
    access = space_access(state.store, client, space)
    if access == Access.FORBIDDEN:
        return odata_error(403, forbidden_message(client, space))
    asset = state.catalog.find(space, name) if access == Access.OK else None
    if asset is None:
        return odata_error(404, f"asset {name!r} not found in space {space!r} or not exposed for consumption")
    return Service(service), asset
