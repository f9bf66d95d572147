"""Shared test helpers of the audit service: strict OpenLineage checking with the spec's generated models.

The OpenLineage Python client (``openlineage-python``, a dev dependency) ships classes generated from the
OpenLineage JSON schemas (core spec and facets), each naming the schema URL it was generated from. An export
event is parsed into them strictly (unknown keys, missing required fields, wrong JSON types and a ``schemaURL``
or ``_schemaURL`` other than the model's own are errors), then serialized back by the client and compared
with the original, so nothing of the event escapes the check.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

import attr
import pytest
from openlineage.client.generated.base import DatasetEvent, DatasetFacet
from openlineage.client.generated.column_lineage_dataset import ColumnLineageDatasetFacet
from openlineage.client.generated.documentation_dataset import DocumentationDatasetFacet
from openlineage.client.generated.schema_dataset import SchemaDatasetFacet
from openlineage.client.serde import Serde

FACETS: dict[str, type[DatasetFacet]] = {
    cls._get_schema(): cls for cls in (SchemaDatasetFacet, ColumnLineageDatasetFacet, DocumentationDatasetFacet)
}
SCALARS = (str, int, float, bool)


class NotOpenLineageError(ValueError):
    """The event does not conform to the OpenLineage models; the message names the path."""


def parse(cls: type[Any], data: Any, path: str) -> Any:
    """Build the attrs model ``cls`` from JSON ``data``, strictly."""
    if not isinstance(data, dict):
        raise NotOpenLineageError(f"{path}: expected an object for {cls.__name__}, got {type(data).__name__}")
    fields = {a.name: a for a in attr.fields(cls)}
    hints = typing.get_type_hints(cls)
    if unknown := sorted(set(data) - set(fields)):
        raise NotOpenLineageError(f"{path}: {cls.__name__} has no field {', '.join(unknown)}")
    values, fixed = {}, {}
    for name, field in fields.items():
        if name not in data:
            if field.default is attr.NOTHING:
                raise NotOpenLineageError(f"{path}.{name}: required by {cls.__name__}")
            continue
        value = convert(hints[name], data[name], f"{path}.{name}")
        if field.init:
            values[field.alias or name] = value
        else:
            fixed[name] = value
    try:
        model = cls(**values)
    except (TypeError, ValueError) as error:
        raise NotOpenLineageError(f"{path}: {error}") from error
    for name, value in fixed.items():  # schemaURL / _schemaURL: the model's own, from the spec it came from
        if getattr(model, name) != value:
            raise NotOpenLineageError(f"{path}.{name}: {value!r} is not {getattr(model, name)!r}")
    return model


def convert(hint: Any, value: Any, path: str) -> Any:
    """``value`` as the type ``hint`` of a generated model field."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return convert(inner, value, path)
    if origin is list:
        if not isinstance(value, list):
            raise NotOpenLineageError(f"{path}: expected an array")
        return [convert(args[0], v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise NotOpenLineageError(f"{path}: expected an object")
        return {k: convert(args[1], v, f"{path}.{k}") for k, v in value.items()}
    if hint is DatasetFacet:
        url = value.get("_schemaURL") if isinstance(value, dict) else None
        if url not in FACETS:
            raise NotOpenLineageError(f"{path}: no generated facet model for _schemaURL {url!r}")
        return parse(FACETS[url], value, path)
    if attr.has(hint):
        return parse(hint, value, path)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint in SCALARS:
        if not isinstance(value, hint) or (hint is not bool and isinstance(value, bool)):
            raise NotOpenLineageError(f"{path}: expected {hint.__name__}, got {type(value).__name__}")
        return value
    if hint is Any:
        return value
    raise NotOpenLineageError(f"{path}: unsupported field type {hint!r}")


def drop_empty(value: Any) -> Any:
    """``value`` without empty arrays and objects (the client writes its defaults out, the export leaves them)."""
    if isinstance(value, dict):
        kept = {k: drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ([], {})}
    if isinstance(value, list):
        return [drop_empty(v) for v in value]
    return value


def check_dataset_event(event: dict[str, Any]) -> None:
    """Raise ``NotOpenLineageError`` unless ``event`` is a DatasetEvent that round-trips through the models."""
    model = parse(DatasetEvent, event, "event")
    again = Serde.to_dict(model)
    if drop_empty(again) != drop_empty(event):
        raise NotOpenLineageError(f"event: does not round-trip through the OpenLineage models: {again}")


@pytest.fixture
def openlineage_check() -> Callable[[dict[str, Any]], None]:
    """The strict OpenLineage DatasetEvent check."""
    return check_dataset_event
