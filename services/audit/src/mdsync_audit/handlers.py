"""Kafka handlers of the audit service: every message on every topic goes to the ingestor."""

from __future__ import annotations

import logging

from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.ingest import Ingestor
from mdsync_audit.store.projector import Projector
from mdsync_contracts.base import Message
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.topics import ALL_TOPICS, DEADLETTER
from mdsync_runtime.errors import INFRASTRUCTURE_ERRORS
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime

INGESTOR = "ingestor"
log = logging.getLogger(__name__)


def is_dead_letter_echo(message: Message) -> bool:
    """A dead letter about a dead letter: what the audit's own failure on a dead letter would produce."""
    return isinstance(message, DeadLetter) and message.original_topic.endswith(DEADLETTER)


def build_router(runtime: Runtime) -> Router:
    """Consume every topic, dead letters included, into the audit store."""
    settings = runtime.settings
    assert isinstance(settings, AuditSettings)
    ingestor = Ingestor(runtime.db, Projector(runtime.db, settings))
    runtime.state[INGESTOR] = ingestor
    router = Router()

    @router.on_any(*ALL_TOPICS)
    async def store(message: Message, delivery: Delivery) -> None:
        try:
            await ingestor.ingest(message, delivery)
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception:
            if not is_dead_letter_echo(message):
                raise
            # Dead-lettering it again would feed the same failure back forever; it is logged (and stored, unless
            # storing it was what failed).
            log.exception("views not updated for a dead letter about a dead letter", extra={"offset": delivery.offset})

    return router
