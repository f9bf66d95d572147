"""Design-time REST (``/dwaas-core/api/v1/spaces``): space list, per-type lists, object read and writes."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from mdsync_devstack.datasphere.access import (
    Access,
    current_client,
    forbidden_message,
    member_spaces,
    sim_state,
    space_access,
)
from mdsync_devstack.datasphere.fixtures import EMPTY_TYPES, ObjectType
from mdsync_devstack.datasphere.odata import QueryError, apply_options, parse_options
from mdsync_devstack.datasphere.responses import details_error
from mdsync_devstack.datasphere.store import make_object

PREFIX = "/dwaas-core/api/v1/spaces"
DEFAULT_TOP = 25
LIST_FIELDS = ("technicalName", "status")
CONTENT_TYPE = "application/vnd.sap.datasphere.object.content+json"
_ACCEPTED = frozenset(
    {
        CONTENT_TYPE,
        "application/vnd.sap.datasphere.object.content.design-time+json",
        "application/vnd.sap.datasphere.object.content.run-time+json",
        "application/vnd.sap.datasphere.object.content.simplified+json",
        "application/json",
        "application/*",
        "*/*",
    }
)

router = APIRouter(prefix=PREFIX)


@router.get("")
async def spaces(request: Request) -> Response:
    """Technical names of the spaces the client may read, as a bare array of strings."""
    return JSONResponse(member_spaces(sim_state(request).store, current_client(request)))


@router.get("/{space}/{type_name}")
async def list_objects(request: Request, space: str, type_name: str) -> Response:
    """A bare array of ``{"technicalName"…}``; ``top`` (default 25), ``skip``, ``select``, ``filter``."""
    checked = _check(request, space, type_name, allow_empty_types=True)
    if isinstance(checked, Response):
        return checked
    state = sim_state(request)
    records = [{"technicalName": obj.name, "status": "Deployed"} for obj in state.store.list(space, checked)]
    try:
        options = parse_options(request.query_params, LIST_FIELDS, prefix="", bareword_literals=True)
    except QueryError as error:
        return details_error(request, 400, str(error))
    top = options.top if options.top is not None else DEFAULT_TOP
    if state.config.designtime_max_top is not None:
        top = min(top, state.config.designtime_max_top)
    select = options.select or ("technicalName",)
    page = apply_options(records, replace(options, top=top, select=select), None)
    return JSONResponse(page.items)


@router.get("/{space}/{type_name}/{name}")
async def read_object(request: Request, space: str, type_name: str, name: str) -> Response:
    """The stored body as-is; ``Accept`` must be one of the CLI's content types (or JSON)."""
    checked = _check(request, space, type_name)
    if isinstance(checked, Response):
        return checked
    media = _negotiate(request.headers.get("accept"))
    if media is None:
        return details_error(request, 406, f"Not Acceptable; use Accept: {CONTENT_TYPE}")
    obj = sim_state(request).store.get(space, checked, name)
    if obj is None:
        return details_error(request, 404, f"Object {name!r} of type {type_name} not found in space {space!r}")
    return Response(obj.body, media_type=media)


@router.post("/{space}/{type_name}")
async def create_from_body(request: Request, space: str, type_name: str) -> Response:
    """Create an object whose technical name is the single entry of its body."""
    checked = _check(request, space, type_name)
    if isinstance(checked, Response):
        return checked
    parsed = await _json_body(request)
    if isinstance(parsed, Response):
        return parsed
    name = _single_name(parsed[1], checked)
    if name is None:
        return details_error(request, 400, "Cannot tell the technical name: the body must define exactly one object")
    return _write(request, space, checked, name, parsed[0], create=True)


@router.post("/{space}/{type_name}/{name}")
@router.put("/{space}/{type_name}/{name}")
async def write_object(request: Request, space: str, type_name: str, name: str) -> Response:
    """POST creates (409 if it exists), PUT updates (404 if it does not); the tenant changes at once."""
    checked = _check(request, space, type_name)
    if isinstance(checked, Response):
        return checked
    parsed = await _json_body(request)
    if isinstance(parsed, Response):
        return parsed
    return _write(request, space, checked, name, parsed[0], create=request.method == "POST")


@router.delete("/{space}/{type_name}/{name}")
async def delete_object(request: Request, space: str, type_name: str, name: str) -> Response:
    """Remove an object (404 when it does not exist)."""
    checked = _check(request, space, type_name)
    if isinstance(checked, Response):
        return checked
    if not sim_state(request).store.delete(space, checked, name):
        return details_error(request, 404, f"Object {name!r} of type {type_name} not found in space {space!r}")
    return Response(status_code=204)


def _write(request: Request, space: str, object_type: ObjectType, name: str, body: bytes, *, create: bool) -> Response:
    store = sim_state(request).store
    exists = store.get(space, object_type, name) is not None
    if create and exists:
        return details_error(request, 409, f"Object {name!r} already exists in space {space!r}")
    if not create and not exists:
        return details_error(request, 404, f"Object {name!r} of type {object_type.value} not found in space {space!r}")
    store.put(make_object(space, object_type, name, body))
    return JSONResponse({"technicalName": name, "status": "Deployed"}, status_code=201 if create else 200)


def _check(request: Request, space: str, type_name: str, *, allow_empty_types: bool = False) -> ObjectType | Response:
    client = current_client(request)
    access = space_access(sim_state(request).store, client, space)
    if access == Access.FORBIDDEN:
        return details_error(request, 403, forbidden_message(client, space))
    if access == Access.MISSING:
        return details_error(request, 404, f"Space {space!r} not found")
    if type_name in {member.value for member in ObjectType}:
        return ObjectType(type_name)
    if allow_empty_types and type_name in EMPTY_TYPES:
        return JSONResponse([])
    return details_error(request, 404, f"Unknown object type {type_name!r}")


def _negotiate(accept: str | None) -> str | None:
    ranges = [part.split(";")[0].strip().lower() for part in (accept or "*/*").split(",")]
    for media in ranges:
        if media in _ACCEPTED:
            return CONTENT_TYPE if media in ("*/*", "application/*") else media
    return None


async def _json_body(request: Request) -> tuple[bytes, Any] | Response:
    body = await request.body()
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        return details_error(request, 400, f"Request body is not valid JSON: {error}")
    if not isinstance(parsed, dict):
        return details_error(request, 400, "Request body must be a JSON object")
    return body, parsed


def _single_name(body: dict[str, Any], object_type: ObjectType) -> str | None:
    root = body.get("definitions") if object_type.is_csn else body.get(object_type.value)
    if isinstance(root, dict) and len(root) == 1:
        return str(next(iter(root)))
    return None
