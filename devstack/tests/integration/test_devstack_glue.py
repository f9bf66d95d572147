"""aioboto3's Glue client against the devstack's moto server."""

from __future__ import annotations

import uuid

import aioboto3
import pytest

from mdsync_runtime import ports

pytestmark = pytest.mark.integration


@pytest.fixture
def aws_test_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")


@pytest.mark.usefixtures("aws_test_credentials")
async def test_create_database_and_table_then_read_the_table_back() -> None:
    database = f"devstack_test_{uuid.uuid4().hex[:12]}"
    columns = [{"Name": "matnr", "Type": "string"}, {"Name": "menge", "Type": "decimal(13,3)"}]
    session = aioboto3.Session()
    async with session.client("glue", endpoint_url=ports.glue_endpoint(), region_name="eu-central-1") as glue:
        await glue.create_database(DatabaseInput={"Name": database, "Description": "devstack test"})
        await glue.create_table(
            DatabaseName=database,
            TableInput={
                "Name": "material_stock",
                "TableType": "EXTERNAL_TABLE",
                "Parameters": {"mdsync:owner": "mdsync"},
                "StorageDescriptor": {"Columns": columns, "Location": "s3://bucket/material_stock/"},
            },
        )
        try:
            table = (await glue.get_table(DatabaseName=database, Name="material_stock"))["Table"]
        finally:
            await glue.delete_table(DatabaseName=database, Name="material_stock")
            await glue.delete_database(Name=database)

    assert table["DatabaseName"] == database
    assert table["StorageDescriptor"]["Columns"] == columns
    assert table["Parameters"] == {"mdsync:owner": "mdsync"}
