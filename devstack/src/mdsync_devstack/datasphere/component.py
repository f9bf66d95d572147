"""The simulator as a devstack component: ``python -m mdsync_devstack.datasphere`` on the two registry ports."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx

from mdsync_devstack.component import Component, Context, DevstackError, Launch
from mdsync_devstack.datasphere.settings import DEMO_TENANT
from mdsync_devstack.probes import tcp_open
from mdsync_devstack.settings import TENANT_ENV
from mdsync_runtime import ports

RATE_LIMIT_ENV = "MDSYNC_SIM_RATE_LIMIT"
# Raised from the real ~300/min so a demo sync is quick; tests that prove the limiter PATCH /_sim/config.
DEVSTACK_RATE_LIMIT = "10000"


def tenant_dir() -> Path:
    """The tenant to serve: ``$MDSYNC_DATASPHERE_TENANT`` (``up --tenant DIR``), else the demo tenant."""
    return Path(os.environ.get(TENANT_ENV) or DEMO_TENANT).resolve()


class DatasphereComponent(Component):
    """The Datasphere simulator: API on ``DATASPHERE``, OAuth token server on ``DATASPHERE_TOKEN``."""

    name = "datasphere"

    def endpoint(self) -> str:
        """Base URL of the API (the token URL is ``ports.datasphere_token_url()``)."""
        return ports.datasphere_url()

    def listens_on(self) -> list[ports.Port]:
        """API and token ports."""
        return [ports.DATASPHERE, ports.DATASPHERE_TOKEN]

    async def prepare(self, ctx: Context) -> None:
        """Fail early, naming the path, when the tenant directory has no tenant.json."""
        if not (tenant_dir() / "tenant.json").is_file():
            raise DevstackError(f"{tenant_dir()}/tenant.json not found; see devstack/tenants/README.md")

    def launch(self, ctx: Context) -> Launch:
        """The simulator command line; the tenant path and rate limit are part of its fingerprint."""
        argv = [sys.executable, "-m", "mdsync_devstack.datasphere", "--tenant", str(tenant_dir()),
                "--port", str(ports.DATASPHERE.value), "--token-port", str(ports.DATASPHERE_TOKEN.value)]  # fmt: skip
        return Launch(argv, env={RATE_LIMIT_ENV: os.environ.get(RATE_LIMIT_ENV, DEVSTACK_RATE_LIMIT)})

    async def is_ready(self) -> bool:
        """Both ports accept connections and the API's health answers."""
        if not (tcp_open(ports.HOST, ports.DATASPHERE.value) and tcp_open(ports.HOST, ports.DATASPHERE_TOKEN.value)):
            return False
        try:
            async with httpx.AsyncClient(timeout=2.0) as client:
                response = await client.get(f"{self.endpoint()}/_sim/health")
        except httpx.HTTPError:
            return False
        return response.status_code == 200
