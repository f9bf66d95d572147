"""A service built by the runtime exports its message, dead-letter, lag and store metrics at /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

import httpx
import pytest
from asgi_lifespan import LifespanManager
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from pydantic_settings import SettingsConfigDict

from mdsync_contracts.assets import AssetDeleted, DeletionReason
from mdsync_contracts.base import Environment
from mdsync_contracts.topics import ASSET_CHANGES, DEADLETTER, prefixed
from mdsync_runtime.errors import PermanentError
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime, build_service_app
from mdsync_runtime.settings import ServiceSettings
from mdsync_runtime.testing import isolated, wait_until

pytestmark = pytest.mark.integration


class ProbeSettings(ServiceSettings):
    """Settings of the probe service."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_METRICS_PROBE_", extra="ignore", frozen=True)


def deleted(name: str) -> AssetDeleted:
    return AssetDeleted(
        environment=Environment.DOG, tenant="demo", space="SALES", technical_name=name, reason=DeletionReason.VANISHED
    )


def router_factory(release: asyncio.Event) -> Callable[[Runtime], Router]:
    """A router whose handler waits for ``release``, then stores the asset, refusing the ones named BAD*."""

    def build_router(runtime: Runtime) -> Router:
        router = Router()

        @router.on(AssetDeleted)
        async def handle(message: AssetDeleted, _: Delivery) -> None:
            await release.wait()
            if message.technical_name.startswith("BAD"):
                raise PermanentError("refused by the probe")
            await runtime.db["seen"].insert_one({"_id": message.technical_name})

        return router

    return build_router


async def scrape(http: httpx.AsyncClient) -> list[Sample]:
    """Every sample /metrics serves, fetched without a token."""
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return [sample for family in text_string_to_metric_families(response.text) for sample in family.samples]


def total(samples: Iterable[Sample], name: str, **labels: str) -> float:
    """Sum of the samples called ``name`` whose labels include ``labels``."""
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


async def scrape_until_lag(http: httpx.AsyncClient, topic: str, lag: float) -> list[Sample]:
    """Scrape until the consumer lag summed over ``topic``'s partitions is ``lag``."""
    for _ in range(150):
        samples = await scrape(http)
        reported = [s for s in samples if s.name == "mdsync_consumer_lag"]
        if reported and total(reported, "mdsync_consumer_lag", messaging_destination_name=topic) == lag:
            return samples
        await asyncio.sleep(0.1)
    raise AssertionError(f"consumer lag on {topic} never reached {lag}")


async def test_messages_dead_letters_lag_and_store_calls_are_scraped() -> None:
    iso = await isolated(partitions=2)
    release = asyncio.Event()
    settings = ProbeSettings(consumer_group=f"{iso.topic_prefix}probe", retry_base_seconds=0.01)
    app = build_service_app("metrics-probe", iso.common(), settings, router_factory(release))
    topic = prefixed(ASSET_CHANGES, iso.topic_prefix)
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        runtime: Runtime = app.state.runtime
        await runtime.publisher.publish_many([deleted("OK_1"), deleted("OK_2"), deleted("BAD_1")])
        await scrape_until_lag(http, topic, 3)  # fetched, held by the handler, not committed
        release.set()
        await wait_until(lambda: runtime.consumer is not None and runtime.consumer.dead_lettered == 1)
        samples = await scrape_until_lag(http, topic, 0)
    on_topic = {"messaging_destination_name": topic}
    assert total(samples, "messaging_client_sent_messages_total", **on_topic) == 3
    assert total(samples, "messaging_client_consumed_messages_total", **on_topic) == 3
    assert total(samples, "messaging_process_duration_seconds_count", **on_topic) == 3
    assert total(samples, "messaging_process_duration_seconds_count", **on_topic, error_type="dead_lettered") == 1
    assert total(samples, "mdsync_messages_dead_lettered_total", **on_topic, error_type="handler-failed") == 1
    deadletters = prefixed(DEADLETTER, iso.topic_prefix)
    assert total(samples, "messaging_client_sent_messages_total", messaging_destination_name=deadletters) == 1
    inserts = {"db_namespace": iso.mongo_db, "db_collection_name": "seen", "db_operation_name": "insert"}
    assert total(samples, "db_client_operation_duration_seconds_count", **inserts) == 2
    consumed = next(s for s in samples if s.name == "messaging_client_consumed_messages_total")
    assert consumed.labels["tenant"] == "demo"
    assert consumed.labels["environment"] == "dog"
