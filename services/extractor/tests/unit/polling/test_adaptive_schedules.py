"""Adaptive schedules: validation, what a poll's change detection records, and one space's polling life cycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from mdsync_contracts.assets import AssetDefinition, AssetKind
from mdsync_contracts.jobs import JobScope
from mdsync_extractor.core.adaptive import (
    SpacePolling,
    allocated,
    demand,
    disabled,
    harvest,
    is_due,
    requested,
    wanted,
)
from mdsync_extractor.core.allocation import PollingPolicy, allocate
from mdsync_extractor.core.changes import RunMode, SeenAsset, plan_changes
from mdsync_extractor.core.polling import ChangeRate, SpacePoll, space_polls
from mdsync_extractor.core.schedules import Polling, ScheduleSpec, new_schedule
from mdsync_extractor.core.schedules import is_due as schedule_due

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
ADAPTIVE = ScheduleSpec(polling=Polling.ADAPTIVE, scope=JobScope(spaces=["SALES", "HR"]))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({}, "needs a cron expression"),
        ({"polling": "adaptive"}, "list them in scope.spaces"),
        ({"polling": "adaptive", "scope": {"spaces": ["S"]}, "dry_run": True}, "dry runs publish nothing"),
        (
            {
                "polling": "adaptive",
                "scope": {"spaces": ["S"]},
                "min_interval_seconds": 900,
                "max_interval_seconds": 600,
            },
            r"min_interval_seconds \(900\) is larger",
        ),
    ],
)
def test_a_schedule_that_cannot_work_is_refused_naming_why(spec: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ScheduleSpec.model_validate(spec)


def test_an_adaptive_schedule_is_never_due_as_a_cron_and_has_one_entry_per_space() -> None:
    schedule = new_schedule(ADAPTIVE, T0, "adaptive")
    fixed = new_schedule(ScheduleSpec(cron="* * * * *", scope=JobScope(spaces=["X"])), T0, "fixed")
    assert not schedule_due(schedule, T0 + timedelta(days=1))
    assert [(p.schedule_id, p.space) for p in wanted([schedule, fixed], {})] == [
        ("adaptive", "SALES"),
        ("adaptive", "HR"),
    ]


def definition(space: str, name: str, kind: AssetKind = AssetKind.VIEW) -> AssetDefinition:
    return AssetDefinition(
        tenant="demo", space=space, technical_name=name, kind=kind, asset_id=f"demo/{space}/{name}", columns=()
    )


def test_a_poll_records_created_changed_and_deleted_assets_per_space_and_kind() -> None:
    seen = {
        "demo/S/A": SeenAsset(asset_id="demo/S/A", space="S", kind=AssetKind.VIEW, content_hash="old"),
        "demo/S/GONE": SeenAsset(asset_id="demo/S/GONE", space="S", kind=AssetKind.LOCAL_TABLE, content_hash="x"),
    }
    current = [definition("S", "A"), definition("S", "NEW"), definition("Q", "SAME")]
    plan = plan_changes(seen, current, {"S", "Q"}, RunMode.INCREMENTAL)
    polls = space_polls({"S": {"view": 1, "local_table": 1}, "Q": {"view": 1}}, plan)
    assert [(p.space, p.assets, p.changes) for p in polls] == [("Q", 1, 1), ("S", 2, 3)]
    assert polls[1].changes_by_kind == {"view": 2, "local_table": 1}


def test_a_space_is_polled_learns_from_its_poll_and_waits_its_interval() -> None:
    polling = wanted([new_schedule(ADAPTIVE, T0, "s")], {})[0]
    assert is_due(polling, T0)
    first = requested(polling, "job-1", T0)
    assert not is_due(first, T0 + timedelta(days=1))  # one poll in flight at a time
    assert harvest(first, None, False, T0, 12) == first  # the run has not ended yet
    learned = harvest(first, SpacePoll(space="SALES", assets=50), True, T0, 12)
    second = harvest(
        requested(learned, "job-2", T0 + timedelta(minutes=30)),
        SpacePoll(space="SALES", assets=50, changes=2),
        True,
        T0,
        12,
    )
    assert second.rate.per_hour == pytest.approx(4)
    assert second.last_polled_at == T0 + timedelta(minutes=30)
    schedule = new_schedule(ADAPTIVE, T0, "s")
    [allocation] = allocate([demand(second, schedule, 300, 7200)], PollingPolicy(budget_calls_per_hour=6000))
    placed = allocated(second, allocation)
    assert placed.next_poll_at == T0 + timedelta(minutes=30, seconds=allocation.interval_seconds)
    assert placed.reason == allocation.reason
    assert "4 changes/h over the last poll" in placed.reason


def test_a_failed_poll_is_given_up_without_learning_and_a_lost_one_after_an_hour() -> None:
    pending = requested(SpacePolling(schedule_id="s", space="S"), "job-1", T0)
    assert harvest(pending, None, True, T0, 12).pending_job_id is None
    assert harvest(pending, None, False, T0 + timedelta(hours=2), 12).pending_job_id is None
    assert harvest(pending, None, True, T0, 12).rate.polls == 0


def test_a_disabled_schedule_keeps_what_it_learned_and_says_it_is_disabled() -> None:
    schedule = new_schedule(ADAPTIVE.model_copy(update={"enabled": False}), T0, "off")
    learned = SpacePolling(schedule_id="off", space="SALES", rate=ChangeRate(polls=5, changes_ewma=1, hours_ewma=1))
    [kept, new] = wanted([schedule], {learned.key: learned})
    assert kept.rate == learned.rate
    assert new.space == "HR"
    idle = disabled(kept)
    assert (idle.reason, idle.budget_share, idle.rate) == ("schedule disabled", 0.0, learned.rate)
