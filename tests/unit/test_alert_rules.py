"""deploy/: alert rules and dashboards name only metrics mdsync really exports; Prometheus scrapes every service."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml
from opentelemetry.metrics import Counter, Histogram, Observation
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from mdsync_runtime import metrics, ports
from mdsync_runtime.instruments import Instruments, LagSources

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROMETHEUS_OWN = frozenset({"up"})
"""Series Prometheus itself writes for every target."""
NO_METRICS = frozenset({"ui"})
"""Registry entries that are not runtime services (the Streamlit console serves no /metrics)."""
KEYWORDS = frozenset({"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool"})


def exported_names() -> set[str]:
    """Every sample name the exporter prints once each instrument has recorded one value."""
    registry = CollectorRegistry()
    provider = metrics.build_provider("probe", metrics.readers(None, registry))
    lag = LagSources()
    lag.add(1, lambda: [Observation(1)])
    instruments = Instruments.create(provider.get_meter("mdsync"), lag)
    for field in fields(instruments):
        instrument = getattr(instruments, field.name)
        if isinstance(instrument, Counter):
            instrument.add(1)
        elif isinstance(instrument, Histogram):
            instrument.record(0.1)
    text = metrics.exposition(registry)[0].decode()
    provider.shutdown()
    return {sample.name for family in text_string_to_metric_families(text) for sample in family.samples}


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression selects (functions, keywords, labels, strings and ranges left out)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)  # strings
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)  # label lists
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        following = text[match.end() :].lstrip()[:1]
        preceding = text[: match.start()].rstrip()[-1:]
        if following == "(" or match.group() in KEYWORDS or preceding.isdigit() or preceding == ".":
            continue
        names.add(match.group())
    return names


@pytest.fixture(scope="module")
def exported() -> set[str]:
    return exported_names() | PROMETHEUS_OWN


@pytest.fixture(scope="module")
def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_the_name_extraction_sees_metrics_and_nothing_else() -> None:
    expr = 'sum by (a, b) (rate(x_total{c!~"ok|y"}[5m])) / on(a) y_bucket > 0.5 and bool up'
    assert metric_names(expr) == {"x_total", "y_bucket", "up"}


def test_exported_names_are_what_the_exporter_prints(exported: set[str]) -> None:
    assert {"messaging_client_consumed_messages_total", "messaging_process_duration_seconds_bucket"} <= exported
    assert "mdsync_consumer_lag" in exported


def test_every_alert_names_only_exported_metrics(rules: list[dict[str, Any]], exported: set[str]) -> None:
    for rule in rules:
        names = metric_names(rule["expr"])
        assert names, f"{rule['alert']} selects no metric"
        assert names <= exported, f"{rule['alert']} names unknown metrics {sorted(names - exported)}"


def test_every_alert_has_a_severity_and_a_summary(rules: list[dict[str, Any]]) -> None:
    for rule in rules:
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        assert rule["expr"].count("(") == rule["expr"].count(")"), rule["alert"]


def test_the_alerts_cover_dead_letters_lag_glue_errors_throttling_and_failed_jobs(rules: list[dict[str, Any]]) -> None:
    selected = set().union(*(metric_names(rule["expr"]) for rule in rules))
    assert {
        "mdsync_messages_dead_lettered_total",
        "mdsync_consumer_lag",
        "mdsync_glue_calls_total",
        "http_client_request_duration_seconds_count",
        "mdsync_jobs_finished_total",
    } <= selected


def test_every_dashboard_query_names_only_exported_metrics(exported: set[str]) -> None:
    for path in (DEPLOY / "grafana" / "dashboards").glob("*.json"):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel["targets"]:
                names = metric_names(target["expr"])
                assert names, f"{path.name}: {panel['title']}"
                assert names <= exported, f"{path.name}: {panel['title']} names {sorted(names - exported)}"


def test_prometheus_scrapes_every_service_and_loads_the_rules() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    runtime_services = {name for name in compose if name in ports.SERVICES and name not in NO_METRICS}
    assert targets == {f"{name}:{ports.SERVICES[name].default}" for name in runtime_services}
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
