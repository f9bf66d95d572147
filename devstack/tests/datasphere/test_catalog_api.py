"""Catalog and consumption OData over the demo tenant: membership, paging, options, URLs, EDMX, etags."""

from __future__ import annotations

from collections.abc import Callable

from mdsync_devstack.datasphere.settings import SimConfig

from .conftest import NO_ACCESS, SALES, XML, Sim

DWC = "/api/v1/dwc/catalog"
DSP = "/api/v1/datasphere/consumption/catalog"


async def test_spaces_list_only_member_spaces(sim: Sim) -> None:
    everything = (await sim.api.get(f"{DWC}/spaces", headers=await sim.bearer())).json()
    assert everything["@odata.context"] == "http://sim/api/v1/dwc/catalog/$metadata#spaces"
    assert len(everything["value"]) == 7
    limited = (await sim.api.get(f"{DWC}/spaces", headers=await sim.bearer(SALES))).json()["value"]
    assert limited == [
        {"name": "SALES", "label": "Sales & Distribution"},
        {"name": "SHARED", "label": "Shared Dimensions"},
    ]


async def test_non_member_space_is_403_everywhere(sim: Sim) -> None:
    headers = await sim.bearer(SALES)
    paths = [f"{DWC}/spaces('FINANCE')", f"{DSP}/spaces('FINANCE')/assets",
             f"{DWC}/assets(spaceName='FINANCE',name='V_GL_ACCOUNT_DIM')",
             "/api/v1/dwc/consumption/relational/FINANCE/V_GL_ACCOUNT_DIM/$metadata"]  # fmt: skip
    for path in paths:
        response = await sim.api.get(path, headers={**headers, **XML})
        assert response.status_code == 403, path
        assert "'sb-mdsync-sales!t4711' is not a member" in response.json()["error"]["message"]
    for path in ["/dwaas-core/api/v1/spaces/FINANCE/views", "/api/v1/datasphere/spaces/FINANCE/connections"]:
        response = await sim.api.get(path, headers=headers)
        assert response.status_code == 403, path
        assert "not a member of this space" in response.json()["details"]["message"]
    nothing = await sim.api.get(f"{DWC}/assets", headers=await sim.bearer(NO_ACCESS))
    assert nothing.json()["value"] == []


async def test_assets_are_paged_by_the_server_with_next_links(make_sim: Callable[..., Sim]) -> None:
    sim = make_sim(config=SimConfig(rate_limit_per_minute=0, catalog_page_size=20))
    headers = await sim.bearer()
    url: str | None = f"{DWC}/assets?$count=true"
    names: list[str] = []
    pages = 0
    while url:
        body = (await sim.api.get(url, headers=headers)).json()
        assert len(body["value"]) <= 20
        names += [f"{a['spaceName']}/{a['name']}" for a in body["value"]]
        url, pages = body.get("@odata.nextLink"), pages + 1
    assert pages == 3
    assert len(names) == len(set(names)) == 55
    count = await sim.api.get(f"{DWC}/assets/$count", headers=headers)
    assert count.text == "55"


async def test_client_paging_within_the_cap_has_no_next_link(sim: Sim) -> None:
    body = (await sim.api.get(f"{DWC}/assets?$top=5&$skip=5", headers=await sim.bearer())).json()
    assert len(body["value"]) == 5
    assert "@odata.nextLink" not in body


async def test_filter_and_select(sim: Sim) -> None:
    headers = await sim.bearer()
    query = "$filter=spaceName eq 'SALES' and name eq 'AM_SALES_ANALYSIS'&$select=name,supportsAnalyticalQueries"
    body = (await sim.api.get(f"{DSP}/assets?{query}", headers=headers)).json()
    assert body["value"] == [{"name": "AM_SALES_ANALYSIS", "supportsAnalyticalQueries": True}]
    bad = await sim.api.get(f"{DSP}/assets?$filter=owner eq 'me'", headers=headers)
    assert bad.status_code == 400
    assert "unknown property 'owner'" in bad.json()["error"]["message"]


async def test_both_prefixes_serve_the_same_assets_with_mixed_urls(sim: Sim) -> None:
    headers = await sim.bearer()
    dwc = (await sim.api.get(f"{DWC}/spaces('SALES')/assets", headers=headers)).json()["value"]
    dsp = (await sim.api.get(f"{DSP}/spaces('SALES')/assets", headers=headers)).json()["value"]
    assert dwc == dsp
    by_name = {a["name"]: a for a in dwc}
    fact, model = by_name["V_SALES_ORDER_FACT"], by_name["AM_SALES_ANALYSIS"]
    assert (
        fact["assetRelationalMetadataUrl"]
        == "http://sim/api/v1/dwc/consumption/relational/SALES/V_SALES_ORDER_FACT/$metadata"
    )
    assert (
        fact["assetAnalyticalDataUrl"]
        == "http://sim/api/v1/datasphere/consumption/analytical/SALES/V_SALES_ORDER_FACT/"
    )
    assert (model["assetRelationalMetadataUrl"], model["assetRelationalDataUrl"]) == (None, None)
    assert by_name["V_OPEN_ORDERS_BY_KEYDATE"]["hasParameters"] is True
    assert "V_SALES_PIPELINE_SQL" not in by_name  # unexposed views are not in the catalog


