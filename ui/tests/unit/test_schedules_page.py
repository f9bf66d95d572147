"""The schedules page: rows for fixed and adaptive schedules, per-space intervals with their reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mdsync_runtime import ports
from mdsync_ui.polling import duration, polling_rows, schedule_rows

PAGE = Path(__file__).resolve().parents[2] / "src/mdsync_ui/views/schedules.py"
SPACE = {
    "schedule_id": "adaptive",
    "space": "SALES",
    "kind": "view",
    "tenant": "beta",
    "interval_seconds": 302.5,
    "changes_per_hour": 3.04,
    "budget_share": 0.221,
    "next_poll_at": "2026-11-26T08:05:02.5Z",
    "pending_job_id": None,
    "reason": "3 changes/h over the last 12 polls, 51 calls/poll → 5 min; budget share 22%",
}


def test_a_space_row_shows_interval_rate_share_and_the_reason_verbatim() -> None:
    [row] = polling_rows([SPACE])
    assert row == {
        "schedule": "adaptive",
        "tenant": "beta",
        "space": "SALES",
        "kind": "view",
        "interval": "5 min",
        "changes/h": "3",
        "budget share": "22%",
        "next poll (UTC)": "2026-11-26T08:05:02",
        "polling now": False,
        "reason": SPACE["reason"],
    }


def test_a_space_not_allocated_yet_has_empty_figures() -> None:
    fresh = {"schedule_id": "s", "space": "HR", "reason": "not allocated yet", "pending_job_id": "job-1"}
    [row] = polling_rows([fresh])
    assert (row["interval"], row["changes/h"], row["budget share"], row["polling now"]) == ("", "", "", True)
    assert row["kind"] == "every kind", "a unit without a kind polls the whole space"


def test_adaptive_schedules_fire_per_space_and_fixed_ones_on_their_cron() -> None:
    common = {"scope": {"spaces": []}, "priority": "LOW", "mode": "incremental", "enabled": True}
    fixed = {**common, "schedule_id": "nightly", "cron": "0 2 * * *", "next_fire_at": "2026-11-27T02:00:00Z"}
    adaptive = {**common, "schedule_id": "a", "polling": "adaptive", "cron": None, "next_fire_at": "2026-11-26"}
    rows = schedule_rows([fixed, adaptive])
    assert [(r["polling"], r["cron"], r["next fire (UTC)"], r["spaces"]) for r in rows] == [
        ("fixed", "0 2 * * *", "2026-11-27T02:00:00", "every space"),
        ("adaptive", "", "per space", "every space"),
    ]


@pytest.mark.parametrize(("seconds", "text"), [(45, "45 s"), (300, "5 min"), (9000, "2.5 h"), (None, "")])
def test_durations(seconds: float | None, text: str) -> None:
    assert duration(seconds) == text


def test_the_page_names_the_extractor_when_it_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ports.SERVICES["extractor"].env, "9")
    app = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not app.exception
    assert any("extractor service is not reachable" in error.value for error in app.error)
