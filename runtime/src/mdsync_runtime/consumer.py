"""The one consume → handle → produce loop every service runs.

Records are handled in chains (per partition, or per key when the service allows it) that run
concurrently, bounded; each chain keeps offset order. Offsets are
committed only after every record of the batch was handled or dead-lettered, so a crash redelivers
(at-least-once) and idempotent effects make that harmless.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from opentelemetry import trace
from opentelemetry.metrics import Observation

from mdsync_contracts.base import Environment, Message
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.topics import prefixed
from mdsync_runtime.decoding import Rejection, decode_record, payload_text
from mdsync_runtime.errors import Backoff, Treatment, classify
from mdsync_runtime.instruments import LAG_SOURCES, instruments
from mdsync_runtime.metrics import Attributes, attributes
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.settings import Ordering
from mdsync_runtime.telemetry import extract_trace

log = logging.getLogger(__name__)
tracer = trace.get_tracer("mdsync.runtime.consumer")
Record: TypeAlias = ConsumerRecord[bytes, bytes]


class Consumer:
    """Consumes the router's topics in a consumer group and drives each record to an outcome."""

    def __init__(
        self,
        *,
        service: str,
        router: Router,
        publisher: Publisher,
        bootstrap: str,
        group: str,
        environment: Environment,
        tenant: str,
        max_attempts: int = 3,
        backoff: Backoff | None = None,
        max_in_flight: int = 16,
        ordering: Ordering = Ordering.PARTITION,
    ) -> None:
        self.service = service
        self.router = router
        self.publisher = publisher
        self.environment = environment
        self.tenant = tenant
        self.max_attempts = max_attempts
        self.backoff = backoff or Backoff()
        self.topics = sorted(prefixed(topic, publisher.topic_prefix) for topic in router.topics)
        self._consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=bootstrap,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=500,
        )
        self._stopping = asyncio.Event()
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self.ordering = ordering
        self.group = group
        self._committed: dict[TopicPartition, int] = {}
        self.handled = 0
        self.dead_lettered = 0

    async def start(self) -> None:
        """Join the consumer group."""
        await self._consumer.start()
        LAG_SOURCES.add(id(self), self.lag)

    @property
    def assigned(self) -> bool:
        """True once the group gave this consumer at least one partition."""
        return bool(self._consumer.assignment())

    def stop(self) -> None:
        """Ask the loop to finish its batch, commit and leave."""
        self._stopping.set()

    async def close(self) -> None:
        """Leave the group."""
        LAG_SOURCES.remove(id(self))
        await self._consumer.stop()

    def lag(self) -> list[Observation]:
        """Per assigned partition that delivered records: records not yet handled and committed."""
        found = []
        for tp in list(self._consumer.assignment()):
            highwater, committed = self._consumer.highwater(tp), self._committed.get(tp)
            if highwater is not None and committed is not None:
                labels = self._labels(tp.topic) | {"messaging.destination.partition.id": str(tp.partition)}
                found.append(Observation(max(highwater - committed, 0), labels))
        return found

    def _labels(self, topic: str) -> Attributes:
        return attributes(
            {
                "messaging.system": "kafka",
                "messaging.destination.name": topic,
                "messaging.consumer.group.name": self.group,
            }
        )

    async def run(self) -> None:
        """Consume until ``stop()``; each batch is handled, then committed."""
        while not self._stopping.is_set():
            batches = await self._consumer.getmany(timeout_ms=300, max_records=500)
            if not batches:
                continue
            for tp, records in batches.items():
                # The group's position before this batch; max() drops a stale value after a rebalance.
                self._committed[tp] = max(self._committed.get(tp, 0), records[0].offset)
            async with asyncio.TaskGroup() as group:
                for chain in chains(batches.values(), self.ordering):
                    group.create_task(self._handle_chain(chain))
            await self._commit(batches)

    async def _commit(self, batches: dict[TopicPartition, list[Record]]) -> None:
        offsets = {tp: records[-1].offset + 1 for tp, records in batches.items()}
        try:
            await self._consumer.commit(offsets)
        except (CommitFailedError, KafkaError) as error:
            log.warning("commit failed; records will be redelivered", extra={"error": str(error)})
            return
        self._committed.update(offsets)

    async def _handle_chain(self, records: Sequence[Record]) -> None:
        async with self._in_flight:
            for record in records:
                await self.handle_record(record)

    async def handle_record(self, record: Record) -> None:
        """Decode, handle with retries, or dead-letter one record; never raises for bad input."""
        started = time.perf_counter()
        instruments().consumed.add(1, self._labels(record.topic))
        context = extract_trace(record.headers)
        name = f"{record.topic} process"
        with tracer.start_as_current_span(name, context=context, kind=trace.SpanKind.CONSUMER) as span:
            span.set_attributes(
                {
                    "messaging.system": "kafka",
                    "messaging.destination.name": record.topic,
                    "messaging.kafka.destination.partition": record.partition,
                    "messaging.kafka.message.offset": record.offset,
                    "messaging.kafka.message.key": (record.key or b"").decode("utf-8", "replace"),
                    "messaging.consumer.group.name": self.service,
                }
            )
            decoded = decode_record(record.value, list(record.headers or ()))
            if isinstance(decoded, Rejection):
                await self._dead_letter(record, decoded.kind, decoded.reason, 1, decoded.ce_type)
                handled = False
            else:
                handled = await self._handle_message(decoded, record)
        labels = self._labels(record.topic)
        if not handled:
            labels["error.type"] = "dead_lettered"
        instruments().process_duration.record(time.perf_counter() - started, labels)

    async def _handle_message(self, message: Message, record: Record) -> bool:
        """Handle with retries; False when the record ended dead-lettered."""
        handler = self.router.handler_for(message)
        if handler is None:
            return True
        delivery = Delivery(record.topic, record.partition, record.offset, _text(record.key))
        attempt = 0
        while True:
            attempt += 1
            try:
                await handler(message, delivery)
                self.handled += 1
                return True
            except Exception as error:  # every failure is classified, recorded and bounded below
                treatment = classify(error, attempt, self.max_attempts)
                log.warning(
                    "handler failed",
                    extra={"attempt": attempt, "treatment": treatment.value, "error": repr(error)},
                )
                if treatment is Treatment.DEAD_LETTER:
                    reason = f"{type(error).__name__}: {error}"
                    await self._dead_letter(record, "handler-failed", reason, attempt, message.CE_TYPE, message)
                    return False
                await asyncio.sleep(self.backoff.delay(attempt))

    async def _dead_letter(
        self,
        record: Record,
        kind: str,
        reason: str,
        attempts: int,
        ce_type: str | None,
        message: Message | None = None,
    ) -> None:
        letter = DeadLetter(
            environment=message.environment if message else self.environment,
            tenant=message.tenant if message else self.tenant,
            job_id=message.job_id if message else None,
            correlation_id=message.correlation_id if message else None,
            causation_id=message.event_id if message else None,
            asset_id=message.asset_id if message else None,
            service=self.service,
            original_topic=record.topic,
            original_partition=record.partition,
            original_offset=record.offset,
            original_key=_text(record.key),
            original_ce_type=ce_type,
            error_kind=kind,
            error=reason,
            attempts=attempts,
            payload=payload_text(record.value),
        )
        await self.publisher.publish(letter)
        self.dead_lettered += 1
        instruments().dead_lettered.add(1, self._labels(record.topic) | {"error.type": kind})
        log.error("dead-lettered", extra={"error_kind": kind, "reason": reason, "offset": record.offset})


def chains(batches: Iterable[Sequence[Record]], ordering: Ordering) -> list[list[Record]]:
    """Split a batch into chains that are each handled in offset order, concurrently with one another.

    By partition, every record keeps its partition's order. By key, one entity's messages (same key,
    same partition) keep their order while different entities proceed in parallel; records without a key
    stay in one chain per partition.
    """
    grouped: dict[tuple[str, int, bytes | None], list[Record]] = {}
    for records in batches:
        for record in records:
            key = record.key if ordering is Ordering.KEY else None
            grouped.setdefault((record.topic, record.partition, key), []).append(record)
    return list(grouped.values())


def _text(key: bytes | None) -> str | None:
    return key.decode("utf-8", "backslashreplace") if key is not None else None
