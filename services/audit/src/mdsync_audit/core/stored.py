"""The stored form of every consumed event, and how it is built from a message and its Kafka coordinates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.base import Command, Message
from mdsync_contracts.registry import model_for
from mdsync_contracts.upcasting import upcast


class Doc(BaseModel):
    """Base of every stored document: ``_id`` in the store, ``id`` in Python, JSON-safe values."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    id: str = Field(alias="_id", description="Document key.")

    def to_doc(self) -> dict[str, Any]:
        """The document as written to the store: values at their default are left out (reads restore them)."""
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)


class EventRef(BaseModel):
    """Where an event is: its id and its Kafka coordinates."""

    model_config = ConfigDict(frozen=True)

    event_id: str = Field(description="The event's id.")
    type: str = Field(description="Its CloudEvents type.")
    topic: str = Field(description="Topic it was read from (with the environment prefix).")
    partition: int = Field(description="Partition it was read from.")
    offset: int = Field(description="Offset it had there.")
    occurred_at: datetime = Field(description="When it happened.")


class StoredEvent(Doc):
    """One consumed event, stored once under its event id, with the coordinates it was first read at."""

    type: str = Field(description="CloudEvents type (`ce_type`).", examples=["mdsync.glue.table.applied"])
    base_topic: str = Field(description="Contract topic, without prefix.", examples=["mdsync.glue.results.v1"])
    topic: str = Field(description="Topic as read, with prefix.", examples=["dog.mdsync.glue.results.v1"])
    partition: int = Field(description="Kafka partition.")
    offset: int = Field(description="Kafka offset.")
    key: str | None = Field(default=None, description="Kafka key.")
    occurred_at: datetime = Field(description="When the fact happened.")
    tenant: str = Field(description="Tenant.")
    environment: str = Field(description="Environment that produced it.")
    job_id: str | None = Field(default=None, description="Job it belongs to.")
    correlation_id: str | None = Field(default=None, description="Correlation id.")
    causation_id: str | None = Field(default=None, description="Event that caused it.")
    asset_id: str | None = Field(default=None, description="Asset it concerns.")
    requester: str | None = Field(default=None, description="Requester, for commands.")
    payload: dict[str, Any] = Field(description="The message as JSON (fields at their default left out).")
    applied: bool = Field(default=False, description="True once every view reflects this event.")

    @property
    def ref(self) -> EventRef:
        """This event's id and coordinates."""
        return EventRef(
            event_id=self.id,
            type=self.type,
            topic=self.topic,
            partition=self.partition,
            offset=self.offset,
            occurred_at=self.occurred_at,
        )

    def message(self) -> Message:
        """The typed message again (upcast to the current schema version)."""
        model = model_for(self.type)
        return model.model_validate(upcast(self.type, dict(self.payload), model.current_version()))

    @property
    def order(self) -> tuple[str, int, int]:
        """Replay order: per partition by offset, as it was consumed."""
        return (self.topic, self.partition, self.offset)


def stored_event(message: Message, topic: str, partition: int, offset: int, key: str | None) -> StoredEvent:
    """Build the stored form of ``message`` read at ``topic``/``partition``/``offset``."""
    return StoredEvent(
        id=str(message.event_id),
        type=message.CE_TYPE,
        base_topic=message.TOPIC,
        topic=topic,
        partition=partition,
        offset=offset,
        key=key,
        occurred_at=message.occurred_at,
        tenant=message.tenant,
        environment=message.environment.value,
        job_id=message.job_id,
        correlation_id=message.correlation_id,
        causation_id=str(message.causation_id) if message.causation_id else None,
        asset_id=message.asset_id,
        requester=message.requester if isinstance(message, Command) else None,
        payload=compact_payload(message),
    )


def compact_payload(message: Message) -> dict[str, Any]:
    """The message as JSON without fields at their default, but always with its schema version.

    Leaving defaults out makes stored events much smaller; the schema version stays because upcasting reads
    it (a class whose default version is 2 must not read back as version 1).
    """
    return message.model_dump(mode="json", exclude_defaults=True) | {"schema_version": message.schema_version}


def minute_of(moment: datetime) -> str:
    """The UTC minute bucket of ``moment``: ``YYYY-MM-DDTHH:MM``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def day_of(moment: datetime) -> str:
    """The UTC day of ``moment``: ``YYYY-MM-DD``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def later(a: tuple[datetime, str] | None, b: tuple[datetime, str]) -> bool:
    """True when stamp ``b`` (time, event id) is newer than ``a``: the latest-wins order every view uses."""
    return a is None or b > a
