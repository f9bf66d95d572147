"""Approvals API: list held changes, approve or reject one (emits ApproveChange on the commands topic)."""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field

from mdsync_contracts.base import Environment
from mdsync_contracts.glue import ApprovalDecision, ApproveChange, DeleteTable
from mdsync_glue_writer.approvals import ApprovalStatus, HeldChange
from mdsync_glue_writer.writer import writer_of
from mdsync_runtime.auth import Principal, Role
from mdsync_runtime.auth.api import CurrentPrincipal, Viewer, require
from mdsync_runtime.service import Runtime

router = APIRouter(prefix="/approvals", tags=["approvals"])
ApprovalId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")]


class ApprovalRequest(BaseModel):
    """An operator's decision on a held change."""

    decision: ApprovalDecision = Field(description="approve or reject.", examples=["approve"])
    reason: str | None = Field(default=None, max_length=2048, description="Why.", examples=["expected column drop"])
    principal: str | None = Field(
        default=None, max_length=256, description="Ignored: the decision is recorded with the token's subject."
    )


class ApprovalAccepted(BaseModel):
    """The decision was sent; the glue-writer applies or records it."""

    approval_id: str
    decision: ApprovalDecision
    event_id: UUID = Field(description="event_id of the ApproveChange command emitted.")


class ApprovalView(BaseModel):
    """A held change as operators see it (without the raw command)."""

    approval_id: str
    status: ApprovalStatus
    database: str
    table: str
    change_class: str
    reason: str
    requester: str
    job_id: str | None
    asset_id: str | None
    diff: dict[str, object] | None
    held_at: str
    decided_by: str | None
    decision_reason: str | None

    @classmethod
    def of(cls, held: HeldChange) -> ApprovalView:
        """The view of ``held``."""
        return cls.model_validate(held.model_dump(mode="json", exclude={"command", "ce_type", "decided_at"}))


def _runtime(request: Request) -> Runtime:
    runtime = request.app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime


class Decider(NamedTuple):
    """Who decides, on which held change."""

    principal: Principal
    held: HeldChange


def space_of(held: HeldChange) -> str | None:
    """The Datasphere space of a held change: from its asset id `{tenant}/{space}/{name}` (None without one)."""
    parts = (held.asset_id or "").split("/")
    return parts[1] if len(parts) == 3 else None


def tenant_of_held(held: HeldChange, default: str) -> str:
    """The tenant of a held change: from its asset id (``default`` without one)."""
    parts = (held.asset_id or "").split("/")
    return parts[0] if len(parts) == 3 else default


def _sees(principal: Principal, held: HeldChange, default_tenant: str) -> bool:
    return principal.sees_tenant(tenant_of_held(held, default_tenant)) and principal.sees(space_of(held))


def role_to_decide(held: HeldChange, environment: Environment) -> Role:
    """Operator decides in dog and wolf; admin in bear, and for a held delete anywhere."""
    is_delete = held.ce_type == DeleteTable.CE_TYPE
    return Role.ADMIN if environment is Environment.BEAR or is_delete else Role.OPERATOR


async def _visible(runtime: Runtime, principal: Principal, approval_id: str) -> HeldChange:
    held = await writer_of(runtime).approvals.get(approval_id)
    if held is None or not _sees(principal, held, runtime.common.tenant):
        raise HTTPException(404, f"no held change {approval_id}")
    return held


@router.get("", response_model=list[ApprovalView])
async def list_approvals(
    request: Request, principal: Viewer, status: Literal["pending", "approved", "rejected", "all"] = "pending"
) -> list[ApprovalView]:
    """Held changes of the caller's spaces with ``status`` (default pending; `all` for every one), newest first."""
    wanted = None if status == "all" else ApprovalStatus(status)
    runtime = _runtime(request)
    held = await writer_of(runtime).approvals.list(wanted)
    return [ApprovalView.of(change) for change in held if _sees(principal, change, runtime.common.tenant)]


@router.get("/{approval_id}", response_model=ApprovalView)
async def get_approval(request: Request, approval_id: ApprovalId, principal: Viewer) -> ApprovalView:
    """One held change (404 when it is of a space the caller does not see)."""
    return ApprovalView.of(await _visible(_runtime(request), principal, approval_id))


async def _decider(request: Request, approval_id: ApprovalId, principal: CurrentPrincipal) -> Decider:
    """The caller and the held change, once its role to decide it is checked (one access event either way)."""
    if not principal.has(Role.OPERATOR):
        await require(Role.OPERATOR)(request, principal)
    runtime = _runtime(request)
    held = await _visible(runtime, principal, approval_id)
    return Decider(await require(role_to_decide(held, runtime.common.env))(request, principal), held)


@router.post("/{approval_id}", status_code=202, response_model=ApprovalAccepted)
async def decide(
    request: Request, approval_id: ApprovalId, body: ApprovalRequest, decider: Annotated[Decider, Depends(_decider)]
) -> ApprovalAccepted:
    """Approve or reject a pending change: operator in dog/wolf, admin in bear or for a delete; never its requester."""
    runtime = _runtime(request)
    writer = writer_of(runtime)
    principal, held = decider
    if held.status is not ApprovalStatus.PENDING:
        raise HTTPException(409, f"{approval_id} is already {held.status.value}")
    who = principal.subject
    if writer.processor.four_eyes and who == held.requester:
        raise HTTPException(403, f"{who} requested this change; a second person must approve or reject it")
    command = ApproveChange(
        environment=runtime.common.env,
        tenant=tenant_of_held(held, runtime.common.tenant),
        requester=who,
        correlation_id=held.job_id,
        asset_id=held.asset_id,
        database=held.database,
        table=held.table,
        approval_id=approval_id,
        decision=body.decision,
        reason=body.reason,
    )
    await runtime.publisher.publish(command)
    return ApprovalAccepted(approval_id=approval_id, decision=body.decision, event_id=command.event_id)
