"""Builders of views, analytic models, flows and task chains for fixtures (demo tenant and generator)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mdsync_devstack.datasphere.csn_build import Col, Fixture, csn, elements, pattern, source_ref
from mdsync_devstack.datasphere.fixtures import ObjectType


@dataclass(frozen=True)
class Assoc:
    """An association from a view to ``target`` on (local column, target column) pairs."""

    name: str
    target: str
    pairs: tuple[tuple[str, str], ...]
    label: str
    role: str = "foreignKey"  # or "text": which @ObjectModel.<role>.association the local column gets

    def element(self, on_prefix: Sequence[str] = ()) -> dict[str, Any]:
        """The CSN association element (``on_prefix=("$projection",)`` for a mixin)."""
        on: list[Any] = []
        for local, remote in self.pairs:
            on += (["and"] if on else []) + [{"ref": [*on_prefix, local]}, "=", {"ref": [self.name, remote]}]
        return {"type": "cds.Association", "target": self.target, "on": on, "@EndUserText.label": self.label}


def view(
    space: str,
    name: str,
    label: str,
    cols: Sequence[Col],
    query: dict[str, Any],
    *,
    exposed: bool | None,
    kind: str = "DATA_STRUCTURE",
    assocs: Sequence[Assoc] = (),
    params: Sequence[Col] = (),
    annotations: Mapping[str, Any] | None = None,
) -> Fixture:
    """A view; ``exposed`` None omits the consumption flag, False writes it as false."""
    pointing = {a.pairs[0][0]: a for a in assocs}
    body = elements(
        c.with_annotations(**{f"ObjectModel__{pointing[c.name].role}__association": {"=": pointing[c.name].name}})
        if c.name in pointing
        else c
        for c in cols
    )
    body.update({a.name: a.element() for a in assocs})
    if assocs and "SELECT" in query:
        select = query["SELECT"]
        select["columns"] = [*select.get("columns", []), *({"ref": [a.name]} for a in assocs)]
        select["mixin"] = {
            a.name: {k: v for k, v in a.element(("$projection",)).items() if not k.startswith("@")} for a in assocs
        }
    definition: dict[str, Any] = {"kind": "entity", "@EndUserText.label": label, **pattern(kind)}
    if exposed is not None:
        definition["@DataWarehouse.consumption.external"] = exposed
    definition.update(annotations or {})
    if params:
        definition["params"] = elements(params)
    definition.update({"elements": body, "query": query, "_meta": {"dependencies": {"folderAssignment": None}}})
    return Fixture(space, ObjectType.VIEWS, name, csn(name, definition))


@dataclass(frozen=True)
class Dim:
    """A dimension of an analytic model: the association, and navigation attributes taken from it."""

    assoc: Assoc
    navigation: tuple[tuple[str, str], ...] = ()  # (target column, label)
    suffix: str = ""


@dataclass(frozen=True)
class Cube:
    """What an analytic model projects: a fact source (view) with attributes, measures and dimensions."""

    fact: str
    alias: str
    attributes: tuple[Col, ...]
    measures: tuple[Col, ...]
    dims: tuple[Dim, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)


def analytic_model(space: str, name: str, label: str, cube: Cube) -> Fixture:
    """An analytic model: elements without types (as recorded), query, and ``businessLayerDefinitions``."""
    body: dict[str, Any] = {}
    columns: list[dict[str, Any]] = []
    fk = {d.assoc.pairs[0][0]: d.assoc.name for d in cube.dims}
    for c in cube.attributes:
        body[c.name] = {"@EndUserText.label": c.label}
        if c.name in fk:
            body[c.name]["@ObjectModel.foreignKey.association"] = {"=": fk[c.name]}
        columns.append({"ref": [cube.alias, c.name], "as": c.name})
    for d in cube.dims:
        body[d.assoc.name] = d.assoc.element()
        columns.append({"ref": [d.assoc.name]})
        for target_col, nav_label in d.navigation:
            body[f"{target_col}{d.suffix}"] = {
                "@EndUserText.label": nav_label,
                "@Analytics.navigationAttributeRef": [d.assoc.name, target_col],
            }
            columns.append({"ref": [d.assoc.name, target_col], "as": f"{target_col}{d.suffix}"})
    for c in cube.measures:
        body[c.name] = {"@EndUserText.label": c.label, "@AnalyticsDetails.measureType": {"#": "BASE"}}
        columns.append({"ref": [cube.alias, c.name], "as": c.name})
    mixin = {d.assoc.name: {k: v for k, v in d.assoc.element().items() if not k.startswith("@")} for d in cube.dims}
    definition = {
        "kind": "entity",
        "@EndUserText.label": label,
        **pattern("ANALYTICAL_CUBE"),
        "@DataWarehouse.editorType": {"#": "DWCQueryModelEditor"},
        "@DataWarehouse.hanaCatalog.viewType": {"#": "CALCULATION_VIEW"},
        "elements": body,
        "query": {"SELECT": {"from": source_ref(cube.fact, cube.alias), "columns": columns, "mixin": mixin}},
    }
    layer = {name: _business_layer(name, label, cube)}
    return Fixture(space, ObjectType.ANALYTIC_MODELS, name, csn(name, definition, businessLayerDefinitions=layer))


def _business_layer(name: str, label: str, cube: Cube) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        c.name: {
            "attributeType": "AnalyticModelAttributeType.FactSourceAttribute",
            "attributeMapping": {cube.alias: {"key": c.name}},
            "text": c.label,
            "duplicated": False,
        }
        for c in cube.attributes
    }
    for d in cube.dims:
        for target_col, nav_label in d.navigation:
            attributes[f"{target_col}{d.suffix}"] = {
                "attributeType": "AnalyticModelAttributeType.DimensionSourceAttribute",
                "sourceKey": d.assoc.name,
                "key": target_col,
                "text": nav_label,
                "duplicated": False,
            }
    measures = {
        c.name: {
            "measureType": "AnalyticModelMeasureType.FactSourceMeasure",
            "measureMapping": {cube.alias: {"key": c.name}},
            "text": c.label,
            "isAuxiliary": False,
        }
        for c in cube.measures
    }
    dimensions = {
        d.assoc.name: {
            "text": d.assoc.label,
            "dataEntity": {"key": d.assoc.target},
            "associationContexts": [
                {
                    "sourceKey": cube.alias,
                    "sourceType": "AnalyticModelSourceType.Fact",
                    "associationSteps": [d.assoc.name],
                }
            ],
        }
        for d in cube.dims
    }
    fact = {cube.alias: {"text": cube.fact.rsplit(".", 1)[-1], "dataEntity": {"key": cube.fact}}}
    layer: dict[str, Any] = {
        "identifier": {"key": name},
        "text": label,
        "sourceModel": {"factSources": fact, "dimensionSources": dimensions},
        "exposedAssociations": {},
        "attributes": attributes,
        "measures": measures,
    }
    if cube.variables:
        layer["variables"] = dict(cube.variables)
    return layer
