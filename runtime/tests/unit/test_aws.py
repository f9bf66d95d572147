"""AWS client profiles: which role a tenant's client assumes, its region, session name and retries."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from mdsync_runtime.aws import ClientProfile, botocore_config, build_session, chosen_role, tenant_profile
from mdsync_runtime.tenants import TenantConfig, Tenants, parse_tenants

TENANT_ROLE = "arn:aws:iam::210987654321:role/acme-glue"
SERVICE_ROLE = "arn:aws:iam::123456789012:role/mdsync"
TENANTS = f"""
tenants:
  - name: acme
    datasphere: {{base_url: "http://a", token_url: "http://a/t", client_id: a, client_secret_env: S}}
    glue: {{region: eu-west-1, role_arn: "{TENANT_ROLE}", database_prefix: acme_}}
  - name: {"g" * 60}
    datasphere: {{base_url: "http://g", token_url: "http://g/t", client_id: g, client_secret_env: S}}
    glue: {{database_prefix: globex_}}
"""


@pytest.fixture
def tenants() -> Tenants:
    return parse_tenants(TENANTS, environ={"S": "x"})


def base(role_arn: str | None) -> ClientProfile:
    return ClientProfile(endpoint_url="http://glue", region="eu-central-1", role_arn=role_arn, role_session_name="svc")


@pytest.mark.parametrize(
    ("tenant_role", "service_role", "expected"),
    [
        (TENANT_ROLE, SERVICE_ROLE, TENANT_ROLE),
        (TENANT_ROLE, None, TENANT_ROLE),
        (None, SERVICE_ROLE, SERVICE_ROLE),
        (None, None, None),
    ],
)
def test_the_tenant_role_wins_else_the_service_role_else_none(
    tenant_role: str | None, service_role: str | None, expected: str | None
) -> None:
    assert chosen_role(tenant_role, service_role) == expected


def test_a_tenant_profile_takes_the_tenant_target_and_keeps_the_rest(tenants: Tenants) -> None:
    acme, globex = tenants.tenants
    with_service_role = base(SERVICE_ROLE)
    assert tenant_profile(with_service_role, acme).role_arn == TENANT_ROLE
    assert tenant_profile(with_service_role, globex).role_arn == SERVICE_ROLE
    assert tenant_profile(base(None), globex).role_arn is None
    profile = tenant_profile(with_service_role, acme)
    assert (profile.region, profile.role_session_name) == ("eu-west-1", "svc-acme")
    assert (profile.endpoint_url, profile.max_attempts) == (with_service_role.endpoint_url, 3)
    assert tenant_profile(with_service_role, globex).region == "eu-central-1"


def test_the_session_name_is_cut_to_what_sts_accepts(tenants: Tenants) -> None:
    long_named: TenantConfig = tenants.tenants[1]
    name = tenant_profile(base(None), long_named).role_session_name
    assert name == f"svc-{long_named.name}"[:64]
    assert len(name) == 64


def test_retries_are_explicit() -> None:
    config = botocore_config(base(None).model_copy(update={"retry_mode": "adaptive", "max_attempts": 7}))
    assert config.retries == {"mode": "adaptive", "max_attempts": 7}
    assert config.max_pool_connections == 32


async def test_a_role_is_assumed_lazily_through_refreshable_credentials() -> None:
    keys = {"access_key_id": "testing", "secret_access_key": SecretStr("testing")}
    assumed = await (await build_session(base(SERVICE_ROLE).model_copy(update=keys))).get_credentials()
    plain = await (await build_session(base(None).model_copy(update=keys))).get_credentials()
    assert assumed is not None
    assert plain is not None
    assert (assumed.method, plain.access_key) == ("assume-role", "testing")
