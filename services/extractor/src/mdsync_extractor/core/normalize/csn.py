"""Typed CSN, read where the raw object enters the normalizer: definitions, elements and business layer."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator

from mdsync_extractor.core.normalize.errors import Malformed

RELATION_TYPES = frozenset({"cds.Association", "cds.Composition"})
M = TypeVar("M", bound=BaseModel)


class _Csn(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    def annotations(self) -> dict[str, JsonValue]:
        """The `@`-annotations, keyed with their `@`."""
        return {key: value for key, value in (self.model_extra or {}).items() if key.startswith("@")}

    def annotation(self, name: str) -> Any:
        """One annotation (name with `@`), or None."""
        return (self.model_extra or {}).get(name)


class CsnElement(_Csn):
    """One element: a column, or an association when its type is a relation type."""

    type: str | None = None
    length: int | None = Field(default=None, ge=0)
    precision: int | None = Field(default=None, ge=0)
    scale: int | None = Field(default=None, ge=0)
    srid: int | None = None
    key: bool = False
    not_null: bool = Field(default=False, alias="notNull")
    target: str | None = None
    cardinality: dict[str, JsonValue] | None = None
    on: list[JsonValue] | None = None

    @property
    def is_relation(self) -> bool:
        """True for associations and compositions."""
        return self.type in RELATION_TYPES


class CsnDefinition(_Csn):
    """A definition (entity) with ordered elements, parameters and its query."""

    kind: str = "entity"
    elements: dict[str, CsnElement] = Field(default_factory=dict)
    params: dict[str, CsnElement] = Field(default_factory=dict)
    query: dict[str, JsonValue] | None = None

    @field_validator("elements", "params", mode="before")
    @classmethod
    def _elements_are_objects(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for name, element in value.items():
                if not isinstance(element, dict):
                    raise ValueError(f"element {name!r} is not an object")
                if "elements" in element or "items" in element:
                    raise ValueError(f"element {name!r} is structured or arrayed, which tables cannot hold")
        return value


class EntityKey(BaseModel):
    """`{"key": "<name>"}` as business-layer definitions spell a reference."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    key: str


class LayerSource(BaseModel):
    """A fact or dimension source of an analytic model."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    text: str | None = None
    data_entity: EntityKey = Field(alias="dataEntity")


class SourceModel(BaseModel):
    """`sourceModel`: fact and dimension sources by alias."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    fact_sources: dict[str, LayerSource] = Field(default_factory=dict, alias="factSources")
    dimension_sources: dict[str, LayerSource] = Field(default_factory=dict, alias="dimensionSources")


class LayerColumn(BaseModel):
    """A measure or attribute and where it is taken from."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    text: str | None = None
    measure_mapping: dict[str, EntityKey] = Field(default_factory=dict, alias="measureMapping")
    attribute_mapping: dict[str, EntityKey] = Field(default_factory=dict, alias="attributeMapping")
    source_key: str | None = Field(default=None, alias="sourceKey")
    key: str | None = None


class BusinessLayer(BaseModel):
    """`businessLayerDefinitions.<name>` of an analytic model."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    text: str | None = None
    source_model: SourceModel = Field(default_factory=SourceModel, alias="sourceModel")
    measures: dict[str, LayerColumn] = Field(default_factory=dict)
    attributes: dict[str, LayerColumn] = Field(default_factory=dict)
    variables: dict[str, JsonValue] = Field(default_factory=dict)


class CsnObject(BaseModel):
    """The object's own definition and, for analytic models, its business layer."""

    model_config = ConfigDict(frozen=True)

    name: str
    definition: CsnDefinition
    layer: BusinessLayer | None = None


def read_csn(raw: dict[str, Any], name: str | None) -> CsnObject:
    """Pick the object's definition out of `{"definitions": {...}}` and type it, or raise Malformed."""
    definitions = raw.get("definitions")
    if not isinstance(definitions, dict) or not definitions:
        raise Malformed("the body has no `definitions` object")
    name = name or _only_name(definitions, raw.get("businessLayerDefinitions"))
    if not isinstance(definitions.get(name), dict):
        raise Malformed(f"`definitions` has no object entry named {name!r}")
    definition = _validate(CsnDefinition, definitions[name], f"definition {name!r}")
    layers = raw.get("businessLayerDefinitions")
    layer = layers.get(name) if isinstance(layers, dict) else None
    business = _validate(BusinessLayer, layer, "businessLayerDefinitions") if layer is not None else None
    return CsnObject(name=name, definition=definition, layer=business)


def _only_name(definitions: dict[str, Any], layers: Any) -> str:
    if len(definitions) == 1:
        return next(iter(definitions))
    if isinstance(layers, dict) and len(layers) == 1 and next(iter(layers)) in definitions:
        return str(next(iter(layers)))
    raise Malformed(f"`definitions` holds {len(definitions)} objects and no name was given to pick one")


def _validate(model: type[M], value: Any, where: str) -> M:
    try:
        return model.model_validate(value)
    except ValidationError as error:
        item = error.errors()[0]
        location = ".".join(str(part) for part in item["loc"])
        raise Malformed(f"{where}: {location + ': ' if location else ''}{item['msg']}") from None
