"""The mapper reads each tenant's Glue target with that tenant's region and role, else its own role."""

from __future__ import annotations

from mdsync_mapper.glue import glue_profile, tenant_readers
from mdsync_mapper.settings import MapperSettings
from mdsync_runtime.tenants import parse_tenants

TENANT_ROLE = "arn:aws:iam::210987654321:role/acme-glue"
SERVICE_ROLE = "arn:aws:iam::123456789012:role/mdsync-mapper"
TENANTS = f"""
tenants:
  - name: acme
    datasphere: {{base_url: "http://a", token_url: "http://a/t", client_id: a, client_secret_env: S}}
    glue: {{region: eu-west-1, role_arn: "{TENANT_ROLE}", database_prefix: acme_}}
  - name: globex
    datasphere: {{base_url: "http://g", token_url: "http://g/t", client_id: g, client_secret_env: S}}
    glue: {{database_prefix: globex_}}
"""


def test_the_service_profile_comes_from_the_mapper_settings() -> None:
    settings = MapperSettings(glue_endpoint="http://glue", sts_endpoint="http://sts", role_arn=SERVICE_ROLE)
    profile = glue_profile(settings)
    assert (profile.endpoint_url, profile.region, profile.sts_endpoint_url) == (
        "http://glue",
        "eu-central-1",
        "http://sts",
    )
    assert (profile.role_arn, profile.role_session_name) == (SERVICE_ROLE, "mdsync-mapper")
    assert (profile.retry_mode, profile.max_attempts) == ("standard", 5)


def test_each_tenant_reader_takes_its_tenants_target() -> None:
    tenants = parse_tenants(TENANTS, environ={"S": "x"})
    with_role = tenant_readers(glue_profile(MapperSettings(role_arn=SERVICE_ROLE)), tenants, 4)
    without = tenant_readers(glue_profile(MapperSettings()), tenants, 4)
    acme, globex = with_role["acme"].profile, with_role["globex"].profile
    assert (acme.region, acme.role_arn, acme.role_session_name) == ("eu-west-1", TENANT_ROLE, "mdsync-mapper-acme")
    assert (globex.region, globex.role_arn) == ("eu-central-1", SERVICE_ROLE)
    assert (without["acme"].profile.role_arn, without["globex"].profile.role_arn) == (TENANT_ROLE, None)
    assert tenant_readers(glue_profile(MapperSettings()), None, 4) == {}
