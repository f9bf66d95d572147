"""Store latency for every service: ``db.client.operation.duration`` per command, from PyMongo's command events."""

from __future__ import annotations

from pymongo import monitoring

from mdsync_runtime.instruments import instruments
from mdsync_runtime.metrics import attributes

UNTIMED = frozenset({"hello", "ismaster", "isMaster", "ping", "endSessions", "saslStart", "saslContinue"})
"""Handshake and health commands: not operations anybody waits on."""

CommandEnd = monitoring.CommandSucceededEvent | monitoring.CommandFailedEvent


class StoreTimings(monitoring.CommandListener):
    """Records each command's duration by operation and collection (OTel database conventions)."""

    def __init__(self) -> None:
        self._collections: dict[tuple[object, int], str] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        """Remember which collection the command names (only the started event carries it)."""
        collection = event.command.get(event.command_name)
        if event.command_name not in UNTIMED and isinstance(collection, str):
            self._collections[(event.connection_id, event.request_id)] = collection

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Record a completed command; one whose writes were refused (e.g. duplicate keys) counts as write_error."""
        self._record(event, "write_error" if event.reply.get("writeErrors") else None)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Record a failed command with its error code name."""
        self._record(event, str(event.failure.get("codeName") or "error"))

    def _record(self, event: CommandEnd, error: str | None) -> None:
        collection = self._collections.pop((event.connection_id, event.request_id), None)
        if event.command_name in UNTIMED:
            return
        labels: dict[str, str] = {"db.system.name": "mongodb", "db.operation.name": event.command_name}
        labels["db.namespace"] = event.database_name
        if collection is not None:
            labels["db.collection.name"] = collection
        if error is not None:
            labels["error.type"] = error
        instruments().db_operation_duration.record(event.duration_micros / 1e6, attributes(labels))
