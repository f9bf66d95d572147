"""Cron schedules: validation, next fire time, due and missed fires."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from mdsync_extractor.core.schedules import ScheduleSpec, fired, is_due, new_schedule, next_fire, validate_cron

T0 = datetime(2026, 11, 26, 8, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("*/15 * * * *", datetime(2026, 11, 26, 8, 30, tzinfo=UTC)),
        ("0 2 * * *", datetime(2026, 11, 27, 2, 0, tzinfo=UTC)),
        ("0 9 * * 1", datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),  # next Monday
        ("17 8 26 11 *", datetime(2027, 11, 26, 8, 17, tzinfo=UTC)),  # strictly after: next year
    ],
)
def test_next_fire(expression: str, expected: datetime) -> None:
    assert next_fire(expression, T0) == expected


@pytest.mark.parametrize("expression", ["", "nope", "* * * *", "0 0 * * * *", "61 * * * *"])
def test_invalid_cron_is_rejected_with_the_expression_named(expression: str) -> None:
    with pytest.raises(ValueError, match="cron expression"):
        validate_cron(expression)
    with pytest.raises(ValidationError):
        ScheduleSpec(cron=expression)


def test_whitespace_is_normalized() -> None:
    assert validate_cron("  0   2 * *  * ") == "0 2 * * *"


def test_a_schedule_is_due_at_its_fire_time_and_skips_missed_fires() -> None:
    schedule = new_schedule(ScheduleSpec(cron="0 * * * *"), T0)
    assert schedule.next_fire_at == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert not is_due(schedule, T0)
    late = datetime(2026, 11, 26, 12, 5, tzinfo=UTC)  # three fire times missed while down
    assert is_due(schedule, late)
    after = fired(schedule, late, "job-1")
    assert after.next_fire_at == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    assert after.last_job_id == "job-1"
    assert not is_due(after, late)


def test_a_disabled_schedule_never_fires() -> None:
    schedule = new_schedule(ScheduleSpec(cron="* * * * *", enabled=False), T0)
    assert not is_due(schedule, datetime(2030, 1, 1, tzinfo=UTC))
