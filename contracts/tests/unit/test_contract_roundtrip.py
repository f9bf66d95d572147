"""Every message survives encode → Kafka headers/value → decode, and is keyed by its entity id."""

from __future__ import annotations

import pytest

from mdsync_contracts import topics
from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetKind, AssetUpserted
from mdsync_contracts.base import Message
from mdsync_contracts.cloudevents import encode, read_headers
from mdsync_contracts.examples import example_of
from mdsync_contracts.registry import MESSAGE_TYPES, decode

ALL_TYPES = sorted(MESSAGE_TYPES)


def _round_trip(message: Message) -> Message:
    value, headers = encode(message, "extractor")
    return decode(read_headers(headers).type, value)


@pytest.mark.parametrize("ce_type", ALL_TYPES)
def test_every_message_round_trips_through_cloudevents_and_registry(ce_type: str) -> None:
    message = example_of(MESSAGE_TYPES[ce_type])

    decoded = _round_trip(message)

    assert decoded == message
    assert type(decoded) is MESSAGE_TYPES[ce_type]


@pytest.mark.parametrize("ce_type", ALL_TYPES)
def test_every_message_travels_on_a_known_topic_with_a_non_empty_key(ce_type: str) -> None:
    message = example_of(MESSAGE_TYPES[ce_type])

    assert message.TOPIC in topics.ALL_TOPICS
    assert message.key()


def test_headers_carry_the_cloudevents_attributes() -> None:
    message = example_of(MESSAGE_TYPES["mdsync.sync.job.started"])

    _, raw = encode(message, "extractor")
    headers = read_headers(raw)

    assert (headers.specversion, headers.id, headers.type) == ("1.0", str(message.event_id), message.CE_TYPE)
    assert headers.source == "mdsync/dog/extractor"
    assert headers.schemaversion == 1


def test_a_rich_asset_definition_round_trips_unchanged() -> None:
    definition = AssetDefinition.model_validate(
        {
            "tenant": "acme",
            "space": "SALES",
            "technical_name": "V_ORDERS",
            "kind": "view",
            "exposed": True,
            "columns": [
                {"name": "ID", "position": 0, "cds_type": "cds.String", "length": 10, "key": True, "not_null": True},
                {
                    "name": "AMOUNT",
                    "position": 1,
                    "cds_type": "cds.Decimal",
                    "precision": 15,
                    "scale": 2,
                    "semantics": {"measure": True, "semantic": "amount", "currency_element": "CURRENCY"},
                },
            ],
            "dependencies": [{"source": {"space": "SALES", "technical_name": "ORDERS"}, "kind": "from"}],
            "column_lineage": [
                {"column": "ID", "source": {"space": "SALES", "technical_name": "ORDERS"}, "source_column": "VBELN"}
            ],
            "annotations": {"ObjectModel.modelingPattern": {"#": "ANALYTICAL_FACT"}},
        }
    )
    event = AssetUpserted.of(definition, AssetChange.CREATED, None, environment="dog", job_id="job-1")

    decoded = _round_trip(event)

    assert decoded == event
    assert isinstance(decoded, AssetUpserted)
    assert decoded.definition.kind is AssetKind.VIEW
    assert (decoded.asset_id, decoded.key(), decoded.correlation_id) == ("acme/SALES/V_ORDERS",) * 2 + ("job-1",)
