"""Request and response bodies of the mapper's HTTP API."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import JobScope
from mdsync_contracts.rule_sets import RuleSetChange
from mdsync_mapper.core.located import LocatedError
from mdsync_mapper.core.rules import PromotedFrom
from mdsync_mapper.tenancy import DEFAULT_RULE_SET

MAX_RULES_CHARS = 512_000
MAX_DEFINITIONS = 1000
MAX_SCOPE_ENTRIES = 2000


def _bounded(scope: JobScope) -> JobScope:
    if len(scope.spaces) + len(scope.assets) > MAX_SCOPE_ENTRIES:
        raise ValueError(f"at most {MAX_SCOPE_ENTRIES} spaces and assets per scope")
    return scope


class RuleText(BaseModel):
    """A rule-set YAML document."""

    text: str = Field(max_length=MAX_RULES_CHARS, description="The YAML text.")
    file: str = Field(
        default="rules.yaml", max_length=256, pattern=r"^[\w./-]+$", description="File name used in error locations."
    )
    environment: Environment | None = Field(default=None, description="Environment the file must hold.")


class Validation(BaseModel):
    """Result of validating a rule set: OK with its version, or located errors."""

    valid: bool
    errors: list[LocatedError] = []
    rule_set_version: str | None = None
    rules_hash: str | None = None


class ReplanView(BaseModel):
    """A re-plan started by a rule set coming into force."""

    rule_set_version: str
    state: str
    error: str | None = None
    rule_set: str = Field(default=DEFAULT_RULE_SET, description="The named rule set that came into force.")


class RuleSetView(BaseModel):
    """An environment's rule set in force, and the errors of its file if the last load failed."""

    environment: Environment
    rule_set_version: str
    rules_hash: str
    promoted_from: PromotedFrom | None
    yaml: str
    file_errors: list[LocatedError] = []
    tenant: str | None = Field(default=None, description="The tenant asked for, if any.")
    rule_set: str = Field(default=DEFAULT_RULE_SET, description="Which named rule set this is (rules_dir/<name>/).")
    tenant_database_prefix: str = Field(default="", description="The tenant's Glue database prefix.")
    database_prefix: str = Field(description="What the databases start with: tenant prefix + the site's own.")


class Activated(BaseModel):
    """A rule set put in force; a re-plan runs when it changed this environment's outputs."""

    environment: Environment
    rule_set_version: str
    replan: ReplanView | None = None
    tenant: str | None = None
    rule_set: str = DEFAULT_RULE_SET


class PromoteRequest(BaseModel):
    """Promote the rules of ``from`` into ``to`` (dog → wolf → bear)."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Environment = Field(alias="from")
    to: Environment
    requester: str | None = Field(
        default=None, max_length=256, description="Ignored: the promotion is recorded with the token's subject."
    )


class Promoted(BaseModel):
    """A done promotion and the recorded diff."""

    from_environment: Environment
    to_environment: Environment
    rule_set_version: str
    changes: list[RuleSetChange]
    replan: ReplanView | None = None
    tenant: str | None = None
    rule_set: str = DEFAULT_RULE_SET


class PlanRequest(BaseModel):
    """What to plan: stored assets of a scope and/or definitions given inline (a dry-run job)."""

    scope: Annotated[JobScope, AfterValidator(_bounded)] = Field(default_factory=JobScope)
    definitions: list[AssetDefinition] = Field(default_factory=list, max_length=MAX_DEFINITIONS)
    job_id: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9_.:-]{1,128}$", description="Dry-run job: publish its planned outcomes."
    )
    include_tables: bool = Field(default=False, description="Include each desired TableInput.")
    tenant: str | None = Field(
        default=None, max_length=64, description="Tenant to plan for; default: the definitions', else the first."
    )
