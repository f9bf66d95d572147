"""A tenant's Glue reader signs its calls with credentials from assuming that tenant's role (moto Glue and STS).

moto serves each assumed role's account from its own catalog, so reading the right account is visible too: the
table created in the tenant's account is found by the tenant's reader and not by a reader on another role.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aioboto3
import pytest

from mdsync_mapper.glue import GlueReader, glue_profile, tenant_readers
from mdsync_mapper.settings import MapperSettings
from mdsync_runtime import ports
from mdsync_runtime.aws import ClientProfile, open_client
from mdsync_runtime.tenants import parse_tenants

pytestmark = pytest.mark.integration

REGION = "eu-central-1"
TENANT_ACCOUNT, SERVICE_ACCOUNT = "210987654321", "109876543210"
ACME_ROLE = f"arn:aws:iam::{TENANT_ACCOUNT}:role/acme-glue"
SERVICE_ROLE = f"arn:aws:iam::{SERVICE_ACCOUNT}:role/mdsync-mapper"
TENANTS = f"""
tenants:
  - name: acme
    datasphere: {{base_url: "http://a", token_url: "http://a/t", client_id: a, client_secret_env: S}}
    glue: {{role_arn: "{ACME_ROLE}", database_prefix: acme_}}
  - name: globex
    datasphere: {{base_url: "http://g", token_url: "http://g/t", client_id: g, client_secret_env: S}}
    glue: {{database_prefix: globex_}}
"""


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> MapperSettings:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    moto = ports.glue_endpoint()
    return MapperSettings(glue_endpoint=moto, glue_region=REGION, sts_endpoint=moto, role_arn=SERVICE_ROLE)


@pytest.fixture
async def acme_table(settings: MapperSettings) -> AsyncIterator[tuple[str, str]]:
    """A table in the tenant's account, created by someone else who assumed the tenant's role."""
    setup = glue_profile(settings).model_copy(update={"role_arn": ACME_ROLE, "role_session_name": "test-setup"})
    database = f"acme_{uuid.uuid4().hex[:8]}"
    async with contextlib.AsyncExitStack() as stack:
        glue = await open_client(setup, "glue", stack)
        await glue.create_database(DatabaseInput={"Name": database})
        orders = {"Name": "orders", "StorageDescriptor": {"Columns": [{"Name": "order_id", "Type": "bigint"}]}}
        await glue.create_table(DatabaseName=database, TableInput=orders)
        try:
            yield database, "orders"
        finally:
            await glue.delete_database(Name=database)


async def _signing_keys(reader: GlueReader) -> list[str]:
    """The access keys the reader's GetTable requests are signed with, as sent."""
    keys: list[str] = []

    def seen(request: Any, **_: Any) -> None:
        authorization = request.headers["Authorization"]
        text = authorization.decode() if isinstance(authorization, bytes) else authorization
        keys.append(text.split("Credential=", 1)[1].split("/", 1)[0])

    (await reader.client()).meta.events.register("before-send.glue.GetTable", seen)
    return keys


async def _caller(access_key: str) -> str:
    """Whom moto's STS knows ``access_key`` as (moto looks the key up; it does not check the secret)."""
    session = aioboto3.Session(region_name=REGION)
    client = session.client(
        "sts", endpoint_url=ports.glue_endpoint(), aws_access_key_id=access_key, aws_secret_access_key="unused"
    )
    async with client as sts:
        return str((await sts.get_caller_identity())["Arn"])


async def test_each_tenant_reads_its_glue_target_through_its_assumed_role(
    settings: MapperSettings, acme_table: tuple[str, str]
) -> None:
    readers = tenant_readers(glue_profile(settings), parse_tenants(TENANTS, environ={"S": "x"}), 2)
    acme, globex = readers["acme"], readers["globex"]
    try:
        acme_keys, globex_keys = await _signing_keys(acme), await _signing_keys(globex)
        found = await acme.table(*acme_table)
        assert found is not None
        assert [column.name for column in found.storage_descriptor.columns] == ["order_id"]
        assert await globex.table(*acme_table) is None  # the service role's account has no such table
        assert [await _caller(key) for key in acme_keys] == [
            f"arn:aws:sts::{TENANT_ACCOUNT}:assumed-role/acme-glue/mdsync-mapper-acme"
        ]
        assert [await _caller(key) for key in globex_keys] == [
            f"arn:aws:sts::{SERVICE_ACCOUNT}:assumed-role/mdsync-mapper/mdsync-mapper-globex"
        ]
    finally:
        for reader in readers.values():
            await reader.close()


async def test_without_any_role_the_reader_uses_the_callers_own_credentials(
    settings: MapperSettings, acme_table: tuple[str, str]
) -> None:
    reader = GlueReader(ClientProfile(endpoint_url=settings.glue_endpoint, region=REGION))
    try:
        keys = await _signing_keys(reader)
        assert await reader.table(*acme_table) is None
        assert keys == ["testing"]
    finally:
        await reader.close()
