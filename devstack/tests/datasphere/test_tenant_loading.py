"""Loading tenant fixtures: typed parse, malformed files kept and served, catalog exposure rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdsync_devstack.datasphere.catalog import CatalogIndex
from mdsync_devstack.datasphere.csn import CsnDocument
from mdsync_devstack.datasphere.fixtures import ObjectType
from mdsync_devstack.datasphere.store import FixtureError, load_tenant

from .conftest import exposed_view, write_tenant


def test_malformed_files_do_not_stop_the_rest(tmp_path: Path) -> None:
    write_tenant(tmp_path, {
        "SALES/views/GOOD": exposed_view("GOOD"),
        "SALES/views/BROKEN": "{not json",
        "SALES/views/WRONG_NAME": exposed_view("OTHER"),
        "SALES/views/BAD_ELEMENT": exposed_view("BAD_ELEMENT", AMOUNT={"type": 42}, ODD={"type": "cds.Nonsense"}),
    })  # fmt: skip
    store = load_tenant(tmp_path)
    assert len(store.objects) == 4
    broken = store.get("SALES", ObjectType.VIEWS, "BROKEN")
    assert broken is not None
    assert broken.document is None
    assert broken.body == b"{not json"
    assert broken.problems[0].startswith("invalid JSON")
    wrong = store.get("SALES", ObjectType.VIEWS, "WRONG_NAME")
    assert wrong is not None
    assert wrong.problems == ("definitions has no object entry named 'WRONG_NAME'",)
    partial = store.get("SALES", ObjectType.VIEWS, "BAD_ELEMENT")
    assert partial is not None
    assert isinstance(partial.document, CsnDocument)
    assert set(partial.document.definition.elements) == {"ID", "ODD"}  # the element that parsed is kept
    assert any("'AMOUNT'" in p for p in partial.problems)
    assert any("unknown CDS type 'cds.Nonsense'" in p for p in partial.problems)


def test_catalog_exposes_flagged_views_and_every_analytic_model(tmp_path: Path) -> None:
    write_tenant(tmp_path, {
        "SALES/views/EXPOSED": exposed_view("EXPOSED"),
        "SALES/views/HIDDEN": exposed_view("HIDDEN", exposed=False),
        "SALES/localtables/TABLE": exposed_view("TABLE"),
        "SALES/analyticmodels/AM_BROKEN": "{",
    })  # fmt: skip
    assets = CatalogIndex(load_tenant(tmp_path)).assets()
    assert [(a.name, a.relational, a.analytical) for a in assets] == [
        ("AM_BROKEN", False, True),  # analytic models are always listed, even when their body does not parse
        ("EXPOSED", True, False),
    ]


def test_views_with_parameters_are_flagged(tmp_path: Path) -> None:
    body = exposed_view("PARAM")
    body["definitions"]["PARAM"]["params"] = {"P_DATE": {"type": "cds.Date"}}
    write_tenant(tmp_path, {"SALES/views/PARAM": body})
    (asset,) = CatalogIndex(load_tenant(tmp_path)).assets()
    assert asset.has_parameters


def test_missing_or_invalid_tenant_file_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(FixtureError, match=r"tenant\.json"):
        load_tenant(tmp_path)
    (tmp_path / "tenant.json").write_text('{"name": "x", "spaces": [], "clients": []}')
    with pytest.raises(FixtureError, match="clients"):
        load_tenant(tmp_path)


def test_directories_of_unknown_spaces_are_reported(tmp_path: Path) -> None:
    write_tenant(tmp_path, {"SALES/views/V": exposed_view("V")})
    (tmp_path / "spaces" / "GHOST" / "views").mkdir(parents=True)
    store = load_tenant(tmp_path)
    assert store.load_problems == ["spaces/GHOST: not a space in tenant.json, ignored"]


def test_cross_space_references_resolve_to_the_other_space_first(tmp_path: Path) -> None:
    write_tenant(tmp_path, {
        "SALES/views/SHARED.V_DIM": exposed_view("SHARED.V_DIM"),
        "SHARED/views/V_DIM": exposed_view("V_DIM"),
    })  # fmt: skip
    store = load_tenant(tmp_path)
    other = store.resolve("SALES", "SHARED.V_DIM")
    assert other is not None
    assert other.space == "SHARED"
    local = store.resolve("SALES", "V_MISSING")
    assert local is None
