"""Fixtures shared by the mapper tests: the shipped rule sets, JSON fixtures of AssetDefinitions, builders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.base import Environment
from mdsync_mapper.core.rulefile import parse_rule_set
from mdsync_mapper.core.rules import RuleSet

TESTS = Path(__file__).resolve().parent
RULES_DIR = TESTS.parent / "rules"
FIXTURES = TESTS / "fixtures"

AssetFactory = Callable[..., AssetDefinition]


def load_rule_set(environment: str) -> RuleSet:
    """The rule set shipped in services/mapper/rules for ``environment``."""
    path = RULES_DIR / f"{environment}.yaml"
    return parse_rule_set(path.read_text(encoding="utf-8"), path.name, Environment(environment))


def load_definitions(name: str) -> list[AssetDefinition]:
    """AssetDefinitions from a JSON fixture."""
    return TypeAdapter(list[AssetDefinition]).validate_json((FIXTURES / name).read_text(encoding="utf-8"))


def build_asset(technical_name: str = "T", space: str = "S", **fields: Any) -> AssetDefinition:
    """A small local table; any field can be overridden."""
    data: dict[str, Any] = {"tenant": "acme", "space": space, "technical_name": technical_name, "kind": "local_table"}
    data["columns"] = [{"name": "ID", "position": 0, "cds_type": "cds.Integer", "key": True}]
    return AssetDefinition.model_validate({**data, **fields})


@pytest.fixture
def rules_dir() -> Path:
    """services/mapper/rules."""
    return RULES_DIR


@pytest.fixture
def dog_rules() -> RuleSet:
    """The shipped dog rule set (the default rules)."""
    return load_rule_set("dog")


@pytest.fixture
def rule_set_of() -> Callable[[str], RuleSet]:
    """Loader of a shipped rule set by environment."""
    return load_rule_set


@pytest.fixture
def small_tenant() -> list[AssetDefinition]:
    """The hand-written small tenant fixture."""
    return load_definitions("small_tenant.json")


@pytest.fixture
def make_asset() -> AssetFactory:
    """Builder of small assets."""
    return build_asset
