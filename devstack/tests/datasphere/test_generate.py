"""The synthetic tenant generator: counts, mix, determinism, and that the simulator serves what it writes."""

from __future__ import annotations

from pathlib import Path

from mdsync_devstack.datasphere.catalog import CatalogIndex
from mdsync_devstack.datasphere.consumption import Service, render_metadata
from mdsync_devstack.datasphere.generate import generate
from mdsync_devstack.datasphere.store import load_tenant


def test_generates_the_requested_number_of_clean_objects(tmp_path: Path) -> None:
    counts = generate(tmp_path, assets=45, spaces=2, seed=1)
    assert sum(counts.values()) == 45
    store = load_tenant(tmp_path)
    assert len(store.objects) == 45
    assert [obj.name for obj in store.objects.values() if obj.problems] == []
    assets = CatalogIndex(store).assets()
    assert 10 <= len(assets) <= 16
    for asset in assets:
        service = Service.RELATIONAL if asset.relational else Service.ANALYTICAL
        assert "<EntityType" in render_metadata(store, asset, service)


def test_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", assets=25, spaces=1, seed=3)
    generate(tmp_path / "b", assets=25, spaces=1, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.json"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.json"))
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
