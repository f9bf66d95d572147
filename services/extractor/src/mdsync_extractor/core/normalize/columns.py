"""CSN elements → columns (type, facets, key, label, semantics) and associations."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pydantic import JsonValue

from mdsync_contracts.asset_model import Association, Column, ColumnSemantics, SemanticKind
from mdsync_extractor.core.normalize.cds_types import CDS_TYPES
from mdsync_extractor.core.normalize.csn import CsnElement
from mdsync_extractor.core.normalize.errors import Malformed
from mdsync_extractor.core.normalize.refs import resolve_ref

# `@Semantics.<x>: true` flags, in the order they win when an element carries several.
_FLAGS: tuple[tuple[str, SemanticKind], ...] = (
    ("@Semantics.currencyCode", SemanticKind.CURRENCY_CODE),
    ("@Semantics.unitOfMeasure", SemanticKind.UNIT_OF_MEASURE),
    ("@Semantics.text", SemanticKind.TEXT),
    ("@Semantics.language", SemanticKind.LANGUAGE),
    ("@Semantics.date", SemanticKind.DATE),
    ("@Semantics.calendar.year", SemanticKind.CALENDAR_YEAR),
    ("@Semantics.calendar.yearMonth", SemanticKind.CALENDAR_YEAR_MONTH),
    ("@Semantics.calendar.yearQuarter", SemanticKind.CALENDAR_YEAR_QUARTER),
    ("@Semantics.calendar.yearWeek", SemanticKind.CALENDAR_YEAR_WEEK),
    ("@Semantics.calendar.month", SemanticKind.CALENDAR_MONTH),
    ("@Semantics.calendar.dayOfYear", SemanticKind.CALENDAR_DAY_OF_YEAR),
    ("@Semantics.booleanIndicator", SemanticKind.BOOLEAN_INDICATOR),
)
_AMOUNT = "@Semantics.amount.currencyCode"
_QUANTITY = "@Semantics.quantity.unitOfMeasure"
_LABEL = "@EndUserText.label"
_NATIVE = "@DataWarehouse.native.dataType"
_DIMENSION = "@Analytics.dimension"
_MEASURE = "@Analytics.measure"
_MEASURE_TYPE = "@AnalyticsDetails.measureType"
_AGGREGATION = "@Aggregation.default"
_TEXT_ELEMENT = "@ObjectModel.text.element"
_TEXT_ASSOCIATION = "@ObjectModel.text.association"
_FOREIGN_KEY = "@ObjectModel.foreignKey.association"
CONSUMED = frozenset(
    {_LABEL, _NATIVE, _DIMENSION, _MEASURE, _MEASURE_TYPE, _AGGREGATION, _TEXT_ELEMENT, _TEXT_ASSOCIATION}
    | {_FOREIGN_KEY, _AMOUNT, _QUANTITY}
    | {flag for flag, _ in _FLAGS}
)


def build_columns(elements: Mapping[str, CsnElement], *, typed: bool) -> tuple[Column, ...]:
    """Columns in element order; ``typed=False`` (analytic models) accepts elements without a type."""
    columns = [name_element for name_element in elements.items() if not name_element[1].is_relation]
    return tuple(_column(name, element, position, typed) for position, (name, element) in enumerate(columns))


def build_associations(
    elements: Mapping[str, CsnElement], space: str, known_spaces: Collection[str]
) -> tuple[Association, ...]:
    """Associations and compositions among the elements."""
    return tuple(
        _association(name, element, space, known_spaces) for name, element in elements.items() if element.is_relation
    )


def _column(name: str, element: CsnElement, position: int, typed: bool) -> Column:
    if element.type is None and typed:
        raise Malformed(f"element {name!r} has no type")
    if element.type is not None and element.type not in CDS_TYPES:
        raise Malformed(f"element {name!r} has unknown CDS type {element.type!r}")
    label = element.annotation(_LABEL)
    native = element.annotation(_NATIVE)
    return Column(
        name=name,
        position=position,
        cds_type=element.type,
        length=element.length,
        precision=element.precision,
        scale=element.scale,
        srid=element.srid,
        key=element.key,
        not_null=element.not_null or element.key,
        label=label if isinstance(label, str) else None,
        native_type=native if isinstance(native, str) else None,
        semantics=column_semantics(element),
        annotations=_other_annotations(element),
    )


def column_semantics(element: CsnElement) -> ColumnSemantics:
    """Analytical and semantic meaning from the element's annotations."""
    currency, unit = element_ref(element.annotation(_AMOUNT)), element_ref(element.annotation(_QUANTITY))
    aggregation = enum_value(element.annotation(_AGGREGATION))
    return ColumnSemantics(
        dimension=element.annotation(_DIMENSION) is True,
        measure=element.annotation(_MEASURE) is True
        or element.annotation(_MEASURE_TYPE) is not None
        or bool(aggregation),
        aggregation=aggregation,
        semantic=_semantic(element, currency, unit),
        currency_element=currency,
        unit_element=unit,
        text_element=element_ref(element.annotation(_TEXT_ELEMENT)),
        text_association=element_ref(element.annotation(_TEXT_ASSOCIATION)),
        foreign_key_association=element_ref(element.annotation(_FOREIGN_KEY)),
    )


def _is_measure(element: CsnElement, aggregation: str | None) -> bool:
    return element.annotation(_MEASURE) is True or element.annotation(_MEASURE_TYPE) is not None or bool(aggregation)


def _semantic(element: CsnElement, currency: str | None, unit: str | None) -> SemanticKind | None:
    if currency is not None:
        return SemanticKind.AMOUNT
    if unit is not None:
        return SemanticKind.QUANTITY
    return next((kind for flag, kind in _FLAGS if element.annotation(flag) is True), None)


def element_ref(value: Any) -> str | None:
    """The element an annotation points at: `{"=": "X"}`, `[{"=": "X"}]` or `"X"`."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("=")
    return value if isinstance(value, str) and value else None


def enum_value(value: Any) -> str | None:
    """The value of a CSN enum annotation: `{"#": "SUM"}` or `"SUM"`."""
    if isinstance(value, dict):
        value = value.get("#")
    return value if isinstance(value, str) and value else None


def _other_annotations(element: CsnElement) -> dict[str, JsonValue]:
    return {key[1:]: value for key, value in element.annotations().items() if key not in CONSUMED}


def _association(name: str, element: CsnElement, space: str, known_spaces: Collection[str]) -> Association:
    if not element.target:
        raise Malformed(f"association {name!r} has no target")
    return Association(
        name=name,
        target=resolve_ref(element.target, space, known_spaces),
        cardinality=_cardinality(element.cardinality),
        on_elements=on_elements(element.on or [], name),
    )


def _cardinality(value: Mapping[str, JsonValue] | None) -> str | None:
    if not value or "max" not in value:
        return None
    maximum = value["max"]
    return "*" if maximum == "*" else f"{value.get('min', 0)}..{maximum}"


def on_elements(condition: list[JsonValue], association: str) -> tuple[str, ...]:
    """This side's element names in an ON condition (refs not through the association itself)."""
    names: set[str] = set()
    for term in condition:
        ref = term.get("ref") if isinstance(term, dict) else None
        if not isinstance(ref, list) or not ref or not all(isinstance(part, str) for part in ref):
            continue
        parts = [str(part) for part in ref]
        if parts[0] in ("$projection", "$self") and len(parts) > 1:
            parts = parts[1:]
        if parts[0] != association:
            names.add(parts[0])
    return tuple(sorted(names))
