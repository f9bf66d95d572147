"""Approvals API: list held changes, approve or reject one (emits ApproveChange on the commands topic)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Header, HTTPException, Request
from pydantic import BaseModel, Field

from mdsync_contracts.glue import ApprovalDecision, ApproveChange
from mdsync_glue_writer.approvals import ApprovalStatus, HeldChange
from mdsync_glue_writer.writer import writer_of
from mdsync_runtime.service import Runtime

router = APIRouter(prefix="/approvals", tags=["approvals"])
PRINCIPAL_HEADER = "X-Mdsync-Principal"
ANONYMOUS = "operator:unknown"


class ApprovalRequest(BaseModel):
    """An operator's decision on a held change."""

    decision: ApprovalDecision = Field(description="approve or reject.", examples=["approve"])
    reason: str | None = Field(default=None, max_length=2048, description="Why.", examples=["expected column drop"])
    principal: str | None = Field(
        default=None, description="Who decides, until auth lands (the header wins).", examples=["operator:jane"]
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


@router.get("", response_model=list[ApprovalView])
async def list_approvals(
    request: Request, status: Literal["pending", "approved", "rejected", "all"] = "pending"
) -> list[ApprovalView]:
    """Held changes of ``status`` (default pending; `all` for every one), newest first."""
    wanted = None if status == "all" else ApprovalStatus(status)
    held = await writer_of(_runtime(request)).approvals.list(wanted)
    return [ApprovalView.of(change) for change in held]


@router.get("/{approval_id}", response_model=ApprovalView)
async def get_approval(request: Request, approval_id: str) -> ApprovalView:
    """One held change."""
    held = await writer_of(_runtime(request)).approvals.get(approval_id)
    if held is None:
        raise HTTPException(404, f"no held change {approval_id}")
    return ApprovalView.of(held)


@router.post("/{approval_id}", status_code=202, response_model=ApprovalAccepted)
async def decide(
    request: Request,
    approval_id: str,
    body: ApprovalRequest,
    principal: Annotated[str | None, Header(alias=PRINCIPAL_HEADER)] = None,
) -> ApprovalAccepted:
    """Approve or reject a pending change; in four-eyes environments its requester may not approve it."""
    runtime = _runtime(request)
    writer = writer_of(runtime)
    held = await writer.approvals.get(approval_id)
    if held is None:
        raise HTTPException(404, f"no held change {approval_id}")
    if held.status is not ApprovalStatus.PENDING:
        raise HTTPException(409, f"{approval_id} is already {held.status.value}")
    who = principal or body.principal
    if writer.processor.four_eyes and who is not None and who == held.requester:
        raise HTTPException(403, f"{who} requested this change and cannot approve or reject it")
    command = ApproveChange(
        environment=runtime.common.env,
        tenant=runtime.common.tenant,
        requester=who or ANONYMOUS,
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
