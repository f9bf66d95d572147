"""Mapper throughput: assets mapped to Glue TableInputs per second, one process, against a baseline.

`uv run python -m bench.mapper_bench [--assets 10000] [--seed 7]` (no devstack needed: the pure core).
Mapping = what the service does per asset minus I/O: rule selection, names with collision suffixes over the
whole scope, replication-flow S3 targets, analytic-model type resolution, the CDS → Glue type table, `sap.*`
Parameters, the content hash, and the diff against a current table. Baseline, same assets, same run: a bare
pydantic round trip (`AssetDefinition.model_validate` + `model_dump`), the least any consumer of the event does.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from mdsync_contracts.assets import AssetDefinition
from mdsync_mapper.core.marks import sealed
from mdsync_mapper.core.policy import decide
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.scope import map_scope
from mdsync_mapper.core.table import MappedTable

TYPES: tuple[tuple[str, dict[str, int]], ...] = (
    ("cds.String", {"length": 40}),
    ("cds.String", {"length": 10}),
    ("cds.Decimal", {"precision": 15, "scale": 2}),
    ("cds.Date", {}),
    ("cds.Integer", {}),
    ("cds.Integer64", {}),
    ("cds.Timestamp", {}),
    ("cds.Boolean", {}),
    ("cds.hana.TINYINT", {}),
    ("cds.DecimalFloat", {}),
    ("cds.hana.ST_POINT", {}),
    ("cds.UUID", {}),
)
KINDS = ("local_table", "view", "view", "remote_table", "analytic_model", "replication_flow", "data_flow")


def generate(count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` varied asset definitions as JSON-ready dicts, over 10 spaces."""
    rng = random.Random(seed)
    assets = []
    for index in range(count):
        kind = rng.choice(KINDS)
        space = f"SPACE_{index % 10:02d}"
        name = f"Z{rng.choice(['SALES', 'FI', 'MM', 'HR'])}.OBJECT_{index:05d}" if index % 7 else f"OBJ-{index % 500}"
        asset: dict[str, Any] = {"tenant": "bench", "space": space, "technical_name": name, "kind": kind}
        asset["label"] = f"Business object {index} " * rng.randint(1, 3)
        if kind.endswith("flow"):
            source = {"name": f"I_SRC_{index % 300}", "connection": "S4H_PROD", "container": "/CDS_EXTRACTION"}
            target = {"name": f"obj_{index}", "connection": "S3_DATALAKE", "container": "/bench"}
            asset["flow"] = {"inputs": [source], "outputs": [target]}
        else:
            asset["columns"] = [_column(rng, position, kind) for position in range(rng.randint(5, 40))]
        assets.append(asset)
    return assets


def _column(rng: random.Random, position: int, kind: str) -> dict[str, Any]:
    cds_type, facets = rng.choice(TYPES)
    column: dict[str, Any] = {"name": f"COL_{position:02d}", "position": position, "cds_type": cds_type, **facets}
    if kind == "analytic_model" and position % 3 == 0:
        column["cds_type"] = None
    if position == 0:
        column["key"] = True
    if rng.random() < 0.5:
        column["label"] = f"Column {position} label"
    return column


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes (best of two runs, so a one-off pause does not decide)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Generate, validate once (untimed), then time the baseline and the mapping of every asset."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    raw = generate(args.assets, args.seed)
    definitions = [AssetDefinition.model_validate(data) for data in raw]
    rules = RuleSet.model_validate(
        {"environment": "dog", "version": 1, "site": {"s3_connections": {"S3_DATALAKE": {"root": "s3://bench"}}}}
    )
    current = _current_tables(definitions, rules)

    baseline = timed(lambda: [AssetDefinition.model_validate(d).model_dump(mode="json") for d in raw])
    mapping = timed(lambda: _map_and_diff(definitions, rules, current))

    n = len(definitions)
    print(f"mapper bench: {n} assets, {sum(len(d.columns) for d in definitions)} columns, one process")
    print(f"  baseline (pydantic validate + dump): {n / baseline:,.0f} assets/s ({baseline:.2f} s)")
    print(f"  mapping (scope names, types, params, hash, diff): {n / mapping:,.0f} assets/s ({mapping:.2f} s)")
    print(f"  ratio mapping/baseline throughput: {baseline / mapping:.2f}")


def _current_tables(definitions: list[AssetDefinition], rules: RuleSet) -> dict[str, Any]:
    """Every third table already in Glue as mdsync wrote it (so a third of the diffs are against a table)."""
    mapped = [r for r in map_scope(definitions, rules) if isinstance(r, MappedTable)]
    return {r.asset_id: sealed(r.table_input) for r in mapped[::3]}


def _map_and_diff(definitions: list[AssetDefinition], rules: RuleSet, current: dict[str, Any]) -> int:
    decided = 0
    for result in map_scope(definitions, rules):
        if isinstance(result, MappedTable):
            decide(result, current.get(result.asset_id))
            decided += 1
    return decided


if __name__ == "__main__":
    main()
