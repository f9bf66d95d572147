"""A job scoped to some kinds lists only their design-time types, publishes their changes only and never deletes
an object of another kind; an analytic model synced alone keeps the column types its sources give it."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.assets import AssetChange, AssetDeleted, AssetUpserted

pytestmark = pytest.mark.integration


def by_type(messages: list[Any], kind: type) -> list[Any]:
    return [message for message in messages if isinstance(message, kind)]


async def design_time_paths(stack: Any) -> set[str]:
    """Design-time paths the simulator served (GET) since its stats were cleared."""
    stats = (await stack.sim.http.get(f"{stack.sim.url}/_sim/stats", params={"paths": "true"})).json()
    paths = (request.removeprefix("GET ") for request in stats["by_path"])
    return {path for path in paths if path.startswith("/dwaas-core/api/v1/spaces/")}


def analytic_model(name: str, source: str) -> dict[str, Any]:
    """An analytic model measuring AMOUNT of ``source`` (a view); its elements carry no types."""
    return {
        "definitions": {
            name: {
                "kind": "entity",
                "@ObjectModel.modelingPattern": {"#": "ANALYTICAL_CUBE"},
                "elements": {
                    "AMOUNT": {"@EndUserText.label": "Amount", "@AnalyticsDetails.measureType": {"#": "BASE"}}
                },
                "query": {"SELECT": {"from": {"ref": [source], "as": "FACT"}}},
            }
        },
        "businessLayerDefinitions": {
            name: {
                "text": name,
                "sourceModel": {"factSources": {"FACT": {"text": source, "dataEntity": {"key": source}}}},
                "measures": {"AMOUNT": {"measureMapping": {"FACT": {"key": "AMOUNT"}}}},
            }
        },
    }


async def test_a_views_only_job_lists_views_and_leaves_every_other_kind_alone(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    full = await stack.run(mode="full")
    assert full["status"] == "succeeded", full
    exposed, internal, by_region = tenant.sales_views
    changed = {**(await stack.sim.read("SALES", "views", internal))}
    changed["definitions"][internal]["@EndUserText.label"] = "Orders, relabelled"
    await stack.sim.write("PUT", "SALES", "views", internal, changed)
    await stack.sim.write("DELETE", "SALES", "views", by_region)
    await stack.sim.write("DELETE", "SALES", "localtables", "SAL_TABLE_05")  # gone, but not a view
    await stack.sim.write("PUT", "SALES", "localtables", "SAL_TABLE_01", tenant.table("SAL_TABLE_01", "Relabelled"))
    await stack.sim.http.delete(f"{stack.sim.url}/_sim/stats")

    views = await stack.run(mode="incremental", scope={"spaces": ["SALES"], "kinds": ["view"]})

    assert views["status"] == "succeeded", views
    assert {name: n for name, n in views["counts"].items() if n} == {"updated": 1, "deprecated": 1, "unchanged": 1}
    changes = await stack.asset_changes(views["job_id"])
    assert sorted((type(m).__name__, str(m.asset_id)) for m in changes) == [
        ("AssetDeleted", f"demo/SALES/{by_region}"),
        ("AssetUpserted", f"demo/SALES/{internal}"),
    ]
    assert [m.change for m in by_type(changes, AssetUpserted)] == [AssetChange.CHANGED]
    assert await design_time_paths(stack) == {
        "/dwaas-core/api/v1/spaces/SALES/views",
        f"/dwaas-core/api/v1/spaces/SALES/views/{exposed}",
        f"/dwaas-core/api/v1/spaces/SALES/views/{internal}",
    }
    [poll] = (await stack.extractor.state.jobs.get(views["job_id"])).polls
    assert (poll.space, poll.kinds, poll.assets_by_kind, poll.changes_by_kind) == (
        "SALES",
        ("view",),
        {"view": 2},
        {"view": 2},
    )

    # the tables were left alone: a job of every kind still finds the table change and the deletion
    everything = await stack.run(mode="incremental", scope={"spaces": ["SALES"]})
    later = await stack.asset_changes(everything["job_id"])
    assert sorted((type(m).__name__, str(m.asset_id)) for m in later) == [
        ("AssetDeleted", "demo/SALES/SAL_TABLE_05"),
        ("AssetUpserted", "demo/SALES/SAL_TABLE_01"),
    ]
    assert by_type(later, AssetDeleted)[0].kind.value == "local_table"


async def test_an_analytic_model_synced_alone_keeps_its_source_types(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    exposed = tenant.sales_views[0]
    await stack.sim.write("POST", "SALES", "analyticmodels", "AM_ORDERS", analytic_model("AM_ORDERS", exposed))
    full = await stack.run(mode="full", scope={"spaces": ["SALES"]})
    assert full["status"] == "succeeded", full
    [typed] = [m for m in await stack.asset_changes(full["job_id"]) if str(m.asset_id) == "demo/SALES/AM_ORDERS"]
    assert [(c.name, c.cds_type) for c in typed.definition.columns] == [("AMOUNT", "cds.Decimal")]

    alone = await stack.run(mode="incremental", scope={"spaces": ["SALES"], "kinds": ["analytic_model"]})

    assert alone["status"] == "succeeded", alone
    assert {name: n for name, n in alone["counts"].items() if n} == {"unchanged": 1}
    assert await stack.asset_changes(alone["job_id"]) == []
