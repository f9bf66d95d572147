"""The status command's one JSON object, and the topics ``up`` created."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from mdsync_contracts.topics import ALL_TOPICS, prefixed
from mdsync_devstack import ensure_up, status
from mdsync_devstack.settings import DevstackSettings
from mdsync_runtime import ports

pytestmark = pytest.mark.integration


def test_status_prints_exactly_one_json_object_and_exits_zero() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mdsync_devstack", "status"], capture_output=True, text=True, timeout=60, check=False
    )

    report = json.loads(done.stdout)  # fails on anything but one JSON document
    assert done.returncode == 0, done.stdout + done.stderr
    assert {"kafka", "mongo", "glue"} <= set(report)
    for name, component in report.items():
        assert set(component) == {"state", "endpoint", "pid", "log"}, name
        assert component["state"] == "running", name
        assert isinstance(component["pid"], int), name
        assert component["log"].endswith(f"{name}.log")
    assert report["kafka"]["endpoint"] == ports.kafka_bootstrap()
    assert report["mongo"]["endpoint"] == ports.mongo_url()
    assert report["glue"]["endpoint"] == ports.glue_endpoint()


async def test_up_reuses_the_running_processes_also_from_inside_an_event_loop() -> None:
    before = status()

    after = ensure_up()

    assert {name: component["pid"] for name, component in after.items()} == {
        name: component["pid"] for name, component in before.items()
    }
    assert all(component["state"] == "running" for component in after.values())


async def test_every_contract_topic_exists_with_the_configured_partitions() -> None:
    settings = DevstackSettings()
    admin = AIOKafkaAdminClient(bootstrap_servers=ports.kafka_bootstrap())
    await admin.start()
    try:
        wanted = [prefixed(topic, settings.topic_prefix) for topic in ALL_TOPICS]
        described = await admin.describe_topics(wanted)
    finally:
        await admin.close()

    partitions = {topic["topic"]: len(topic["partitions"]) for topic in described if topic["error_code"] == 0}
    assert partitions == dict.fromkeys(wanted, settings.topic_partitions)
