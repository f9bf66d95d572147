"""The tenants file: typed tenants, secrets from env or file only, errors naming the tenant and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdsync_runtime.auth import Authenticator, AuthSettings, Role
from mdsync_runtime.auth.client import local_token
from mdsync_runtime.tenants import TenantsError, load_tenants, parse_tenants

TWO = """
tenants:
  - name: acme
    datasphere: {base_url: "https://acme.example", token_url: "https://acme.example/oauth/token",
                 client_id: acme-client, client_secret_env: ACME_SECRET, rate_limit_per_minute: 120}
    rule_set: acme
    job_concurrency: 2
    glue: {region: eu-west-1, role_arn: "arn:aws:iam::123456789012:role/mdsync", database_prefix: acme_}
  - name: globex
    datasphere: {base_url: "https://globex.example", token_url: "https://globex.example/oauth/token",
                 client_id: globex-client, client_secret_file: SECRET_FILE}
    glue: {database_prefix: globex_}
"""


def two(tmp_path: Path) -> str:
    secret = tmp_path / "globex.secret"
    secret.write_text("file-secret\n")
    return TWO.replace("SECRET_FILE", str(secret))


def test_two_tenants_with_secrets_from_env_and_file(tmp_path: Path) -> None:
    tenants = parse_tenants(two(tmp_path), environ={"ACME_SECRET": "env-secret"})
    assert tenants.names == ("acme", "globex")
    assert tenants.default.name == "acme"
    acme, globex = tenants.tenants
    assert acme.client_secret({"ACME_SECRET": "env-secret"}).get_secret_value() == "env-secret"
    assert globex.client_secret({}).get_secret_value() == "file-secret"
    assert (acme.glue.region, acme.glue.database_prefix, acme.job_concurrency) == ("eu-west-1", "acme_", 2)
    assert (globex.rule_set, globex.glue.role_arn) == ("default", None)
    assert tenants.get("initech") is None


def test_an_unset_secret_variable_names_the_tenant_and_field(tmp_path: Path) -> None:
    with pytest.raises(TenantsError, match=r"tenant 'acme', datasphere.client_secret_env: .*ACME_SECRET"):
        parse_tenants(two(tmp_path), environ={})


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("client_id: globex-client, ", "", r"tenant 'globex', datasphere.client_id: Field required"),
        ("client_secret_env: ACME_SECRET", "client_secret: inline", r"tenant 'acme', datasphere.client_secret:"),
        ("rule_set: acme", "rule_set: Acme Rules", r"tenant 'acme', rule_set:"),
        ("database_prefix: globex_", "database_prefix: acme_", "its own glue.database_prefix"),
        ("name: globex", "name: acme", "unique: acme"),
        ('role_arn: "arn:aws:iam::123456789012:role/mdsync"', "role_arn: admin", r"tenant 'acme', glue.role_arn"),
        (
            "rate_limit_per_minute: 120}",
            "rate_limit_per_minute: 120, adaptive_budget_calls_per_hour: 9000}",
            r"tenant 'acme', datasphere: .*adaptive_budget_calls_per_hour 9000 exceeds the 7200 calls an hour",
        ),
    ],
)
def test_bad_config_is_refused_naming_tenant_and_field(tmp_path: Path, old: str, new: str, complaint: str) -> None:
    text = two(tmp_path)
    assert old in text
    with pytest.raises(TenantsError, match=complaint):
        parse_tenants(text.replace(old, new), environ={"ACME_SECRET": "x"})


def test_both_secret_sources_at_once_are_refused(tmp_path: Path) -> None:
    text = two(tmp_path).replace("client_secret_env: ACME_SECRET", "client_secret_env: A, client_secret_file: /x")
    with pytest.raises(TenantsError, match=r"tenant 'acme', datasphere: .*exactly one"):
        parse_tenants(text, environ={})


def test_no_file_means_one_tenant_per_deployment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MDSYNC_TENANTS_FILE", raising=False)
    assert load_tenants() is None
    path = tmp_path / "tenants.yaml"
    path.write_text(two(tmp_path))
    monkeypatch.setenv("MDSYNC_TENANTS_FILE", str(path))
    loaded = load_tenants(environ={"ACME_SECRET": "x"})
    assert loaded is not None
    assert loaded.names == ("acme", "globex")
    with pytest.raises(TenantsError, match="cannot be read"):
        load_tenants(tmp_path / "missing.yaml")


async def test_a_tenants_claim_limits_the_principal(tmp_path: Path) -> None:
    settings = AuthSettings(key_dir=tmp_path / "auth")
    limited = await Authenticator(settings).principal(
        local_token(Role.OPERATOR, ["*"], "ann", settings=settings, tenants=["acme"])
    )
    assert limited.tenants == frozenset({"acme"})
    assert limited.sees_tenant("acme")
    assert not limited.sees_tenant("globex")
    for tenants in (["*"], None):
        token = local_token(Role.VIEWER, ["*"], "bob", settings=settings, tenants=tenants)
        everyone = await Authenticator(settings).principal(token)
        assert everyone.tenants is None
        assert everyone.sees_tenant("globex")
