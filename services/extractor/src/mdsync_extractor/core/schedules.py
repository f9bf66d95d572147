"""Schedules that request jobs: fixed (cron) or adaptive (per-space intervals); validation, next fire, what is due."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Self

from croniter import croniter
from pydantic import Field, field_validator, model_validator

from mdsync_contracts.asset_model import Frozen
from mdsync_contracts.jobs import JobMode, JobScope, Priority


class Polling(StrEnum):
    """Fixed: fire on the cron expression. Adaptive: poll each space of the scope at an interval learned from it."""

    FIXED = "fixed"
    ADAPTIVE = "adaptive"


class ScheduleSpec(Frozen):
    """What an operator sets: when (a cron expression, or adaptive intervals) and which job to request."""

    cron: str | None = Field(
        default=None, description="Five-field cron expression, evaluated in UTC (fixed only).", examples=["0 2 * * *"]
    )
    polling: Polling = Field(default=Polling.FIXED, description="fixed (cron) or adaptive (learned per space).")
    min_interval_seconds: int | None = Field(
        default=None, ge=60, description="Adaptive: shortest interval per space (default: the service setting)."
    )
    max_interval_seconds: int | None = Field(
        default=None, ge=60, description="Adaptive: longest interval per space (default: the service setting)."
    )
    scope: JobScope = Field(default_factory=JobScope, description="Spaces and/or assets; empty means every space.")
    priority: Priority = Field(default=Priority.LOW, description="Priority of the jobs it requests.")
    mode: JobMode = Field(default=JobMode.INCREMENTAL, description="full or incremental.")
    dry_run: bool = Field(default=False, description="Request dry runs.")
    enabled: bool = Field(default=True, description="Disabled schedules never fire.")
    tenant: str | None = Field(default=None, max_length=64, description="Tenant of its jobs; None: the default.")

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str | None) -> str | None:
        return None if value is None else validate_cron(value)

    @model_validator(mode="after")
    def _fits_its_polling(self) -> Self:
        if self.polling is Polling.FIXED and self.cron is None:
            raise ValueError("a fixed schedule needs a cron expression (or set polling to adaptive)")
        if self.polling is Polling.ADAPTIVE:
            _check_adaptive(self)
        return self


def _check_adaptive(spec: ScheduleSpec) -> None:
    if not spec.scope.spaces or spec.scope.assets:
        raise ValueError("an adaptive schedule polls whole spaces: list them in scope.spaces, and no scope.assets")
    if spec.dry_run:
        raise ValueError("an adaptive schedule learns from what its polls publish; dry runs publish nothing")
    low, high = spec.min_interval_seconds, spec.max_interval_seconds
    if low is not None and high is not None and low > high:
        raise ValueError(f"min_interval_seconds ({low}) is larger than max_interval_seconds ({high})")


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
        next_fire_at=now if spec.cron is None else next_fire(spec.cron, now),
    )


def is_due(schedule: Schedule, now: datetime) -> bool:
    """True when an enabled fixed schedule's fire time has come (adaptive ones are polled per space)."""
    return schedule.enabled and schedule.polling is Polling.FIXED and schedule.next_fire_at <= now


def fired(schedule: Schedule, now: datetime, job_id: str) -> Schedule:
    """The schedule after firing at ``now``: missed fire times are skipped, not replayed."""
    following = now if schedule.cron is None else next_fire(schedule.cron, now)
    return schedule.model_copy(update={"last_fired_at": now, "last_job_id": job_id, "next_fire_at": following})
