"""Which assets the rules map, and the settings in force for one asset after its overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.glue_model import ConflictPolicy
from mdsync_mapper.core.rules import Override, Rules, Selector, StorageFormat, TypePolicy

BASE = "rules"
FLOWS_NEVER = "flows never become Glue tables"


def matches(selector: Selector, definition: AssetDefinition) -> bool:
    """True when the selector's globs match the asset's space, technical name and kind."""
    return (
        fnmatchcase(definition.space, selector.space)
        and fnmatchcase(definition.technical_name, selector.asset)
        and fnmatchcase(definition.kind.value, selector.kind)
    )


def exclusion(rules: Rules, definition: AssetDefinition) -> str | None:
    """Why the asset gets no Glue table, or None when it gets one."""
    if definition.kind.is_flow:
        return FLOWS_NEVER
    if not any(matches(selector, definition) for selector in rules.include):
        return "no rules.include selector matches"
    for index, selector in enumerate(rules.exclude):
        if matches(selector, definition):
            return f"rules.exclude[{index}] matches"
    return None


@dataclass(frozen=True)
class Effective:
    """Settings in force for one asset; ``origin`` names the rule that set each one."""

    types: TypePolicy
    conflict_policy: ConflictPolicy
    format: StorageFormat
    rename: dict[str, str] = field(default_factory=dict)
    drop: tuple[str, ...] = ()
    partition_keys: tuple[str, ...] = ()
    origin: dict[str, str] = field(default_factory=dict)
    overrides: tuple[str, ...] = ()

    def rule_for(self, setting: str) -> str:
        """``{rule}.{setting}``: the override (or `rules`) that decided ``setting``."""
        return f"{self.origin.get(setting, BASE)}.{setting}"


def effective(rules: Rules, definition: AssetDefinition) -> Effective:
    """Apply every matching override, in order, to the rule set's defaults."""
    result = Effective(types=rules.types, conflict_policy=rules.conflict_policy, format=rules.storage.format)
    for override in rules.overrides:
        if matches(override.match, definition):
            result = _apply(result, override)
    return result


def _apply(current: Effective, override: Override) -> Effective:
    origin = dict(current.origin)
    types = current.types
    if override.types is not None:
        changes = override.types.model_dump(exclude_none=True)
        types = types.model_copy(update=changes)
        origin.update({f"types.{name}": override.name for name in changes})
    policy = current.conflict_policy
    if override.conflict_policy is not None:
        policy, origin["conflict_policy"] = override.conflict_policy, override.name
    storage_format = current.format
    if override.storage is not None:
        storage_format, origin["storage.format"] = override.storage.format, override.name
    rename, drop = dict(current.rename), current.drop
    if override.columns is not None:
        rename.update(override.columns.rename)
        drop = (*drop, *override.columns.drop)
        origin.update({f"columns.{name}": override.name for name in (*override.columns.rename, *override.columns.drop)})
    partition_keys = current.partition_keys
    if override.partition_keys is not None:
        partition_keys, origin["partition_keys"] = override.partition_keys, override.name
    return Effective(
        types=types,
        conflict_policy=policy,
        format=storage_format,
        rename=rename,
        drop=drop,
        partition_keys=partition_keys,
        origin=origin,
        overrides=(*current.overrides, override.name),
    )
