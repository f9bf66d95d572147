"""Kafka handlers of the audit service: every message on every topic goes to the ingestor."""

from __future__ import annotations

from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.ingest import Ingestor
from mdsync_audit.store.projector import Projector
from mdsync_contracts.base import Message
from mdsync_contracts.topics import ALL_TOPICS
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime

INGESTOR = "ingestor"


def build_router(runtime: Runtime) -> Router:
    """Consume every topic, dead letters included, into the audit store."""
    settings = runtime.settings
    assert isinstance(settings, AuditSettings)
    ingestor = Ingestor(runtime.db, Projector(runtime.db, settings))
    runtime.state[INGESTOR] = ingestor
    router = Router()

    @router.on_any(*ALL_TOPICS)
    async def store(message: Message, delivery: Delivery) -> None:
        await ingestor.ingest(message, delivery)

    return router
