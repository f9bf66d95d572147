"""Role assumption end to end against moto's STS: Glue calls are signed with the assumed role's credentials."""

import pytest

from mdsync_contracts.base import Environment
from mdsync_glue_writer.glue_client import GlueClients, resolve_profile
from mdsync_runtime import ports

from .conftest import moto_settings

pytestmark = pytest.mark.integration


async def test_glue_calls_use_the_assumed_role() -> None:
    settings = moto_settings(sts_endpoint=ports.glue_endpoint(), role_arn="arn:aws:iam::123456789012:role/mdsync-glue")
    clients = GlueClients(resolve_profile(settings, Environment.DOG, {}))
    try:
        client = await clients.get()
        await client.get_databases()
        credentials = await client._request_signer._credentials.get_frozen_credentials()
        assert credentials.access_key.startswith("ASIA")  # temporary credentials from AssumeRole
    finally:
        await clients.close()
