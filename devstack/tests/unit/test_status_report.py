"""The status report's states and its one-JSON-object shape."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from mdsync_devstack.settings import DEVSTACK_DIR
from mdsync_devstack.status import ComponentStatus, StackStatus, classify


@pytest.mark.parametrize(
    ("alive", "ready", "state"),
    [(True, True, "running"), (True, False, "unhealthy"), (False, False, "stopped"), (False, True, "stopped")],
)
def test_state_from_process_and_probe(alive: bool, ready: bool, state: str) -> None:
    assert classify(alive, ready) == state


def _report(kafka_state: str = "running") -> StackStatus:
    return StackStatus(
        {
            "kafka": ComponentStatus(state=kafka_state, endpoint="127.0.0.1:19092", pid=12, log="/s/logs/kafka.log"),
            "mongo": ComponentStatus(state="running", endpoint="mongodb://127.0.0.1:27018", pid=13, log="/s/m.log"),
            "glue": ComponentStatus(state="running", endpoint="http://127.0.0.1:5055", pid=14, log="/s/g.log"),
        }
    )


def test_json_is_one_object_keyed_by_component() -> None:
    document = json.loads(_report().to_json())

    assert list(document) == ["kafka", "mongo", "glue"]
    assert document["kafka"] == {
        "state": "running",
        "endpoint": "127.0.0.1:19092",
        "pid": 12,
        "log": "/s/logs/kafka.log",
    }


def test_a_stopped_component_has_no_pid_and_spoils_all_running() -> None:
    stopped = ComponentStatus(state="stopped", endpoint="127.0.0.1:19092", pid=None, log="/s/k.log")
    report = StackStatus({**_report().root, "kafka": stopped})

    assert json.loads(report.to_json())["kafka"]["pid"] is None
    assert not report.all_running()
    assert _report().all_running()


def test_plain_dicts_equal_the_json() -> None:
    report = _report("unhealthy")

    assert report.plain() == json.loads(report.to_json())


def test_unknown_state_is_rejected() -> None:
    with pytest.raises(ValidationError):
        ComponentStatus(state="sleeping", endpoint="x", pid=None, log="y")


def test_committed_json_schema_matches_the_model() -> None:
    committed = json.loads((DEVSTACK_DIR / "status.schema.json").read_text())

    assert committed == StackStatus.model_json_schema(), "regenerate devstack/status.schema.json (see its README)"
