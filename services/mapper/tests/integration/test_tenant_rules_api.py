"""The rules API per tenant: each tenant's named rule set shown, changed, reloaded and promoted on its own.

acme maps with the named rule set ``strict`` (rules_dir/strict/), globex with the default one; each has its own
database prefix. Changing acme's set changes how acme's next asset maps and not globex's.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetUpserted
from mdsync_contracts.base import Environment
from mdsync_contracts.glue import UpsertTable
from mdsync_contracts.topics import GLUE_COMMANDS
from mdsync_runtime.auth import Role
from mdsync_runtime.auth.client import local_headers

from .conftest import Rig, copy_rules, running

pytestmark = pytest.mark.integration

TENANTS = """
tenants:
  - name: acme
    datasphere: {{base_url: "http://a", token_url: "http://a/t", client_id: a, client_secret_env: MAPPER_TEST_S}}
    rule_set: strict
    glue: {{database_prefix: {acme}}}
  - name: globex
    datasphere: {{base_url: "http://g", token_url: "http://g/t", client_id: g, client_secret_env: MAPPER_TEST_S}}
    glue: {{database_prefix: {globex}}}
"""
VARCHAR = 'environment: dog\nversion: 2\nsite: {database_prefix: ""}\nrules:\n  types: {string: varchar}\n'


@pytest.fixture(scope="module")
async def tenant_rig(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Rig]:
    """A mapper serving acme (rule set strict) and globex (default rule set), each behind a unique prefix."""
    unique = uuid.uuid4().hex[:8]
    rules_dir = copy_rules(tmp_path_factory.mktemp("rules"))
    copy_rules(rules_dir / "strict")
    tenants_file = rules_dir.parent / "tenants.yaml"
    tenants_file.write_text(TENANTS.format(acme=f"a{unique}_", globex=f"g{unique}_"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MDSYNC_TENANTS_FILE", str(tenants_file))
        patch.setenv("MAPPER_TEST_S", "x")
        async with running(rules_dir, unique) as started:
            yield started


def _asset(tenant: str, name: str = "TICKETS") -> AssetDefinition:
    column = {"name": "CODE", "position": 0, "cds_type": "cds.String", "length": 12, "key": True}
    fields = {"tenant": tenant, "space": "OPS", "technical_name": name, "kind": "local_table"}
    return AssetDefinition.model_validate({**fields, "columns": [column]})


async def _mapped(rig: Rig, name: str) -> dict[str, UpsertTable]:
    """Publish asset ``name`` of acme and of globex; the UpsertTable of each, by tenant."""
    for tenant in ("acme", "globex"):
        event = AssetUpserted.of(_asset(tenant, name), AssetChange.CREATED, None, environment=Environment.DOG)
        await rig.publisher.publish(event)

    def upserts(found: list[Any]) -> dict[str, UpsertTable]:
        return {m.tenant: m for m in found if isinstance(m, UpsertTable) and m.table == name.lower()}

    return upserts(await rig.read(GLUE_COMMANDS, lambda found: len(upserts(found)) >= 2))


async def _shown(rig: Rig, environment: str = "dog", **params: str) -> dict[str, Any]:
    response = await rig.client.get(f"/rules/{environment}", params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_get_shows_each_tenants_named_rule_set_with_its_prefix(tenant_rig: Rig) -> None:
    acme, globex, default = (
        await _shown(tenant_rig, tenant="acme"),
        await _shown(tenant_rig, tenant="globex"),
        await _shown(tenant_rig),
    )
    unique = tenant_rig.database_prefix
    assert (acme["tenant"], acme["rule_set"], acme["database_prefix"]) == ("acme", "strict", f"a{unique}_")
    assert (globex["rule_set"], globex["tenant_database_prefix"]) == ("default", f"g{unique}_")
    assert (default["tenant"], default["rule_set"], default["database_prefix"]) == (None, "default", "")


async def test_tenants_not_visible_or_not_served_are_refused(tenant_rig: Rig) -> None:
    globex_admin = local_headers(Role.ADMIN, subject="admin:gil", tenants=("globex",))
    hidden = await tenant_rig.client.get("/rules/dog", params={"tenant": "acme"}, headers=globex_admin)
    put = await tenant_rig.client.put(
        "/rules/dog", params={"tenant": "acme"}, json={"text": VARCHAR}, headers=globex_admin
    )
    unknown = await tenant_rig.client.post("/rules/reload", params={"tenant": "initech"})
    own = await tenant_rig.client.get("/rules/dog", params={"tenant": "globex"}, headers=globex_admin)

    assert (hidden.status_code, hidden.json()["detail"]) == (403, "admin:gil may not see tenant acme")
    assert put.status_code == 403
    assert (unknown.status_code, unknown.json()["detail"]) == (
        404,
        "tenant 'initech' is not served here (tenants: acme, globex)",
    )
    assert own.status_code == 200


async def test_putting_a_tenants_rule_set_changes_its_next_asset_and_not_the_other_tenants(tenant_rig: Rig) -> None:
    put = await tenant_rig.client.put("/rules/dog", params={"tenant": "acme"}, json={"text": VARCHAR})
    assert put.status_code == 200, put.text
    assert (put.json()["rule_set"], put.json()["rule_set_version"], put.json()["replan"]["rule_set"]) == (
        "strict",
        "dog-2",
        "strict",
    )
    assert "varchar" in (tenant_rig.rules_dir / "strict" / "dog.yaml").read_text()
    assert "varchar" not in (tenant_rig.rules_dir / "dog.yaml").read_text()

    found = await _mapped(tenant_rig, "TICKETS")
    unique = tenant_rig.database_prefix
    acme, globex = found["acme"], found["globex"]
    assert (acme.database, acme.table_input.storage_descriptor.columns[0].type) == (f"a{unique}_ops", "varchar(12)")
    assert (globex.database, globex.table_input.storage_descriptor.columns[0].type) == (f"g{unique}_ops", "string")
    default, globex_shown = await _shown(tenant_rig), await _shown(tenant_rig, tenant="globex")
    assert (default["rule_set_version"], globex_shown["yaml"]) == ("dog-1", default["yaml"])


async def test_reload_and_promote_act_on_the_tenants_named_rule_set(tenant_rig: Rig) -> None:
    assert set(await _mapped(tenant_rig, "ORDERS")) == {"acme", "globex"}
    strict: Path = tenant_rig.rules_dir / "strict"
    (strict / "dog.yaml").write_text(VARCHAR.replace("version: 2", "version: 3"))
    reloaded = await tenant_rig.client.post("/rules/reload", params={"tenant": "acme"})

    def replanned(found: list[Any]) -> set[str]:
        return {
            m.asset_id or "" for m in found if isinstance(m, UpsertTable) and m.correlation_id == "replan-strict-dog-3"
        }

    for _ in range(100):  # polling: the re-plan runs in the background
        [*_, last] = (await tenant_rig.client.get("/rules/replans")).json()
        if (last["rule_set"], last["rule_set_version"], last["state"]) == ("strict", "dog-3", "done"):
            break
        await asyncio.sleep(0.1)
    remapped = replanned(await tenant_rig.read(GLUE_COMMANDS, lambda found: "acme/OPS/ORDERS" in replanned(found)))
    assert "acme/OPS/ORDERS" in remapped
    assert {asset_id.split("/")[0] for asset_id in remapped} == {"acme"}  # globex's assets are not re-planned
    promoted = await tenant_rig.client.post(
        "/rules/promote", params={"tenant": "acme"}, json={"from": "dog", "to": "wolf"}
    )

    assert (reloaded.json()["rule_set"], reloaded.json()["rule_set_version"]) == ("strict", "dog-3")
    assert promoted.status_code == 200, promoted.text
    assert (promoted.json()["rule_set"], promoted.json()["rule_set_version"]) == ("strict", "wolf-3")
    assert (await _shown(tenant_rig, "wolf", tenant="acme"))["rule_set_version"] == "wolf-3"
    assert (await _shown(tenant_rig, "wolf"))["rule_set_version"] == "wolf-1"
