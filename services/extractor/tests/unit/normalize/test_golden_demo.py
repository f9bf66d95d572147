"""Golden files: every object of the demo tenant, normalized (analytic-model types resolved), and its hash.

Regenerate after an intended change with `MDSYNC_UPDATE_GOLDEN=1 uv run pytest <this file>` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mdsync_contracts.assets import AssetDefinition, content_hash
from mdsync_devstack.datasphere.settings import DEMO_TENANT
from mdsync_extractor.core.normalize import normalize, resolve_analytic_columns
from mdsync_extractor.datasphere import ObjectType

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "demo"
UPDATE = os.environ.get("MDSYNC_UPDATE_GOLDEN") == "1"


def _demo_definitions() -> dict[str, AssetDefinition]:
    tenant = json.loads((DEMO_TENANT / "tenant.json").read_text())
    spaces = {space["name"] for space in tenant["spaces"]}
    found: dict[str, AssetDefinition] = {}
    for file in sorted(DEMO_TENANT.glob("spaces/*/*/*.json")):
        space, object_type = file.parts[-3], ObjectType(file.parts[-2])
        body = json.loads(file.read_text())
        definition = normalize(tenant["name"], space, object_type, body, known_spaces=spaces, name=file.stem)
        found[f"{space}/{object_type.value}/{file.stem}"] = definition
    by_id = resolve_analytic_columns({d.asset_id: d for d in found.values()})
    return {path: by_id[definition.asset_id] for path, definition in found.items()}


DEFINITIONS = _demo_definitions()


def _render(definition: AssetDefinition) -> str:
    return json.dumps(definition.model_dump(mode="json", exclude_defaults=True), indent=2, ensure_ascii=False) + "\n"


def _hashes() -> str:
    hashes = {d.asset_id: content_hash(d) for d in sorted(DEFINITIONS.values(), key=lambda d: d.asset_id)}
    return json.dumps(hashes, indent=2) + "\n"


def _check(path: Path, rendered: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered)
    assert path.exists(), f"{path} missing; run with MDSYNC_UPDATE_GOLDEN=1 and review it"
    assert rendered == path.read_text(), f"{path} differs; if intended, regenerate with MDSYNC_UPDATE_GOLDEN=1"


def test_the_demo_tenant_is_covered() -> None:
    kinds = {definition.kind for definition in DEFINITIONS.values()}
    assert len(DEFINITIONS) >= 150
    assert {kind.value for kind in kinds} == {object_type.kind.value for object_type in ObjectType}


@pytest.mark.parametrize("path", sorted(DEFINITIONS))
def test_normalized_definition_matches_golden(path: str) -> None:
    _check(GOLDEN / f"{path}.json", _render(DEFINITIONS[path]))


def test_content_hashes_match_golden() -> None:
    _check(GOLDEN / "hashes.json", _hashes())


def test_no_stale_golden_files() -> None:
    expected = {GOLDEN / f"{path}.json" for path in DEFINITIONS} | {GOLDEN / "hashes.json"}
    stale = sorted(str(p.relative_to(GOLDEN)) for p in set(GOLDEN.rglob("*.json")) - expected)
    if UPDATE:
        for name in stale:
            (GOLDEN / name).unlink()
        stale = []
    assert not stale, f"golden files for objects the demo tenant no longer has: {stale}"


def test_analytic_model_columns_are_typed_from_their_sources() -> None:
    models = [d for d in DEFINITIONS.values() if d.kind.value == "analytic_model"]
    assert models
    assert all(column.cds_type is not None for model in models for column in model.columns)
