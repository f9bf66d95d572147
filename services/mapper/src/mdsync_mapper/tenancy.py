"""The rule set of each tenant: its named rule set (rules_dir/<name>/) with its Glue database prefix in front."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mdsync_contracts.base import Environment
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.rulesets import RuleSets
from mdsync_runtime.errors import PermanentError
from mdsync_runtime.tenants import Tenants

DEFAULT_RULE_SET = "default"


def with_prefix(rule_set: RuleSet, prefix: str) -> RuleSet:
    """``rule_set`` whose databases all start with the tenant's ``prefix`` (before the environment's own)."""
    if not prefix:
        return rule_set
    site = rule_set.site.model_copy(update={"database_prefix": prefix + rule_set.site.database_prefix})
    return rule_set.model_copy(update={"site": site})


@dataclass
class TenantRules:
    """Chooses the rule set by the message's tenant; without a tenants file every tenant gets the default one."""

    default: RuleSets
    environment: Environment
    tenants: Tenants | None = None
    named: dict[str, RuleSets] = field(default_factory=dict)

    @classmethod
    def load(cls, default: RuleSets, environment: Environment, tenants: Tenants | None, rules_dir: Path) -> TenantRules:
        """Load every named rule set the tenants use (fails fast, naming the file, when one was never valid)."""
        found = cls(default, environment, tenants)
        for tenant in tenants.tenants if tenants else ():
            name = tenant.rule_set
            if name != DEFAULT_RULE_SET and name not in found.named:
                rule_sets = RuleSets(rules_dir / name)
                rule_sets.load_all()
                rule_sets.get(environment)
                found.named[name] = rule_sets
        return found

    def on_default(self) -> tuple[str, ...]:
        """The configured tenants mapping with the default rule set (empty without a tenants file)."""
        tenants = self.tenants.tenants if self.tenants else ()
        return tuple(tenant.name for tenant in tenants if tenant.rule_set not in self.named)

    def name_of(self, tenant: str) -> str:
        """The name of the rule set ``tenant`` maps with (``default`` without a tenants file or a named set)."""
        config = self.tenants.get(tenant) if self.tenants else None
        return config.rule_set if config is not None and config.rule_set in self.named else DEFAULT_RULE_SET

    def rule_sets_of(self, tenant: str) -> RuleSets:
        """The rule sets (every environment) of ``tenant``: the very object its mapping reads, so changes apply."""
        return self.named.get(self.name_of(tenant), self.default)

    def prefix_of(self, tenant: str) -> str:
        """The Glue database prefix of ``tenant`` (empty without a tenants file)."""
        config = self.tenants.get(tenant) if self.tenants else None
        return config.glue.database_prefix if config is not None else ""

    def using(self, name: str) -> tuple[str, ...]:
        """The configured tenants mapping with the rule set ``name``."""
        if name == DEFAULT_RULE_SET:
            return self.on_default()
        tenants = self.tenants.tenants if self.tenants else ()
        return tuple(tenant.name for tenant in tenants if tenant.rule_set == name)

    def of(self, tenant: str) -> RuleSet:
        """The rule set in force for ``tenant``; PermanentError for a tenant not configured here."""
        if self.tenants is None:
            return self.default.get(self.environment)
        config = self.tenants.get(tenant)
        if config is None:
            raise PermanentError(f"tenant {tenant!r} is not configured (tenants: {', '.join(self.tenants.names)})")
        return with_prefix(self.rule_sets_of(tenant).get(self.environment), config.glue.database_prefix)
