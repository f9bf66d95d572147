"""An unreachable Glue is reported as a ConnectionError, which the runtime waits out instead of dead-lettering."""

import pytest

from mdsync_contracts.base import Environment
from mdsync_glue_writer.catalog import GlueCatalog, GlueUnreachableError
from mdsync_glue_writer.glue_client import GlueClients, resolve_profile
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_runtime.errors import Backoff, Treatment, classify


async def test_a_closed_endpoint_ends_in_glue_unreachable_after_the_retries() -> None:
    settings = GlueWriterSettings(glue_endpoint="http://127.0.0.1:9", region="eu-central-1", boto_max_attempts=1)
    clients = GlueClients(resolve_profile(settings, Environment.DOG, {}))
    catalog = GlueCatalog(clients, concurrency=1, backoff=Backoff(0.001, 0.001), retries=1)
    try:
        with pytest.raises(GlueUnreachableError) as raised:
            await catalog.get_table("sales", "sales_orders")
    finally:
        await clients.close()
    assert "get_table still failing after 2 attempts" in str(raised.value)
    assert classify(raised.value, attempt=99, max_attempts=3) is Treatment.WAIT_FOR_DEPENDENCY
