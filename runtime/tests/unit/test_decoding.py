"""Every way a record can be bad is named, and nothing about it is lost."""

from mdsync_contracts.assets import AssetDeleted, DeletionReason
from mdsync_contracts.base import Environment
from mdsync_contracts.cloudevents import encode
from mdsync_runtime.decoding import Rejection, decode_record, payload_text


def headers_for(ce_type: str) -> list[tuple[str, bytes]]:
    return [
        ("ce_specversion", b"1.0"),
        ("ce_id", b"1"),
        ("ce_source", b"mdsync/dog/test"),
        ("ce_type", ce_type.encode()),
    ]


def test_a_valid_record_becomes_its_model() -> None:
    event = AssetDeleted(
        environment=Environment.DOG, tenant="acme", space="S", technical_name="T", reason=DeletionReason.VANISHED
    )
    value, headers = encode(event, "test")
    assert decode_record(value, headers) == event


def test_missing_headers_are_named() -> None:
    rejection = decode_record(b"{}", [("ce_type", b"x")])
    assert isinstance(rejection, Rejection)
    assert rejection.kind == "missing-headers"
    assert "ce_specversion" in rejection.reason
    assert "ce_source" in rejection.reason


def test_not_json() -> None:
    rejection = decode_record(b"\x00garbage", headers_for("mdsync.datasphere.asset.deleted"))
    assert isinstance(rejection, Rejection)
    assert rejection.kind == "not-json"


def test_unknown_type() -> None:
    rejection = decode_record(b"{}", headers_for("mdsync.nothing"))
    assert isinstance(rejection, Rejection)
    assert (rejection.kind, rejection.ce_type) == ("unknown-type", "mdsync.nothing")


def test_invalid_payload_names_the_fields() -> None:
    rejection = decode_record(b'{"tenant": "acme"}', headers_for("mdsync.datasphere.asset.deleted"))
    assert isinstance(rejection, Rejection)
    assert rejection.kind == "invalid"
    assert "environment" in rejection.reason
    assert "technical_name" in rejection.reason


def test_a_json_array_is_invalid_not_a_crash() -> None:
    rejection = decode_record(b"[1, 2]", headers_for("mdsync.datasphere.asset.deleted"))
    assert isinstance(rejection, Rejection)
    assert rejection.kind == "invalid"


def test_payload_text_keeps_undecodable_bytes() -> None:
    assert payload_text(b"ok\xff") == "ok\\xff"
