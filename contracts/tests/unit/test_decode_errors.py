"""Bad records are refused with an error that says what was wrong."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from mdsync_contracts.cloudevents import MissingHeadersError, read_headers
from mdsync_contracts.registry import UnknownTypeError, decode

UPSERTED = "mdsync.datasphere.asset.upserted"


def test_unknown_ce_type_is_named() -> None:
    with pytest.raises(UnknownTypeError, match=r"unknown ce_type 'mdsync\.nope'"):
        decode("mdsync.nope", b"{}")


@pytest.mark.parametrize(("value", "reason"), [(b"not json", "Expecting value"), (b"\xff\xfe{}", "not UTF-8")])
def test_a_value_that_is_not_json_is_refused(value: bytes, reason: str) -> None:
    with pytest.raises(json.JSONDecodeError, match=reason):
        decode(UPSERTED, value)


def test_a_json_value_that_is_not_an_object_is_refused_by_type() -> None:
    with pytest.raises(ValueError, match=rf"{UPSERTED}: expected a JSON object, got list"):
        decode(UPSERTED, b"[1, 2]")


def test_an_invalid_payload_names_the_missing_and_the_wrong_fields() -> None:
    payload = {"environment": "moon", "tenant": "acme", "content_hash": "x", "change": "created"}

    with pytest.raises(ValidationError) as caught:
        decode(UPSERTED, json.dumps(payload).encode())

    locations = {".".join(map(str, error["loc"])) for error in caught.value.errors()}
    assert {"environment", "definition"} <= locations


def test_an_asset_id_that_contradicts_the_definition_is_refused() -> None:
    definition = {"tenant": "acme", "space": "SALES", "technical_name": "A", "asset_id": "acme/SALES/B", "kind": "view"}

    with pytest.raises(ValidationError, match="does not match tenant/space/technical_name"):
        decode(
            UPSERTED,
            json.dumps(
                {
                    "environment": "dog",
                    "tenant": "acme",
                    "definition": definition,
                    "content_hash": "x",
                    "change": "created",
                }
            ).encode(),
        )


def test_missing_cloudevents_headers_are_listed() -> None:
    with pytest.raises(MissingHeadersError, match="ce_source, ce_type"):
        read_headers([("ce_specversion", b"1.0"), ("ce_id", b"1")])
