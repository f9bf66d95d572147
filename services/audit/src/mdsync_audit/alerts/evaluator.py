"""The periodic evaluator: snapshot → rules → one open alert per cause → events and notices."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from mdsync_audit.alerts.delivery.dispatcher import Dispatcher
from mdsync_audit.alerts.gather import Gatherer
from mdsync_audit.alerts.lifecycle import CAUSE_GONE, acknowledged, plan, raised, resolved
from mdsync_audit.alerts.messages import AlertEvent, alert_event
from mdsync_audit.alerts.model import AlertDoc
from mdsync_audit.alerts.rules import evaluate
from mdsync_audit.alerts.settings import RuleSettings
from mdsync_audit.alerts.store import AlertStore
from mdsync_contracts.base import Environment
from mdsync_runtime.publisher import Publisher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Evaluator:
    """Evaluates the rules and announces every alert change (event on the topic, notice to the channels)."""

    store: AlertStore
    gatherer: Gatherer
    publisher: Publisher
    dispatcher: Dispatcher
    rules: RuleSettings
    environment: Environment
    tenant: str
    outbox_grace: timedelta = timedelta(seconds=60)

    async def evaluate_once(self, now: datetime | None = None) -> list[AlertEvent]:
        """One evaluation; returns the events it published (raised and resolved alerts)."""
        moment = now or datetime.now(UTC)
        await self.flush_outbox(moment)
        findings = evaluate(await self.gatherer.snapshot(self.rules, moment), self.rules)
        todo = plan(findings, await self.store.known(f.alert_id for f in findings))
        changed: list[AlertDoc | None] = []
        for found in todo.raise_:
            changed.append(await self.store.change(found.alert_id, partial(raised, found=found, now=moment)))
        for alert_id in todo.resolve:
            changed.append(await self.store.change(alert_id, partial(resolved, reason=CAUSE_GONE, now=moment)))
        return await self.announce([doc for doc in changed if doc is not None])

    async def acknowledge(self, alert_id: str, by: str, reason: str) -> AlertDoc | None:
        """Acknowledge an open alert and announce it; None when there is no such alert."""
        if await self.store.get(alert_id) is None:
            return None
        moment = datetime.now(UTC)
        doc = await self.store.change(alert_id, partial(acknowledged, by=by, reason=reason, now=moment))
        if doc is not None:
            await self.announce([doc])
        return doc

    async def announce(self, docs: list[AlertDoc]) -> list[AlertEvent]:
        """Publish each change (waiting for the broker), mark it published, hand it to delivery."""
        events = [alert_event(doc, self.environment, self.tenant) for doc in docs]
        for doc, event in zip(docs, events, strict=True):
            await self.publisher.publish(event)
            await self.store.mark_published(doc)
            self.dispatcher.offer(event)
        return events

    async def flush_outbox(self, now: datetime) -> None:
        """Announce changes written but still unpublished after ``outbox_grace`` (the writer stopped in between).

        The grace keeps a round from re-sending what another round or an ack is publishing at this moment.
        """
        pending = [doc for doc in await self.store.outbox() if now - doc.event_at > self.outbox_grace]
        if pending:
            await self.announce(pending)

    async def run(self, interval_seconds: float) -> None:
        """Evaluate every ``interval_seconds`` until cancelled; a failed round is logged and the next one runs."""
        while True:
            await asyncio.sleep(interval_seconds)
            try:
                await self.evaluate_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("alert evaluation failed; retrying next interval")
