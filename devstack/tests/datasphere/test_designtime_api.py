"""Design-time REST: space and object lists, object reads by Accept, and writes that change the tenant."""

from __future__ import annotations

import json

from .conftest import SALES, XML, Sim, exposed_view

SPACES = "/dwaas-core/api/v1/spaces"
CONTENT = "application/vnd.sap.datasphere.object.content+json"


async def test_space_names_are_a_bare_array_of_member_spaces(sim: Sim) -> None:
    assert (await sim.api.get(SPACES, headers=await sim.bearer(SALES))).json() == ["SALES", "SHARED"]


async def test_lists_honour_top_skip_select_filter(sim: Sim) -> None:
    headers = await sim.bearer()
    everything = (await sim.api.get(f"{SPACES}/SALES/localtables?top=100", headers=headers)).json()
    names = [entry["technicalName"] for entry in everything]
    assert names == sorted(names)
    assert len(names) == 15
    assert everything[0] == {"technicalName": names[0]}  # technicalName only unless selected
    page = (await sim.api.get(f"{SPACES}/SALES/localtables?top=5&skip=10&select=technicalName,status",
                              headers=headers)).json()  # fmt: skip
    assert page == [{"technicalName": name, "status": "Deployed"} for name in names[10:15]]
    deployed = await sim.api.get(f"{SPACES}/SALES/taskchains?filter=status eq Deployed", headers=headers)
    assert deployed.json() == [{"technicalName": "TC_SALES_NIGHTLY"}]
    assert (await sim.api.get(f"{SPACES}/SALES/ermodels", headers=headers)).json() == []
    assert (await sim.api.get(f"{SPACES}/SALES/spreadsheets", headers=headers)).status_code == 404


async def test_default_page_is_25_and_a_cap_can_be_configured(sim: Sim) -> None:
    headers = await sim.bearer()
    for number in range(30):
        name = f"V_BULK_{number:02d}"
        await sim.api.post(f"{SPACES}/HR/views", headers=headers, json=exposed_view(name))
    first = (await sim.api.get(f"{SPACES}/HR/views", headers=headers)).json()
    assert len(first) == 25
    rest = (await sim.api.get(f"{SPACES}/HR/views?skip=25", headers=headers)).json()
    assert len(rest) == 30 + 7 - 25
    await sim.api.patch("/_sim/config", json={"designtime_max_top": 3})
    assert len((await sim.api.get(f"{SPACES}/HR/views?top=100", headers=headers)).json()) == 3


async def test_object_read_returns_the_stored_body_per_accept(sim: Sim) -> None:
    headers = await sim.bearer()
    path = f"{SPACES}/SALES/analyticmodels/AM_SALES_ANALYSIS"
    response = await sim.api.get(path, headers={**headers, "Accept": CONTENT})
    assert response.headers["content-type"].startswith(CONTENT)
    body = response.json()
    assert set(body) == {"definitions", "businessLayerDefinitions"}
    assert (await sim.api.get(path, headers={**headers, **XML})).status_code == 406
    wrong_type = await sim.api.get(f"{SPACES}/SALES/views/AM_SALES_ANALYSIS", headers=headers)
    assert wrong_type.status_code == 404
    assert "not found" in wrong_type.json()["details"]["message"]
    flow = (await sim.api.get(f"{SPACES}/SALES/replicationflows/RF_S4_SALES_TO_S3", headers=headers)).json()
    assert flow["replicationflows"]["RF_S4_SALES_TO_S3"]["contents"]["targetSystem"][0]["connectionType"] == "S3"


async def test_create_update_delete_change_catalog_lists_and_etags(sim: Sim) -> None:
    headers = await sim.bearer()
    body = exposed_view("V_NEW", label="New view")
    created = await sim.api.post(f"{SPACES}/SALES/views", headers=headers, json=body)
    assert created.status_code == 201
    assert (await sim.api.post(f"{SPACES}/SALES/views/V_NEW", headers=headers, json=body)).status_code == 409
    asset = "/api/v1/dwc/catalog/assets(spaceName='SALES',name='V_NEW')"
    assert (await sim.api.get(asset, headers=headers)).json()["label"] == "New view"
    service = "/api/v1/dwc/consumption/relational/SALES/V_NEW/"
    etag_before = (await sim.api.get(service, headers=headers)).json()["@odata.metadataEtag"]
    changed = exposed_view("V_NEW", label="New view", EXTRA={"type": "cds.Integer"})
    assert (await sim.api.put(f"{SPACES}/SALES/views/V_NEW", headers=headers, json=changed)).status_code == 200
    etag_after = (await sim.api.get(service, headers=headers)).json()["@odata.metadataEtag"]
    assert etag_after != etag_before
    assert (await sim.api.delete(f"{SPACES}/SALES/views/V_NEW", headers=headers)).status_code == 204
    assert (await sim.api.get(asset, headers=headers)).status_code == 404
    names = [v["technicalName"] for v in (await sim.api.get(f"{SPACES}/SALES/views", headers=headers)).json()]
    assert "V_NEW" not in names


async def test_unchanged_objects_keep_their_etag_across_other_writes(sim: Sim) -> None:
    headers = await sim.bearer()
    service = "/api/v1/dwc/consumption/relational/SALES/V_CUSTOMER_DIM/"
    before = (await sim.api.get(service, headers=headers)).json()["@odata.metadataEtag"]
    await sim.api.post(f"{SPACES}/SALES/views", headers=headers, json=exposed_view("V_OTHER"))
    assert (await sim.api.get(service, headers=headers)).json()["@odata.metadataEtag"] == before


async def test_malformed_object_written_at_run_time_is_served_as_is(sim: Sim) -> None:
    headers = await sim.bearer()
    broken = exposed_view("V_SALES_ORDER_STATUS", ID={"type": ["not", "a", "string"]})
    path = f"{SPACES}/SALES/views/V_SALES_ORDER_STATUS"
    assert (await sim.api.put(path, headers=headers, json=broken)).status_code == 200
    assert (await sim.api.get(path, headers=headers)).json() == json.loads(json.dumps(broken))
    problems = (await sim.api.get("/_sim/problems")).json()
    assert "SALES/views/V_SALES_ORDER_STATUS" in problems


async def test_writes_need_membership_and_a_json_object(sim: Sim) -> None:
    sales = await sim.bearer(SALES)
    forbidden = await sim.api.put(f"{SPACES}/HR/views/V_X", headers=sales, json=exposed_view("V_X"))
    assert forbidden.status_code == 403
    headers = await sim.bearer()
    missing = await sim.api.put(f"{SPACES}/SALES/views/V_MISSING", headers=headers, json=exposed_view("V_MISSING"))
    assert missing.status_code == 404
    not_json = await sim.api.post(f"{SPACES}/SALES/views/V_Y", headers=headers, content=b"<xml/>")
    assert not_json.status_code == 400
    ambiguous = await sim.api.post(f"{SPACES}/SALES/views", headers=headers, json={"definitions": {}})
    assert ambiguous.status_code == 400
