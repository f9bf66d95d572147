"""Each tenant writes through its own Glue target (region, assumed role) and only into its own databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mdsync_contracts.base import Environment
from mdsync_contracts.glue import ChangeClass, DeprecateTable, EnsureDatabase, UpsertTable
from mdsync_contracts.glue_model import DatabaseInput
from mdsync_glue_writer.api import tenant_of_held
from mdsync_glue_writer.approvals import HeldChange
from mdsync_glue_writer.glue_client import resolve_profile
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_glue_writer.tenancy import tenant_of
from mdsync_runtime.aws import build_session, tenant_profile
from mdsync_runtime.errors import PermanentError
from mdsync_runtime.tenants import Tenants, parse_tenants

ROLE = "arn:aws:iam::123456789012:role/acme-glue"
TENANTS = f"""
tenants:
  - name: acme
    datasphere: {{base_url: "http://a", token_url: "http://a/t", client_id: a, client_secret_env: S}}
    glue: {{region: eu-west-1, role_arn: "{ROLE}", database_prefix: acme_}}
  - name: globex
    datasphere: {{base_url: "http://g", token_url: "http://g/t", client_id: g, client_secret_env: S}}
    glue: {{database_prefix: globex_}}
"""


@pytest.fixture
def tenants() -> Tenants:
    return parse_tenants(TENANTS, environ={"S": "x"})


def ensure(tenant: str, database: str) -> EnsureDatabase:
    return EnsureDatabase(
        environment=Environment.DOG, tenant=tenant, requester="mapper", database_input=DatabaseInput(name=database)
    )


async def test_a_tenant_target_sets_region_and_assumed_role(tenants: Tenants) -> None:
    base = resolve_profile(GlueWriterSettings(), Environment.DOG, {})
    acme = tenant_profile(base, tenants.tenants[0])
    globex = tenant_profile(base, tenants.tenants[1])
    assert (acme.region, acme.role_arn, acme.role_session_name) == ("eu-west-1", ROLE, "mdsync-glue-writer-acme")
    assert (globex.region, globex.role_arn) == (base.region, None)
    assert acme.endpoint_url == globex.endpoint_url == base.endpoint_url
    credentials = await (await build_session(acme)).get_credentials()
    assert credentials is not None
    assert credentials.method == "assume-role"


def test_commands_stay_in_their_tenants_databases(tenants: Tenants) -> None:
    assert tenant_of(tenants, ensure("acme", "acme_sales")).name == "acme"
    with pytest.raises(PermanentError, match=r"outside tenant 'globex'.s prefix 'globex_'"):
        tenant_of(tenants, ensure("globex", "acme_sales"))
    deprecate = DeprecateTable(
        environment=Environment.DOG, tenant="acme", requester="mapper", database="globex_hr", table="t", reason="x"
    )
    with pytest.raises(PermanentError, match="outside tenant 'acme'"):
        tenant_of(tenants, deprecate)
    with pytest.raises(PermanentError, match="tenant 'initech' is not configured"):
        tenant_of(tenants, ensure("initech", "initech_x"))


def test_a_held_change_belongs_to_its_assets_tenant() -> None:
    def held(asset_id: str | None) -> HeldChange:
        return HeldChange(
            approval_id="apr-1",
            database="globex_sales",
            table="orders",
            change_class=ChangeClass.MAJOR,
            reason="major change",
            requester="service:mapper",
            asset_id=asset_id,
            ce_type=UpsertTable.CE_TYPE,
            command="{}",
            held_at=datetime.now(UTC),
        )

    assert tenant_of_held(held("globex/SALES/ORDERS"), "acme") == "globex"
    assert tenant_of_held(held(None), "acme") == "acme"
