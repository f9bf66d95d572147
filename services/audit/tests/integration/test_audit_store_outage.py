"""The store (H2 file backend, a private instance) stops mid-stream and comes back: nothing is lost.

The shared devstack store is used by other suites, so this test starts its own mongo-java-server on a free
port, with the devstack's jars and launcher, and stops it gracefully (the H2 backend keeps acknowledged writes
only across a graceful stop; a real MongoDB journals them).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from mdsync_audit.handlers import INGESTOR
from mdsync_audit.main import build_app
from mdsync_audit.sample import recorded_run
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.rebuild import rebuild_views
from mdsync_audit.store.snapshot import snapshot
from mdsync_devstack.mongo import MongoComponent
from mdsync_devstack.stack import context
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.local_servers import free_port
from mdsync_runtime.ports import HOST
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.testing import isolated

pytestmark = pytest.mark.integration
SETTINGS = AuditSettings(retry_base_seconds=0.05)


async def start_store(port: int, h2_file: Path) -> asyncio.subprocess.Process:
    """mongo-java-server with the H2 file backend on ``port``, through the devstack's launcher."""
    ctx = context()
    component = MongoComponent()
    await component.prepare(ctx)
    argv = component.launch(ctx).argv
    argv = [*argv[: argv.index("MongoMain") + 1], HOST, str(port), str(h2_file)]
    process = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.DEVNULL, cwd=ctx.state.root)
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        f"mongodb://{HOST}:{port}", serverSelectionTimeoutMS=500
    )
    try:
        for _ in range(240):
            try:
                await client.admin.command("ping")
                return process
            except Exception:  # not listening yet
                await asyncio.sleep(0.25)
    finally:
        await client.close()
    raise AssertionError("private store did not start")


async def stop_store(process: asyncio.subprocess.Process) -> None:
    """Graceful stop: SIGTERM, wait for the H2 file to be written."""
    if process.returncode is None:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=60)


@pytest.fixture
def store(tmp_path: Path) -> tuple[int, Path]:
    return free_port(), tmp_path / "audit.mv"


async def wait_for(check: object, seconds: float) -> None:
    for _ in range(int(seconds * 4)):
        if await check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.25)
    raise AssertionError(f"not reached within {seconds} s")


async def test_store_outage_mid_stream_loses_nothing_and_views_equal_a_rebuild(store: tuple[int, Path]) -> None:
    port, h2_file = store
    iso = await isolated(partitions=3)
    common = iso.common(mongo_url=SecretStr(f"mongodb://{HOST}:{port}"))
    messages = recorded_run("job-a").messages + recorded_run("job-b").messages + recorded_run("job-c").messages
    process = await start_store(port, h2_file)
    app = build_app(common, SETTINGS)
    publisher = Publisher("recorder", common.kafka_bootstrap, common.topic_prefix)
    await publisher.start()
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(common.mongo_url.get_secret_value(), tz_aware=True)
    db = client[common.mongo_db]
    try:
        async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60):
            ingestor = app.state.runtime.state[INGESTOR]
            await publisher.publish_many(messages)
            for _ in range(400):
                if ingestor.stored >= 10:
                    break
                await asyncio.sleep(0.05)
            await stop_store(process)  # mid-stream: the handlers now meet ConnectionFailure and wait
            assert ingestor.stored < len(messages), "the store stopped only after everything was stored"
            await asyncio.sleep(3)
            process = await start_store(port, h2_file)

            async def all_applied() -> bool:
                return await db.events.count_documents({"applied": True}) == len(messages)

            await wait_for(all_applied, 120)
            assert await db.events.count_documents({}) == len(messages)
            assert await httpx_kpi_events(app) == len(messages)
        live = await snapshot(db)
        assert await rebuild_views(db, SETTINGS) == len(messages)
        assert await snapshot(db) == live, "views after the outage differ from a rebuild"
    finally:
        await publisher.stop()
        await client.close()
        await stop_store(process)


async def httpx_kpi_events(app: object) -> int:
    """Events counted by the KPI minutes, read through the API."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    headers = local_headers(role="admin")
    async with httpx.AsyncClient(transport=transport, base_url="http://audit", headers=headers) as http:
        return int((await http.get("/kpis", params={"minutes": 120})).json()["events"])
