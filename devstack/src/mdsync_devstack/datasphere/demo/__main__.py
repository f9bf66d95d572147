"""Write the demo tenant: ``python -m mdsync_devstack.datasphere.demo [--out DIR]`` (default devstack/tenants/demo)."""

from __future__ import annotations

import argparse
import json
import shutil
from collections import Counter
from pathlib import Path

from mdsync_devstack.datasphere.csn_build import Fixture
from mdsync_devstack.datasphere.demo import finance, hr, materials, plant, procurement, sales, shared, tenant
from mdsync_devstack.datasphere.settings import DEMO_TENANT


def all_fixtures() -> list[Fixture]:
    """Every object of the demo tenant."""
    modules = (sales, finance, materials, procurement, hr, plant, shared)
    return [fixture for module in modules for fixture in module.fixtures()]


def write(out: Path) -> Counter[str]:
    """Replace ``out/spaces`` and ``out/tenant.json`` with the demo tenant; counts per type."""
    shutil.rmtree(out / "spaces", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tenant.json").write_text(json.dumps(tenant.tenant_json(), indent=2) + "\n")
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str, str]] = set()
    for fixture in all_fixtures():
        key = (fixture.space, fixture.type.value, fixture.name)
        if key in seen:
            raise ValueError(f"duplicate demo object {'/'.join(key)}")
        seen.add(key)
        fixture.write(out)
        counts[fixture.type.value] += 1
    for space, entries in tenant.connections().items():
        (out / "spaces" / space / "connections.json").write_text(json.dumps(entries, indent=2) + "\n")
    return counts


def main() -> None:
    """Write the tenant and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEMO_TENANT)
    counts = write(parser.parse_args().out)
    print(json.dumps({"objects": sum(counts.values()), **dict(sorted(counts.items()))}))


if __name__ == "__main__":
    main()
