"""``GET /me``: the caller's subject, roles, spaces and tenants, as its validated token grants them."""

from __future__ import annotations

import httpx

from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.settings import CommonSettings


async def get_me(headers: dict[str, str]) -> httpx.Response:
    app = build_app(CommonSettings(), AuditSettings())  # no lifespan: the route reads only the token
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://audit") as client:
        return await client.get("/me", headers=headers)


async def test_me_tells_a_limited_caller_its_spaces_and_tenants() -> None:
    headers = local_headers(role="operator", spaces=("SALES", "FINANCE"), subject="ann", tenants=("beta", "acme"))
    response = await get_me(headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["subject"], body["spaces"], body["tenants"]) == ("ann", ["FINANCE", "SALES"], ["acme", "beta"])
    assert "operator" in body["roles"]
    assert "admin" not in body["roles"]


async def test_me_says_null_for_a_caller_limited_in_nothing() -> None:
    body = (await get_me(local_headers(role="viewer", subject="vic"))).json()
    assert (body["subject"], body["spaces"], body["tenants"]) == ("vic", None, None)


async def test_me_needs_a_token() -> None:
    assert (await get_me({})).status_code == 401
