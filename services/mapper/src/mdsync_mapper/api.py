"""HTTP API of the mapper: rule validation, rule sets, promotion, and plans that write nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from mdsync_contracts.base import Environment
from mdsync_mapper.access import check_spaces, plan_tenant, rules_tenant
from mdsync_mapper.activation import Replan
from mdsync_mapper.api_models import (
    Activated,
    PlanRequest,
    Promoted,
    PromoteRequest,
    ReplanView,
    RuleSetView,
    RuleText,
    Validation,
)
from mdsync_mapper.core.commands import Envelope
from mdsync_mapper.core.located import LocatedValidationError
from mdsync_mapper.core.plan import Plan
from mdsync_mapper.core.rulefile import PromotionError, dump_rule_set, parse_rule_set
from mdsync_mapper.core.rules import RuleSet, rules_hash
from mdsync_mapper.handlers import MapperParts, parts
from mdsync_mapper.rulesets import BearIsPromotedOnlyError
from mdsync_mapper.tenancy import with_prefix
from mdsync_runtime.auth import Principal
from mdsync_runtime.auth.api import Admin, Operator, Viewer

router = APIRouter(tags=["mapper"])
TenantParam = Annotated[
    str | None,
    Query(max_length=64, description="Narrow to this tenant's named rule set; default: the default rule set."),
]


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
    check_spaces(principal, body)
    pipeline = _mapper(request).pipeline
    tenant = plan_tenant(principal, body, pipeline.common.tenant, pipeline.tenant_rules.tenants)
    envelope = None
    if body.job_id is not None:
        envelope = Envelope(pipeline.common.env, tenant, body.job_id, correlation_id=body.job_id)
    return await pipeline.plan(body.scope, body.definitions, envelope, body.include_tables, tenant)
