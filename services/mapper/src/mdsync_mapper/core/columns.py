"""Columns of one asset → Glue columns: drops, names, types, comments and `sap.*` Parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from mdsync_contracts.assets import Column
from mdsync_contracts.glue_model import DecisionKind, GlueColumn, MappingDecision
from mdsync_mapper.core.names import assign, glue_name
from mdsync_mapper.core.resolve import ResolvedType
from mdsync_mapper.core.select import Effective
from mdsync_mapper.core.typemap import SapType, TypeMapping, map_type

MAX_COMMENT = 255
DEFAULT_TYPE_RULE = "types.default"


@dataclass(frozen=True)
class MappedColumn:
    """A Glue column with the SAP column it came from and whether its type mapping is lossy."""

    source: str
    column: GlueColumn
    lossy: bool


@dataclass(frozen=True)
class MappedColumns:
    """The columns of a table, in source order, and the decisions taken for them."""

    columns: tuple[MappedColumn, ...]
    decisions: tuple[MappingDecision, ...]


def map_columns(
    columns: tuple[Column, ...], settings: Effective, resolved: Mapping[str, ResolvedType]
) -> MappedColumns:
    """Drop, name (with collision suffixes), type and describe every column."""
    decisions: list[MappingDecision] = []
    kept = []
    for column in sorted(columns, key=lambda c: c.position):
        pattern = next((p for p in settings.drop if fnmatchcase(column.name, p)), None)
        if pattern is None:
            kept.append(column)
        else:
            decisions.append(_decision(DecisionKind.DROP, column.name, settings.rule_for(f"columns.{pattern}")))
    names = _names(kept, settings, decisions)
    mapped = [_column(column, names[column.name], settings, resolved.get(column.name), decisions) for column in kept]
    return MappedColumns(tuple(mapped), tuple(decisions))


def _names(columns: list[Column], settings: Effective, decisions: list[MappingDecision]) -> dict[str, str]:
    natural = {c.name: settings.rename.get(c.name) or glue_name(c.name) for c in columns}
    for source, target in natural.items():
        if source in settings.rename:
            decisions.append(_decision(DecisionKind.RENAME, source, settings.rule_for(f"columns.{source}"), target))
    assigned = assign(natural)
    for source in sorted(natural):
        if assigned[source] != natural[source]:
            note = f"column name collision on {natural[source]!r}: suffixed (sorted source names decide)"
            decisions.append(_decision(DecisionKind.COLLISION, source, "names.collision", assigned[source], note))
    return assigned


def _column(
    column: Column,
    name: str,
    settings: Effective,
    resolved: ResolvedType | None,
    decisions: list[MappingDecision],
) -> MappedColumn:
    sap = resolved.sap if resolved else SapType(column.cds_type, column.length, column.precision, column.scale)
    mapping = map_type(sap, settings.types)
    rule = settings.rule_for(f"types.{mapping.policy}") if mapping.policy else DEFAULT_TYPE_RULE
    decisions.append(
        MappingDecision(
            kind=DecisionKind.TYPE,
            subject=column.name,
            source_value=_sap_text(sap),
            target_value=mapping.glue_type,
            rule=rule,
            lossy=mapping.lossy,
            note=mapping.note,
        )
    )
    comment = column.label[:MAX_COMMENT] if column.label else None
    if column.label and len(column.label) > MAX_COMMENT:
        decisions.append(_decision(DecisionKind.COMMENT, column.name, "labels.comment", None, "label cut to 255"))
    parameters = column_parameters(column, sap, mapping, resolved)
    glue = GlueColumn(name=name, type=mapping.glue_type, comment=comment, parameters=parameters)
    return MappedColumn(column.name, glue, mapping.lossy)


def _sap_text(sap: SapType) -> str:
    facets = [str(v) for v in (sap.length, sap.precision, sap.scale) if v is not None]
    base = sap.cds_type or "<unresolved>"
    return f"{base}({','.join(facets)})" if facets else base


def column_parameters(
    column: Column, sap: SapType, mapping: TypeMapping, resolved: ResolvedType | None
) -> dict[str, str]:
    """The `sap.*` Parameters of a column: source name and type, facets, lossiness, keys, label, semantics."""
    semantics = column.semantics
    values: dict[str, str | int | bool | None] = {
        "sap.name": column.name,
        "sap.type": sap.cds_type,
        "sap.length": sap.length,
        "sap.precision": sap.precision,
        "sap.scale": sap.scale,
        "sap.srid": column.srid,
        "sap.lossy": mapping.lossy,
        "sap.key": column.key or None,
        "sap.not_null": column.not_null or None,
        "sap.label": column.label,
        "sap.native_type": column.native_type,
        "sap.semantics": semantics.semantic.value if semantics.semantic else None,
        "sap.dimension": semantics.dimension or None,
        "sap.measure": semantics.measure or None,
        "sap.aggregation": semantics.aggregation,
        "sap.currency_element": semantics.currency_element,
        "sap.unit_element": semantics.unit_element,
        "sap.text_element": semantics.text_element,
        "sap.type_source": f"{resolved.source_asset_id}#{resolved.source_column}" if resolved else None,
    }
    return {key: _text(value) for key, value in values.items() if value is not None}


def _text(value: str | int | bool) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _decision(
    kind: DecisionKind, subject: str, rule: str, target: str | None = None, note: str | None = None
) -> MappingDecision:
    return MappingDecision(kind=kind, subject=subject, rule=rule, target_value=target, note=note)
