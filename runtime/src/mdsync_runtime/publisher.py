"""Publishing typed messages to Kafka as CloudEvents, inside a producer span."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer
from opentelemetry import trace

from mdsync_contracts.base import Message
from mdsync_contracts.cloudevents import encode
from mdsync_contracts.topics import prefixed
from mdsync_runtime.instruments import instruments
from mdsync_runtime.metrics import attributes
from mdsync_runtime.telemetry import inject_trace

tracer = trace.get_tracer("mdsync.runtime.publisher")


class Publisher:
    """Sends messages with the idempotent producer (acks=all); every send is awaited before returning."""

    def __init__(self, service: str, bootstrap: str, topic_prefix: str = "") -> None:
        self.service = service
        self.topic_prefix = topic_prefix
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", linger_ms=5)

    async def start(self) -> None:
        """Connect to the broker."""
        await self._producer.start()

    async def stop(self) -> None:
        """Flush and disconnect."""
        await self._producer.stop()

    def topic_of(self, message: Message) -> str:
        """The full (prefixed) topic ``message`` travels on."""
        return prefixed(message.TOPIC, self.topic_prefix)

    async def publish(self, message: Message) -> None:
        """Send one message and wait for the broker's acknowledgement."""
        await self.publish_many([message])

    async def publish_many(self, messages: Iterable[Message]) -> None:
        """Send messages in order per key and wait until the broker acknowledged all of them."""
        pending = [await self._send(message) for message in messages]
        if pending:
            await asyncio.gather(*pending)

    async def _send(self, message: Message) -> asyncio.Future[object]:
        topic = self.topic_of(message)
        with tracer.start_as_current_span(f"{topic} publish", kind=trace.SpanKind.PRODUCER) as span:
            span.set_attributes(
                {
                    "messaging.system": "kafka",
                    "messaging.destination.name": topic,
                    "messaging.message.id": str(message.event_id),
                    "cloudevents.event_type": message.CE_TYPE,
                }
            )
            value, headers = encode(message, self.service)
            future: asyncio.Future[object] = await self._producer.send(
                topic, value=value, key=message.key().encode(), headers=inject_trace(headers)
            )
            future.add_done_callback(functools.partial(_count_sent, topic))
            return future


def _count_sent(topic: str, future: asyncio.Future[object]) -> None:
    """Count an acknowledged (or failed) send, per OTel messaging conventions."""
    labels = attributes({"messaging.system": "kafka", "messaging.destination.name": topic})
    error = future.exception() if not future.cancelled() else asyncio.CancelledError()
    if error is not None:
        labels["error.type"] = type(error).__name__
    instruments().sent.add(1, labels)
