"""The credentials report reaches its topic as soon as reporting starts (then daily)."""

import asyncio
import contextlib
from datetime import UTC, datetime
from functools import partial

import pytest
from pydantic import SecretStr

from mdsync_contracts.base import Environment
from mdsync_contracts.credentials import CredentialsReported
from mdsync_contracts.topics import DATASPHERE_CREDENTIALS
from mdsync_extractor.credentials_report import credentials_report, report_forever
from mdsync_extractor.settings import ExtractorSettings
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.testing import isolated, read_messages

pytestmark = pytest.mark.integration


async def test_a_report_is_published_at_start() -> None:
    iso = await isolated(partitions=1)
    settings = ExtractorSettings(
        client_id="sb-sync",
        client_secret=SecretStr("very-real-secret-1"),
        client_secret_expires_at=datetime(2027, 2, 26, tzinfo=UTC),
    )
    publisher = Publisher("extractor", iso.common().kafka_bootstrap, iso.topic_prefix)
    await publisher.start()
    task = asyncio.create_task(
        report_forever(publisher, partial(credentials_report, settings, Environment.DOG, "acme"), 3600)
    )
    try:
        (report,) = await read_messages(DATASPHERE_CREDENTIALS, iso.topic_prefix, 1, wait_seconds=30)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await publisher.stop()
    assert isinstance(report, CredentialsReported)
    assert (report.client_id, report.secret_expires_at) == ("sb-sync", settings.client_secret_expires_at)
