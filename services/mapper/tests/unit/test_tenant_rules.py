"""Each tenant maps with its own named rule set, its databases behind its own prefix; unknown tenants are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi import HTTPException

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.base import Environment
from mdsync_mapper.access import plan_tenant, rules_tenant
from mdsync_mapper.api_models import PlanRequest
from mdsync_mapper.rulesets import RuleSets
from mdsync_mapper.tenancy import TenantRules
from mdsync_runtime.auth import Principal, Role
from mdsync_runtime.errors import PermanentError
from mdsync_runtime.tenants import parse_tenants

RULES = Path(__file__).resolve().parents[2] / "rules"
TENANTS = """
tenants:
  - name: acme
    datasphere: {base_url: "http://a", token_url: "http://a/t", client_id: a, client_secret_env: S}
    rule_set: strict
    glue: {database_prefix: acme_}
  - name: globex
    datasphere: {base_url: "http://g", token_url: "http://g/t", client_id: g, client_secret_env: S}
    glue: {database_prefix: globex_}
"""


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    shutil.copytree(RULES, tmp_path / "rules")
    strict = (RULES / "dog.yaml").read_text().replace("version: 1", "version: 7")
    (tmp_path / "rules" / "strict").mkdir()
    (tmp_path / "rules" / "strict" / "dog.yaml").write_text(strict)
    return tmp_path / "rules"


def loaded(rules_dir: Path, tenants_text: str | None) -> TenantRules:
    default = RuleSets(rules_dir)
    default.load_all()
    tenants = parse_tenants(tenants_text, environ={"S": "x"}) if tenants_text else None
    return TenantRules.load(default, Environment.DOG, tenants, rules_dir)


def test_each_tenant_gets_its_rule_set_and_prefix(rules_dir: Path) -> None:
    rules = loaded(rules_dir, TENANTS)
    acme, globex = rules.of("acme"), rules.of("globex")
    assert (acme.site.database_prefix, acme.label) == ("acme_", "dog-7")
    assert (globex.site.database_prefix, globex.label) == ("globex_", "dog-1")
    with pytest.raises(PermanentError, match="tenant 'initech' is not configured"):
        rules.of("initech")
    assert rules.on_default() == ("globex",)  # re-planned when the default rule set changes


def test_without_tenants_every_tenant_maps_as_before(rules_dir: Path) -> None:
    rules = loaded(rules_dir, None)
    assert rules.of("anyone") == rules.default.get(Environment.DOG)
    assert rules.of("anyone").site.database_prefix == ""
    assert rules.on_default() == ()


def test_a_missing_named_rule_set_fails_at_start(rules_dir: Path) -> None:
    shutil.rmtree(rules_dir / "strict")
    with pytest.raises(ValueError, match="file not found"):
        loaded(rules_dir, TENANTS)


def definition(tenant: str) -> AssetDefinition:
    fields = {"tenant": tenant, "space": "SALES", "technical_name": "T", "kind": "local_table"}
    return AssetDefinition.model_validate(fields)


def test_a_plan_is_for_one_visible_served_tenant() -> None:
    tenants = parse_tenants(TENANTS, environ={"S": "x"})
    admin = Principal(subject="ann", roles=frozenset({Role.ADMIN}), spaces=None)
    acme_only = Principal(subject="bob", roles=frozenset({Role.OPERATOR}), spaces=None, tenants=frozenset({"acme"}))
    assert plan_tenant(admin, PlanRequest(), "demo", tenants) == "acme"
    assert plan_tenant(admin, PlanRequest(definitions=[definition("globex")]), "demo", tenants) == "globex"
    assert plan_tenant(admin, PlanRequest(), "demo", None) == "demo"
    refusals = [
        (admin, PlanRequest(definitions=[definition("acme"), definition("globex")]), 422),
        (admin, PlanRequest(tenant="initech"), 404),
        (acme_only, PlanRequest(tenant="globex"), 403),
    ]
    for principal, body, status in refusals:
        with pytest.raises(HTTPException) as refused:
            plan_tenant(principal, body, "demo", tenants)
        assert refused.value.status_code == status


def test_a_named_rule_set_is_found_by_tenant_and_its_changes_apply_without_a_restart(rules_dir: Path) -> None:
    rules = loaded(rules_dir, TENANTS)
    assert (rules.name_of("acme"), rules.name_of("globex")) == ("strict", "default")
    assert (rules.prefix_of("acme"), rules.prefix_of("initech")) == ("acme_", "")
    assert (rules.using("strict"), rules.using("default")) == (("acme",), ("globex",))
    text = (rules_dir / "strict" / "dog.yaml").read_text().replace("version: 7", "version: 8")
    rules.rule_sets_of("acme").replace(Environment.DOG, text)
    assert (rules.of("acme").label, rules.of("globex").label) == ("dog-8", "dog-1")
    assert (rules_dir / "strict" / "dog.yaml").read_text() == text


def test_without_tenants_the_service_tenant_uses_the_default_rule_set(rules_dir: Path) -> None:
    rules = loaded(rules_dir, None)
    assert (rules.name_of("acme"), rules.prefix_of("acme")) == ("default", "")
    assert rules.rule_sets_of("acme") is rules.default


def test_a_rules_tenant_must_be_visible_and_served() -> None:
    rules = TenantRules(RuleSets(RULES), Environment.DOG, parse_tenants(TENANTS, environ={"S": "x"}))
    single = TenantRules(rules.default, Environment.DOG)
    admin = Principal(subject="ann", roles=frozenset({Role.ADMIN}), spaces=None)
    globex_only = Principal(subject="gil", roles=frozenset({Role.ADMIN}), spaces=None, tenants=frozenset({"globex"}))
    assert rules_tenant(globex_only, None, rules, "demo") is None  # no tenant: the default rule set, as before
    assert rules_tenant(globex_only, "globex", rules, "demo") == "globex"
    assert rules_tenant(admin, "demo", single, "demo") == "demo"
    refusals = [
        (globex_only, "acme", rules, 403, "gil may not see tenant acme"),
        (admin, "initech", rules, 404, "tenant 'initech' is not served here (tenants: acme, globex)"),
        (globex_only, "initech", rules, 403, "gil may not see tenant initech"),
        (admin, "acme", single, 404, "tenant 'acme' is not served here (tenants: demo)"),
    ]
    for principal, tenant, served, status, detail in refusals:
        with pytest.raises(HTTPException) as refused:
            rules_tenant(principal, tenant, served, "demo")
        assert (refused.value.status_code, refused.value.detail) == (status, detail)
