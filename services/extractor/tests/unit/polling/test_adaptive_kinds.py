"""Adaptive polling per kind: one unit per kind of each space, learning from its own kind's changes, costed as a
one-type listing, and named in its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mdsync_contracts.asset_model import AssetKind
from mdsync_contracts.jobs import JobScope
from mdsync_extractor.core.adaptive import SpacePolling, allocated, demand, harvest, poll_of, requested, wanted
from mdsync_extractor.core.allocation import KIND_LISTING_CALLS, LISTING_CALLS, PollingPolicy, allocate
from mdsync_extractor.core.polling import SpacePoll
from mdsync_extractor.core.schedules import Polling, Schedule, ScheduleSpec, new_schedule

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
VIEW = AssetKind.VIEW


def schedule(scope: JobScope) -> Schedule:
    return new_schedule(ScheduleSpec(polling=Polling.ADAPTIVE, scope=scope), T0, "s")


def test_per_kind_each_space_has_a_unit_per_kind_or_per_kind_its_scope_names() -> None:
    every = wanted([schedule(JobScope(spaces=("SALES",)))], {}, per_kind=True)
    named = JobScope(spaces=("SALES", "HR"), kinds=(VIEW, AssetKind.LOCAL_TABLE))
    some = wanted([schedule(named)], {}, per_kind=True)

    assert [p.kind for p in every] == list(AssetKind)
    assert [p.key for p in some] == ["s|SALES|local_table", "s|SALES|view", "s|HR|local_table", "s|HR|view"]
    assert [p.key for p in wanted([schedule(named)], {})] == ["s|SALES", "s|HR"]


def test_a_kind_learns_from_its_own_kind_of_a_poll_only() -> None:
    views = SpacePolling(schedule_id="s", space="SALES", kind=VIEW)
    poll = SpacePoll(
        space="SALES",
        assets=40,
        changes=3,
        changes_by_kind={"view": 2, "local_table": 1},
        assets_by_kind={"view": 10, "local_table": 30},
    )
    tables_only = poll.model_copy(update={"kinds": ("local_table",)})

    assert poll_of(views, (poll,)) == SpacePoll(
        space="SALES", assets=10, changes=2, changes_by_kind={"view": 2}, assets_by_kind={"view": 10}, kinds=("view",)
    )
    assert poll_of(views, (tables_only,)) is None  # that job did not list views
    assert poll_of(SpacePolling(schedule_id="s", space="SALES"), (poll,)) == poll
    first = harvest(requested(views, "job-1", T0), poll_of(views, (poll,)), True, T0, 12)
    second_at = T0 + timedelta(minutes=30)
    second = harvest(requested(first, "job-2", second_at), poll_of(views, (poll,)), True, second_at, 12)
    assert second.rate.assets == 10
    assert second.rate.per_hour == pytest.approx(4)


def test_a_kind_costs_a_one_type_listing_and_its_reason_names_it() -> None:
    views = SpacePolling(schedule_id="s", space="SALES", kind=VIEW)
    space = SpacePolling(schedule_id="s", space="SALES")
    spec = schedule(JobScope(spaces=("SALES",)))

    assert (views.listing_calls, space.listing_calls) == (KIND_LISTING_CALLS, LISTING_CALLS)
    [placed] = allocate([demand(views, spec, 300, 7200)], PollingPolicy(budget_calls_per_hour=6000))
    assert placed.calls_per_poll == KIND_LISTING_CALLS
    assert allocated(views, placed).reason == f"view: {placed.reason}"
    assert allocated(space, placed).reason == placed.reason
