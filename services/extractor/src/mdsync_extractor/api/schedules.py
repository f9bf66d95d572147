"""`/schedules`: CRUD of schedules that request jobs; the intervals adaptive ones chose per space, and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import Field

from mdsync_extractor.api.deps import extractor
from mdsync_extractor.composition import Extractor
from mdsync_extractor.core.adaptive import SpacePolling
from mdsync_extractor.core.schedules import Schedule, ScheduleSpec, new_schedule

router = APIRouter(prefix="/schedules", tags=["schedules"])
Ex = Annotated[Extractor, Depends(extractor)]


class ScheduleCreate(ScheduleSpec):
    """Body of `POST /schedules`: the spec, optionally with an id of your choice."""

    schedule_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,64}$")


@router.get("")
async def list_schedules(ex: Ex) -> list[Schedule]:
    """Every schedule."""
    return await ex.state.schedules.all()


@router.post("", status_code=201)
async def create_schedule(body: ScheduleCreate, ex: Ex) -> Schedule:
    """Create a schedule; it fires first at the next match of its cron expression (UTC)."""
    if body.schedule_id and await ex.state.schedules.get(body.schedule_id):
        raise HTTPException(status_code=409, detail=f"schedule {body.schedule_id!r} exists; PUT to replace it")
    spec = ScheduleSpec(**body.model_dump(exclude={"schedule_id"}))
    schedule = new_schedule(spec, datetime.now(UTC), body.schedule_id)
    await ex.state.schedules.put(schedule)
    return schedule


@router.get("/polling")
async def polling(ex: Ex) -> list[SpacePolling]:
    """Every space of every adaptive schedule: its change rate, chosen interval, budget share and the reason."""
    return await ex.state.polling.all()


@router.get("/{schedule_id}/polling")
async def schedule_polling(schedule_id: str, ex: Ex) -> list[SpacePolling]:
    """The spaces of one adaptive schedule (empty until its first tick; 404 for an unknown schedule)."""
    if await ex.state.schedules.get(schedule_id) is None:
        raise HTTPException(status_code=404, detail=f"no schedule {schedule_id!r}")
    return await ex.state.polling.of_schedule(schedule_id)


@router.get("/{schedule_id}")
async def show_schedule(schedule_id: str, ex: Ex) -> Schedule:
    """One schedule."""
    schedule = await ex.state.schedules.get(schedule_id)
    if schedule is None:
        raise HTTPException(status_code=404, detail=f"no schedule {schedule_id!r}")
    return schedule


@router.put("/{schedule_id}")
async def replace_schedule(schedule_id: str, spec: ScheduleSpec, ex: Ex) -> Schedule:
    """Replace a schedule's spec; its next fire time is recomputed."""
    existing = await ex.state.schedules.get(schedule_id)
    if existing is None:
        raise HTTPException(status_code=404, detail=f"no schedule {schedule_id!r}")
    schedule = new_schedule(spec, datetime.now(UTC), schedule_id).model_copy(
        update={"last_fired_at": existing.last_fired_at, "last_job_id": existing.last_job_id}
    )
    await ex.state.schedules.put(schedule)
    return schedule


@router.delete("/{schedule_id}", status_code=204)
async def delete_schedule(schedule_id: str, ex: Ex) -> Response:
    """Delete a schedule."""
    if not await ex.state.schedules.delete(schedule_id):
        raise HTTPException(status_code=404, detail=f"no schedule {schedule_id!r}")
    return Response(status_code=204)
