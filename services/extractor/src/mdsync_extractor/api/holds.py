"""`/held-deletions`: deletions the mass-delete guard held back, and their approval."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.base import Environment
from mdsync_extractor.api.access import ID_PATTERN
from mdsync_extractor.api.deps import extractor
from mdsync_extractor.commands import UnknownError
from mdsync_extractor.composition import Extractor
from mdsync_extractor.state.holds import HeldDeletion
from mdsync_extractor.tenancy import UnknownTenantError
from mdsync_runtime.auth import Principal
from mdsync_runtime.auth.api import Admin, Viewer

router = APIRouter(prefix="/held-deletions", tags=["held deletions"])
Ex = Annotated[Extractor, Depends(extractor)]
HoldId = Annotated[str, Path(pattern=ID_PATTERN)]


class ApproveBody(BaseModel):
    """Body of `POST /held-deletions/{id}/approve`."""

    model_config = ConfigDict(extra="forbid")

    approver: str | None = Field(
        default=None, max_length=256, description="Ignored: the approver is the token's subject."
    )


@router.get("")
async def pending_holds(principal: Viewer, ex: Ex) -> list[HeldDeletion]:
    """Held deletions of the caller's spaces waiting for approval."""
    return [hold for hold in await ex.state.holds.pending() if _sees(principal, hold)]


async def visible_hold(ex: Extractor, principal: Principal, hold_id: str) -> HeldDeletion:
    """The held deletion, if the caller sees its tenant and space; 404 otherwise."""
    hold = await ex.state.holds.get(hold_id)
    if hold is None or not _sees(principal, hold):
        raise HTTPException(status_code=404, detail=f"no held deletion {hold_id!r}")
    return hold


@router.get("/{hold_id}")
async def show_hold(hold_id: HoldId, principal: Viewer, ex: Ex) -> HeldDeletion:
    """One held deletion."""
    return await visible_hold(ex, principal, hold_id)


@router.post("/{hold_id}/approve")
async def approve_hold(hold_id: HoldId, principal: Admin, ex: Ex, body: ApproveBody | None = None) -> HeldDeletion:
    """Approve (admin: it deletes; in bear not the job's requester): publish AssetDeleted(approved_after_hold) each."""
    hold = await visible_hold(ex, principal, hold_id)
    if ex.commands.environment is Environment.BEAR:
        job = await ex.state.jobs.get(hold.job_id)
        if job is not None and job.spec.requester == principal.subject:
            detail = f"{principal.subject} requested job {hold.job_id}; a second person must approve its deletions"
            raise HTTPException(status_code=403, detail=detail)
    try:
        return await ex.lane(hold.tenant).commands.approve_hold(hold_id, principal.subject)
    except (UnknownError, UnknownTenantError) as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


def _sees(principal: Principal, hold: HeldDeletion) -> bool:
    return principal.sees_tenant(hold.tenant) and principal.sees(hold.space)
