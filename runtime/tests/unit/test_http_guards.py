"""Every service's API refuses missing tokens, oversized requests and floods with clear 4xx answers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel

from mdsync_runtime.auth import AuthSettings, Role
from mdsync_runtime.auth.api import Operator, authenticated
from mdsync_runtime.auth.client import local_token
from mdsync_runtime.http import create_app
from mdsync_runtime.http_guards import HttpSettings


class Body(BaseModel):
    text: str


def _app(tmp_path: Path, limits: HttpSettings) -> tuple[FastAPI, AuthSettings]:
    auth = AuthSettings(key_dir=tmp_path / "auth")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    async def ready(app: FastAPI) -> dict[str, bool]:
        return {"ok": True}

    app = create_app("probe", lifespan, ready, auth, limits)
    router = APIRouter()

    @router.get("/things")
    async def things() -> list[str]:
        return ["a"]

    @router.post("/things")
    async def add(body: Body, principal: Operator) -> dict[str, str]:
        return {"by": principal.subject}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    app.include_router(router, dependencies=[Depends(authenticated)])
    return app, auth


async def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://probe")


async def test_health_is_open_and_routes_need_a_token(tmp_path: Path) -> None:
    app, _ = _app(tmp_path, HttpSettings())
    async with await _client(app) as client:
        assert (await client.get("/healthz")).status_code == 200
        refused = await client.get("/things")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")


async def test_roles_decide_commands(tmp_path: Path) -> None:
    app, auth = _app(tmp_path, HttpSettings())
    viewer = {"Authorization": f"Bearer {local_token(Role.VIEWER, settings=auth)}"}
    operator = {"Authorization": f"Bearer {local_token(Role.OPERATOR, subject='olga', settings=auth)}"}
    async with await _client(app) as client:
        assert (await client.get("/things", headers=viewer)).status_code == 200
        denied = await client.post("/things", json={"text": "x"}, headers=viewer)
        assert denied.status_code == 403
        assert "operator" in denied.json()["detail"]
        assert (await client.post("/things", json={"text": "x"}, headers=operator)).json() == {"by": "olga"}


async def test_oversized_bodies_and_urls_are_refused(tmp_path: Path) -> None:
    app, auth = _app(tmp_path, HttpSettings(max_body_bytes=1024, max_url_bytes=256))
    headers = {"Authorization": f"Bearer {local_token(settings=auth)}"}
    async with await _client(app) as client:
        big = await client.post("/things", json={"text": "x" * 2000}, headers=headers)
        assert big.status_code == 413
        long = await client.get("/things", params={"q": "y" * 300}, headers=headers)
        assert long.status_code == 414


async def test_a_flood_is_rate_limited(tmp_path: Path) -> None:
    app, auth = _app(tmp_path, HttpSettings(rate_limit="3/minute"))
    headers = {"Authorization": f"Bearer {local_token(settings=auth)}"}
    async with await _client(app) as client:
        answers = [(await client.get("/things", headers=headers)).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.filterwarnings("ignore")
async def test_an_unhandled_error_has_no_traceback(tmp_path: Path) -> None:
    app, auth = _app(tmp_path, HttpSettings())
    headers = {"Authorization": f"Bearer {local_token(settings=auth)}"}
    async with await _client(app) as client:
        answer = await client.get("/boom", headers=headers)
    assert answer.status_code == 500
    assert "internal error" in answer.json()["detail"]
    assert "must not leak" not in answer.text
