"""Cron schedules that request jobs: validation, next fire time, and what is due."""

from __future__ import annotations

import secrets
from datetime import datetime

from croniter import croniter
from pydantic import Field, field_validator

from mdsync_contracts.asset_model import Frozen
from mdsync_contracts.jobs import JobMode, JobScope, Priority


class ScheduleSpec(Frozen):
    """What an operator sets: when (a five-field cron expression, UTC) and which job to request."""

    cron: str = Field(description="Five-field cron expression, evaluated in UTC.", examples=["0 2 * * *"])
    scope: JobScope = Field(default_factory=JobScope, description="Spaces and/or assets; empty means every space.")
    priority: Priority = Field(default=Priority.LOW, description="Priority of the jobs it requests.")
    mode: JobMode = Field(default=JobMode.INCREMENTAL, description="full or incremental.")
    dry_run: bool = Field(default=False, description="Request dry runs.")
    enabled: bool = Field(default=True, description="Disabled schedules never fire.")

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        return validate_cron(value)


class Schedule(ScheduleSpec):
    """A stored schedule with its next fire time."""

    schedule_id: str
    next_fire_at: datetime
    last_fired_at: datetime | None = None
    last_job_id: str | None = None


def validate_cron(expression: str) -> str:
    """Return ``expression`` normalized, or raise ValueError naming what is wrong with it."""
    normalized = " ".join(expression.split())
    fields = normalized.split(" ")
    if len(fields) != 5:
        raise ValueError(f"cron expression {expression!r} must have 5 fields (minute hour day month weekday)")
    if not croniter.is_valid(normalized):
        raise ValueError(f"cron expression {expression!r} is not valid")
    return normalized


def next_fire(expression: str, after: datetime) -> datetime:
    """The first time strictly after ``after`` that ``expression`` matches (``after`` must be timezone-aware)."""
    fire: datetime = croniter(expression, after).get_next(datetime)
    return fire


def new_schedule(spec: ScheduleSpec, now: datetime, schedule_id: str | None = None) -> Schedule:
    """A schedule for ``spec`` that fires first at its next match after ``now``."""
    return Schedule(
        **spec.model_dump(),
        schedule_id=schedule_id or f"sched-{secrets.token_hex(4)}",
        next_fire_at=next_fire(spec.cron, now),
    )


def is_due(schedule: Schedule, now: datetime) -> bool:
    """True when an enabled schedule's fire time has come."""
    return schedule.enabled and schedule.next_fire_at <= now


def fired(schedule: Schedule, now: datetime, job_id: str) -> Schedule:
    """The schedule after firing at ``now``: missed fire times are skipped, not replayed."""
    return schedule.model_copy(
        update={"last_fired_at": now, "last_job_id": job_id, "next_fire_at": next_fire(schedule.cron, now)}
    )
