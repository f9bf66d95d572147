"""The alerts page against a running audit service: a real failed job's alert is listed and acknowledged."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from mdsync_audit.alerts.settings import AlertSettings
from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_contracts.base import Message
from mdsync_contracts.jobs import JobFinished, JobRequested
from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.local_servers import serving_in_thread
from mdsync_runtime.settings import CommonSettings
from mdsync_runtime.testing import isolated, publish_all

pytestmark = pytest.mark.integration
PAGE = Path(__file__).resolve().parents[2] / "src/mdsync_ui/views/alerts.py"
CAUSE = "job_failed:demo:scope:HR"  # {rule}:{tenant}:{subject}; the isolated services' tenant is demo


def failed_job(common: CommonSettings) -> list[Message]:
    fields = {"environment": common.env, "tenant": common.tenant, "job_id": "job-ui-1"}
    return [
        JobRequested.model_validate({**fields, "requester": "operator:jane", "scope": {"spaces": ["HR"]}}),
        JobFinished.model_validate(
            {**fields, "status": "failed", "planned_assets": 1, "counts": {"failed": 1}, "reason": "<b>403</b>"}
        ),
    ]


@pytest.fixture
def audit_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An isolated audit service served over HTTP in its own thread (the page's calls block the test's loop)."""
    iso = asyncio.run(isolated(partitions=1))
    common = iso.common()
    app = build_app(
        common, AuditSettings(consumer_group=f"audit-{iso.topic_prefix}"), AlertSettings(interval_seconds=0.5)
    )
    with serving_in_thread(app) as url:
        monkeypatch.setenv(ports.SERVICES["audit"].env, str(httpx.URL(url).port))
        asyncio.run(publish_all(common, failed_job(common)))
        yield url


def alert(url: str) -> dict[str, object]:
    response = httpx.get(f"{url}/alerts/{CAUSE}", headers=local_headers(role="viewer"), timeout=5)
    return dict(response.json()["alert"]) if response.status_code == 200 else {}


def test_the_page_lists_the_alert_and_acknowledges_it_with_a_reason(audit_url: str) -> None:
    for _ in range(600):
        if alert(audit_url):
            break
        time.sleep(0.1)
    app = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not app.exception
    assert app.selectbox[0].value == CAUSE
    assert list(app.dataframe[0].value["tenant"]) == ["demo"]
    assert "job job-ui-1 failed: <b>403</b>" in [t.value for t in app.text]  # shown as text, never as HTML
    app.text_input[0].set_value("looking into it").run()
    app.button[0].click().run()
    assert not app.exception
    assert any(CAUSE in s.value for s in app.success)
    acked = alert(audit_url)
    assert (acked["state"], acked["acknowledged_reason"]) == ("acknowledged", "looking into it")
