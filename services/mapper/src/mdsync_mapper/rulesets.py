"""The rule sets in force: loaded from the rules directory, replaced only by valid files, promoted in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mdsync_contracts.base import Environment
from mdsync_contracts.rule_sets import RuleSetChange
from mdsync_mapper.core.located import LocatedError, LocatedValidationError
from mdsync_mapper.core.rulefile import dump_rule_set, parse_rule_set, promote, rule_changes
from mdsync_mapper.core.rules import RuleSet, rules_hash


class BearIsPromotedOnlyError(ValueError):
    """The bear rule set changes only by promotion."""


@dataclass(frozen=True)
class Promotion:
    """A done promotion: the rule set now in force in the target and what changed."""

    source: RuleSet
    previous: RuleSet | None
    promoted: RuleSet
    changes: tuple[RuleSetChange, ...]


@dataclass
class RuleSets:
    """The last valid rule set of every environment, and the last error of each file."""

    directory: Path
    active: dict[Environment, RuleSet] = field(default_factory=dict)
    errors: dict[Environment, tuple[LocatedError, ...]] = field(default_factory=dict)

    def path(self, environment: Environment) -> Path:
        """The file of ``environment``."""
        return self.directory / f"{environment.value}.yaml"

    def load_all(self) -> None:
        """(Re)load every environment's file; an invalid or missing file keeps its last valid rule set."""
        for environment in Environment:
            self.load(environment)

    def load(self, environment: Environment) -> RuleSet | None:
        """(Re)load one file; returns the rule set in force afterwards."""
        path = self.path(environment)
        if not path.exists():
            missing = LocatedError(file=str(path), line=1, field="", message="file not found")
            self.errors[environment] = (missing,)
            return self.active.get(environment)
        return self._accept(environment, path.read_text(encoding="utf-8"), str(path))

    def _accept(self, environment: Environment, text: str, file: str) -> RuleSet | None:
        try:
            rule_set = parse_rule_set(text, file, environment)
        except LocatedValidationError as error:
            self.errors[environment] = error.errors
            return self.active.get(environment)
        self.errors.pop(environment, None)
        self.active[environment] = rule_set
        return rule_set

    def get(self, environment: Environment) -> RuleSet:
        """The rule set in force; raises LocatedValidationError when the environment never had a valid one."""
        rule_set = self.active.get(environment)
        if rule_set is None:
            raise LocatedValidationError(self.errors.get(environment, ()))
        return rule_set

    def replace(self, environment: Environment, text: str) -> RuleSet:
        """Validate ``text`` and, when valid, write it as the environment's file and put it in force."""
        if environment is Environment.BEAR:
            raise BearIsPromotedOnlyError("the bear rule set changes only by promotion (POST /rules/promote)")
        rule_set = parse_rule_set(text, str(self.path(environment)), environment)
        self.path(environment).write_text(text, encoding="utf-8")
        self.errors.pop(environment, None)
        self.active[environment] = rule_set
        return rule_set

    def promote(self, source: Environment, target: Environment) -> Promotion:
        """Promote ``source``'s rules into ``target``: write the target file and put it in force."""
        current = self.active.get(target)
        promoted = promote(self.get(source), current, target)
        self.path(target).write_text(dump_rule_set(promoted), encoding="utf-8")
        self.errors.pop(target, None)
        self.active[target] = promoted
        changes = rule_changes(current.rules if current else None, promoted.rules)
        return Promotion(self.get(source), current, promoted, changes)


def same_outputs(before: RuleSet | None, after: RuleSet) -> bool:
    """True when the two rule sets map every asset the same way (same rules, site and version label)."""
    if before is None:
        return False
    same_rules = rules_hash(before.rules) == rules_hash(after.rules)
    return same_rules and before.site == after.site and before.label == after.label
