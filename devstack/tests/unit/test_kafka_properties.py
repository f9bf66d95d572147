"""The broker's generated ``server.properties`` and cluster id."""

from __future__ import annotations

import re
from pathlib import Path

from mdsync_devstack.kafka import KafkaConfig, new_cluster_id, render_server_properties


def _parse(text: str) -> dict[str, str]:
    pairs = [line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")]
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), "a key appears twice"
    return dict(pairs)


def test_listeners_and_quorum_follow_the_ports() -> None:
    config = KafkaConfig("127.0.0.1", 29092, 29093, Path("/state/data/kafka/kraft"))

    properties = _parse(render_server_properties(config))

    assert properties["listeners"] == "PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093"
    assert properties["advertised.listeners"] == properties["listeners"]
    assert properties["controller.quorum.voters"] == "1@127.0.0.1:29093"
    assert properties["log.dirs"] == "/state/data/kafka/kraft"


def test_single_node_combined_mode_with_static_quorum() -> None:
    properties = _parse(render_server_properties(KafkaConfig("127.0.0.1", 19092, 19093, Path("/d"))))

    assert properties["process.roles"] == "broker,controller"
    assert properties["controller.listener.names"] == "CONTROLLER"
    # A static quorum is formatted without --standalone; the dynamic form would need it.
    assert "controller.quorum.bootstrap.servers" not in properties
    replication = {key: value for key, value in properties.items() if "replication.factor" in key or "isr" in key}
    assert replication
    assert set(replication.values()) == {"1"}
    assert properties["group.initial.rebalance.delay.ms"] == "0"


def test_cluster_ids_are_22_url_safe_characters_never_starting_with_a_dash() -> None:
    ids = {new_cluster_id() for _ in range(200)}

    assert len(ids) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]{21}", cluster_id) for cluster_id in ids)
