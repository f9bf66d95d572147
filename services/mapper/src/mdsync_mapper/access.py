"""Which tenant an API call acts on and which spaces it may plan: 403 naming what is hidden, 404 for unserved."""

from __future__ import annotations

from fastapi import HTTPException

from mdsync_mapper.api_models import PlanRequest
from mdsync_mapper.tenancy import TenantRules
from mdsync_runtime.auth import Principal
from mdsync_runtime.tenants import Tenants


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


def check_spaces(principal: Principal, body: PlanRequest) -> None:
    """403 naming the spaces of the request the caller cannot see (definitions by space and by asset id)."""
    asked = {*body.scope.spaces, *(a.space for a in body.scope.assets)}
    asked |= {space for d in body.definitions for space in (d.space, *d.asset_id.split("/")[1:2])}
    hidden = sorted(space for space in asked if not principal.sees(space))
    if hidden:
        raise HTTPException(403, f"{principal.subject} may not plan space(s) {', '.join(hidden)}")
