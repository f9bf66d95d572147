"""A running mapper against the devstack: isolated topics, database and rules directory; Glue on moto."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aioboto3
import httpx
import pytest
from asgi_lifespan import LifespanManager

from mdsync_contracts.glue_model import TableInput
from mdsync_mapper.main import build_app
from mdsync_mapper.settings import DEFAULT_RULES_DIR, MapperSettings
from mdsync_runtime import ports
from mdsync_runtime.auth import Role
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.testing import Isolation, isolated, read_messages

REGION = "eu-central-1"


@dataclass
class Rig:
    """A mapper app with its HTTP client, a publisher on its topics, its rules directory and Glue prefix."""

    iso: Isolation
    client: httpx.AsyncClient
    publisher: Publisher
    rules_dir: Path
    database_prefix: str

    async def read(self, topic: str, done: Callable[[list[Any]], bool], wait_seconds: float = 30) -> list[Any]:
        """Messages of ``topic`` (from the start) once ``done(messages)`` holds; the last read after the wait."""
        deadline = asyncio.get_running_loop().time() + wait_seconds
        while True:
            found = await read_messages(topic, self.iso.topic_prefix, 100_000, wait_seconds=0.5)
            if done(found) or asyncio.get_running_loop().time() > deadline:
                return found

    async def create_table(self, database: str, table_input: TableInput) -> None:
        """Create a Glue database (if needed) and table in moto, as another writer would."""
        async with _glue() as glue:
            with contextlib.suppress(glue.exceptions.AlreadyExistsException):
                await glue.create_database(DatabaseInput={"Name": database})
            await glue.create_table(DatabaseName=database, TableInput=table_input.to_boto())

    async def update_table(self, database: str, table_input: TableInput) -> None:
        """Change a table in moto outside mdsync."""
        async with _glue() as glue:
            await glue.update_table(DatabaseName=database, TableInput=table_input.to_boto())

    async def table(self, database: str, name: str) -> dict[str, Any] | None:
        """The table in moto, or None."""
        async with _glue() as glue:
            try:
                return dict((await glue.get_table(DatabaseName=database, Name=name))["Table"])
            except glue.exceptions.EntityNotFoundException:
                return None


def _glue() -> Any:
    return aioboto3.Session(region_name=REGION).client("glue", endpoint_url=ports.glue_endpoint())


@contextlib.asynccontextmanager
async def running(rules_dir: Path, prefix: str, tenant: str = "acme") -> AsyncIterator[Rig]:
    """A mapper on ``rules_dir`` with isolated topics and database, its client sending an admin token."""
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        os.environ.setdefault(name, value)
    iso = await isolated(partitions=2)
    settings = MapperSettings(
        rules_dir=rules_dir,
        glue_endpoint=ports.glue_endpoint(),
        glue_region=REGION,
        consumer_group=f"{iso.topic_prefix}mapper",
        retry_base_seconds=0.05,
    )
    app = build_app(iso.common(tenant=tenant), settings)
    publisher = Publisher("test", ports.kafka_bootstrap(), iso.topic_prefix)
    await publisher.start()
    try:
        async with (
            LifespanManager(app, startup_timeout=60, shutdown_timeout=30),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://mapper", headers=local_headers(Role.ADMIN)
            ) as client,
        ):
            yield Rig(iso, client, publisher, rules_dir, prefix)
    finally:
        await publisher.stop()


def copy_rules(directory: Path) -> Path:
    """The shipped dog, wolf and bear files copied into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for environment in ("dog", "wolf", "bear"):
        shutil.copy(DEFAULT_RULES_DIR / f"{environment}.yaml", directory)
    return directory


@pytest.fixture(scope="module")
async def rig(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Rig]:
    """One mapper per test module (starting one takes seconds)."""
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    rules_dir = copy_rules(tmp_path_factory.mktemp("rules"))
    dog = rules_dir / "dog.yaml"
    dog.write_text(dog.read_text().replace('database_prefix: ""', f'database_prefix: "{prefix}"'))
    async with running(rules_dir, prefix) as started:
        yield started
