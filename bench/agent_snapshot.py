"""The discovery agent's catalogue snapshot build through the audit API: catalogue pages against per-asset calls.

Views of N generated assets are bulk-loaded into a private store (``bench.audit_load``); the audit service runs
in process against it (its real app, auth included) and is read over ASGI. Baseline: what the agent did before
the catalogue endpoint, a search listing then ``GET /assets/{id}`` and ``GET /glue/{table}/provenance`` per
asset, 16 at a time. Both build the same records; the times are wall-clock for one snapshot.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from bench.audit_data import Generator
from bench.audit_load import Loader
from bench.audit_store import start_store
from mdsync_agent.tools import AuditTools
from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.testing import isolated

SETTINGS = AuditSettings()
PORT = 27231


async def per_asset(client: httpx.AsyncClient) -> int:
    """The former snapshot: list the ids, then detail and provenance per asset (16 at a time); assets read."""
    ids: list[str] = []
    cursor: str | None = None
    while True:
        page = (await client.get("/assets", params={"limit": 500} | ({"cursor": cursor} if cursor else {}))).json()
        ids += [item["asset_id"] for item in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    limit = asyncio.Semaphore(16)

    async def one(asset_id: str) -> bool:
        async with limit:
            detail = (await client.get(f"/assets/{asset_id}")).json()
            if detail.get("glue"):
                await client.get(f"/glue/{detail['glue']['table']}/provenance")
            return not detail.get("deleted", False)

    return sum(await asyncio.gather(*(one(i) for i in ids)))


async def measure(count: int) -> tuple[float, float, int]:
    """(catalogue pages s, per-asset calls s, assets) for ``count`` loaded assets."""
    store = await start_store(PORT, heap="2g")
    try:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(store.url, tz_aware=True)
        iso = await isolated()
        await Loader(client[iso.mongo_db], Generator(count, 4), SETTINGS).load(progress=False)
        await client.close()
        app = build_app(iso.common(mongo_url=SecretStr(store.url)), SETTINGS)
        async with (
            LifespanManager(app, startup_timeout=120, shutdown_timeout=60),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://audit",
                headers=local_headers(role="admin"),
                timeout=300,
            ) as http,
        ):
            start = time.perf_counter()
            catalog = await AuditTools(http, "bench").catalog(None)
            pages = time.perf_counter() - start
            start = time.perf_counter()
            assets = await per_asset(http)
            calls = time.perf_counter() - start
        assert assets == len(catalog.assets), (assets, len(catalog.assets))
        return pages, calls, assets
    finally:
        await store.stop()


def run(counts: list[int]) -> None:
    """Print the snapshot build times for each asset count."""
    for count in counts:
        pages, calls, assets = asyncio.run(measure(count))
        print(
            f"{assets:6d} assets: snapshot from /catalog pages {pages:7.2f} s | per-asset calls (before) "
            f"{calls:7.2f} s | ratio {calls / pages:5.1f}x"
        )
