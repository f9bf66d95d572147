"""Reverse-index entries that let a later table (or flow, or source) find what changes its mapping."""

from __future__ import annotations

from mdsync_contracts.assets import AssetDefinition
from mdsync_mapper.placing import COPIES, DEPENDENTS, FLOWS, LOADS, index_entries


def _by_name(definitions: list[AssetDefinition]) -> dict[str, AssetDefinition]:
    return {d.technical_name: d for d in definitions}


def test_flows_index_the_objects_they_touch_and_the_outside_sources_they_load_or_copy(
    small_tenant: list[AssetDefinition],
) -> None:
    assets = _by_name(small_tenant)
    source = "S4H_PROD|CDS_EXTRACTION|I_SALESDOCUMENTITEM"

    assert index_entries(assets["RF_S4_INBOUND"]) == {
        (FLOWS, "acme/SALES/SALES_ITEMS", "acme/SALES/RF_S4_INBOUND"),
        (LOADS, source, "acme/SALES/SALES_ITEMS"),
    }
    assert index_entries(assets["RF_S4_TO_S3"]) == {(COPIES, source, "acme/SALES/RF_S4_TO_S3")}
    assert index_entries(assets["RF_ORDERS_TO_S3"]) == {
        (FLOWS, "acme/SALES/SALES_ORDERS", "acme/SALES/RF_ORDERS_TO_S3")
    }


def test_untyped_columns_index_their_candidate_sources(small_tenant: list[AssetDefinition]) -> None:
    model = _by_name(small_tenant)["SALES_AM"]

    assert index_entries(model) == {
        (DEPENDENTS, "acme/SALES/SALES_ORDERS", "acme/SALES/SALES_AM"),
        (DEPENDENTS, "acme/SALES/SALES_ORDERS_V", "acme/SALES/SALES_AM"),
    }
    assert index_entries(_by_name(small_tenant)["DF_LOAD"]) == set()
