"""Adaptive polling per object kind: busy kinds of a space polled more often than quiet ones, within the budget."""

from __future__ import annotations

import math
import statistics

import pytest

from mdsync_extractor.core.allocation import PollingPolicy
from mdsync_extractor.core.kinds import KindHistory, by_kind, whole
from mdsync_extractor.core.replay import Replay, SpaceHistory, Strategy, replay

MIN, MAX = 300.0, 7200.0
DAY = 24.0
POLICY = PollingPolicy(budget_calls_per_hour=6000)


def every(minutes: float, hours: float = DAY) -> tuple[float, ...]:
    """Change times (hours) every ``minutes``."""
    return tuple((i + 0.5) * minutes / 60 for i in range(int(hours * 60 / minutes)))


# One space: a few views edited all day, many local tables changing now and then, flows never.
SALES = [
    KindHistory(kind="view", assets=100, changes=every(30)),
    KindHistory(kind="local_table", assets=300, changes=every(120)),
    KindHistory(kind="data_flow", assets=40),
]


def adaptive(histories: list[SpaceHistory], policy: PollingPolicy = POLICY) -> Replay:
    return replay(histories, Strategy(policy=policy, min_seconds=MIN, max_seconds=MAX), DAY)


def ideal_minutes(assets: int, per_hour: float) -> float:
    """The interval the allocation aims at: sqrt(120 c / (k r)), c the calls of one poll of the kind."""
    cost = POLICY.calls_per_asset * assets
    return math.sqrt(120 * cost / (POLICY.calls_per_minute_saved * per_hour))


def test_each_kind_converges_on_its_own_interval() -> None:
    final = {a.key: a for a in adaptive(by_kind("SALES", SALES)).final}
    view, table, flow = (final[f"SALES|{kind}"] for kind in ("view", "local_table", "data_flow"))
    assert view.interval_seconds / 60 == pytest.approx(ideal_minutes(100, 2), rel=0.15)
    assert table.interval_seconds / 60 == pytest.approx(ideal_minutes(300, 0.5), rel=0.15)
    assert flow.interval_seconds == MAX
    assert view.interval_seconds < table.interval_seconds < flow.interval_seconds
    assert " changes/h over the last 12 polls, 102 calls/poll → 8 min; budget share " in view.reason
    assert flow.reason.startswith("no change over the last 12 polls → 2 h (maximum interval)")


def test_polling_per_kind_sees_changes_sooner_with_fewer_calls_than_the_whole_space() -> None:
    split, space = adaptive(by_kind("SALES", SALES)), adaptive([whole("SALES", SALES)])
    assert split.calls < space.calls
    assert statistics.median(split.latencies_hours) < statistics.median(space.latencies_hours)


@pytest.mark.parametrize("budget", [200.0, 1000.0, 6000.0])
def test_the_kinds_stay_within_the_budget(budget: float) -> None:
    policy = PollingPolicy(budget_calls_per_hour=budget)
    result = adaptive([*by_kind("SALES", SALES), *by_kind("HR", [KindHistory(kind="view", assets=20)])], policy)
    assert result.peak_calls_in_an_hour <= budget
    assert result.peak_planned_calls_per_hour <= budget * (1 + 1e-9)
    assert sum(a.budget_share for a in result.final) <= 1 + 1e-9


def test_an_empty_kind_costs_its_one_type_listing_not_the_whole_spaces() -> None:
    [empty] = by_kind("HR", [KindHistory(kind="task_chain", assets=0)])
    [first, *_] = adaptive([empty]).final
    assert first.calls_per_poll == 2
    assert whole("HR", [KindHistory(kind="task_chain", assets=0)]).listing_calls == 9
