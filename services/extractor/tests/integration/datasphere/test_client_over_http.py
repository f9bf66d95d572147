"""The Datasphere client over real HTTP against the running simulator: reads, normalization, faults."""

from __future__ import annotations

import pytest

from mdsync_extractor.core.normalize import NormalizationError, normalize, normalize_edmx
from mdsync_extractor.datasphere import (
    AccessDeniedError,
    DatasphereError,
    LoginPageError,
    ObjectType,
)

from .conftest import ClientFactory, FaultFactory, Tenant

pytestmark = pytest.mark.integration


async def test_reads_and_normalizes_every_object_of_a_space(make_client: ClientFactory, tenant: Tenant) -> None:
    space, normalized, failed = tenant.richest_space(), set(), []
    async with make_client() as client:
        spaces = {info.name for info in await client.list_spaces()}
        assert spaces == set(tenant.spaces)
        for object_type in ObjectType:
            for summary in await client.list_objects(space, object_type):
                raw = await client.read_object(space, object_type, summary.technical_name)
                try:
                    normalize(tenant.name, space, object_type, raw.body, known_spaces=spaces, name=raw.name)
                    normalized.add(object_type)
                except NormalizationError as error:
                    failed.append(error.reason)
    expected = {ObjectType(path.name) for path in (tenant.dir / "spaces" / space).glob("*/")}
    assert normalized == expected
    assert not failed


async def test_catalog_metadata_agrees_with_the_csn(make_client: ClientFactory, tenant: Tenant) -> None:
    async with make_client() as client:
        space = tenant.spaces[0]
        assets = [
            a for a in await client.list_catalog_assets(space) if a.relational_metadata_url and not a.has_parameters
        ]
        assert assets, f"no relational asset exposed in {space}"
        asset = assets[0]
        edmx = normalize_edmx(tenant.name, space, asset.name, await client.read_metadata(space, asset))
        raw = await client.read_object(space, ObjectType.VIEWS, asset.name)
        csn = normalize(
            tenant.name, space, ObjectType.VIEWS, raw.body, known_spaces=set(tenant.spaces), name=asset.name
        )
    assert [c.name for c in edmx.columns] == [c.name for c in csn.columns]
    assert [c.key for c in edmx.columns] == [c.key for c in csn.columns]


async def test_403_names_the_space(make_client: ClientFactory, tenant: Tenant) -> None:
    client_entry, outside = tenant.limited_client()
    async with make_client(client_entry) as client:
        with pytest.raises(AccessDeniedError, match=f"space '{outside}'"):
            await client.list_objects(outside, ObjectType.VIEWS)
        with pytest.raises(AccessDeniedError, match=f"space '{outside}'"):
            await client.list_catalog_assets(outside)


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "token_expired", "count": 1},
        {"kind": "rate_limited", "retry_after": 1, "count": 1},
        {"kind": "html_login", "count": 1},
        {"kind": "server_error", "status": 503, "count": 2},
    ],
    ids=lambda rule: rule["kind"],
)
async def test_transient_faults_are_absorbed(
    make_client: ClientFactory, fault: FaultFactory, tenant: Tenant, rule: dict[str, object]
) -> None:
    async with make_client(retry_base_seconds=0.05) as client, fault(**rule):
        await client.list_catalog_assets(tenant.spaces[0])
        assert client.calls == 1 + int(str(rule["count"]))  # met the fault, then went through


async def test_a_login_page_that_stays_is_an_error(make_client: ClientFactory, fault: FaultFactory) -> None:
    async with make_client() as client, fault(kind="html_login"):
        with pytest.raises(LoginPageError):
            await client.list_catalog_assets()


async def test_errors_share_one_base(make_client: ClientFactory, fault: FaultFactory) -> None:
    async with make_client(max_retries=1, retry_base_seconds=0.01) as client, fault(kind="server_error"):
        with pytest.raises(DatasphereError, match="after 2 attempts"):
            await client.list_catalog_assets()
