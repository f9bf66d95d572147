"""Turning a Kafka record into a typed message, or into a precise reason why not."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError

from mdsync_contracts.base import Message
from mdsync_contracts.cloudevents import MissingHeadersError, read_headers
from mdsync_contracts.registry import UnknownTypeError, decode


@dataclass(frozen=True)
class Rejection:
    """Why a record could not become a message (the DeadLetter ``error_kind`` and reason)."""

    kind: str
    reason: str
    ce_type: str | None = None


def decode_record(value: bytes | None, headers: list[tuple[str, bytes]] | None) -> Message | Rejection:
    """Decode a record value with its CloudEvents headers; never raises on bad input."""
    try:
        ce_type = read_headers(headers).type
    except MissingHeadersError as error:
        return Rejection("missing-headers", str(error))
    try:
        return decode(ce_type, value or b"")
    except UnknownTypeError as error:
        return Rejection("unknown-type", str(error), ce_type)
    except json.JSONDecodeError as error:
        return Rejection("not-json", f"value is not JSON: {error}", ce_type)
    except ValidationError as error:
        return Rejection("invalid", _describe(error), ce_type)
    except ValueError as error:
        return Rejection("invalid", str(error), ce_type)


def _describe(error: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in item['loc']) or '<root>'}: {item['msg']}" for item in error.errors()]
    return f"{error.title}: " + "; ".join(parts[:10])


def payload_text(value: bytes | None) -> str:
    """The record value as text for a dead letter; undecodable bytes are escaped, not lost."""
    return (value or b"").decode("utf-8", "backslashreplace")
