"""HTTP API of the mapper: rule validation, rule sets, promotion, and plans that write nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import JobScope
from mdsync_contracts.rule_sets import RuleSetChange
from mdsync_mapper.activation import Replan
from mdsync_mapper.core.commands import Envelope
from mdsync_mapper.core.located import LocatedError, LocatedValidationError
from mdsync_mapper.core.plan import Plan
from mdsync_mapper.core.rulefile import PromotionError, dump_rule_set, parse_rule_set
from mdsync_mapper.core.rules import PromotedFrom, RuleSet, rules_hash
from mdsync_mapper.handlers import MapperParts, parts
from mdsync_mapper.rulesets import BearIsPromotedOnlyError
from mdsync_mapper.tenancy import DEFAULT_RULE_SET, TenantRules, with_prefix
from mdsync_runtime.auth import Principal
from mdsync_runtime.auth.api import Admin, Operator, Viewer
from mdsync_runtime.tenants import Tenants

router = APIRouter(tags=["mapper"])
MAX_RULES_CHARS = 512_000
MAX_DEFINITIONS = 1000
MAX_SCOPE_ENTRIES = 2000
TenantParam = Annotated[
    str | None,
    Query(max_length=64, description="Narrow to this tenant's named rule set; default: the default rule set."),
]


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


def _mapper(request: Request) -> MapperParts:
    return parts(request.app.state.runtime)


def _located(error: LocatedValidationError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"errors": [e.model_dump() for e in error.errors]})


def _replan(replan: Replan | None) -> ReplanView | None:
    if replan is None:
        return None
    return ReplanView(
        rule_set_version=replan.rule_set_version, state=replan.state, error=replan.error, rule_set=replan.rule_set
    )


def rules_tenant(principal: Principal, tenant: str | None, rules: TenantRules, single: str) -> str | None:
    """``tenant`` when the caller sees it (else 403) and it is served here (else 404); None when not asked."""
    if tenant is None:
        return None
    if not principal.sees_tenant(tenant):
        raise HTTPException(403, f"{principal.subject} may not see tenant {tenant}")
    served = rules.tenants.names if rules.tenants else (single,)
    if tenant not in served:
        visible = ", ".join(name for name in served if principal.sees_tenant(name))
        raise HTTPException(404, f"tenant {tenant!r} is not served here (tenants: {visible})")
    return tenant


def _tenant(request: Request, principal: Principal, tenant: str | None) -> str | None:
    pipeline = _mapper(request).pipeline
    return rules_tenant(principal, tenant, pipeline.tenant_rules, pipeline.common.tenant)


@router.post("/rules/validate")
async def validate(body: RuleText, principal: Operator) -> Validation:
    """Validate a rule set; errors name file, line and field. Nothing is stored."""
    try:
        rule_set = parse_rule_set(body.text, body.file, body.environment)
    except LocatedValidationError as error:
        return Validation(valid=False, errors=list(error.errors))
    return Validation(valid=True, rule_set_version=rule_set.label, rules_hash=rules_hash(rule_set.rules))


@router.get("/rules/replans")
async def replans(request: Request, principal: Viewer) -> list[ReplanView]:
    """Recent re-plans and their state."""
    return [view for r in _mapper(request).activation.replans if (view := _replan(r)) is not None]


@router.get("/rules/{environment}")
async def rule_set(
    environment: Environment, request: Request, principal: Viewer, tenant: TenantParam = None
) -> RuleSetView:
    """The rule set in force in ``environment``: the default one, or the named one of ``tenant`` with its prefix."""
    tenant = _tenant(request, principal, tenant)
    target = _mapper(request).activation.target(tenant)
    rule_sets = target.rule_sets
    found: RuleSet | None = rule_sets.active.get(environment)
    if found is None:
        raise HTTPException(404, detail=[e.model_dump() for e in rule_sets.errors.get(environment, ())])
    prefix = _mapper(request).pipeline.tenant_rules.prefix_of(tenant) if tenant else ""
    return RuleSetView(
        environment=environment,
        rule_set_version=found.label,
        rules_hash=rules_hash(found.rules),
        promoted_from=found.promoted_from,
        yaml=dump_rule_set(found),
        file_errors=list(rule_sets.errors.get(environment, ())),
        tenant=tenant,
        rule_set=target.name,
        tenant_database_prefix=prefix,
        database_prefix=with_prefix(found, prefix).site.database_prefix,
    )


@router.put("/rules/{environment}", response_model=None)
async def replace(
    environment: Environment, body: RuleText, request: Request, principal: Admin, tenant: TenantParam = None
) -> Activated | JSONResponse:
    """Write and activate a new dog or wolf rule set (bear changes only by promotion); ``tenant``: its named set."""
    tenant = _tenant(request, principal, tenant)
    activation = _mapper(request).activation
    target = activation.target(tenant)
    try:
        replan = activation.replace(environment, body.text, tenant)
    except LocatedValidationError as error:
        return _located(error)
    except BearIsPromotedOnlyError as error:
        raise HTTPException(403, detail=str(error)) from None
    label = target.rule_sets.get(environment).label
    return Activated(
        environment=environment, rule_set_version=label, replan=_replan(replan), tenant=tenant, rule_set=target.name
    )


@router.post("/rules/reload")
async def reload(request: Request, principal: Admin, tenant: TenantParam = None) -> Activated:
    """Re-read the rule files (``tenant``: its named set's); invalid ones keep their last valid rule set."""
    tenant = _tenant(request, principal, tenant)
    activation = _mapper(request).activation
    target = activation.target(tenant)
    replan = activation.reload(tenant)
    label = target.rule_sets.get(activation.environment).label
    return Activated(
        environment=activation.environment,
        rule_set_version=label,
        replan=_replan(replan),
        tenant=tenant,
        rule_set=target.name,
    )


@router.post("/rules/promote")
async def promote(body: PromoteRequest, request: Request, principal: Admin, tenant: TenantParam = None) -> Promoted:
    """Promote dog → wolf or wolf → bear (``tenant``: within its named set); records RuleSetPromoted with the diff."""
    tenant = _tenant(request, principal, tenant)
    activation = _mapper(request).activation
    try:
        promotion, replan = await activation.promote(body.from_, body.to, principal.subject, tenant)
    except PromotionError as error:
        raise HTTPException(409, detail=str(error)) from None
    except LocatedValidationError as error:
        raise HTTPException(409, detail=f"{body.from_.value} has no valid rule set: {error}") from None
    return Promoted(
        from_environment=body.from_,
        to_environment=body.to,
        rule_set_version=promotion.promoted.label,
        changes=list(promotion.changes),
        replan=_replan(replan),
        tenant=tenant,
        rule_set=activation.target(tenant).name,
    )


@router.post("/plan")
async def plan(body: PlanRequest, request: Request, principal: Operator) -> Plan:
    """Per-table diff against Glue now, with its class; writes nothing (a job id publishes planned outcomes).

    Only over the caller's spaces: a scope or definition naming another space is refused (403).
    """
    _check_spaces(principal, body)
    pipeline = _mapper(request).pipeline
    tenant = plan_tenant(principal, body, pipeline.common.tenant, pipeline.tenant_rules.tenants)
    envelope = None
    if body.job_id is not None:
        envelope = Envelope(pipeline.common.env, tenant, body.job_id, correlation_id=body.job_id)
    return await pipeline.plan(body.scope, body.definitions, envelope, body.include_tables, tenant)


def plan_tenant(principal: Principal, body: PlanRequest, single: str, tenants: Tenants | None) -> str:
    """The one tenant a plan is for: 422 for mixed tenants, 404 for one not served, 403 for one not visible."""
    named = {d.tenant for d in body.definitions} | ({body.tenant} if body.tenant else set())
    if len(named) > 1:
        raise HTTPException(422, f"a plan is for one tenant; got {', '.join(sorted(named))}")
    default = tenants.default.name if tenants else single
    tenant = next(iter(named), default)
    if tenants is not None and tenants.get(tenant) is None:
        raise HTTPException(404, f"tenant {tenant!r} is not served here (tenants: {', '.join(tenants.names)})")
    if not principal.sees_tenant(tenant):
        raise HTTPException(403, f"{principal.subject} may not plan for tenant {tenant}")
    return tenant


def _check_spaces(principal: Principal, body: PlanRequest) -> None:
    """403 naming the spaces of the request the caller cannot see (definitions by space and by asset id)."""
    asked = {*body.scope.spaces, *(a.space for a in body.scope.assets)}
    asked |= {space for d in body.definitions for space in (d.space, *d.asset_id.split("/")[1:2])}
    hidden = sorted(space for space in asked if not principal.sees(space))
    if hidden:
        raise HTTPException(403, f"{principal.subject} may not plan space(s) {', '.join(hidden)}")
