"""Background delivery: a bounded queue, a few workers, retries with backoff; offering never blocks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mdsync_audit.alerts.delivery.channels import Channel, DeliveryError
from mdsync_audit.alerts.delivery.outcomes import DeliveryOutcome, DeliveryStatus, outcome_id
from mdsync_audit.alerts.delivery.routing import ChannelName, Route, channels_for
from mdsync_audit.alerts.messages import AlertEvent
from mdsync_runtime.errors import INFRASTRUCTURE_ERRORS, Backoff

log = logging.getLogger(__name__)
Record = Callable[[DeliveryOutcome], Awaitable[None]]


@dataclass(frozen=True)
class Policy:
    """How hard to try."""

    queue_size: int = 1000
    workers: int = 2
    max_attempts: int = 5
    backoff: Backoff = field(default_factory=lambda: Backoff(1.0, 60.0))


@dataclass(frozen=True)
class _Task:
    notice: AlertEvent
    channel: Channel


class Dispatcher:
    """Routes notices to channels and delivers them in the background; outcomes go to ``record``."""

    def __init__(self, channels: list[Channel], routes: tuple[Route, ...], record: Record, policy: Policy) -> None:
        self._channels = {c.name: c for c in channels}
        self._routes = routes
        self._record = record
        self._policy = policy
        self._queue: asyncio.Queue[_Task] = asyncio.Queue(policy.queue_size)
        self._tasks: set[asyncio.Task[None]] = set()

    def offer(self, notice: AlertEvent) -> tuple[ChannelName, ...]:
        """Queue ``notice`` for its routed channels without waiting; a full queue drops it (recorded)."""
        names = channels_for(self._routes, tuple(self._channels), notice.environment, notice.severity)
        for name in names:
            try:
                self._queue.put_nowait(_Task(notice, self._channels[name]))
            except asyncio.QueueFull:
                log.warning("alert delivery queue full; notice dropped", extra={"alert_id": notice.alert_id})
                self._spawn(self._finish(notice, name, DeliveryStatus.DROPPED, 0, "delivery queue full"))
        return names

    def start(self) -> None:
        """Start the workers."""
        for n in range(self._policy.workers):
            self._spawn(self._work(), name=f"alert-delivery-{n}")

    async def stop(self) -> None:
        """Cancel the workers and pending recordings, and wait for them."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def drain(self) -> None:
        """Wait until every queued notice has been handled (tests and shutdown)."""
        await self._queue.join()

    def _spawn(self, work: Awaitable[None], name: str | None = None) -> None:
        task = asyncio.ensure_future(work)
        if name:
            task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _work(self) -> None:
        while True:
            task = await self._queue.get()
            try:
                await self._deliver(task)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # a bug in a channel must not stop the worker; it is logged and recorded
                log.exception("alert delivery failed unexpectedly", extra={"alert_id": task.notice.alert_id})
                await self._finish(task.notice, task.channel.name, DeliveryStatus.FAILED, 0, repr(error))
            finally:
                self._queue.task_done()

    async def _deliver(self, task: _Task) -> None:
        """Try up to ``max_attempts`` times with backoff between; a non-retryable failure ends it at once."""
        for attempt in range(1, self._policy.max_attempts + 1):
            try:
                await task.channel.send(task.notice)
            except DeliveryError as failure:
                if attempt == self._policy.max_attempts or not failure.retryable:
                    await self._finish(task.notice, task.channel.name, DeliveryStatus.FAILED, attempt, str(failure))
                    return
                await asyncio.sleep(self._policy.backoff.delay(attempt))
            else:
                await self._finish(task.notice, task.channel.name, DeliveryStatus.DELIVERED, attempt, None)
                return

    async def _finish(
        self, notice: AlertEvent, channel: ChannelName, status: DeliveryStatus, attempts: int, error: str | None
    ) -> None:
        outcome = DeliveryOutcome(
            id=outcome_id(str(notice.event_id), channel),
            alert_id=notice.alert_id,
            event_id=str(notice.event_id),
            channel=channel,
            status=status,
            attempts=attempts,
            error=error,
            at=datetime.now(UTC),
        )
        try:
            await self._record(outcome)
        except INFRASTRUCTURE_ERRORS:
            log.warning("delivery outcome not recorded (store unavailable)", extra={"alert_id": notice.alert_id})
