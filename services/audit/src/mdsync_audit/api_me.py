"""The audit query API, the caller: who the validated token says it is and what it may see (for the console)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from mdsync_runtime.auth import Role
from mdsync_runtime.auth.api import Viewer

router = APIRouter(tags=["caller"])


class Me(BaseModel):
    """The caller as its token grants it; a list that is null means no limit."""

    model_config = ConfigDict(frozen=True)

    subject: str = Field(description="The token's subject.", examples=["ann@example.com"])
    roles: list[Role] = Field(description="Granted roles, lowest first.", examples=[["viewer", "operator"]])
    spaces: list[str] | None = Field(description="Visible spaces, sorted; null means every space.")
    tenants: list[str] | None = Field(description="Visible tenants, sorted; null means every tenant.")


def me_of(principal: Viewer) -> Me:
    """The caller's view of ``principal`` (sorted lists, so the answer is stable)."""
    return Me(
        subject=principal.subject,
        roles=sorted(principal.roles, key=lambda role: role.rank),
        spaces=None if principal.spaces is None else sorted(principal.spaces),
        tenants=None if principal.tenants is None else sorted(principal.tenants),
    )


@router.get("/me", response_model=Me, summary="The caller")
async def me(principal: Viewer) -> Me:
    """Subject, roles, spaces and tenants of the validated token (never the token itself)."""
    return me_of(principal)
