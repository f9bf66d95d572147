"""The client reads spaces, design-time lists, objects, the catalog and $metadata from the simulator."""

from __future__ import annotations

import pytest

from mdsync_devstack.datasphere.settings import SimConfig
from mdsync_extractor.datasphere import ObjectType

from .conftest import EXPOSED, SALES_VIEWS, Sim


async def test_lists_member_spaces_only(sim: Sim) -> None:
    async with sim.client() as client:
        spaces = await client.list_spaces()
    assert [space.name for space in spaces] == ["SALES", "FINANCE"]


async def test_lists_every_object_with_a_small_page_size(sim: Sim) -> None:
    async with sim.client(object_page_size=2) as client:
        views = await client.list_objects("SALES", ObjectType.VIEWS)
        assert sorted(view.technical_name for view in views) == sorted(SALES_VIEWS)
        assert {view.status for view in views} == {"Deployed"}
        assert client.calls == 3  # 2 + 2 + 1: a page shorter than an earlier one ends the list


@pytest.mark.parametrize("sim_config", [SimConfig(designtime_max_top=2)])
async def test_undocumented_server_cap_on_top_does_not_truncate_the_list(sim: Sim) -> None:
    async with sim.client(object_page_size=200) as client:
        views = await client.list_objects("SALES", ObjectType.VIEWS)
    assert len(views) == len(SALES_VIEWS)


async def test_an_empty_type_lists_nothing(sim: Sim) -> None:
    async with sim.client() as client:
        assert await client.list_objects("FINANCE", ObjectType.TASK_CHAINS) == []


async def test_reads_an_object_as_raw_csn(sim: Sim) -> None:
    async with sim.client() as client:
        raw = await client.read_object("SALES", ObjectType.VIEWS, "V_ORDERS")
    assert raw.name == "V_ORDERS"
    assert raw.object_type is ObjectType.VIEWS
    assert raw.body["definitions"]["V_ORDERS"]["@DataWarehouse.consumption.external"] is True


@pytest.mark.parametrize("sim_config", [SimConfig(catalog_page_size=2)])
async def test_catalog_follows_next_links(sim: Sim) -> None:
    async with sim.client() as client:
        assets = await client.list_catalog_assets()
        assert client.calls == 2  # 4 exposed assets in pages of 2, the second page has no next link
    assert {(a.space_name, a.name) for a in assets} == {("SALES", n) for n in EXPOSED} | {("FINANCE", "V_LEDGER")}


async def test_catalog_of_one_space(sim: Sim) -> None:
    async with sim.client() as client:
        assets = await client.list_catalog_assets("SALES")
        assert client.calls == 1  # a page shorter than the documented 500 ends the catalog list
    assert {asset.name for asset in assets} == EXPOSED
    assert all(asset.relational_metadata_url for asset in assets)


async def test_reads_metadata_from_the_url_the_catalog_returned(sim: Sim) -> None:
    async with sim.client() as client:
        asset = next(a for a in await client.list_catalog_assets("SALES") if a.name == "V_ORDERS")
        edmx = await client.read_metadata("SALES", asset)
        etag = await client.read_service_etag("SALES", asset)
    assert "<edmx:Edmx" in edmx
    assert 'Name="ID"' in edmx
    assert etag is not None
    assert etag.startswith('W/"')
