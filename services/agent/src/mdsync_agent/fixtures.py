"""A catalog built straight from a devstack tenant folder (CSN files), for the eval when no stack is running.

The sync state (jobs, outcomes, change times, lossy columns) a tenant folder does not hold comes from an
overlay file committed next to the question set.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import Field

from mdsync_agent.core.models import AssetRecord, Catalog, ColumnRecord, Frozen, JobRecord

KINDS = {
    "localtables": "local_table",
    "remotetables": "remote_table",
    "views": "view",
    "analyticmodels": "analytic_model",
    "dataflows": "data_flow",
    "replicationflows": "replication_flow",
    "transformationflows": "transformation_flow",
    "taskchains": "task_chain",
}
LABEL = "@EndUserText.label"


class AssetState(Frozen):
    """Sync state of one asset in the overlay."""

    last_outcome: str | None = None
    outcome_reason: str | None = None
    last_job: str | None = None
    changed_at: datetime | None = None
    synced_at: datetime | None = None
    in_sync: bool = False
    lossy_columns: tuple[str, ...] = ()
    label: str | None = None
    description: str | None = None


class Overlay(Frozen):
    """Sync state keyed by asset id, and jobs."""

    assets: dict[str, AssetState] = Field(default_factory=dict)
    jobs: tuple[JobRecord, ...] = ()


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "ref" and isinstance(value, list) and value and isinstance(value[0], str):
                yield value[0]
            elif key in ("target", "dwcEntity") and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _objects(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    document = json.loads(path.read_text())
    for group in document.values():
        if isinstance(group, dict):
            for name, body in group.items():
                if isinstance(body, dict) and name == path.stem:
                    yield name, body


def _record(tenant: str, space: str, folder: str, name: str, body: dict[str, Any]) -> AssetRecord:
    elements = body.get("elements", {})
    columns = tuple(
        ColumnRecord(name=col, label=spec.get(LABEL), type=spec.get("type"))
        for col, spec in elements.items()
        if isinstance(spec, dict) and spec.get("type") != "cds.Association"
    )
    kind = KINDS.get(folder, folder)
    glue = f"{tenant}_{space}.{name}".lower() if kind in ("local_table", "view", "remote_table") else None
    return AssetRecord(
        asset_id=f"{tenant}/{space}/{name}",
        space=space,
        technical_name=name,
        kind=kind,
        label=body.get(LABEL),
        columns=columns,
        glue_table=glue,
        glue_columns=tuple(c.name.lower() for c in columns) if glue else None,
    )


def _resolve(ref: str, space: str, ids: set[str], tenant: str) -> str | None:
    local = f"{tenant}/{space}/{ref}"
    if local in ids:
        return local
    if "." in ref:
        other = f"{tenant}/{ref.replace('.', '/', 1)}"
        return other if other in ids else None
    return None


def load_tenant(folder: Path, overlay: Overlay) -> Catalog:
    """Every asset of a tenant folder, with its direct upstream assets and the overlay's sync state."""
    tenant = json.loads((folder / "tenant.json").read_text())["name"]
    raw: list[tuple[AssetRecord, dict[str, Any]]] = []
    for path in sorted(folder.glob("spaces/*/*/*.json")):
        space, kind_folder = path.parts[-3], path.parts[-2]
        raw += [(_record(tenant, space, kind_folder, n, b), b) for n, b in _objects(path)]
    raw = list({r.asset_id: (r, b) for r, b in reversed(raw)}.values())[::-1]  # first definition wins
    ids = {r.asset_id for r, _ in raw}
    assets = []
    for record, body in raw:
        refs = {_resolve(ref, record.space, ids, tenant) for ref in _refs(body.get("query", body))}
        upstream = tuple(sorted(r for r in refs if r and r != record.asset_id))
        state = overlay.assets.get(record.asset_id, AssetState())
        updates = state.model_dump(exclude_unset=True)
        assets.append(record.model_copy(update={"upstream": upstream, **updates}))
    spaces = tuple(sorted({a.space for a in assets}))
    catalog = Catalog(tenant=tenant, spaces=spaces, assets=tuple(assets), jobs=overlay.jobs)
    return Catalog.model_validate(catalog.model_dump())
