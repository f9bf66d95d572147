"""The dead-letter message: what could not be handled, where it came from and why."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from mdsync_contracts.base import Message
from mdsync_contracts.topics import DEADLETTER


class DeadLetter(Message):
    """A message a service gave up on, with its original coordinates and the reason."""

    CE_TYPE: ClassVar[str] = "mdsync.deadletter"
    TOPIC: ClassVar[str] = DEADLETTER

    service: str = Field(description="Service that gave up on the message.", examples=["mapper"])
    original_topic: str = Field(description="Topic the message was read from.", examples=["mdsync.glue.commands.v1"])
    original_partition: int = Field(description="Partition it was read from.", examples=[3])
    original_offset: int = Field(description="Offset it had there.", examples=[1042])
    original_key: str | None = Field(
        default=None, description="Its Kafka key, decoded as UTF-8.", examples=["sales.orders"]
    )
    original_ce_type: str | None = Field(
        default=None, description="Its `ce_type` header, when it had one.", examples=["mdsync.glue.table.upsert"]
    )
    error_kind: str = Field(
        description="Why: `not-json`, `missing-headers`, `invalid`, `unknown-type`, `handler-failed`.",
        examples=["invalid"],
    )
    error: str = Field(description="Human-readable reason, naming what was wrong.", examples=["tenant: field required"])
    attempts: int = Field(description="How many times handling was tried.", examples=[3])
    payload: str = Field(
        description="The original value, as UTF-8 text (bytes that are not UTF-8 are escaped).",
        examples=['{"not": "valid"}'],
    )

    def key(self) -> str:
        """The original record's key, so a dead letter sits beside its siblings; else this event's id."""
        return self.original_key if self.original_key is not None else str(self.event_id)
