"""docker-compose.yml is valid compose-spec, and everything it names exists."""

import importlib.util
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_matches_the_compose_spec_schema(compose: dict[str, Any]) -> None:
    schema_file = files("check_jsonschema") / "builtin_schemas" / "vendor" / "compose-spec.json"
    jsonschema.validate(compose, json.loads(schema_file.read_text()))


def test_every_dependency_is_a_defined_service_with_a_healthcheck(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in services, f"{name} depends on undefined {dependency}"
            assert rule["condition"] == "service_healthy", f"{name} → {dependency}"
            assert "healthcheck" in services[dependency], f"{dependency} has no healthcheck"


def test_every_python_module_it_runs_exists(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        command = service.get("command", [])
        if command[:2] == ["python", "-m"]:
            assert importlib.util.find_spec(command[2]) is not None, f"{name} runs missing {command[2]}"


def test_every_mdsync_service_is_in_compose(compose: dict[str, Any]) -> None:
    expected = {
        "extractor",
        "mapper",
        "glue-writer",
        "audit",
        "agent",
        "datasphere",
        "kafka",
        "mongo",
        "moto",
        "jaeger",
    }
    assert expected <= set(compose["services"])


def test_env_example_defines_what_compose_reads() -> None:
    example = (ROOT / ".env.example").read_text()
    assert "MDSYNC_ENV=" in example
    assert "AWS_DEFAULT_REGION=" in example
