"""Example messages built from each field's first documented example: fixtures for tests and docs."""

from __future__ import annotations

from typing import Any, TypeVar

from mdsync_contracts.base import Message

MessageT = TypeVar("MessageT", bound=Message)


def example_payload(model: type[Message]) -> dict[str, Any]:
    """The JSON-shaped payload made of the first example of every field that documents one."""
    return {field.alias or name: field.examples[0] for name, field in model.model_fields.items() if field.examples}


def example_of(model: type[MessageT], **overrides: Any) -> MessageT:
    """A valid instance of ``model`` from its documented examples, with ``overrides`` applied."""
    return model.model_validate({**example_payload(model), **overrides})
