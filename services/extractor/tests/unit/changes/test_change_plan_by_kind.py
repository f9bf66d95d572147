"""Change detection after a listing of some kinds only: complete for those kinds, silent about every other kind."""

from __future__ import annotations

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetKind, Column, content_hash
from mdsync_extractor.core.changes import MassDeleteGuard, RunMode, SeenAsset, plan_changes


def asset(name: str, kind: AssetKind, label: str = "v1") -> AssetDefinition:
    column = Column(name="ID", position=0, cds_type="cds.String", length=10)
    return AssetDefinition(
        tenant="acme",
        space="SALES",
        technical_name=name,
        asset_id=f"acme/SALES/{name}",
        kind=kind,
        label=label,
        columns=(column,),
    )


def seen(*definitions: AssetDefinition) -> dict[str, SeenAsset]:
    return {
        d.asset_id: SeenAsset(asset_id=d.asset_id, space=d.space, kind=d.kind, content_hash=content_hash(d))
        for d in definitions
    }


VIEW, TABLE, FLOW = AssetKind.VIEW, AssetKind.LOCAL_TABLE, AssetKind.DATA_FLOW


def test_a_views_listing_never_deletes_tables_or_flows_it_did_not_list() -> None:
    before = seen(asset("V1", VIEW), asset("V_GONE", VIEW), asset("T1", TABLE), asset("F1", FLOW))

    plan = plan_changes(before, [asset("V1", VIEW)], {"SALES"}, RunMode.FULL, listed_kinds={VIEW})

    assert [d.asset_id for d in plan.deletions] == ["acme/SALES/V_GONE"]
    assert plan.held == ()
    assert [u.definition.asset_id for u in plan.upserts] == ["acme/SALES/V1"]


def test_the_same_listing_read_as_every_kind_would_delete_them() -> None:
    before = seen(asset("V1", VIEW), asset("T1", TABLE), asset("F1", FLOW))

    plan = plan_changes(before, [asset("V1", VIEW)], {"SALES"}, RunMode.INCREMENTAL)

    assert sorted(d.asset_id for d in plan.deletions) == ["acme/SALES/F1", "acme/SALES/T1"]


def test_changes_of_the_listed_kinds_are_found_as_before() -> None:
    before = seen(asset("V1", VIEW), asset("V2", VIEW), asset("T1", TABLE))
    current = [asset("V1", VIEW), asset("V2", VIEW, label="v2"), asset("V3", VIEW)]

    plan = plan_changes(before, current, {"SALES"}, RunMode.INCREMENTAL, listed_kinds={VIEW})

    assert [(u.definition.technical_name, u.change) for u in plan.upserts] == [
        ("V2", AssetChange.CHANGED),
        ("V3", AssetChange.CREATED),
    ]
    assert plan.unchanged == ("acme/SALES/V1",)
    assert plan.deletions == ()


def test_the_mass_delete_guard_weighs_the_listed_kinds_only() -> None:
    tables = [asset(f"T{i}", TABLE) for i in range(20)]
    before = seen(asset("V1", VIEW), asset("V2", VIEW), asset("V3", VIEW), *tables)
    guard = MassDeleteGuard(max_share=0.5, min_known=2)

    plan = plan_changes(before, [asset("V1", VIEW)], {"SALES"}, RunMode.FULL, guard=guard, listed_kinds={VIEW})

    # 2 of 3 views gone is more than half of the views, though only 2 of the space's 23 assets
    (held,) = plan.held
    assert (held.known, len(held.deletions)) == (3, 2)
    assert plan.deletions == ()


def test_no_kind_listed_deletes_nothing() -> None:
    plan = plan_changes(seen(asset("V1", VIEW)), [], {"SALES"}, RunMode.FULL, listed_kinds=())

    assert (plan.deletions, plan.held) == ((), ())
