"""`/held-deletions`: deletions the mass-delete guard held back, and their approval."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict

from mdsync_extractor.api.deps import extractor
from mdsync_extractor.commands import UnknownError
from mdsync_extractor.composition import Extractor
from mdsync_extractor.state.holds import HeldDeletion

router = APIRouter(prefix="/held-deletions", tags=["held deletions"])
Ex = Annotated[Extractor, Depends(extractor)]


class ApproveBody(BaseModel):
    """Body of `POST /held-deletions/{id}/approve`."""

    model_config = ConfigDict(extra="forbid")

    approver: str = "operator:anonymous"


@router.get("")
async def pending_holds(ex: Ex) -> list[HeldDeletion]:
    """Held deletions waiting for approval."""
    return await ex.state.holds.pending()


@router.get("/{hold_id}")
async def show_hold(hold_id: str, ex: Ex) -> HeldDeletion:
    """One held deletion."""
    hold = await ex.state.holds.get(hold_id)
    if hold is None:
        raise HTTPException(status_code=404, detail=f"no held deletion {hold_id!r}")
    return hold


@router.post("/{hold_id}/approve")
async def approve_hold(hold_id: str, ex: Ex, body: ApproveBody | None = None) -> HeldDeletion:
    """Approve: publish each held asset as AssetDeleted(approved_after_hold). Approving twice changes nothing."""
    try:
        return await ex.commands.approve_hold(hold_id, (body or ApproveBody()).approver)
    except UnknownError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
