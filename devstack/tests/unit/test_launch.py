"""Each component's command line follows the settings and ports; a changed configuration changes the fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from mdsync_devstack.component import Context, Launch
from mdsync_devstack.components import registry
from mdsync_devstack.glue import GlueComponent
from mdsync_devstack.kafka import KafkaComponent
from mdsync_devstack.mongo import MongoComponent
from mdsync_devstack.settings import DevstackSettings, StateDir
from mdsync_runtime import ports


def _context(tmp_path: Path, **settings: object) -> Context:
    return Context(DevstackSettings(state_dir=tmp_path, **settings), StateDir(tmp_path))  # type: ignore[arg-type]


def test_kafka_runs_the_broker_with_a_capped_heap_and_its_generated_properties(tmp_path: Path) -> None:
    launch = KafkaComponent().launch(_context(tmp_path))

    assert "-Xmx512m" in launch.argv
    assert launch.argv[-2:] == ["kafka.Kafka", str(tmp_path / "data" / "kafka" / "server.properties")]
    assert "listeners=PLAINTEXT://127.0.0.1:" in launch.config


def test_moving_a_port_changes_the_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = KafkaComponent().launch(_context(tmp_path)).fingerprint()
    moved = str(ports.KAFKA.value + 1)
    monkeypatch.setenv("MDSYNC_KAFKA_PORT", moved)

    after = KafkaComponent().launch(_context(tmp_path))

    assert after.fingerprint() != before
    assert f"PLAINTEXT://127.0.0.1:{moved}" in after.config


def test_store_is_in_memory_unless_persistence_is_asked_for(tmp_path: Path) -> None:
    memory = MongoComponent().launch(_context(tmp_path))
    persistent = MongoComponent().launch(_context(tmp_path, store_persist=True))

    assert "-Xmx2g" in memory.argv
    assert memory.argv[-3:-1] == ["MongoMain", "127.0.0.1"]
    assert persistent.argv[-1] == str(tmp_path / "data" / "mongo" / "store.mv")
    assert persistent.fingerprint() != memory.fingerprint()


def test_the_store_heap_is_a_setting(tmp_path: Path) -> None:
    larger = MongoComponent().launch(_context(tmp_path, store_heap="6g"))
    assert "-Xmx6g" in larger.argv
    with pytest.raises(ValidationError):
        DevstackSettings(state_dir=tmp_path, store_heap="lots")


def test_glue_is_moto_on_the_glue_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_GLUE_PORT", "5999")

    argv = GlueComponent().launch(_context(tmp_path)).argv

    assert Path(argv[0]).name == "moto_server"
    assert argv[1:] == ["-H", "127.0.0.1", "-p", "5999"]


def test_fingerprint_covers_argv_env_and_config() -> None:
    base = Launch(["java", "Main"], {"A": "1"}, "x=1")

    assert base.fingerprint() == Launch(["java", "Main"], {"A": "1"}, "x=1").fingerprint()
    assert base.fingerprint() != Launch(["java", "Main2"], {"A": "1"}, "x=1").fingerprint()
    assert base.fingerprint() != Launch(["java", "Main"], {"A": "2"}, "x=1").fingerprint()
    assert base.fingerprint() != Launch(["java", "Main"], {"A": "1"}, "x=2").fingerprint()


def test_registry_names_are_unique_and_include_the_three_servers() -> None:
    names = [component.name for component in registry()]

    assert len(names) == len(set(names))
    assert {"kafka", "mongo", "glue"} <= set(names)


def test_partitions_below_one_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_TOPIC_PARTITIONS", "0")

    with pytest.raises(ValidationError, match="topic_partitions"):
        DevstackSettings()
