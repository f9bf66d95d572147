"""The ``/_sim`` admin API: health, config, faults, stats, token expiry, reset. No auth, never counted."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict

from mdsync_devstack.datasphere.access import sim_state
from mdsync_devstack.datasphere.faults import ActiveFault, FaultRule
from mdsync_devstack.datasphere.settings import ConfigPatch, SimConfig
from mdsync_devstack.datasphere.stats import StatsSnapshot
from mdsync_devstack.datasphere.store import FixtureError

router = APIRouter(prefix="/_sim", tags=["simulator admin"])


class Health(BaseModel):
    """Liveness and what is loaded."""

    status: str
    tenant: str
    tenant_dir: str
    spaces: int
    objects: int
    exposed_assets: int
    problems: int


class ResetRequest(BaseModel):
    """Optional body of ``POST /_sim/reset``."""

    model_config = ConfigDict(extra="forbid")

    tenant: Path | None = None
    revoke_tokens: bool = False


class ExpireRequest(BaseModel):
    """Body of ``POST /_sim/tokens/expire``: one client (or all), access tokens and optionally refresh tokens."""

    model_config = ConfigDict(extra="forbid")

    client_id: str | None = None
    refresh: bool = False


@router.get("/health")
async def health(request: Request) -> Health:
    """Liveness plus counts of the loaded tenant."""
    state = sim_state(request)
    problems = len(state.store.load_problems) + sum(1 for obj in state.store.objects.values() if obj.problems)
    return Health(
        status="ok",
        tenant=state.store.tenant.name,
        tenant_dir=str(state.tenant_dir),
        spaces=len(state.store.tenant.spaces),
        objects=len(state.store.objects),
        exposed_assets=len(state.catalog.assets()),
        problems=problems,
    )


@router.get("/problems")
async def problems(request: Request) -> dict[str, list[str]]:
    """Fixture problems: load-level ones and per object (``SPACE/type/name``)."""
    store = sim_state(request).store
    per_object = {f"{o.space}/{o.type.value}/{o.name}": list(o.problems) for o in store.objects.values() if o.problems}
    return {"tenant": list(store.load_problems), **per_object}


@router.get("/config")
async def get_config(request: Request) -> SimConfig:
    """The knobs in force."""
    return sim_state(request).config


@router.patch("/config")
async def patch_config(request: Request, patch: ConfigPatch) -> SimConfig:
    """Change knobs (rate limit, token lifetime, URL style, page size…) until the next reset."""
    state = sim_state(request)
    state.set_config(patch.apply(state.config))
    return state.config


@router.post("/faults", status_code=201)
async def add_fault(request: Request, rule: FaultRule) -> ActiveFault:
    """Put a fault rule in force."""
    return sim_state(request).faults.add(rule)


@router.get("/faults")
async def list_faults(request: Request) -> list[ActiveFault]:
    """Rules in force with their counters."""
    return sim_state(request).faults.active()


@router.delete("/faults", status_code=204)
async def clear_faults(request: Request) -> None:
    """Retire every rule."""
    sim_state(request).faults.clear()


@router.delete("/faults/{fault_id}", status_code=204)
async def remove_fault(request: Request, fault_id: int) -> None:
    """Retire one rule."""
    if not sim_state(request).faults.remove(fault_id):
        raise HTTPException(404, f"no fault {fault_id}")


@router.get("/stats")
async def stats(request: Request, paths: bool = False) -> StatsSnapshot:
    """Request counts per client, route and status since the last reset (``?paths=true`` adds per path)."""
    return sim_state(request).stats.snapshot(with_paths=paths)


@router.delete("/stats", status_code=204)
async def clear_stats(request: Request) -> None:
    """Start counting from zero."""
    sim_state(request).stats.clear()


@router.post("/tokens/expire")
async def expire_tokens(request: Request, body: ExpireRequest) -> dict[str, int]:
    """Expire tokens now, as if their lifetime had passed."""
    return {"expired": sim_state(request).tokens.expire(body.client_id, refresh=body.refresh)}


@router.post("/reset")
async def reset(request: Request, body: ResetRequest | None = None) -> Health:
    """Reload the tenant (or load another), clear faults, stats and limits, restore the start-up config."""
    body = body or ResetRequest()
    try:
        sim_state(request).reset(body.tenant, revoke_tokens=body.revoke_tokens)
    except FixtureError as error:
        raise HTTPException(400, str(error)) from None
    return await health(request)