async def test_url_style_can_follow_the_request_prefix(sim: Sim) -> None:
    await sim.api.patch("/_sim/config", json={"url_style": "request"})
    asset = (await sim.api.get(f"{DSP}/assets(spaceName='SALES',name='AM_SALES_ANALYSIS')",
                               headers=await sim.bearer())).json()  # fmt: skip
    assert asset["@odata.context"] == "http://sim/api/v1/datasphere/consumption/catalog/$metadata#assets/$entity"
    assert asset["assetAnalyticalMetadataUrl"].startswith("http://sim/api/v1/datasphere/consumption/analytical/")


async def test_followed_urls_give_service_documents_and_metadata(sim: Sim) -> None:
    headers = await sim.bearer()
    assets = (await sim.api.get(f"{DWC}/assets?$filter=name eq 'SAP.TIME.VIEW_DIMENSION_DAY'", headers=headers)).json()
    asset = assets["value"][0]
    service = (await sim.api.get(asset["assetRelationalDataUrl"], headers=headers)).json()
    assert service["@odata.metadataEtag"].startswith('W/"')
    assert service["value"] == [{"name": "SAP_TIME_VIEW_DIMENSION_DAY", "url": "SAP_TIME_VIEW_DIMENSION_DAY"}]
    metadata = await sim.api.get(asset["assetRelationalMetadataUrl"], headers={**headers, **XML})
    assert metadata.headers["content-type"].startswith("application/xml")
    assert '<PropertyRef Name="DATE_SQL"/>' in metadata.text
    rows = await sim.api.get(asset["assetRelationalDataUrl"] + "SAP_TIME_VIEW_DIMENSION_DAY", headers=headers)
    assert rows.json()["value"] == []


async def test_metadata_needs_an_xml_accept_header(sim: Sim) -> None:
    url = "/api/v1/dwc/consumption/relational/SALES/V_CUSTOMER_DIM/$metadata"
    headers = await sim.bearer()
    assert (await sim.api.get(url, headers={**headers, "Accept": "*/*"})).status_code == 406
    assert (await sim.api.get(url, headers={**headers, "Accept": "application/xml"})).status_code == 200
    catalog = await sim.api.get(f"{DWC}/$metadata", headers={**headers, **XML})
    assert '<EntityType Name="assets">' in catalog.text


async def test_consumption_errors(sim: Sim) -> None:
    headers = {**(await sim.bearer()), **XML}
    base = "/api/v1/datasphere/consumption"
    unexposed = await sim.api.get(f"{base}/relational/SALES/V_SALES_PIPELINE_SQL/$metadata", headers=headers)
    assert unexposed.status_code == 404
    wrong_service = await sim.api.get(f"{base}/relational/SALES/AM_SALES_ANALYSIS/$metadata", headers=headers)
    assert wrong_service.status_code == 404
    parameters = await sim.api.get(f"{base}/relational/SALES/V_OPEN_ORDERS_BY_KEYDATE/$metadata", headers=headers)
    assert parameters.status_code == 400
    analytical = await sim.api.get(f"{base}/analytical/SALES/AM_SALES_ANALYSIS/$metadata", headers=headers)
    assert 'Namespace="InaApplicationService"' in analytical.text


async def test_catalog_root_service_document(sim: Sim) -> None:
    body = (await sim.api.get(DWC, headers=await sim.bearer())).json()
    assert body["value"] == [{"name": "assets", "url": "assets"}, {"name": "spaces", "url": "spaces"}]
    assert body["@odata.metadataEtag"].startswith('W/"')


async def test_spaces_list_shape_can_be_a_bare_array(sim: Sim) -> None:
    await sim.api.patch("/_sim/config", json={"spaces_shape": "array"})
    headers = await sim.bearer(SALES)
    bare = (await sim.api.get(f"{DSP}/spaces", headers=headers)).json()
    assert bare[0] == {"name": "SALES", "label": "Sales & Distribution"}
    assert "value" in (await sim.api.get(f"{DWC}/spaces", headers=headers)).json()


async def test_connections_are_a_bare_array(sim: Sim) -> None:
    connections = (await sim.api.get("/api/v1/datasphere/spaces/SALES/connections", headers=await sim.bearer())).json()
    assert {c["typeId"] for c in connections} == {"SAPS4HANACLOUD", "S3", "MSSQL"}
    assert set(connections[0]) == {"name", "businessName", "typeId", "creation_date", "creator",
                                   "realtimeReplicationStatus"}  # fmt: skip
