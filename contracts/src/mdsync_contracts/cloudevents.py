"""CloudEvents 1.0 binary content mode over Kafka: ``ce_*`` headers, JSON value."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from mdsync_contracts.base import Message

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
REQUIRED_HEADERS = ("ce_specversion", "ce_id", "ce_source", "ce_type")

KafkaHeaders = list[tuple[str, bytes]]


class CloudEventHeaders(BaseModel):
    """The CloudEvents attributes read back from a Kafka record's headers."""

    model_config = ConfigDict(frozen=True)

    specversion: str
    id: str
    source: str
    type: str
    time: str | None = None
    schemaversion: int | None = None


class MissingHeadersError(ValueError):
    """A record lacks the CloudEvents headers every mdsync message carries."""


def source_of(service: str, environment: str) -> str:
    """The ``ce_source`` of a service in an environment, e.g. ``mdsync/dog/extractor``."""
    return f"mdsync/{environment}/{service}"


def encode(message: Message, service: str) -> tuple[bytes, KafkaHeaders]:
    """Return the Kafka value and CloudEvents headers for ``message``."""
    headers: KafkaHeaders = [
        ("ce_specversion", SPEC_VERSION.encode()),
        ("ce_id", str(message.event_id).encode()),
        ("ce_source", source_of(service, message.environment.value).encode()),
        ("ce_type", message.CE_TYPE.encode()),
        ("ce_time", message.occurred_at.isoformat().encode()),
        ("ce_schemaversion", str(message.schema_version).encode()),
        ("content-type", CONTENT_TYPE.encode()),
    ]
    return message.model_dump_json().encode(), headers


def read_headers(headers: Iterable[tuple[str, bytes]] | None) -> CloudEventHeaders:
    """Parse the ``ce_*`` headers of a record; raise MissingHeadersError naming what is absent."""
    found = {name: value.decode("utf-8", "replace") for name, value in headers or ()}
    missing = [name for name in REQUIRED_HEADERS if name not in found]
    if missing:
        raise MissingHeadersError(f"missing CloudEvents headers: {', '.join(missing)}")
    version = found.get("ce_schemaversion")
    return CloudEventHeaders(
        specversion=found["ce_specversion"],
        id=found["ce_id"],
        source=found["ce_source"],
        type=found["ce_type"],
        time=found.get("ce_time"),
        schemaversion=int(version) if version and version.isdigit() else None,
    )
