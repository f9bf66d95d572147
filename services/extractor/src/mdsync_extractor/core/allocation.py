"""Adaptive polling, deciding half: each space's poll interval from its change rate, bounds and the call budget.

Pure. A space changing ``r`` times an hour and costing ``c`` calls a poll, polled every ``T`` minutes, waits on
average ``T/2`` minutes to see each change: ``r*T/2`` change-minutes of latency an hour against ``60*c/T`` calls an
hour. Trading one minute of latency for ``k`` calls (``calls_per_minute_saved``), the best interval is
``T = sqrt(120*c / (k*r))`` (busy spaces often, quiet or large ones less), clamped to the space's bounds. When the
sum over all spaces exceeds the hourly call budget every interval is stretched by one factor until it fits. The
spaces allocated together are one tenant's, within that tenant's budget (``core.budgets``); ``core.kinds`` makes
kinds of a space units of their own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from mdsync_extractor.core.polling import ChangeRate

LISTING_CALLS = 9
"""Calls to list one space: the space list and the 8 design-time types (a poll of an empty space costs these)."""
KIND_LISTING_CALLS = 2
"""Calls to list one kind of a space: the space list and that kind's design-time type (see ``core.kinds``)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PollingPolicy(_Frozen):
    """The knobs of adaptive polling shared by every space."""

    budget_calls_per_hour: float = Field(gt=0, description="Datasphere calls an hour adaptive polling may use.")
    calls_per_asset: float = Field(default=1.016, gt=0, description="Calls a poll costs per asset of the space.")
    calls_per_minute_saved: float = Field(
        default=80, gt=0, description="Calls worth spending to see one change one minute sooner."
    )
    window_polls: int = Field(default=12, ge=1, description="Effective number of recent polls the rate reflects.")


class Demand(_Frozen):
    """One space to poll: what was learned about it and its interval bounds."""

    key: str
    rate: ChangeRate
    min_seconds: float = Field(gt=0)
    max_seconds: float = Field(gt=0)
    listing_calls: float = Field(default=LISTING_CALLS, gt=0, description="What a poll of it costs when empty.")


class Allocation(_Frozen):
    """The interval chosen for one space and why."""

    key: str
    interval_seconds: float
    calls_per_poll: float
    calls_per_hour: float
    budget_share: float = Field(description="Share of the hourly call budget this space uses.")
    changes_per_hour: float | None
    reason: str


def calls_per_poll(assets: int | None, policy: PollingPolicy, listing_calls: float = LISTING_CALLS) -> float:
    """What one poll of a space (or kind) with ``assets`` objects costs (unknown size: the listing alone)."""
    return max(float(listing_calls), policy.calls_per_asset * (assets or 0))


def ideal_seconds(demand: Demand, policy: PollingPolicy) -> float:
    """The unbounded best interval; the minimum before any measured poll, infinite when nothing changes."""
    per_hour = demand.rate.per_hour
    if per_hour is None:
        return demand.min_seconds
    if per_hour <= 0:
        return math.inf
    cost = calls_per_poll(demand.rate.assets, policy, demand.listing_calls)
    return 60 * math.sqrt(120 * cost / (policy.calls_per_minute_saved * per_hour))


def allocate(demands: Sequence[Demand], policy: PollingPolicy) -> list[Allocation]:
    """An interval for every space: best trade-off, within bounds, and the total within the call budget."""
    ideals = [ideal_seconds(d, policy) for d in demands]
    costs = [calls_per_poll(d.rate.assets, policy, d.listing_calls) for d in demands]

    def intervals(stretch: float) -> list[float]:
        return [min(max(stretch * i, d.min_seconds), d.max_seconds) for d, i in zip(demands, ideals, strict=True)]

    def hourly(seconds: list[float]) -> float:
        return sum(3600 * c / s for c, s in zip(costs, seconds, strict=True))

    stretch = _fit(intervals, hourly, ideals, demands, policy.budget_calls_per_hour)
    chosen = intervals(stretch)
    over = hourly(chosen) / policy.budget_calls_per_hour
    beyond = over > 1  # even every maximum exceeds the budget: the budget wins over the bounds
    if beyond:
        chosen = [s * over for s in chosen]
    return [
        _allocation(d, policy, cost, seconds, _Fit(ideal=ideal, stretch=stretch, beyond=beyond))
        for d, cost, seconds, ideal in zip(demands, costs, chosen, ideals, strict=True)
    ]


