"""The AsyncAPI 3.0 document of every topic and message, built from the models."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from pydantic.json_schema import models_json_schema

from mdsync_contracts import topics
from mdsync_contracts.base import Message
from mdsync_contracts.registry import MESSAGE_TYPES

Document = dict[str, Any]
KAFKA_BINDING_VERSION = "0.5.0"


@dataclass(frozen=True)
class Channel:
    """What the document says about one topic."""

    id: str
    key: str
    summary: str
    producers: tuple[str, ...]
    consumers: tuple[str, ...]


CHANNELS: dict[str, Channel] = {
    topics.SYNC_JOBS: Channel(
        "syncJobs",
        "job id",
        "Sync job lifecycle, and asset outcomes decided before Glue.",
        ("extractor", "mapper"),
        ("extractor", "audit"),
    ),
    topics.ASSET_CHANGES: Channel(
        "assetChanges",
        "asset id `{tenant}/{space}/{technical_name}`",
        "Normalized Datasphere asset definitions as they appear, change and vanish.",
        ("extractor",),
        ("mapper", "audit", "outside subscribers"),
    ),
    topics.GLUE_COMMANDS: Channel(
        "glueCommands",
        "Glue table `{database}.{table}` (a database's name for EnsureDatabase)",
        "What the glue-writer is asked to make true in the Glue Data Catalog.",
        ("mapper", "glue-writer API"),
        ("glue-writer", "audit"),
    ),
    topics.GLUE_RESULTS: Channel(
        "glueResults",
        "Glue table `{database}.{table}`",
        "What the glue-writer did, planned, held, or could not do.",
        ("glue-writer",),
        ("audit", "extractor"),
    ),
    topics.DEADLETTER: Channel(
        "deadletter", "the original record's key", "Messages a service gave up on.", ("any service",), ("audit",)
    ),
    topics.RULE_SETS: Channel(
        "ruleSets",
        "environment (`dog`, `wolf`, `bear`)",
        "Mapping rule sets promoted between environments, with the recorded diff.",
        ("mapper",),
        ("audit",),
    ),
    topics.ALERTS: Channel(
        "alerts",
        "the alert's cause key `{rule}:{tenant}:{subject}`",
        "Alerts raised, acknowledged and resolved by the audit service's rules (one open alert per cause).",
        ("audit",),
        ("audit", "outside subscribers"),
    ),
    topics.DATASPHERE_CREDENTIALS: Channel(
        "datasphereCredentials",
        "tenant",
        "The extractor's Datasphere OAuth client and its configured secret expiry (at start and daily).",
        ("extractor",),
        ("audit",),
    ),
    topics.SECURITY_ACCESS: Channel(
        "securityAccess",
        "subject (`anonymous` when no valid token was presented)",
        "Every refused HTTP request and every granted command: who, what and why.",
        ("any service",),
        ("audit",),
    ),
}

CLOUDEVENTS_HEADERS: Document = {
    "type": "object",
    "description": "CloudEvents 1.0 binary content mode: attributes as Kafka headers, the value is the JSON payload.",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "content-type"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0", "description": "CloudEvents spec version."},
        "ce_id": {"type": "string", "format": "uuid", "description": "The message's event_id."},
        "ce_source": {
            "type": "string",
            "description": "`mdsync/{environment}/{service}`.",
            "examples": ["mdsync/dog/extractor"],
        },
        "ce_type": {"type": "string", "description": "Message type, e.g. `mdsync.datasphere.asset.upserted`."},
        "ce_time": {"type": "string", "format": "date-time", "description": "The message's occurred_at."},
        "ce_schemaversion": {"type": "string", "description": "The payload's schema_version, as decimal text."},
        "content-type": {"type": "string", "const": "application/json"},
        "traceparent": {"type": "string", "description": "W3C trace context of the producing span."},
    },
}


def _schemas(models: list[type[Message]]) -> Document:
    _, definitions = models_json_schema(
        [(model, "serialization") for model in models], ref_template="#/components/schemas/{model}"
    )
    schemas: Document = definitions.get("$defs", {})
    schemas["CloudEventHeaders"] = CLOUDEVENTS_HEADERS
    return schemas


def _message(model: type[Message], channel: Channel) -> Document:
    return {
        "name": model.__name__,
        "title": model.__name__,
        "summary": (model.__doc__ or "").strip().splitlines()[0],
        "contentType": "application/json",
        "headers": {
            "allOf": [
                {"$ref": "#/components/schemas/CloudEventHeaders"},
                {"properties": {"ce_type": {"const": model.CE_TYPE}}},
            ]
        },
        "payload": {"$ref": f"#/components/schemas/{model.__name__}"},
        "bindings": {
            "kafka": {"key": {"type": "string", "description": channel.key}, "bindingVersion": KAFKA_BINDING_VERSION}
        },
        "x-ce-type": model.CE_TYPE,
        "x-schema-version": model.current_version(),
    }


def _channel(topic: str, channel: Channel, models: list[type[Message]]) -> Document:
    return {
        "address": topic,
        "title": topic,
        "summary": channel.summary,
        "description": f"Key: {channel.key}. Producers: {', '.join(channel.producers)}. "
        f"Consumers: {', '.join(channel.consumers)}. An environment prefix (e.g. `dog.`) may precede the name.",
        "messages": {model.__name__: {"$ref": f"#/components/messages/{model.__name__}"} for model in models},
        "bindings": {"kafka": {"topic": topic, "partitions": 6, "bindingVersion": KAFKA_BINDING_VERSION}},
    }


def _operations(channel: Channel, models: list[type[Message]]) -> Document:
    messages = [{"$ref": f"#/channels/{channel.id}/messages/{model.__name__}"} for model in models]
    ref = {"$ref": f"#/channels/{channel.id}"}
    return {
        f"send{channel.id[0].upper()}{channel.id[1:]}": {
            "action": "send",
            "channel": ref,
            "messages": messages,
            "x-services": channel.producers,
        },
        f"receive{channel.id[0].upper()}{channel.id[1:]}": {
            "action": "receive",
            "channel": ref,
            "messages": messages,
            "x-services": channel.consumers,
        },
    }


def asyncapi_document() -> Document:
    """Return the AsyncAPI 3.0 document of the whole contract."""
    by_topic = {topic: [m for _, m in sorted(MESSAGE_TYPES.items()) if topic == m.TOPIC] for topic in topics.ALL_TOPICS}
    all_models = [model for models in by_topic.values() for model in models]
    document: Document = {
        "asyncapi": "3.0.0",
        "info": {
            "title": "mdsync events",
            "version": version("mdsync-contracts"),
            "description": "Events and commands that keep the AWS Glue Data Catalog in step with SAP Datasphere.",
        },
        "defaultContentType": "application/json",
        "channels": {},
        "operations": {},
        "components": {"messages": {}, "schemas": _schemas(all_models)},
    }
    for topic, models in by_topic.items():
        channel = CHANNELS[topic]
        document["channels"][channel.id] = _channel(topic, channel, models)
        document["operations"].update(_operations(channel, models))
        document["components"]["messages"].update({model.__name__: _message(model, channel) for model in models})
    return document
