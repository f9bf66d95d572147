"""Rule validation, invalid files (located error, last valid kept), bear only by promotion, promotion events."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.base import Environment
from mdsync_contracts.rule_sets import RuleSetPromoted
from mdsync_contracts.topics import RULE_SETS
from mdsync_mapper.core.rulefile import parse_rule_set

pytestmark = pytest.mark.integration

INVALID = "environment: dog\nversion: 2\nrules:\n  types:\n    string: varchr\n"


async def _version(rig: Any, environment: str = "dog") -> str:
    response = await rig.client.get(f"/rules/{environment}")
    assert response.status_code == 200, response.text
    return str(response.json()["rule_set_version"])


async def test_validate_names_file_line_and_field(rig: Any) -> None:
    ok = await rig.client.post("/rules/validate", json={"text": "environment: dog\nversion: 4\n"})
    bad = await rig.client.post("/rules/validate", json={"text": INVALID, "file": "dog.yaml"})

    assert ok.json()["valid"] is True
    assert ok.json()["rule_set_version"] == "dog-4"
    [error] = bad.json()["errors"]
    assert (error["file"], error["line"], error["field"]) == ("dog.yaml", 5, "rules.types.string")


async def test_an_invalid_rule_set_is_refused_and_the_last_valid_one_stays(rig: Any) -> None:
    before = await _version(rig)

    refused = await rig.client.put("/rules/dog", json={"text": INVALID})
    (rig.rules_dir / "dog.yaml").write_text(INVALID)
    reloaded = await rig.client.post("/rules/reload")
    shown = (await rig.client.get("/rules/dog")).json()

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["line"] == 5
    assert reloaded.status_code == 200
    assert await _version(rig) == before
    assert shown["file_errors"][0]["field"] == "rules.types.string"


async def test_bear_changes_only_by_promotion_and_promotions_are_recorded(rig: Any) -> None:
    site = f'site: {{database_prefix: "{rig.database_prefix}"}}\n'
    dog_v5 = f"environment: dog\nversion: 5\n{site}rules:\n  types: {{string: varchar}}\n"
    assert (await rig.client.put("/rules/dog", json={"text": dog_v5})).status_code == 200

    assert (await rig.client.put("/rules/bear", json={"text": "environment: bear\nversion: 9\n"})).status_code == 403
    assert (await rig.client.post("/rules/promote", json={"from": "dog", "to": "bear"})).status_code == 409
    to_wolf = await rig.client.post("/rules/promote", json={"from": "dog", "to": "wolf", "requester": "operator:jane"})
    to_bear = await rig.client.post("/rules/promote", json={"from": "wolf", "to": "bear", "requester": "admin:joe"})

    assert to_wolf.status_code == 200, to_wolf.text
    assert to_wolf.json()["changes"] == [{"path": "types.string", "before": "string", "after": "varchar"}]
    assert (to_bear.status_code, await _version(rig, "bear")) == (200, "bear-5")
    bear = parse_rule_set((rig.rules_dir / "bear.yaml").read_text(), "bear.yaml", Environment.BEAR)
    assert bear.site.database_prefix == "bear_"
    events = await rig.read(RULE_SETS, lambda found: len(found) >= 2)
    promotions = sorted((e.from_environment, e.to_environment, e.version, e.promoted_by) for e in events)
    assert promotions == [
        (Environment.DOG, Environment.WOLF, 5, "operator:jane"),
        (Environment.WOLF, Environment.BEAR, 5, "admin:joe"),
    ]
    assert all(isinstance(e, RuleSetPromoted) for e in events)
