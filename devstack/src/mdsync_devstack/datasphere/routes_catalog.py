"""Catalog OData: ``/catalog``, ``/spaces``, ``/assets`` with list options and 500-record server pages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from mdsync_devstack.datasphere.access import (
    Access,
    base_url,
    current_client,
    forbidden_message,
    member_spaces,
    sim_state,
    space_access,
)
from mdsync_devstack.datasphere.catalog import DATASPHERE_ROOT, asset_record, consumption_roots
from mdsync_devstack.datasphere.catalog_metadata import ASSET_FIELDS, CATALOG_CSDL, CATALOG_ETAG, SPACE_FIELDS
from mdsync_devstack.datasphere.odata import QueryError, apply_options, next_link, parse_options
from mdsync_devstack.datasphere.responses import odata_error, odata_json
from mdsync_devstack.datasphere.routes_consumption import accepts_xml

_KEY_PART = re.compile(r"\s*(\w+)\s*=\s*'((?:[^']|'')*)'\s*(?:,|$)")


def catalog_router(root: str) -> APIRouter:
    """The catalog service under ``root`` (``/api/v1/dwc`` or ``/api/v1/datasphere/consumption``)."""
    router = APIRouter(prefix=f"{root}/catalog")

    @router.get("")
    @router.get("/")
    async def service_document(request: Request) -> Response:
        body = {
            "@odata.context": f"{base_url(request)}{root}/catalog/$metadata",
            "@odata.metadataEtag": CATALOG_ETAG,
            "value": [{"name": "assets", "url": "assets"}, {"name": "spaces", "url": "spaces"}],
        }
        return odata_json(body)

    @router.get("/$metadata")
    async def metadata(request: Request) -> Response:
        if not accepts_xml(request.headers.get("accept")):
            return odata_error(406, "Not Acceptable: $metadata is only available as application/xml")
        return Response(CATALOG_CSDL, media_type="application/xml", headers={"OData-Version": "4.0"})

    @router.get("/spaces")
    async def spaces(request: Request) -> Response:
        bare = root == DATASPHERE_ROOT and sim_state(request).config.spaces_shape == "array"
        return _list(request, _space_records(request), SPACE_FIELDS, f"{root}/catalog/$metadata#spaces", bare=bare)

    @router.get("/spaces/$count")
    async def spaces_count(request: Request) -> Response:
        return _count(request, _space_records(request), SPACE_FIELDS)

    @router.get("/spaces('{space}')")
    async def space(request: Request, space: str) -> Response:
        space = _unquote(space)
        denied = _deny(request, space)
        if denied is not None:
            return denied
        record = next(r for r in _space_records(request) if r["name"] == space)
        return odata_json({"@odata.context": f"{base_url(request)}{root}/catalog/$metadata#spaces/$entity", **record})

    @router.get("/spaces('{space}')/assets")
    async def space_assets(request: Request, space: str) -> Response:
        space = _unquote(space)
        denied = _deny(request, space)
        if denied is not None:
            return denied
        records = _asset_records(request, root, space)
        return _list(request, records, ASSET_FIELDS, f"{root}/catalog/$metadata#assets")

    @router.get("/spaces('{space}')/assets/$count")
    async def space_assets_count(request: Request, space: str) -> Response:
        space = _unquote(space)
        denied = _deny(request, space)
        if denied is not None:
            return denied
        return _count(request, _asset_records(request, root, space), ASSET_FIELDS)

    @router.get("/spaces('{space}')/assets('{name}')")
    async def space_asset(request: Request, space: str, name: str) -> Response:
        return _one_asset(request, root, _unquote(space), _unquote(name))

    @router.get("/assets")
    async def assets(request: Request) -> Response:
        return _list(request, _asset_records(request, root, None), ASSET_FIELDS, f"{root}/catalog/$metadata#assets")

    @router.get("/assets/$count")
    async def assets_count(request: Request) -> Response:
        return _count(request, _asset_records(request, root, None), ASSET_FIELDS)

    @router.get("/assets({key})")
    async def asset(request: Request, key: str) -> Response:
        parts = {match.group(1): match.group(2).replace("''", "'") for match in _KEY_PART.finditer(key)}
        if set(parts) != {"spaceName", "name"}:
            return odata_error(400, f"asset key must be (spaceName='…',name='…'), got ({key})")
        return _one_asset(request, root, parts["spaceName"], parts["name"])

    return router


def _list(
    request: Request, records: Sequence[dict[str, Any]], fields: Sequence[str], context: str, *, bare: bool = False
) -> Response:
    try:
        options = parse_options(request.query_params, fields)
    except QueryError as error:
        return odata_error(400, str(error))
    page = apply_options(records, options, sim_state(request).config.catalog_page_size)
    if bare:
        return odata_json(page.items)
    body: dict[str, Any] = {"@odata.context": f"{base_url(request)}{context}"}
    if options.count:
        body["@odata.count"] = page.total
    body["value"] = page.items
    if page.next_skip is not None:
        body["@odata.nextLink"] = next_link(str(request.url), page.next_skip, page.next_top)
    return odata_json(body)


def _count(request: Request, records: Sequence[dict[str, Any]], fields: Sequence[str]) -> Response:
    try:
        options = parse_options({k: v for k, v in request.query_params.items() if k == "$filter"}, fields)
    except QueryError as error:
        return odata_error(400, str(error))
    return PlainTextResponse(str(apply_options(records, options, None).total), headers={"OData-Version": "4.0"})


def _space_records(request: Request) -> list[dict[str, Any]]:
    state, client = sim_state(request), current_client(request)
    members = set(member_spaces(state.store, client))
    return [{"name": s.name, "label": s.label} for s in state.store.tenant.spaces if s.name in members]


def _asset_records(request: Request, root: str, space: str | None) -> list[dict[str, Any]]:
    state, client = sim_state(request), current_client(request)
    roots = consumption_roots(state.config.url_style, root)
    visible = set(member_spaces(state.store, client)) if space is None else {space}
    base = base_url(request)
    return [asset_record(a, base, roots) for a in state.catalog.assets() if a.space in visible]


def _one_asset(request: Request, root: str, space: str, name: str) -> Response:
    denied = _deny(request, space)
    if denied is not None:
        return denied
    state = sim_state(request)
    asset = state.catalog.find(space, name)
    if asset is None:
        return odata_error(404, f"asset {name!r} not found in space {space!r} (or not exposed for consumption)")
    record = asset_record(asset, base_url(request), consumption_roots(state.config.url_style, root))
    return odata_json({"@odata.context": f"{base_url(request)}{root}/catalog/$metadata#assets/$entity", **record})


def _deny(request: Request, space: str) -> Response | None:
    client = current_client(request)
    access = space_access(sim_state(request).store, client, space)
    if access == Access.FORBIDDEN:
        return odata_error(403, forbidden_message(client, space))
    if access == Access.MISSING:
        return odata_error(404, f"space {space!r} not found")
    return None


def _unquote(value: str) -> str:
    return value.replace("''", "'")
