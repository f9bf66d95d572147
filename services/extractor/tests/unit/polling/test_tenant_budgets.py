"""Adaptive polling per tenant: each tenant's spaces within its own call budget and rolling hour, never another's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mdsync_extractor.core.adaptive import SpacePolling, budgeted
from mdsync_extractor.core.allocation import Demand, PollingPolicy, allocate
from mdsync_extractor.core.budgets import TenantBudgets, TenantSpend, allocate_per_tenant
from mdsync_extractor.core.polling import ChangeRate
from mdsync_extractor.core.replay import SpaceHistory, Strategy, replay

MIN, MAX = 300.0, 7200.0
DAY = 24.0
POLICY = PollingPolicy(budget_calls_per_hour=6000)
BUDGETS = TenantBudgets(
    default_tenant="acme", calls_per_hour={"acme": 2000, "globex": 6000}, fallback_calls_per_hour=6000
)


def every(minutes: float, hours: float = DAY) -> tuple[float, ...]:
    """Change times (hours) every ``minutes``."""
    return tuple((i + 0.5) * minutes / 60 for i in range(int(hours * 60 / minutes)))


# acme: two large spaces changing all the time, far more than its 2000 calls/h allow at the minimum interval
BUSY = [SpaceHistory(key=f"ACME_{n}", assets=800, changes=every(2), tenant="acme") for n in range(2)]
# globex: small spaces, one steady and one quiet
QUIET = [
    SpaceHistory(key="GLOBEX_SALES", assets=60, changes=every(15), tenant="globex"),
    SpaceHistory(key="GLOBEX_HR", assets=40, changes=(5.0, 17.0), tenant="globex"),
]


def adaptive(budgets: TenantBudgets | None) -> Strategy:
    return Strategy(policy=POLICY, min_seconds=MIN, max_seconds=MAX, budgets=budgets)


def test_the_quiet_tenants_polls_are_never_delayed_by_the_busy_tenants_spend() -> None:
    alone = replay(QUIET, adaptive(BUDGETS), DAY)
    side_by_side = replay([*BUSY, *QUIET], adaptive(BUDGETS), DAY)
    for space in QUIET:
        assert side_by_side.poll_times[space.key] == alone.poll_times[space.key]
        assert side_by_side.latencies[space.key] == alone.latencies[space.key]
    assert side_by_side.peak_calls_in_an_hour_by_tenant["acme"] <= 2000
    assert side_by_side.peak_calls_in_an_hour_by_tenant["globex"] <= 6000
    # the check can fail: with one budget shared by both tenants the busy one's spend does delay the quiet one
    shared = replay([*BUSY, *QUIET], adaptive(None), DAY)
    assert shared.polls["GLOBEX_SALES"] < alone.polls["GLOBEX_SALES"]


def test_each_tenants_spaces_are_allocated_as_if_the_other_tenant_did_not_exist() -> None:
    busy = ChangeRate(polls=12, changes_ewma=30, hours_ewma=1, assets=800)
    steady = ChangeRate(polls=12, changes_ewma=1, hours_ewma=1, assets=60)
    acme = [Demand(key=f"acme|{n}", rate=busy, min_seconds=MIN, max_seconds=MAX) for n in range(3)]
    globex = [Demand(key="globex|S", rate=steady, min_seconds=MIN, max_seconds=MAX)]
    found = allocate_per_tenant({"acme": acme, "globex": globex}, {"acme": 2000, "globex": 6000}, POLICY)
    assert sum(found[d.key].calls_per_hour for d in acme) == pytest.approx(2000)
    assert "stretched" in found["acme|0"].reason
    [alone] = allocate(globex, POLICY)
    assert found["globex|S"] == alone


def test_a_tenant_without_its_own_budget_gets_the_service_setting_and_none_means_the_default() -> None:
    assert (BUDGETS.tenant(None), BUDGETS.of(None)) == ("acme", 2000)
    assert BUDGETS.of("globex") == 6000
    assert BUDGETS.of("initech") == 6000


def test_the_reason_shows_the_tenants_budget_its_spend_and_a_wait_for_it() -> None:
    polling = SpacePolling(schedule_id="s", space="SALES", reason="3 changes/h → 5 min; budget share 10%")
    spend = TenantSpend(tenant="acme", budget_calls_per_hour=2000, spent_calls_last_hour=1990.4)
    shown = budgeted(polling, spend)
    assert (shown.tenant, shown.budget_calls_per_hour, shown.spent_calls_last_hour) == ("acme", 2000, 1990.4)
    assert shown.reason == (
        "3 changes/h → 5 min; budget share 10%; tenant acme: budget 2000 calls/h, 1990 spent in the last hour"
    )
    waiting = budgeted(polling, spend, datetime(2026, 11, 26, 14, 5, 30, tzinfo=UTC))
    assert waiting.reason.endswith("; due, waits for this budget until 14:05:30 UTC")
