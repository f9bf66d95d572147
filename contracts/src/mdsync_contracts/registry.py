"""Every message type by CloudEvents type, and decoding a record into its typed model."""

from __future__ import annotations

import json
from typing import TypeVar

from mdsync_contracts import alerts, assets, credentials, deadletter, glue, jobs, rule_sets, security
from mdsync_contracts.base import Message
from mdsync_contracts.upcasting import upcast

MessageT = TypeVar("MessageT", bound=Message)

_MODULES = (jobs, assets, glue, deadletter, rule_sets, alerts, credentials, security)


def _message_classes() -> dict[str, type[Message]]:
    classes: dict[str, type[Message]] = {}
    for module in _MODULES:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Message) and "CE_TYPE" in value.__dict__:
                classes[value.CE_TYPE] = value
    return classes


MESSAGE_TYPES: dict[str, type[Message]] = _message_classes()


class UnknownTypeError(ValueError):
    """The ``ce_type`` names no message of this contract."""


def model_for(ce_type: str) -> type[Message]:
    """Return the model class of ``ce_type``."""
    try:
        return MESSAGE_TYPES[ce_type]
    except KeyError:
        raise UnknownTypeError(f"unknown ce_type {ce_type!r}") from None


def decode(ce_type: str, value: bytes) -> Message:
    """Parse a record value into the model of ``ce_type``, upcasting older schema versions first.

    Raises ValueError (UnknownTypeError, json.JSONDecodeError, pydantic.ValidationError) on bad input.
    """
    return decode_as(model_for(ce_type), value)


def decode_as(model: type[MessageT], value: bytes) -> MessageT:
    """Parse a record value into ``model``, applying the upcasters registered for its ``CE_TYPE``."""
    data = json.loads(_text(value))
    if not isinstance(data, dict):
        raise ValueError(f"{model.CE_TYPE}: expected a JSON object, got {type(data).__name__}")
    return model.model_validate(upcast(model.CE_TYPE, data, model.current_version()))


def _text(value: bytes) -> str:
    """The value as UTF-8 text; bytes that are not are refused as not-JSON (JSON is UTF-8 on the wire)."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as error:
        text = value.decode("utf-8", "replace")
        raise json.JSONDecodeError(f"value is not UTF-8 ({error.reason})", text, error.start) from error
