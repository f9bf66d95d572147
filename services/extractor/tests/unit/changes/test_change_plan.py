"""Change detection: created/changed/republished/unchanged, deletions only after a good listing, mass-delete guard."""

from __future__ import annotations

import pytest

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetKind, Column, content_hash
from mdsync_extractor.core.changes import MassDeleteGuard, RunMode, SeenAsset, plan_changes


def asset(name: str, space: str = "SALES", label: str = "v1") -> AssetDefinition:
    column = Column(name="ID", position=0, cds_type="cds.String", length=10)
    return AssetDefinition(
        tenant="acme",
        space=space,
        technical_name=name,
        asset_id=f"acme/{space}/{name}",
        kind=AssetKind.VIEW,
        label=label,
        columns=(column,),
    )


def seen(*definitions: AssetDefinition) -> dict[str, SeenAsset]:
    return {
        d.asset_id: SeenAsset(asset_id=d.asset_id, space=d.space, kind=d.kind, content_hash=content_hash(d))
        for d in definitions
    }


def test_incremental_publishes_only_what_changed() -> None:
    before = seen(asset("A"), asset("B"))
    current = [asset("A"), asset("B", label="v2"), asset("C")]
    plan = plan_changes(before, current, {"SALES"}, RunMode.INCREMENTAL)
    assert [(u.definition.technical_name, u.change) for u in plan.upserts] == [
        ("B", AssetChange.CHANGED),
        ("C", AssetChange.CREATED),
    ]
    changed = plan.upserts[0]
    assert changed.previous_hash == before["acme/SALES/B"].content_hash
    assert changed.content_hash == content_hash(asset("B", label="v2"))
    assert plan.upserts[1].previous_hash is None
    assert plan.unchanged == ("acme/SALES/A",)
    assert (plan.deletions, plan.held) == ((), ())
    assert (plan.count(AssetChange.CREATED), plan.count(AssetChange.CHANGED)) == (1, 1)


def test_full_republishes_unchanged_assets_too() -> None:
    plan = plan_changes(seen(asset("A")), [asset("A"), asset("B")], {"SALES"}, RunMode.FULL)
    assert [(u.definition.technical_name, u.change) for u in plan.upserts] == [
        ("A", AssetChange.REPUBLISHED),
        ("B", AssetChange.CREATED),
    ]
    assert plan.upserts[0].previous_hash == plan.upserts[0].content_hash
    assert plan.unchanged == ()


@pytest.mark.parametrize("mode", list(RunMode))
def test_vanished_assets_are_deleted_after_a_good_listing(mode: RunMode) -> None:
    gone = asset("GONE")
    plan = plan_changes(seen(asset("A"), gone), [asset("A")], {"SALES"}, mode)
    (deletion,) = plan.deletions
    assert (deletion.asset_id, deletion.space, deletion.technical_name) == ("acme/SALES/GONE", "SALES", "GONE")
    assert (deletion.kind, deletion.last_hash) == (AssetKind.VIEW, content_hash(gone))


def test_a_failed_listing_never_infers_deletions() -> None:
    before = seen(asset("A"), asset("F1", "FINANCE"), asset("F2", "FINANCE"))
    plan = plan_changes(before, [asset("A")], {"SALES"}, RunMode.FULL)  # FINANCE's listing failed
    assert plan.deletions == ()
    assert plan.held == ()


def test_unreadable_assets_are_neither_upserted_nor_deleted() -> None:
    plan = plan_changes(
        seen(asset("A"), asset("BROKEN")),
        [asset("A")],
        {"SALES"},
        RunMode.INCREMENTAL,
        unreadable={"acme/SALES/BROKEN"},
    )
    assert (plan.upserts, plan.deletions, plan.unchanged) == ((), (), ("acme/SALES/A",))


def _space(count: int, space: str = "SALES") -> list[AssetDefinition]:
    return [asset(f"V{i:02d}", space) for i in range(count)]


def test_mass_delete_guard_holds_a_large_share_of_a_big_space() -> None:
    known = _space(11)
    plan = plan_changes(seen(*known), known[3:], {"SALES"}, RunMode.INCREMENTAL)  # 3 of 11 = 27 %
    assert plan.deletions == ()
    (held,) = plan.held
    assert (held.space, held.known, held.limit_share) == ("SALES", 11, 0.2)
    assert [d.technical_name for d in held.deletions] == ["V00", "V01", "V02"]
    assert held.share == pytest.approx(3 / 11)


def test_guard_allows_up_to_the_share() -> None:
    known = _space(15)
    plan = plan_changes(seen(*known), known[3:], {"SALES"}, RunMode.INCREMENTAL)  # 3 of 15 = 20 %, not more
    assert len(plan.deletions) == 3
    assert plan.held == ()


def test_guard_ignores_small_spaces() -> None:
    known = _space(10)
    plan = plan_changes(seen(*known), [], {"SALES"}, RunMode.INCREMENTAL)  # all 10 gone, but only 10 known
    assert len(plan.deletions) == 10
    assert plan.held == ()


def test_guard_is_per_space_and_configurable() -> None:
    sales, finance = _space(20), _space(20, "FINANCE")
    plan = plan_changes(
        seen(*sales, *finance),
        [*sales[1:], *finance[5:]],
        {"SALES", "FINANCE"},
        RunMode.INCREMENTAL,
        guard=MassDeleteGuard(max_share=0.1, min_known=5),
    )
    assert [d.asset_id for d in plan.deletions] == ["acme/SALES/V00"]  # 5 %
    assert [(h.space, len(h.deletions)) for h in plan.held] == [("FINANCE", 5)]  # 25 %


def test_seen_asset_name_defaults_from_its_id() -> None:
    entry = SeenAsset(asset_id="acme/SALES/SAP.TIME/DAY", space="SALES", kind=AssetKind.VIEW, content_hash="x")
    assert entry.name == "SAP.TIME/DAY"
