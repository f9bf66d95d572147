"""Kafka handlers of the glue-writer service: decode → core → publish, each command applied once."""

from __future__ import annotations

import asyncio
import contextlib

from mdsync_contracts.base import Message
from mdsync_contracts.glue import ApproveChange, DeleteTable, DeprecateTable, EnsureDatabase, UpsertTable
from mdsync_glue_writer.writer import STATE_KEY, build_writer, writer_of
from mdsync_runtime.idempotency import Idempotency
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime

PROCESSED = "glue_writer_processed"
DRAIN_SECONDS = 15.0


def build_router(runtime: Runtime) -> Router:
    """Build the writer and route every glue command to it."""
    writer = build_writer(runtime)
    runtime.state[STATE_KEY] = writer
    once = Idempotency(runtime.db[PROCESSED], runtime.service)
    router = Router()

    async def apply_and_publish(message: Message) -> None:
        await runtime.publisher.publish_many(await writer.processor_for(message).handle(message))

    @router.on(EnsureDatabase, UpsertTable, DeprecateTable, DeleteTable, ApproveChange)
    async def handle(message: Message, delivery: Delivery) -> None:
        async with writer.in_flight:
            await once.run_once(str(message.event_id), lambda: apply_and_publish(message))

    return router


async def on_start(runtime: Runtime) -> None:
    """Start the deprecated-table sweep."""
    for sweeper in writer_of(runtime).sweepers:
        sweeper.start()


async def on_stop(runtime: Runtime) -> None:
    """Stop the sweep, let the consumer finish its batch, then close the Glue client."""
    writer = writer_of(runtime)
    for sweeper in writer.sweepers:
        await sweeper.stop()
    if runtime.consumer is not None:
        runtime.consumer.stop()
    # The runtime stops the consumer only after this hook; wait for in-flight handlers before closing.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(DRAIN_SECONDS):
            await writer.in_flight.quiet()
    await writer.close()
