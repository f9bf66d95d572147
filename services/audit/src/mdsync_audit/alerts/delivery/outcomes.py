"""Delivery outcomes: one document per notice and channel, listed under the alert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import Field
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.alerts.delivery.routing import ChannelName
from mdsync_audit.alerts.store import LISTINGS
from mdsync_audit.core.stored import Doc
from mdsync_audit.store import sets
from mdsync_audit.store.docs import load_many, put
from mdsync_runtime.store import Document

DELIVERIES = "alert_deliveries"
BY_ALERT = "alert-deliveries:"


class DeliveryStatus(StrEnum):
    """How a delivery ended."""

    DELIVERED = "delivered"
    FAILED = "failed"
    DROPPED = "dropped"


class DeliveryOutcome(Doc):
    """What became of one notice on one channel (``id`` = `{event_id}|{channel}`)."""

    alert_id: str = Field(description="The alert.")
    event_id: str = Field(description="The alert event delivered.")
    channel: ChannelName = Field(description="Where to.")
    status: DeliveryStatus = Field(description="delivered, failed (attempts used up or refused) or dropped.")
    attempts: int = Field(default=0, description="Attempts made.")
    error: str | None = Field(default=None, description="Last error, when it failed.")
    at: datetime = Field(description="When it ended.")


def outcome_id(event_id: str, channel: ChannelName) -> str:
    """Key of a delivery outcome."""
    return f"{event_id}|{channel.value}"


@dataclass(frozen=True)
class OutcomeStore:
    """Writes and reads delivery outcomes (keyed)."""

    db: AsyncDatabase[Document]

    async def record(self, outcome: DeliveryOutcome) -> None:
        """Store ``outcome`` and list it under its alert."""
        await sets.write(self.db[LISTINGS], [sets.add_op(BY_ALERT + outcome.alert_id, 0, outcome.id)])
        await put(self.db[DELIVERIES], outcome)

    async def of_alert(self, alert_id: str) -> list[DeliveryOutcome]:
        """Every recorded delivery of an alert, newest first."""
        name = BY_ALERT + alert_id
        ids = sorted((await sets.members(self.db[LISTINGS], [name], 1))[name])
        found = await load_many(self.db[DELIVERIES], DeliveryOutcome, ids)
        return sorted(found.values(), key=lambda o: (o.at, o.id), reverse=True)
