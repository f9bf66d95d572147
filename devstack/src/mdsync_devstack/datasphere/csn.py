"""Typed CSN models and a lenient parser: what parses is kept, what does not becomes a named problem."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mdsync_devstack.datasphere.edm import KNOWN_CDS_TYPES
from mdsync_devstack.datasphere.fixtures import ObjectType

RELATION_TYPES = frozenset({"cds.Association", "cds.Composition"})


class CsnElement(BaseModel):
    """One element (column or association) of a CSN definition; ``@``-annotations are kept as extras."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    type: str | None = None
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    key: bool = False
    not_null: bool = Field(default=False, alias="notNull")
    target: str | None = None

    def annotation(self, name: str) -> Any:
        """The value of annotation ``name`` (with its leading ``@``), or None."""
        return (self.model_extra or {}).get(name)

    @property
    def is_relation(self) -> bool:
        """True for associations and compositions, which are not columns."""
        return self.type in RELATION_TYPES


class CsnDefinition(BaseModel):
    """A CSN definition (entity) with the elements that parsed; the query is kept as served."""

    model_config = ConfigDict(extra="allow", frozen=True)

    kind: str = "entity"
    elements: dict[str, CsnElement] = Field(default_factory=dict)
    params: dict[str, CsnElement] = Field(default_factory=dict)
    query: dict[str, Any] | None = None

    def annotation(self, name: str) -> Any:
        """The value of annotation ``name`` (with its leading ``@``), or None."""
        return (self.model_extra or {}).get(name)

    @property
    def label(self) -> str | None:
        """The business label (``@EndUserText.label``)."""
        value = self.annotation("@EndUserText.label")
        return value if isinstance(value, str) else None

    @property
    def modeling_pattern(self) -> str | None:
        """The ``#`` value of ``@ObjectModel.modelingPattern``, e.g. ANALYTICAL_FACT."""
        value = self.annotation("@ObjectModel.modelingPattern")
        return value.get("#") if isinstance(value, dict) else None


class EntityRef(BaseModel):
    """``{"key": "<object name>"}`` as used in business-layer definitions."""

    model_config = ConfigDict(extra="allow", frozen=True)

    key: str


class LayerSource(BaseModel):
    """A fact or dimension source of an analytic model."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    text: str | None = None
    data_entity: EntityRef = Field(alias="dataEntity")


class SourceModel(BaseModel):
    """``sourceModel`` of an analytic model: its fact and dimension sources by alias."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    fact_sources: dict[str, LayerSource] = Field(default_factory=dict, alias="factSources")
    dimension_sources: dict[str, LayerSource] = Field(default_factory=dict, alias="dimensionSources")


class LayerColumn(BaseModel):
    """A measure or attribute of an analytic model and where it comes from."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    text: str | None = None
    measure_mapping: dict[str, EntityRef] = Field(default_factory=dict, alias="measureMapping")
    attribute_mapping: dict[str, EntityRef] = Field(default_factory=dict, alias="attributeMapping")
    source_key: str | None = Field(default=None, alias="sourceKey")
    key: str | None = None


class BusinessLayer(BaseModel):
    """``businessLayerDefinitions.<name>`` of an analytic model."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    text: str | None = None
    source_model: SourceModel = Field(default_factory=SourceModel, alias="sourceModel")
    measures: dict[str, LayerColumn] = Field(default_factory=dict)
    attributes: dict[str, LayerColumn] = Field(default_factory=dict)
    variables: dict[str, Any] = Field(default_factory=dict)


class CsnDocument(BaseModel):
    """The parsed body of a table, view or analytic model: its own definition and business layer."""

    model_config = ConfigDict(frozen=True)

    name: str
    definition: CsnDefinition
    business_layer: BusinessLayer | None = None


class FlowDocument(BaseModel):
    """The parsed body of a flow or task chain: ``{"<type>": {"<name>": {...}}}``."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: str | None = None
    label: str | None = None
    content: dict[str, Any]


class ParsedObject(BaseModel):
    """A parse result: the document (None when nothing usable parsed) and the problems found."""

    model_config = ConfigDict(frozen=True)

    document: CsnDocument | FlowDocument | None
    problems: tuple[str, ...] = ()


def parse_object(object_type: ObjectType, name: str, body: bytes) -> ParsedObject:
    """Parse a design-time object body; never raises, problems are returned by name."""
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        return ParsedObject(document=None, problems=(f"invalid JSON: {error}",))
    if not isinstance(raw, dict):
        return ParsedObject(document=None, problems=("body is not a JSON object",))
    if object_type.is_csn:
        return _parse_csn(name, raw)
    return _parse_flow(object_type, name, raw)


def _parse_csn(name: str, raw: dict[str, Any]) -> ParsedObject:
    definitions = raw.get("definitions")
    if not isinstance(definitions, dict) or not isinstance(definitions.get(name), dict):
        return ParsedObject(document=None, problems=(f"definitions has no object entry named {name!r}",))
    definition, problems = _parse_definition(definitions[name])
    if definition is None:
        return ParsedObject(document=None, problems=tuple(problems))
    layer = _parse_layer(raw.get("businessLayerDefinitions"), name, problems)
    document = CsnDocument(name=name, definition=definition, business_layer=layer)
    return ParsedObject(document=document, problems=tuple(problems))


def _parse_definition(raw: dict[str, Any]) -> tuple[CsnDefinition | None, list[str]]:
    problems: list[str] = []
    elements = _parse_elements(raw.get("elements"), "element", problems)
    params = _parse_elements(raw.get("params"), "parameter", problems)
    header = {key: value for key, value in raw.items() if key not in ("elements", "params")}
    try:
        definition = CsnDefinition.model_validate({**header, "elements": elements, "params": params})
    except ValidationError as error:
        return None, [*problems, f"definition: {_first_error(error)}"]
    return definition, problems


def _parse_elements(raw: Any, what: str, problems: list[str]) -> dict[str, CsnElement]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{what}s is not an object")
        return {}
    parsed: dict[str, CsnElement] = {}
    for element_name, value in raw.items():
        try:
            element = CsnElement.model_validate(value)
        except ValidationError as error:
            problems.append(f"{what} {element_name!r}: {_first_error(error)}")
            continue
        if element.type is not None and element.type not in KNOWN_CDS_TYPES:
            problems.append(f"{what} {element_name!r}: unknown CDS type {element.type!r}")
        parsed[element_name] = element
    return parsed


def _parse_layer(raw: Any, name: str, problems: list[str]) -> BusinessLayer | None:
    if not isinstance(raw, dict) or name not in raw:
        return None
    try:
        return BusinessLayer.model_validate(raw[name])
    except ValidationError as error:
        problems.append(f"businessLayerDefinitions: {_first_error(error)}")
        return None


def _parse_flow(object_type: ObjectType, name: str, raw: dict[str, Any]) -> ParsedObject:
    root = raw.get(object_type.value)
    if not isinstance(root, dict) or not isinstance(root.get(name), dict):
        return ParsedObject(document=None, problems=(f"{object_type.value} has no object entry named {name!r}",))
    content: dict[str, Any] = root[name]
    kind, label = content.get("kind"), content.get("@EndUserText.label")
    document = FlowDocument(
        name=name,
        kind=kind if isinstance(kind, str) else None,
        label=label if isinstance(label, str) else None,
        content=content,
    )
    return ParsedObject(document=document)


def _first_error(error: ValidationError) -> str:
    item = error.errors()[0]
    where = ".".join(str(part) for part in item["loc"])
    return f"{where}: {item['msg']}" if where else str(item["msg"])
