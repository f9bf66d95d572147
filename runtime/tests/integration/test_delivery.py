"""The shared consume → handle → produce loop against the real broker and store."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from mdsync_contracts.assets import AssetDeleted, DeletionReason
from mdsync_contracts.base import Environment, Message
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.topics import ASSET_CHANGES, DEADLETTER, prefixed
from mdsync_runtime import ports
from mdsync_runtime.consumer import Consumer
from mdsync_runtime.errors import Backoff
from mdsync_runtime.idempotency import Idempotency
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.store import connect_store
from mdsync_runtime.testing import Isolation, isolated, read_messages, span_recorder, wait_until

pytestmark = pytest.mark.integration

Handler = Callable[[AssetDeleted, Delivery], Awaitable[None]]


def deleted(name: str) -> AssetDeleted:
    return AssetDeleted(
        environment=Environment.DOG, tenant="acme", space="SALES", technical_name=name, reason=DeletionReason.VANISHED
    )


@contextlib.asynccontextmanager
async def consuming(iso: Isolation, handler: Handler, max_attempts: int = 3) -> AsyncIterator[Publisher]:
    router = Router()
    router.on(AssetDeleted)(handler)
    publisher = Publisher("test", ports.kafka_bootstrap(), iso.topic_prefix)
    await publisher.start()
    consumer = Consumer(
        service="test",
        router=router,
        publisher=publisher,
        bootstrap=ports.kafka_bootstrap(),
        group=f"{iso.topic_prefix}group",
        environment=Environment.DOG,
        tenant="acme",
        max_attempts=max_attempts,
        backoff=Backoff(base_seconds=0.01),
    )
    await consumer.start()
    task = asyncio.create_task(consumer.run())
    try:
        yield publisher
    finally:
        consumer.stop()
        await task
        await consumer.close()
        await publisher.stop()


async def test_event_travels_with_cloudevents_headers_and_one_trace() -> None:
    iso = await isolated()
    spans = span_recorder()
    received: list[Message] = []

    async def handle(message: AssetDeleted, _: Delivery) -> None:
        received.append(message)

    sent = deleted("ORDERS")
    async with consuming(iso, handle) as publisher:
        await publisher.publish(sent)
        await wait_until(lambda: len(received) == 1)

    assert received == [sent]
    topic = prefixed(ASSET_CHANGES, iso.topic_prefix)
    raw = AIOKafkaConsumer(
        topic,
        bootstrap_servers=ports.kafka_bootstrap(),
        auto_offset_reset="earliest",
    )
    await raw.start()
    try:
        record = await asyncio.wait_for(raw.getone(), 30)
    finally:
        await raw.stop()
    headers = dict(record.headers)
    assert headers["ce_type"] == b"mdsync.datasphere.asset.deleted"
    assert headers["ce_id"] == str(sent.event_id).encode()
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_source"] == b"mdsync/dog/test"
    assert b"traceparent" in {name.encode() for name in headers}
    assert record.key == b"acme/SALES/ORDERS"

    producer_span = next(s for s in spans.get_finished_spans() if s.name == f"{topic} publish")
    consumer_span = next(s for s in spans.get_finished_spans() if s.name == f"{topic} process")
    assert consumer_span.context.trace_id == producer_span.context.trace_id
    assert consumer_span.parent is not None
    assert consumer_span.parent.span_id == producer_span.context.span_id


async def test_poison_messages_are_dead_lettered_and_later_ones_still_handled() -> None:
    iso = await isolated()
    handled: list[str] = []
    attempts: dict[str, int] = {}

    async def handle(message: AssetDeleted, _: Delivery) -> None:
        attempts[message.technical_name] = attempts.get(message.technical_name, 0) + 1
        if message.technical_name == "POISON":
            raise RuntimeError("cannot handle POISON")
        handled.append(message.technical_name)

    topic = prefixed(ASSET_CHANGES, iso.topic_prefix)
    raw = AIOKafkaProducer(bootstrap_servers=ports.kafka_bootstrap())
    await raw.start()
    async with consuming(iso, handle, max_attempts=3) as publisher:
        await raw.send_and_wait(topic, b"{not json", key=b"acme/SALES/BROKEN")
        await publisher.publish(deleted("POISON"))
        await raw.send_and_wait(topic, b'{"tenant": "acme"}', key=b"acme/SALES/NOHEADERS")
        await publisher.publish_many([deleted("A"), deleted("B")])
        await wait_until(lambda: {"A", "B"} <= set(handled))
    await raw.stop()

    letters = [m for m in await read_messages(DEADLETTER, iso.topic_prefix, 3) if isinstance(m, DeadLetter)]
    by_kind = {letter.error_kind: letter for letter in letters}
    assert set(by_kind) == {"missing-headers", "handler-failed"}
    assert len(letters) == 3
    failed = by_kind["handler-failed"]
    assert failed.attempts == 3 == attempts["POISON"]
    assert "cannot handle POISON" in failed.error
    assert failed.original_topic == topic
    assert failed.original_key == "acme/SALES/POISON"
    assert {letter.payload for letter in letters if letter.error_kind == "missing-headers"} == {
        "{not json",
        '{"tenant": "acme"}',
    }


async def test_a_duplicate_event_takes_effect_once() -> None:
    iso = await isolated()
    store = connect_store(ports.mongo_url())
    idempotency = Idempotency(store[iso.mongo_db]["processed"], "test")
    effects: list[str] = []
    deliveries: list[int] = []

    async def effect_of(message: AssetDeleted) -> None:
        effects.append(message.technical_name)

    async def handle(message: AssetDeleted, delivery: Delivery) -> None:
        deliveries.append(delivery.offset)
        await idempotency.run_once(str(message.event_id), lambda: effect_of(message))

    event = deleted("TWICE")
    async with consuming(iso, handle) as publisher:
        await publisher.publish(event)
        await publisher.publish(event)
        await wait_until(lambda: len(deliveries) == 2)

    assert effects == ["TWICE"]
    assert await idempotency.seen(str(event.event_id))
    await store.drop_database(iso.mongo_db)
    await store.close()
