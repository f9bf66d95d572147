"""Golden files: tenant fixtures + the default (dog) rules → the exact TableInputs.

Regenerate after an intended change with
`MDSYNC_UPDATE_GOLDEN=1 uv run pytest services/mapper/tests/unit/test_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from mdsync_contracts.assets import AssetDefinition
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.scope import map_scope
from mdsync_mapper.core.table import Excluded

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def load_fixture(name: str) -> list[AssetDefinition]:
    """AssetDefinitions of a JSON fixture."""
    return TypeAdapter(list[AssetDefinition]).validate_json((FIXTURES / name).read_text(encoding="utf-8"))


def golden_view(definitions: list[AssetDefinition], rule_set: RuleSet) -> list[dict[str, Any]]:
    """What the golden file pins for every asset."""
    view: list[dict[str, Any]] = []
    for result in map_scope(definitions, rule_set):
        if isinstance(result, Excluded):
            view.append({"asset_id": result.asset_id, "excluded": result.reason})
            continue
        view.append(
            {
                "asset_id": result.asset_id,
                "database": result.database,
                "lossy_columns": list(result.lossy_columns),
                "conflict_policy": result.conflict_policy.value,
                "table_input": result.table_input.to_boto(),
            }
        )
    return view


def check_golden(name: str, view: list[dict[str, Any]]) -> None:
    """Compare with (or, when asked, rewrite) ``golden/<name>``."""
    path = GOLDEN / name
    text = json.dumps(view, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("MDSYNC_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with MDSYNC_UPDATE_GOLDEN=1 once and review it"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


def test_small_tenant_with_default_rules(small_tenant: list[AssetDefinition], dog_rules: RuleSet) -> None:
    check_golden("small_tenant.dog.json", golden_view(small_tenant, dog_rules))


def test_the_result_does_not_depend_on_the_order_assets_arrive(
    small_tenant: list[AssetDefinition], dog_rules: RuleSet
) -> None:
    assert golden_view(list(reversed(small_tenant)), dog_rules) == golden_view(small_tenant, dog_rules)


def test_demo_tenant_with_default_rules(dog_rules: RuleSet) -> None:
    definitions = load_fixture("demo_tenant.json")
    view = golden_view(definitions, dog_rules)

    tables = [entry for entry in view if "table_input" in entry]
    assert len(tables) == sum(1 for d in definitions if not d.kind.is_flow)
    assert {entry["excluded"] for entry in view if "excluded" in entry} == {"flows never become Glue tables"}
    check_golden("demo_tenant.dog.json", view)


@pytest.mark.parametrize("environment", ["wolf", "bear"])
def test_promoted_environments_differ_only_in_site_settings(
    small_tenant: list[AssetDefinition], dog_rules: RuleSet, environment: str, rule_set_of: Any
) -> None:
    other = golden_view(small_tenant, rule_set_of(environment))
    dog = golden_view(small_tenant, dog_rules)

    assert [entry.get("database", "").removeprefix(f"{environment}_") for entry in other] == [
        entry.get("database", "") for entry in dog
    ]
