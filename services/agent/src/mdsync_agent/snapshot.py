"""Record a catalog snapshot for the evaluation: from a running audit API, or from a tenant folder + overlay.

`python -m mdsync_agent.snapshot --audit http://127.0.0.1:8104 --tenant demo --out eval/snapshot.json`
`python -m mdsync_agent.snapshot --fixtures devstack/tenants/demo --overlay eval/overlay.json --out …`
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import httpx

from mdsync_agent.core.models import Catalog
from mdsync_agent.fixtures import Overlay, load_tenant
from mdsync_agent.tools import AuditTools


async def from_audit(url: str, tenant: str) -> Catalog:
    """Everything the audit API at ``url`` holds (unrestricted)."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        return await AuditTools(client, tenant).catalog(None)


def main() -> None:
    """Write the snapshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--audit", help="Audit API base URL.")
    parser.add_argument("--tenant", default="demo")
    parser.add_argument("--fixtures", type=Path, help="Tenant folder (devstack/tenants/<name>).")
    parser.add_argument("--overlay", type=Path, help="Sync state overlay JSON.")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.audit:
        catalog = asyncio.run(from_audit(args.audit, args.tenant))
    else:
        overlay = Overlay.model_validate_json(args.overlay.read_text()) if args.overlay else Overlay()
        catalog = load_tenant(args.fixtures, overlay)
    args.out.write_text(catalog.model_dump_json(indent=1, exclude_defaults=True))
    print(f"{len(catalog.assets)} assets, {len(catalog.jobs)} jobs → {args.out}")


if __name__ == "__main__":
    main()