def _fit(
    intervals: Callable[[float], list[float]],
    hourly: Callable[[list[float]], float],
    ideals: list[float],
    demands: Sequence[Demand],
    budget: float,
) -> float:
    """The smallest stretch factor (>= 1) whose intervals fit the budget (bisection; calls fall as it grows)."""
    if hourly(intervals(1.0)) <= budget:
        return 1.0
    finite = [d.max_seconds / i for d, i in zip(demands, ideals, strict=True) if math.isfinite(i) and i > 0]
    low, high = 1.0, max([1.0, *finite])
    if hourly(intervals(high)) > budget:
        return high
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if hourly(intervals(middle)) > budget else (low, middle)
    return high


class _Fit(_Frozen):
    ideal: float
    stretch: float
    beyond: bool


def _allocation(demand: Demand, policy: PollingPolicy, cost: float, seconds: float, fit: _Fit) -> Allocation:
    per_hour = cost * 3600 / seconds
    share = per_hour / policy.budget_calls_per_hour
    return Allocation(
        key=demand.key,
        interval_seconds=seconds,
        calls_per_poll=cost,
        calls_per_hour=per_hour,
        budget_share=share,
        changes_per_hour=demand.rate.per_hour,
        reason=f"{_why(demand, policy, cost)} → {duration(seconds)}{_bound(demand, seconds, fit)}; "
        f"budget share {share:.0%}",
    )


def _why(demand: Demand, policy: PollingPolicy, cost: float) -> str:
    rate = demand.rate
    if rate.per_hour is None:
        return "no measured poll yet"
    polls = min(rate.polls, policy.window_polls)
    plural = "poll" if polls == 1 else f"{polls} polls"
    if rate.per_hour <= 0:
        return f"no change over the last {plural}"
    kinds = ", ".join(f"{kind} {_figure(value)}/h" for kind, value in rate.kind_per_hour().items())
    return (
        f"{_figure(rate.per_hour)} changes/h over the last {plural}"
        + (f" ({kinds})" if kinds else "")
        + (f", {cost:.0f} calls/poll")
    )


def _figure(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}"


def _bound(demand: Demand, seconds: float, fit: _Fit) -> str:
    if fit.beyond:
        return " (budget too small even at the maximum interval: stretched beyond it)"
    if seconds >= demand.max_seconds and fit.ideal * fit.stretch > demand.max_seconds:
        return " (maximum interval)"
    if fit.stretch > 1 and seconds > demand.min_seconds:
        return f" (stretched {fit.stretch:.2g}x to fit the call budget)"
    if seconds <= demand.min_seconds and fit.ideal < demand.min_seconds:
        return " (minimum interval)"
    return ""


def duration(seconds: float) -> str:
    """``seconds`` for people: ``45 s``, ``5 min``, ``2.5 h``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.2g} h"


def earliest_fit(spent: Sequence[tuple[float, float]], now: float, cost: float, budget: float) -> float:
    """The first time (seconds, >= ``now``) a poll costing ``cost`` keeps every rolling hour within ``budget``.

    ``spent`` holds (time in seconds, calls) of earlier polls. The allocation keeps the planned rate within the
    budget; this keeps the calls actually made within it too, while intervals shrink or first polls pile up.
    """
    recent = sorted((t, c) for t, c in spent if t > now - 3600)
    total = sum(c for _, c in recent) + min(cost, budget)  # a poll larger than the whole budget still runs alone
    when = now
    for t, c in recent:
        if total <= budget:
            break
        total -= c
        when = t + 3600
    return when
