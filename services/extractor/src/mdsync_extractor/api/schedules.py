"""`/schedules`: CRUD of schedules that request jobs; the intervals adaptive ones chose per space, and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Response
from pydantic import Field

from mdsync_extractor.api.access import bounded, scope_for, sees_scope, tenant_for
from mdsync_extractor.api.deps import extractor
from mdsync_extractor.composition import Extractor
from mdsync_extractor.core.adaptive import SpacePolling
from mdsync_extractor.core.schedules import Schedule, ScheduleSpec, new_schedule
from mdsync_runtime.auth import Principal
from mdsync_runtime.auth.api import Operator, Viewer

router = APIRouter(prefix="/schedules", tags=["schedules"])
Ex = Annotated[Extractor, Depends(extractor)]
ScheduleId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]


async def visible_schedule(ex: Extractor, principal: Principal, schedule_id: str) -> Schedule:
    """The schedule, if the caller sees its tenant and every space of its scope; 404 otherwise."""
    schedule = await ex.state.schedules.get(schedule_id)
    if schedule is None or not sees_schedule(ex, principal, schedule):
        raise HTTPException(status_code=404, detail=f"no schedule {schedule_id!r}")
    return schedule


def sees_schedule(ex: Extractor, principal: Principal, schedule: ScheduleSpec) -> bool:
    """Whether the caller sees the schedule's tenant and every space of its scope."""
    return principal.sees_tenant(schedule.tenant or ex.default_tenant) and sees_scope(principal, schedule.scope)


def permitted(ex: Extractor, principal: Principal, spec: ScheduleSpec) -> ScheduleSpec:
    """``spec`` with a bounded scope over the caller's spaces and a tenant it may act on (422, 403, 404)."""
    try:
        bounded(spec.scope)
    except ValueError as error:
        raise HTTPException(422, f"scope: {error}") from None
    tenant = tenant_for(ex, principal, spec.tenant)
    return spec.model_copy(update={"scope": scope_for(principal, spec.scope), "tenant": tenant})


class ScheduleCreate(ScheduleSpec):
    """Body of `POST /schedules`: the spec, optionally with an id of your choice."""

    schedule_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,64}$")


@router.get("")
async def list_schedules(principal: Viewer, ex: Ex) -> list[Schedule]:
    """Every schedule over the caller's spaces."""
    return [s for s in await ex.state.schedules.all() if sees_schedule(ex, principal, s)]


@router.post("", status_code=201)
async def create_schedule(body: ScheduleCreate, principal: Operator, ex: Ex) -> Schedule:
    """Create a schedule; it fires first at the next match of its cron expression (UTC)."""
    if body.schedule_id and await ex.state.schedules.get(body.schedule_id):
        raise HTTPException(status_code=409, detail=f"schedule {body.schedule_id!r} exists; PUT to replace it")
    spec = permitted(ex, principal, ScheduleSpec(**body.model_dump(exclude={"schedule_id"})))
    schedule = new_schedule(spec, datetime.now(UTC), body.schedule_id)
    await ex.state.schedules.put(schedule)
    return schedule


@router.get("/polling")
async def polling(principal: Viewer, ex: Ex) -> list[SpacePolling]:
    """Every space of the caller's adaptive schedules: change rate, chosen interval, budget share and the reason."""
    visible = {s.schedule_id for s in await ex.state.schedules.all() if sees_schedule(ex, principal, s)}
    return [polling for polling in await ex.state.polling.all() if polling.schedule_id in visible]


@router.get("/{schedule_id}/polling")
async def schedule_polling(schedule_id: ScheduleId, principal: Viewer, ex: Ex) -> list[SpacePolling]:
    """The spaces of one adaptive schedule (empty until its first tick; 404 for an unknown schedule)."""
    await visible_schedule(ex, principal, schedule_id)
    return await ex.state.polling.of_schedule(schedule_id)


@router.get("/{schedule_id}")
async def show_schedule(schedule_id: ScheduleId, principal: Viewer, ex: Ex) -> Schedule:
    """One schedule."""
    return await visible_schedule(ex, principal, schedule_id)


@router.put("/{schedule_id}")
async def replace_schedule(schedule_id: ScheduleId, spec: ScheduleSpec, principal: Operator, ex: Ex) -> Schedule:
    """Replace a schedule's spec; its next fire time is recomputed."""
    existing = await visible_schedule(ex, principal, schedule_id)
    spec = permitted(ex, principal, spec)
    schedule = new_schedule(spec, datetime.now(UTC), schedule_id).model_copy(
        update={"last_fired_at": existing.last_fired_at, "last_job_id": existing.last_job_id}
    )
    await ex.state.schedules.put(schedule)
    return schedule


@router.delete("/{schedule_id}", status_code=204)
async def delete_schedule(schedule_id: ScheduleId, principal: Operator, ex: Ex) -> Response:
    """Delete a schedule."""
    await visible_schedule(ex, principal, schedule_id)
    if not await ex.state.schedules.delete(schedule_id):
        raise HTTPException(status_code=404, detail=f"no schedule {schedule_id!r}")
    return Response(status_code=204)
