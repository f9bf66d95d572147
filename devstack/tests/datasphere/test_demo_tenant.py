"""The committed demo tenant: what the brief asks of it, and that it matches the script that writes it."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

from mdsync_devstack.datasphere.catalog import CatalogIndex
from mdsync_devstack.datasphere.consumption import RenderError, Service, render_metadata
from mdsync_devstack.datasphere.csn import CsnDocument
from mdsync_devstack.datasphere.demo.__main__ import write
from mdsync_devstack.datasphere.edm import KNOWN_CDS_TYPES
from mdsync_devstack.datasphere.fixtures import ObjectType
from mdsync_devstack.datasphere.settings import DEMO_TENANT
from mdsync_devstack.datasphere.store import load_tenant


def test_committed_fixtures_are_what_the_demo_script_writes(tmp_path: Path) -> None:
    write(tmp_path)
    comparison = filecmp.dircmp(DEMO_TENANT, tmp_path)
    differences: list[str] = []

    def collect(node: filecmp.dircmp[str], prefix: str) -> None:
        differences.extend(f"{prefix}{name}" for name in node.left_only + node.right_only + node.diff_files)
        for name, child in node.subdirs.items():
            collect(child, f"{prefix}{name}/")

    collect(comparison, "")
    assert differences == [], "run `uv run python -m mdsync_devstack.datasphere.demo` and commit the result"


def test_demo_tenant_is_large_varied_and_clean() -> None:
    store = load_tenant(DEMO_TENANT)
    assert store.load_problems == []
    assert [obj.name for obj in store.objects.values() if obj.problems] == []
    assert len(store.tenant.spaces) >= 5
    assert len(store.objects) >= 150
    assert set(Counter(obj.type for obj in store.objects.values())) == set(ObjectType)
    clients = {c.client_id: c.spaces for c in store.tenant.clients}
    assert ("*",) in clients.values()
    assert ("SALES", "SHARED") in clients.values()


def test_demo_tenant_uses_every_known_cds_type() -> None:
    store = load_tenant(DEMO_TENANT)
    used = {
        element.type
        for obj in store.objects.values()
        if isinstance(obj.document, CsnDocument)
        for element in obj.document.definition.elements.values()
    }
    assert used >= KNOWN_CDS_TYPES


def test_every_exposed_asset_renders_its_metadata() -> None:
    store = load_tenant(DEMO_TENANT)
    shapes: Counter[tuple[bool, bool, bool]] = Counter()
    refused: list[str] = []
    for asset in CatalogIndex(store).assets():
        shapes[(asset.relational, asset.analytical, asset.has_parameters)] += 1
        offered = [s for s in Service if (asset.relational if s == Service.RELATIONAL else asset.analytical)]
        for service in offered:
            try:
                assert "<EntityType" in render_metadata(store, asset, service)
            except RenderError as error:
                refused.append(f"{asset.name}:{error.status}:{asset.has_parameters}")
    assert sorted(refused) == sorted(f"{a.name}:400:True" for a in CatalogIndex(store).assets() if a.has_parameters)
    assert set(shapes) == {(True, False, False), (False, True, False), (True, True, False), (True, False, True),
                           (False, True, True)}  # fmt: skip


def test_demo_has_unexposed_views_cross_space_references_and_remote_origins() -> None:
    store = load_tenant(DEMO_TENANT)
    views = store.list("SALES", ObjectType.VIEWS)
    assert any(CatalogIndex(store).find("SALES", v.name) is None for v in views)
    recon = store.get("FINANCE", ObjectType.VIEWS, "V_REVENUE_RECONCILIATION")
    assert recon is not None
    assert b'"SALES.V_BILLING_DOCUMENTS"' in recon.body
    remote = store.get("SALES", ObjectType.REMOTE_TABLES, "RT_S4_VBAK")
    assert remote is not None
    assert isinstance(remote.document, CsnDocument)
    assert remote.document.definition.annotation("@DataWarehouse.remote.entity") == '"SAPHANADB"."VBAK"'
