"""Adaptive schedules, per space or per kind of a space: what was learned, the poll in flight, the chosen interval
and when to poll next.

Pure. The runner (``mdsync_extractor.adaptive``) loads these, feeds finished polls in, allocates, and stores them.
Per kind (``core.kinds``), each kind of a space is a unit of its own, polled by a job scoped to that kind: it costs
a one-type listing and that kind's objects, and learns from that kind's changes only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.asset_model import AssetKind
from mdsync_extractor.core.allocation import KIND_LISTING_CALLS, LISTING_CALLS, Allocation, Demand
from mdsync_extractor.core.budgets import TenantSpend
from mdsync_extractor.core.kinds import kind_key
from mdsync_extractor.core.polling import ChangeRate, PollResult, SpacePoll, observe
from mdsync_extractor.core.schedules import Polling, Schedule

LOST_AFTER = timedelta(hours=1)
"""A requested poll whose job never appeared this long is given up (the next one is requested)."""


class SpacePolling(BaseModel):
    """One space (or one kind of a space) of one adaptive schedule (``_id`` = ``{schedule_id}|{space}[|{kind}]``)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    schedule_id: str
    space: str
    kind: AssetKind | None = Field(default=None, description="The kind polled on its own; None: the whole space.")
    rate: ChangeRate = Field(default_factory=ChangeRate)
    last_polled_at: datetime | None = Field(default=None, description="When the last measured poll was requested.")
    attempted_at: datetime | None = Field(default=None, description="When the last poll was requested.")
    pending_job_id: str | None = Field(default=None, description="The poll's job, until its run has ended.")
    interval_seconds: float | None = None
    next_poll_at: datetime | None = None
    changes_per_hour: float | None = None
    budget_share: float | None = Field(default=None, description="Share of its tenant's hourly call budget.")
    tenant: str | None = Field(default=None, description="The tenant whose call budget the space is polled within.")
    budget_calls_per_hour: float | None = Field(default=None, description="That tenant's adaptive call budget.")
    spent_calls_last_hour: float | None = Field(default=None, description="Calls that tenant's polls made lately.")
    reason: str = "not allocated yet"

    @property
    def key(self) -> str:
        """The document id."""
        return polling_key(self.schedule_id, self.space, self.kind)

    @property
    def listing_calls(self) -> int:
        """Calls to list it: a one-type list for a kind, every type for a space."""
        return LISTING_CALLS if self.kind is None else KIND_LISTING_CALLS

    @property
    def kinds(self) -> tuple[AssetKind, ...]:
        """The kinds a poll of it lists (empty: every kind)."""
        return () if self.kind is None else (self.kind,)


def polling_key(schedule_id: str, space: str, kind: AssetKind | None = None) -> str:
    """The id of one space (or one kind of a space) of one schedule."""
    return f"{schedule_id}|{space if kind is None else kind_key(space, kind.value)}"


def wanted(schedules: list[Schedule], known: dict[str, SpacePolling], per_kind: bool = False) -> list[SpacePolling]:
    """One entry per space of every adaptive schedule, or per kind of it (``per_kind``: the kinds its scope names,
    else every kind); disabled ones keep what they learned: known, or new."""
    found = []
    for schedule in schedules:
        kinds: tuple[AssetKind | None, ...] = (None,)
        if per_kind:
            kinds = tuple(schedule.scope.kinds) or tuple(AssetKind)
        for space in schedule.scope.spaces if schedule.polling is Polling.ADAPTIVE else ():
            for kind in kinds:
                key = polling_key(schedule.schedule_id, space, kind)
                found.append(known.get(key) or SpacePolling(schedule_id=schedule.schedule_id, space=space, kind=kind))
    return found


def poll_of(polling: SpacePolling, polls: tuple[SpacePoll, ...]) -> SpacePoll | None:
    """What a job's polls found for this space (or only for its kind, when the job listed that kind)."""
    poll = next((p for p in polls if p.space == polling.space), None)
    if poll is None or polling.kind is None:
        return poll
    return poll.of_kind(polling.kind.value) if poll.listed(polling.kind.value) else None


def harvest(
    polling: SpacePolling, poll: SpacePoll | None, ended: bool, now: datetime, window_polls: int
) -> SpacePolling:
    """Learn from the pending poll once its run ended (``poll``: what it found there, None if it listed nothing)."""
    if polling.pending_job_id is None or polling.attempted_at is None:
        return polling
    if poll is None:
        lost = now - polling.attempted_at > LOST_AFTER
        return polling.model_copy(update={"pending_job_id": None}) if ended or lost else polling
    previous = polling.last_polled_at
    hours = None if previous is None else (polling.attempted_at - previous).total_seconds() / 3600
    result = PollResult(assets=poll.assets, changes=poll.changes, hours=hours, changes_by_kind=poll.changes_by_kind)
    rate = observe(polling.rate, result, window_polls)
    return polling.model_copy(update={"rate": rate, "last_polled_at": polling.attempted_at, "pending_job_id": None})


def demand(polling: SpacePolling, schedule: Schedule, min_seconds: float, max_seconds: float) -> Demand:
    """What the allocation needs about this space, with the schedule's bounds (or the service's)."""
    low = schedule.min_interval_seconds or min_seconds
    high = max(low, schedule.max_interval_seconds or max_seconds)
    return Demand(
        key=polling.key, rate=polling.rate, min_seconds=low, max_seconds=high, listing_calls=polling.listing_calls
    )


def allocated(polling: SpacePolling, allocation: Allocation) -> SpacePolling:
    """The space with its new interval and reason; the next poll counts from the last one (or is now)."""
    seconds = allocation.interval_seconds
    anchor = polling.attempted_at
    return polling.model_copy(
        update={
            "interval_seconds": seconds,
            "next_poll_at": None if anchor is None else anchor + timedelta(seconds=seconds),
            "changes_per_hour": allocation.changes_per_hour,
            "budget_share": allocation.budget_share,
            "reason": allocation.reason if polling.kind is None else f"{polling.kind.value}: {allocation.reason}",
        }
    )


def budgeted(polling: SpacePolling, spend: TenantSpend, waits_until: datetime | None = None) -> SpacePolling:
    """The allocated space with its tenant's budget and spend, also in its reason (and a wait for that budget)."""
    return polling.model_copy(
        update={
            "tenant": spend.tenant,
            "budget_calls_per_hour": spend.budget_calls_per_hour,
            "spent_calls_last_hour": spend.spent_calls_last_hour,
            "reason": f"{polling.reason}; {spend.note(waits_until)}",
        }
    )


def disabled(polling: SpacePolling) -> SpacePolling:
    """The space of a disabled schedule: it keeps what it learned and is not polled."""
    return polling.model_copy(update={"next_poll_at": None, "budget_share": 0.0, "reason": "schedule disabled"})


def is_due(polling: SpacePolling, now: datetime) -> bool:
    """No poll in flight and its time has come (a space never polled is due at once)."""
    return polling.pending_job_id is None and (polling.next_poll_at is None or polling.next_poll_at <= now)


def requested(polling: SpacePolling, job_id: str, now: datetime) -> SpacePolling:
    """The space with a poll in flight."""
    return polling.model_copy(update={"pending_job_id": job_id, "attempted_at": now})
