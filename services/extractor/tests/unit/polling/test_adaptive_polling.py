"""Adaptive polling: the learned rate, the chosen intervals and the call budget, on simulated change patterns."""

from __future__ import annotations

import pytest

from mdsync_extractor.core.allocation import Demand, PollingPolicy, allocate, duration
from mdsync_extractor.core.polling import ChangeRate, PollResult, observe
from mdsync_extractor.core.replay import SpaceHistory, Strategy, replay

MIN, MAX = 300.0, 7200.0
POLICY = PollingPolicy(budget_calls_per_hour=6000)
DAY = 24.0


def every(minutes: float, start: float = 0.0, end: float = DAY) -> tuple[float, ...]:
    """Change times (hours) every ``minutes`` from ``start`` to ``end``."""
    count = int((end - start) * 60 / minutes)
    return tuple(start + (i + 0.5) * minutes / 60 for i in range(count))


BUSY = SpaceHistory(key="BUSY", assets=60, changes=every(10))  # 6 changes an hour all day
QUIET = SpaceHistory(key="QUIET", assets=60, changes=(3.3,))  # one change all day
BURSTY = SpaceHistory(key="BURSTY", assets=60, changes=every(3, 8, 9) + every(3, 16, 17))  # two bursts of 20


def adaptive(policy: PollingPolicy = POLICY) -> Strategy:
    return Strategy(policy=policy, min_seconds=MIN, max_seconds=MAX)


def intervals(histories: list[SpaceHistory], hours: float, policy: PollingPolicy = POLICY) -> dict[str, float]:
    return {a.key: a.interval_seconds for a in replay(histories, adaptive(policy), hours).final}


def test_a_first_poll_records_the_size_but_no_rate() -> None:
    rate = observe(ChangeRate(), PollResult(assets=40, changes=40), window_polls=12)
    assert (rate.assets, rate.polls, rate.per_hour) == (40, 0, None)


def test_the_rate_converges_on_the_true_rate_whatever_the_poll_intervals() -> None:
    rate = ChangeRate()
    for hours in [0.1, 0.5, 2.0, 0.25, 1.0] * 6:  # 3 changes an hour, polled irregularly
        rate = observe(rate, PollResult(assets=10, changes=round(3 * hours * 4) // 4, hours=hours), 12)
    assert rate.per_hour == pytest.approx(3, rel=0.2)


def test_the_rate_per_kind_is_kept_beside_the_total() -> None:
    rate = observe(ChangeRate(polls=1, hours_ewma=1.0), PollResult(assets=9, changes=3, hours=1.0), 1)
    rate = observe(rate, PollResult(assets=9, changes=3, hours=1.0, changes_by_kind={"view": 2, "local_table": 1}), 1)
    assert rate.kind_per_hour() == {"local_table": 1.0, "view": 2.0}


def test_busy_spaces_are_polled_often_and_quiet_ones_at_the_maximum() -> None:
    chosen = intervals([BUSY, QUIET, BURSTY], DAY)
    assert chosen["BUSY"] < 15 * 60
    assert chosen["QUIET"] == MAX
    assert chosen["BUSY"] < chosen["BURSTY"] <= chosen["QUIET"]


def test_a_bursty_space_speeds_up_in_a_burst_and_slows_down_after_it() -> None:
    before = intervals([BUSY, QUIET, BURSTY], 7.9)["BURSTY"]
    in_burst = intervals([BUSY, QUIET, BURSTY], 8.9)["BURSTY"]
    later = intervals([BUSY, QUIET, BURSTY], 15.9)["BURSTY"]
    assert in_burst < before
    assert in_burst < later


def test_the_reason_says_rate_window_interval_and_budget_share() -> None:
    rate = ChangeRate(polls=20, changes_ewma=0.25, hours_ewma=1 / 12, assets=50)
    [allocation] = allocate([Demand(key="S", rate=rate, min_seconds=60, max_seconds=MAX)], POLICY)
    assert allocation.interval_seconds == pytest.approx(302, abs=2)
    assert allocation.reason == "3 changes/h over the last 12 polls, 51 calls/poll → 5 min; budget share 10%"


def test_large_rates_read_as_whole_numbers() -> None:
    rate = ChangeRate(polls=3, changes_ewma=1234, hours_ewma=1, kinds_ewma={"view": 1234}, assets=5000)
    [allocation] = allocate([Demand(key="S", rate=rate, min_seconds=MIN, max_seconds=MAX)], POLICY)
    assert allocation.reason.startswith("1234 changes/h over the last 3 polls (view 1234/h), 5080 calls/poll → ")


@pytest.mark.parametrize("budget", [300.0, 1000.0, 6000.0])
def test_the_calls_never_exceed_the_budget(budget: float) -> None:
    policy = PollingPolicy(budget_calls_per_hour=budget)
    spaces = [BUSY, QUIET, BURSTY, SpaceHistory(key="BIG", assets=400, changes=every(20))]
    result = replay(spaces, adaptive(policy), DAY)
    assert result.peak_planned_calls_per_hour <= budget * (1 + 1e-9)
    assert result.peak_calls_in_an_hour <= budget
    assert result.calls <= budget * DAY
    assert sum(a.budget_share for a in result.final) <= 1 + 1e-9


def test_a_budget_below_every_maximum_stretches_past_the_bounds_and_says_so() -> None:
    rate = ChangeRate(polls=3, changes_ewma=1, hours_ewma=1, assets=200)
    demands = [Demand(key=k, rate=rate, min_seconds=MIN, max_seconds=MAX) for k in "AB"]
    allocations = allocate(demands, PollingPolicy(budget_calls_per_hour=100))
    assert sum(a.calls_per_hour for a in allocations) == pytest.approx(100)
    assert all(a.interval_seconds > MAX and "beyond" in a.reason for a in allocations)


def test_unknown_spaces_start_at_the_minimum_and_an_idle_one_goes_to_the_maximum() -> None:
    idle = ChangeRate(polls=4, changes_ewma=0, hours_ewma=1, assets=10)
    demands = [
        Demand(key="NEW", rate=ChangeRate(), min_seconds=MIN, max_seconds=MAX),
        Demand(key="IDLE", rate=idle, min_seconds=MIN, max_seconds=MAX),
    ]
    new, quiet = allocate(demands, POLICY)
    assert (new.interval_seconds, quiet.interval_seconds) == (MIN, MAX)
    assert new.reason.startswith("no measured poll yet → 5 min")
    assert quiet.reason.startswith("no change over the last 4 polls → 2 h (maximum interval)")


def test_adaptive_polling_uses_fewer_calls_than_a_fixed_five_minutes() -> None:
    spaces = [BUSY, QUIET, BURSTY]
    fixed = replay(spaces, Strategy(policy=POLICY, min_seconds=MIN, max_seconds=MIN, fixed_seconds=300), DAY)
    learned = replay(spaces, adaptive(), DAY)
    assert learned.calls < fixed.calls / 2


@pytest.mark.parametrize(("seconds", "text"), [(45, "45 s"), (300, "5 min"), (7200, "2 h"), (9000, "2.5 h")])
def test_durations_read_like_people_write_them(seconds: float, text: str) -> None:
    assert duration(seconds) == text
