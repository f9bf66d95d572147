"""One asset → one Glue TableInput (or an exclusion), with every decision and its rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mdsync_contracts.assets import AssetDefinition, content_hash
from mdsync_contracts.glue_model import ConflictPolicy, DatabaseInput, DecisionKind, MappingDecision, TableInput
from mdsync_mapper.core.columns import MappedColumn, map_columns
from mdsync_mapper.core.marks import (
    ASSET_KEY,
    CLASSIFICATION_KEY,
    OWNER,
    OWNER_KEY,
    RULE_SET_KEY,
    SOURCE_HASH_KEY,
)
from mdsync_mapper.core.names import MAX_NAME_BYTES, glue_name
from mdsync_mapper.core.resolve import ResolvedType
from mdsync_mapper.core.rules import RuleSet, StorageFormat
from mdsync_mapper.core.select import Effective, effective, exclusion
from mdsync_mapper.core.storage import FlowTarget, storage_descriptor, template_location

MAX_DESCRIPTION = 2048


@dataclass(frozen=True)
class Placement:
    """Where the asset's table goes: its (already de-collided) database and table names and flow target."""

    database: str
    table: str
    flow_target: FlowTarget | None = None


@dataclass(frozen=True)
class MappedTable:
    """The desired Glue table of one asset."""

    asset_id: str
    database: str
    table_input: TableInput
    decisions: tuple[MappingDecision, ...]
    lossy_columns: tuple[str, ...]
    conflict_policy: ConflictPolicy
    source_hash: str
    rule_set_version: str


@dataclass(frozen=True)
class Excluded:
    """The asset gets no Glue table, and why."""

    asset_id: str
    reason: str


def database_natural(space: str, rule_set: RuleSet) -> str:
    """The space's database before collision suffixes: an explicit name or the sanitized space, prefixed."""
    base = rule_set.rules.databases.get(space) or glue_name(space)
    return (rule_set.site.database_prefix + base)[:MAX_NAME_BYTES]


def table_natural(definition: AssetDefinition) -> str:
    """The asset's table name before collision suffixes."""
    return glue_name(definition.technical_name)


def map_asset(
    definition: AssetDefinition,
    rule_set: RuleSet,
    placement: Placement,
    resolved: Mapping[str, ResolvedType] | None = None,
) -> MappedTable | Excluded:
    """Map ``definition`` to its Glue table under ``rule_set``, or say why it is excluded."""
    reason = exclusion(rule_set.rules, definition)
    if reason is not None:
        return Excluded(definition.asset_id, reason)
    settings = effective(rule_set.rules, definition)
    mapped = map_columns(definition.columns, settings, resolved or {})
    columns, partitions, partition_decisions = _split_partitions(mapped.columns, settings)
    location, storage_format, storage_rule = _storage(rule_set, placement, settings)
    source_hash = content_hash(definition)
    table_input = TableInput(
        name=placement.table,
        description=definition.label[:MAX_DESCRIPTION] if definition.label else None,
        parameters=table_parameters(definition, rule_set.label, source_hash, storage_format.value, placement),
        storage_descriptor=storage_descriptor((c.column for c in columns), location, storage_format),
        partition_keys=tuple(c.column for c in partitions),
    )
    storage = MappingDecision(
        kind=DecisionKind.STORAGE, subject="table", target_value=f"{storage_format.value} {location}", rule=storage_rule
    )
    naming = _name_collisions(definition, rule_set, placement)
    return MappedTable(
        asset_id=definition.asset_id,
        database=placement.database,
        table_input=table_input,
        decisions=(*naming, *mapped.decisions, *partition_decisions, storage),
        lossy_columns=tuple(c.column.name for c in mapped.columns if c.lossy),
        conflict_policy=settings.conflict_policy,
        source_hash=source_hash,
        rule_set_version=rule_set.label,
    )


def _name_collisions(definition: AssetDefinition, rule_set: RuleSet, placement: Placement) -> list[MappingDecision]:
    found = []
    for subject, natural, assigned in (
        ("database", database_natural(definition.space, rule_set), placement.database),
        ("table", table_natural(definition), placement.table),
    ):
        if natural != assigned:
            note = f"{subject} name collision on {natural!r}: suffixed (sorted source identities decide)"
            found.append(
                MappingDecision(
                    kind=DecisionKind.COLLISION,
                    subject=subject,
                    source_value=natural,
                    target_value=assigned,
                    rule="names.collision",
                    note=note,
                )
            )
    return found


def _split_partitions(
    columns: tuple[MappedColumn, ...], settings: Effective
) -> tuple[list[MappedColumn], list[MappedColumn], list[MappingDecision]]:
    by_source = {c.source: c for c in columns}
    chosen = [by_source[name] for name in settings.partition_keys if name in by_source]
    missing = [name for name in settings.partition_keys if name not in by_source]
    rule = settings.rule_for("partition_keys")
    decisions = [
        MappingDecision(kind=DecisionKind.PARTITION, subject=c.source, target_value=c.column.name, rule=rule)
        for c in chosen
    ]
    decisions += [
        MappingDecision(kind=DecisionKind.PARTITION, subject=name, rule=rule, note="no such column; ignored")
        for name in missing
    ]
    return [c for c in columns if c not in chosen], chosen, decisions


def _storage(rule_set: RuleSet, placement: Placement, settings: Effective) -> tuple[str, StorageFormat, str]:
    target = placement.flow_target
    if target is not None:
        return target.location, target.format, f"replication_flow:{target.flow_asset_id}"
    location = template_location(rule_set.site, placement.database, placement.table)
    return location, settings.format, settings.rule_for("storage.format")


def table_parameters(
    definition: AssetDefinition, rule_set_version: str, source_hash: str, classification: str, placement: Placement
) -> dict[str, str]:
    """Deterministic table Parameters: ownership, source identity, hashes, rule-set version, SAP metadata."""
    values: dict[str, str | None] = {
        OWNER_KEY: OWNER,
        ASSET_KEY: definition.asset_id,
        "mdsync.tenant": definition.tenant,
        "mdsync.space": definition.space,
        "mdsync.technical_name": definition.technical_name,
        "mdsync.kind": definition.kind.value,
        SOURCE_HASH_KEY: source_hash,
        RULE_SET_KEY: rule_set_version,
        "mdsync.storage_source": placement.flow_target.flow_asset_id if placement.flow_target else "template",
        "sap.label": definition.label,
        "sap.exposed": "true" if definition.exposed else "false",
        "sap.modeling_pattern": definition.modeling_pattern,
        "sap.parameters": ",".join(definition.parameters) if definition.has_parameters else None,
        "sap.remote_connection": definition.remote.connection if definition.remote else None,
        "sap.remote_entity": definition.remote.entity if definition.remote else None,
        CLASSIFICATION_KEY: classification,
    }
    return {key: value for key, value in sorted(values.items()) if value is not None}


def database_input(space: str, tenant: str, database: str) -> DatabaseInput:
    """The Glue database of a space."""
    return DatabaseInput(
        name=database,
        description=f"Datasphere space {space}",
        parameters={OWNER_KEY: OWNER, "mdsync.tenant": tenant, "mdsync.space": space},
    )
