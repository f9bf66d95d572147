"""Reading, writing and promoting rule-set YAML files."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from mdsync_contracts.base import Environment
from mdsync_contracts.rule_sets import RuleSetChange
from mdsync_mapper.core.located import LocatedError, LocatedValidationError, load_located, locate
from mdsync_mapper.core.rules import PROMOTION_ORDER, PromotedFrom, Rules, RuleSet, rules_hash


class PromotionError(ValueError):
    """A promotion is not allowed; the message says why."""


def parse_rule_set(text: str, file: str, environment: Environment | None = None) -> RuleSet:
    """Validate YAML ``text``; raises LocatedValidationError naming file, line and field of every problem."""
    document = load_located(text, file)
    if not isinstance(document.data, dict):
        raise LocatedValidationError(
            [LocatedError(file=file, line=1, field="", message="expected a mapping at the top")]
        )
    try:
        rule_set = RuleSet.model_validate(document.data)
    except ValidationError as error:
        raise locate(error, document, file) from None
    if environment is not None and rule_set.environment is not environment:
        line = document.line_of(("environment",))
        message = f"this file holds the {environment.value} rule set, not {rule_set.environment.value}"
        raise LocatedValidationError([LocatedError(file=file, line=line, field="environment", message=message)])
    return rule_set


PROMOTED_HEADER = (
    "# Written by promotion (POST /rules/promote). Do not edit `rules` by hand: bear refuses rules that no\n"
    "# longer match promoted_from.rules_hash. `site` holds this environment's own settings.\n"
)


def dump_rule_set(rule_set: RuleSet) -> str:
    """The rule set as YAML: site and provenance without defaults, the rules in full."""
    data: dict[str, Any] = {"environment": rule_set.environment.value, "version": rule_set.version}
    data["site"] = rule_set.site.model_dump(mode="json", exclude_defaults=True)
    if rule_set.promoted_from is not None:
        data["promoted_from"] = rule_set.promoted_from.model_dump(mode="json")
    data["rules"] = rule_set.rules.model_dump(mode="json")
    header = PROMOTED_HEADER if rule_set.promoted_from is not None else ""
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def rule_changes(before: Rules | None, after: Rules) -> tuple[RuleSetChange, ...]:
    """Every setting that differs between two rule sets, by dotted path."""
    old = _flatten(before.model_dump(mode="json")) if before else {}
    new = _flatten(after.model_dump(mode="json"))
    paths = sorted(old.keys() | new.keys())
    return tuple(RuleSetChange(path=p, before=old.get(p), after=new.get(p)) for p in paths if old.get(p) != new.get(p))


def _flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{path}.{key}" if path else str(key)))
        return flat
    if isinstance(value, list) and value:
        flat = {}
        for index, item in enumerate(value):
            flat.update(_flatten(item, f"{path}[{index}]"))
        return flat
    return {path: value}


def next_environment(source: Environment) -> Environment:
    """The environment ``source`` promotes into."""
    position = PROMOTION_ORDER.index(source)
    if position + 1 == len(PROMOTION_ORDER):
        raise PromotionError(f"{source.value} is the last environment; nothing to promote into")
    return PROMOTION_ORDER[position + 1]


def promote(source: RuleSet, target: RuleSet | None, to: Environment) -> RuleSet:
    """The target environment's new rule set: the source's rules and version, the target's own site settings."""
    if next_environment(source.environment) is not to:
        expected = next_environment(source.environment).value
        raise PromotionError(f"{source.environment.value} promotes only into {expected}, not {to.value}")
    if target is not None and target.version >= source.version and target.rules != source.rules:
        raise PromotionError(
            f"{to.value} is at version {target.version}; promote a {source.environment.value} version above it"
        )
    promoted_from = PromotedFrom(
        environment=source.environment, version=source.version, rules_hash=rules_hash(source.rules)
    )
    site = target.site if target is not None else source.site
    return RuleSet(environment=to, version=source.version, site=site, promoted_from=promoted_from, rules=source.rules)
