"""Who may see and ask for what: job scopes checked against the caller's spaces, and bounded scopes."""

from __future__ import annotations

from fastapi import HTTPException

from mdsync_contracts.jobs import JobScope
from mdsync_extractor.composition import Extractor
from mdsync_runtime.auth import Principal

MAX_SCOPE_SPACES = 200
MAX_SCOPE_ASSETS = 2000
MAX_NAME_LENGTH = 256
ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
"""Job, hold and schedule ids in paths: letters, digits and `_.:-` only."""


def scope_spaces(scope: JobScope) -> frozenset[str]:
    """Every space a scope touches: its spaces and the spaces of its single assets."""
    return frozenset(scope.spaces) | {asset.space for asset in scope.assets}


def sees_scope(principal: Principal, scope: JobScope) -> bool:
    """Whether ``principal`` sees every space of ``scope`` (an every-space scope only with every space)."""
    spaces = scope_spaces(scope)
    if not spaces:
        return principal.sees(None)
    return all(principal.sees(space) for space in spaces)


def scope_for(principal: Principal, scope: JobScope) -> JobScope:
    """The scope ``principal`` may ask for: 403 naming spaces it cannot see; an empty scope becomes its spaces."""
    hidden = sorted(space for space in scope_spaces(scope) if not principal.sees(space))
    if hidden:
        raise HTTPException(403, f"{principal.subject} may not act on space(s) {', '.join(hidden)}")
    if not scope_spaces(scope) and principal.spaces is not None:
        return scope.model_copy(update={"spaces": tuple(sorted(principal.spaces))})
    return scope


def tenant_for(ex: Extractor, principal: Principal, requested: str | None) -> str:
    """The tenant a request acts on: 404 for one not served, 403 for one the caller may not see."""
    served = [name for name in ex.lanes if principal.sees_tenant(name)]
    if requested is None:
        if not served:
            raise HTTPException(403, f"{principal.subject} may not act on any tenant served here")
        return ex.default_tenant if ex.default_tenant in served else served[0]
    if requested not in ex.lanes:
        raise HTTPException(404, f"tenant {requested!r} is not served here (configured: {', '.join(ex.lanes)})")
    if not principal.sees_tenant(requested):
        raise HTTPException(403, f"{principal.subject} may not act on tenant {requested}")
    return requested


def bounded(scope: JobScope) -> JobScope:
    """``scope`` when it stays within the size limits; ValueError (a 422 in a body) naming the limit otherwise."""
    if len(scope.spaces) > MAX_SCOPE_SPACES:
        raise ValueError(f"at most {MAX_SCOPE_SPACES} spaces per scope")
    if len(scope.assets) > MAX_SCOPE_ASSETS:
        raise ValueError(f"at most {MAX_SCOPE_ASSETS} assets per scope")
    names = [*scope.spaces, *(a.space for a in scope.assets), *(a.technical_name for a in scope.assets)]
    if any(len(name) > MAX_NAME_LENGTH for name in names):
        raise ValueError(f"space and asset names are at most {MAX_NAME_LENGTH} characters")
    return scope
