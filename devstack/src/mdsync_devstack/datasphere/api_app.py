"""The Datasphere API app: catalog and consumption under both prefixes, design-time, connections, ``/_sim``."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from mdsync_devstack.datasphere import routes_admin, routes_designtime
from mdsync_devstack.datasphere.access import Access, current_client, forbidden_message, sim_state, space_access
from mdsync_devstack.datasphere.catalog import CONSUMPTION_ROOTS, DATASPHERE_ROOT, DWC_ROOT
from mdsync_devstack.datasphere.consumption import MetadataCache
from mdsync_devstack.datasphere.gate import ADMIN_PREFIX, install_gate
from mdsync_devstack.datasphere.responses import details_error
from mdsync_devstack.datasphere.routes_catalog import catalog_router
from mdsync_devstack.datasphere.routes_consumption import consumption_router
from mdsync_devstack.datasphere.state import SimState


def create_api_app(state: SimState) -> FastAPI:
    """The API app over ``state``; pair it with ``create_token_app(state)`` on its own port."""
    app = FastAPI(
        title="Datasphere simulator",
        openapi_url=f"{ADMIN_PREFIX}/openapi.json",
        docs_url=f"{ADMIN_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.sim = state
    install_gate(app, state, authenticate=True)
    cache = MetadataCache()
    for root in (DWC_ROOT, DATASPHERE_ROOT):
        app.include_router(catalog_router(root))
        app.include_router(consumption_router(CONSUMPTION_ROOTS[root], cache))
    app.include_router(routes_designtime.router)
    app.include_router(routes_admin.router)
    app.add_api_route("/api/v1/datasphere/spaces/{space}/connections", connections, methods=["GET"])
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    return app


async def connections(request: Request, space: str) -> Response:
    """Connections of a space as a bare array (``<dir>/spaces/<SPACE>/connections.json``)."""
    state, client = sim_state(request), current_client(request)
    access = space_access(state.store, client, space)
    if access == Access.FORBIDDEN:
        return details_error(request, 403, forbidden_message(client, space))
    if access == Access.MISSING:
        return details_error(request, 404, f"Space {space!r} not found")
    body = [connection.model_dump(exclude_none=True) for connection in state.store.connections.get(space, ())]
    return JSONResponse(body)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if request.url.path.startswith(ADMIN_PREFIX):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    return details_error(request, error.status_code, str(error.detail))


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if request.url.path.startswith(ADMIN_PREFIX):
        return JSONResponse({"detail": error.errors()}, status_code=422)
    return details_error(request, 400, f"Bad request: {error.errors()}")
