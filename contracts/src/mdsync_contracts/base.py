"""The envelope every mdsync message shares."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Environment(StrEnum):
    """Deployment environment: dog (development), wolf (test), bear (production)."""

    DOG = "dog"
    WOLF = "wolf"
    BEAR = "bear"


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Message(BaseModel):
    """Base of every event and command on an mdsync topic.

    Subclasses set ``CE_TYPE`` (the CloudEvents type) and ``TOPIC`` (the topic constant it travels on).
    Readers ignore unknown fields so that additive changes never break a subscriber. A class whose
    schema grows redeclares ``schema_version`` with the new default and registers an upcaster.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    CE_TYPE: ClassVar[str]
    TOPIC: ClassVar[str]

    schema_version: int = Field(
        default=1,
        description="Version of this message's schema; older payloads are upcast on read.",
        examples=[1],
    )
    event_id: UUID = Field(
        default_factory=uuid4,
        description="Unique id of this message; also the CloudEvents `ce_id`.",
        examples=["1b4e28ba-2fa1-11d2-883f-0016d3cca427"],
    )
    occurred_at: datetime = Field(
        default_factory=utc_now,
        description="When the fact happened (UTC, ISO 8601).",
        examples=["2026-11-26T08:00:00Z"],
    )
    environment: Environment = Field(description="Environment that produced the message.", examples=["dog"])
    tenant: str = Field(description="Datasphere tenant the message concerns.", examples=["acme"])
    job_id: str | None = Field(
        default=None,
        description="Sync job this message belongs to, if any; also the correlation id of a job's messages.",
        examples=["job-20261126-0001"],
    )
    correlation_id: str | None = Field(
        default=None,
        description="Groups the messages of one logical operation (defaults to the job id when part of a job).",
        examples=["job-20261126-0001"],
    )
    causation_id: UUID | None = Field(
        default=None,
        description="event_id of the message that caused this one; None for a root cause.",
        examples=["0f8fad5b-d9cb-469f-a165-70867728950e"],
    )
    asset_id: str | None = Field(
        default=None,
        description="Datasphere asset `{tenant}/{space}/{technical_name}` when the message concerns one.",
        examples=["acme/SALES/SALES_ORDERS"],
    )
    initiated_by: str | None = Field(
        default=None,
        description="The person (token subject) or schedule whose request started the chain this message is part "
        "of, carried from the job to every message it causes; in bear they cannot approve a change they caused.",
        examples=["ann@example.com", "schedule:nightly-sales"],
    )

    @model_validator(mode="before")
    @classmethod
    def _correlate_with_job(cls, data: Any) -> Any:
        """Default the correlation id to the job id, so a job's messages group without extra work."""
        if isinstance(data, dict) and data.get("correlation_id") is None and data.get("job_id") is not None:
            return {**data, "correlation_id": data["job_id"]}
        return data

    def key(self) -> str:
        """Kafka key of this message (the entity id, see ``topics``); every concrete message defines it."""
        raise NotImplementedError(f"{type(self).__name__} does not define its Kafka key")

    @classmethod
    def current_version(cls) -> int:
        """Schema version this class writes."""
        default = cls.model_fields["schema_version"].default
        assert isinstance(default, int)
        return default


class Command(Message):
    """Base of imperative messages: someone asks for something to happen."""

    requester: str = Field(
        description="Principal or service that asked for this command.",
        examples=["operator:jane", "service:mapper"],
    )
