"""The alerts page's rows and detail: most severe first, metadata as text, paths for cause keys with `/`."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mdsync_runtime import ports
from mdsync_ui.alerts import alert_path, alert_rows, detail_lines

PAGE = Path(__file__).resolve().parents[2] / "src/mdsync_ui/views/alerts.py"
WARNING = {"_id": "space_stale:HR", "severity": "warning", "state": "open", "event_at": "2026-11-26T09:00:00Z"}
CRITICAL = {
    "_id": "job_failed:scope:SALES",
    "severity": "critical",
    "state": "acknowledged",
    "rule": "job_failed",
    "summary": "job j1 failed: <script>x</script>",
    "raised_at": "2026-11-26T08:00:00.123456Z",
    "event_at": "2026-11-26T08:30:00Z",
    "spaces": ["SALES"],
    "facts": {"job_id": "j1", "reason": "**403**"},
    "acknowledged_by": "jane",
    "acknowledged_reason": "rotating the token",
}


def test_rows_put_the_most_severe_first_and_keep_text_verbatim() -> None:
    rows = alert_rows([WARNING, CRITICAL])
    assert [r["id"] for r in rows] == ["job_failed:scope:SALES", "space_stale:HR"]
    assert rows[0]["summary"] == "job j1 failed: <script>x</script>"
    assert (rows[0]["raised (UTC)"], rows[0]["spaces"], rows[0]["acknowledged by"]) == (
        "2026-11-26T08:00:00",
        "SALES",
        "jane",
    )


def test_detail_lists_facts_and_the_acknowledgement() -> None:
    assert detail_lines(CRITICAL) == ["job_id: j1", "reason: **403**", "acknowledged by jane: rotating the token"]


def test_paths_keep_slashes_and_colons_of_cause_keys_and_escape_the_rest() -> None:
    assert alert_path("job_failed:scope:SALES/ORDERS", "/ack") == "/alerts/job_failed:scope:SALES/ORDERS/ack"
    assert alert_path("space_stale:A B?") == "/alerts/space_stale:A%20B%3F"


def test_the_page_names_the_audit_service_when_it_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ports.SERVICES["audit"].env, "9")
    app = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not app.exception
    assert any("audit service is not reachable" in error.value for error in app.error)
