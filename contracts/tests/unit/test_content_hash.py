"""The content hash changes exactly when the definition does, and stays stable across releases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mdsync_contracts.assets import AssetDefinition, content_hash

BASE: dict[str, Any] = {
    "tenant": "acme",
    "space": "SALES",
    "technical_name": "V_ORDERS",
    "kind": "view",
    "label": "Orders",
    "columns": [
        {"name": "ID", "position": 0, "cds_type": "cds.String", "length": 10, "key": True},
        {"name": "NET", "position": 1, "cds_type": "cds.Decimal", "precision": 15, "scale": 2},
    ],
    "dependencies": [
        {"source": {"space": "SALES", "technical_name": "ORDERS"}, "kind": "from"},
        {"source": {"space": "SALES", "technical_name": "CUSTOMERS"}, "kind": "join"},
    ],
}
# Pinned: if this changes, every asset of every tenant is republished as "changed" on the next run.
GOLDEN = "37642c8dd759f22add549d508044a9e71eec991a0be0b3a5e57b37dc54e9389b"


def _definition(**changes: Any) -> AssetDefinition:
    return AssetDefinition.model_validate({**BASE, **changes})


def test_hash_is_pinned() -> None:
    assert content_hash(_definition()) == GOLDEN


def test_volatile_fields_do_not_change_the_hash() -> None:
    later = _definition(extracted_at=datetime(2026, 11, 27, tzinfo=UTC), source_etag='W/"b2"')

    assert content_hash(later) == content_hash(_definition())


def test_dependency_order_and_duplicates_do_not_change_the_hash() -> None:
    shuffled = [*reversed(BASE["dependencies"]), BASE["dependencies"][0]]

    assert content_hash(_definition(dependencies=shuffled)) == content_hash(_definition())


def test_explicit_defaults_hash_like_omitted_ones() -> None:
    assert content_hash(_definition(exposed=False, annotations={}, remote=None)) == content_hash(_definition())


@pytest.mark.parametrize(
    "change",
    [
        {"label": "Sales Orders"},
        {"columns": [{**BASE["columns"][0], "length": 12}, BASE["columns"][1]]},
        {"columns": list(reversed(BASE["columns"]))},
        {"dependencies": BASE["dependencies"][:1]},
        {"exposed": True},
    ],
    ids=["label", "length", "column order", "dependency", "exposure"],
)
def test_a_real_change_changes_the_hash(change: dict[str, Any]) -> None:
    assert content_hash(_definition(**change)) != content_hash(_definition())


def test_asset_id_is_derived_from_tenant_space_and_name() -> None:
    assert _definition().asset_id == "acme/SALES/V_ORDERS"
