"""Rule validation, invalid files (located error, last valid kept), bear only by promotion, promotion events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mdsync_contracts.base import Environment
from mdsync_contracts.rule_sets import RuleSetPromoted
from mdsync_contracts.topics import RULE_SETS
from mdsync_mapper.core.rulefile import parse_rule_set
from mdsync_runtime.auth import Role
from mdsync_runtime.auth.client import local_headers

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
    jane, joe = (local_headers(Role.ADMIN, subject=who) for who in ("admin:jane", "admin:joe"))
    to_wolf = await rig.client.post("/rules/promote", json={"from": "dog", "to": "wolf"}, headers=jane)
    to_bear = await rig.client.post("/rules/promote", json={"from": "wolf", "to": "bear"}, headers=joe)

    assert to_wolf.status_code == 200, to_wolf.text
    assert to_wolf.json()["changes"] == [{"path": "types.string", "before": "string", "after": "varchar"}]
    assert (to_bear.status_code, await _version(rig, "bear")) == (200, "bear-5")
    bear = parse_rule_set((rig.rules_dir / "bear.yaml").read_text(), "bear.yaml", Environment.BEAR)
    assert bear.site.database_prefix == "bear_"
    events = await rig.read(RULE_SETS, lambda found: len(found) >= 2)
    promotions = sorted((e.from_environment, e.to_environment, e.version, e.promoted_by) for e in events)
    assert promotions == [
        (Environment.DOG, Environment.WOLF, 5, "admin:jane"),
        (Environment.WOLF, Environment.BEAR, 5, "admin:joe"),
    ]
    assert all(isinstance(e, RuleSetPromoted) for e in events)


FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "small_tenant.json"


async def test_rule_changes_need_admin_and_plans_stay_in_the_callers_spaces(rig: Any) -> None:
    operator = local_headers(Role.OPERATOR, ("FINANCE",), subject="operator:fiona")
    refused = await rig.client.post("/rules/promote", json={"from": "dog", "to": "wolf"}, headers=operator)
    assert (refused.status_code, refused.json()["detail"]) == (403, "needs role admin; operator:fiona has operator")
    other = await rig.client.post("/plan", json={"scope": {"spaces": ["SALES", "FINANCE"]}}, headers=operator)
    assert (other.status_code, other.json()["detail"]) == (403, "operator:fiona may not plan space(s) SALES")
    sales = next(d for d in json.loads(FIXTURE.read_text()) if d["space"] == "SALES")
    inline = await rig.client.post("/plan", json={"definitions": [sales]}, headers=operator)
    assert (inline.status_code, inline.json()["detail"]) == (403, "operator:fiona may not plan space(s) SALES")
    own = await rig.client.post("/plan", json={"scope": {"spaces": ["FINANCE"]}}, headers=operator)
    assert own.status_code == 200, own.text
    too_many: dict[str, object] = {"definitions": [{}] * 1001}
    assert (await rig.client.post("/plan", json=too_many, headers=operator)).status_code == 422
