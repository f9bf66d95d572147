"""Replay a change history against a polling strategy on a simulated clock: calls used and detection latency.

Pure (no waiting). Used by the unit tests and `bench/polling_bench.py` to compare adaptive polling with a fixed
interval on the same changes; an operator can replay a recorded history to try settings.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from mdsync_extractor.core.allocation import (
    LISTING_CALLS,
    Allocation,
    Demand,
    PollingPolicy,
    calls_per_poll,
    earliest_fit,
)
from mdsync_extractor.core.budgets import TenantBudgets, allocate_per_tenant
from mdsync_extractor.core.polling import ChangeRate, PollResult, observe


class SpaceHistory(BaseModel):
    """One space: its size and the hours (since the start) at which one of its assets changed."""

    model_config = ConfigDict(frozen=True)

    key: str
    assets: int = Field(ge=0)
    changes: tuple[float, ...] = Field(description="Change times in hours, ascending.")
    tenant: str | None = Field(default=None, description="Whose call budget it is polled within (None: default).")
    listing_calls: float = Field(default=LISTING_CALLS, gt=0, description="Calls to list it (a space or one kind).")


class Replay(BaseModel):
    """What a strategy did over the horizon."""

    model_config = ConfigDict(frozen=True)

    calls: float = Field(description="Datasphere calls used.")
    polls: dict[str, int]
    latencies: dict[str, tuple[float, ...]] = Field(description="Per space, hours from each change to its poll.")
    peak_planned_calls_per_hour: float = Field(description="Largest hourly call rate any allocation planned.")
    peak_calls_in_an_hour: float = Field(description="Most calls made in any rolling hour.")
    peak_calls_in_an_hour_by_tenant: dict[str, float] = Field(default_factory=dict, description="The same, per tenant.")
    poll_times: dict[str, tuple[float, ...]] = Field(default_factory=dict, description="Per space, hours it polled.")
    final: tuple[Allocation, ...] = Field(default=(), description="The last allocation (adaptive only).")

    @property
    def latencies_hours(self) -> tuple[float, ...]:
        """Change-to-detection latency of every detected change, all spaces."""
        return tuple(hours for found in self.latencies.values() for hours in found)


@dataclass
class _Space:
    history: SpaceHistory
    rate: ChangeRate = field(default_factory=ChangeRate)
    last_poll: float | None = None
    next_poll: float = 0.0
    times: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Strategy:
    """Adaptive with ``policy`` and bounds, or fixed every ``fixed_seconds`` when that is set.

    With ``budgets`` each tenant's spaces are polled within that tenant's budget; without, all share the policy's.
    """

    policy: PollingPolicy
    min_seconds: float
    max_seconds: float
    fixed_seconds: float | None = None
    budgets: TenantBudgets | None = None

    def tenant(self, history: SpaceHistory) -> str:
        """Whose budget ``history``'s space uses (one shared budget without ``budgets``)."""
        return "" if self.budgets is None else self.budgets.tenant(history.tenant)

    def budget(self, tenant: str) -> float:
        """That budget, calls an hour."""
        return self.policy.budget_calls_per_hour if self.budgets is None else self.budgets.of(tenant)


def replay(histories: list[SpaceHistory], strategy: Strategy, horizon_hours: float) -> Replay:
    """Poll every space from hour 0 until (before) ``horizon_hours`` the way ``strategy`` decides."""
    spaces = [_Space(h) for h in histories]
    peak = 0.0
    latencies: dict[str, list[float]] = {h.key: [] for h in histories}
    spent: dict[str, list[tuple[float, float]]] = {strategy.tenant(h): [] for h in histories}
    final: dict[str, Allocation] = {}
    while (space := min(spaces, key=lambda s: s.next_poll)).next_poll < horizon_hours:
        now, tenant = space.next_poll, strategy.tenant(space.history)
        cost = calls_per_poll(space.history.assets, strategy.policy, space.history.listing_calls)
        if strategy.fixed_seconds is None:
            fits = earliest_fit(spent[tenant], now * 3600, cost, strategy.budget(tenant)) / 3600
            if fits > now:
                space.next_poll = fits + 1e-9  # just after the oldest call left the hour (hours ↔ seconds rounding)
                continue
        spent[tenant].append((now * 3600, cost))
        latencies[space.history.key].extend(_poll(space, now, strategy.policy.window_polls))
        if strategy.fixed_seconds is not None:
            space.next_poll = now + strategy.fixed_seconds / 3600
            continue
        final = _reschedule(spaces, strategy, now)
        peak = max(peak, sum(a.calls_per_hour for a in final.values()))
    every = sorted(entry for entries in spent.values() for entry in entries)
    return Replay(
        calls=sum(c for _, c in every),
        polls={s.history.key: len(s.times) for s in spaces},
        latencies={key: tuple(found) for key, found in latencies.items()},
        peak_planned_calls_per_hour=peak,
        peak_calls_in_an_hour=_peak_hour(every),
        peak_calls_in_an_hour_by_tenant={tenant: _peak_hour(entries) for tenant, entries in spent.items()},
        poll_times={s.history.key: tuple(s.times) for s in spaces},
        final=tuple(final[s.history.key] for s in spaces) if final else (),
    )


def _poll(space: _Space, now: float, window_polls: int) -> list[float]:
    """Poll ``space`` at ``now``: learn from what it found; the latencies of the changes found."""
    found = _changes_between(space.history.changes, space.last_poll, now)
    hours = None if space.last_poll is None else now - space.last_poll
    result = PollResult(assets=space.history.assets, changes=len(found), hours=hours)
    space.rate = observe(space.rate, result, window_polls)
    space.last_poll = now
    space.times.append(now)
    return [now - t for t in found]


def _reschedule(spaces: list[_Space], strategy: Strategy, now: float) -> dict[str, Allocation]:
    groups: dict[str, list[Demand]] = {}
    for s in spaces:
        demand = Demand(
            key=s.history.key,
            rate=s.rate,
            min_seconds=strategy.min_seconds,
            max_seconds=strategy.max_seconds,
            listing_calls=s.history.listing_calls,
        )
        groups.setdefault(strategy.tenant(s.history), []).append(demand)
    allocations = allocate_per_tenant(groups, {t: strategy.budget(t) for t in groups}, strategy.policy)
    for space in spaces:
        if space.last_poll is not None:
            space.next_poll = max(now, space.last_poll + allocations[space.history.key].interval_seconds / 3600)
    return allocations


def _changes_between(times: tuple[float, ...], after: float | None, until: float) -> tuple[float, ...]:
    start = 0 if after is None else bisect.bisect_right(times, after)
    return times[start : bisect.bisect_right(times, until)]


def _peak_hour(spent: list[tuple[float, float]]) -> float:
    """The most calls in any rolling hour ``(t - 3600, t]`` ending at a poll (the window the budget check uses)."""
    times = [t for t, _ in spent]
    return max(
        (sum(c for _, c in spent[bisect.bisect_right(times, t - 3600) : i + 1]) for i, t in enumerate(times)),
        default=0.0,
    )
