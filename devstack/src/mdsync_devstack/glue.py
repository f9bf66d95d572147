"""AWS Glue as moto's server, from the workspace environment."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import httpx

from mdsync_devstack.component import Component, Context, DevstackError, Launch
from mdsync_devstack.probes import tcp_open
from mdsync_runtime import ports


def moto_server() -> str:
    """The ``moto_server`` script beside this interpreter (the workspace venv), else on ``PATH``."""
    beside = Path(sys.executable).parent / "moto_server"
    if beside.is_file():
        return str(beside)
    found = shutil.which("moto_server")
    if found is None:
        raise DevstackError("moto_server not found: run `uv sync` (moto[server] is a devstack dependency)")
    return found


class GlueComponent(Component):
    """``moto_server -H 127.0.0.1 -p <GLUE>``; every AWS service moto has, Glue among them."""

    name = "glue"

    def endpoint(self) -> str:
        """Endpoint URL for boto clients."""
        return ports.glue_endpoint()

    def listens_on(self) -> list[ports.Port]:
        """The HTTP port."""
        return [ports.GLUE]

    def launch(self, ctx: Context) -> Launch:
        """The moto server command line."""
        return Launch([moto_server(), "-H", ports.HOST, "-p", str(ports.GLUE.value)])

    async def is_ready(self) -> bool:
        """The server answers HTTP."""
        if not tcp_open(ports.HOST, ports.GLUE.value):
            return False
        try:
            async with httpx.AsyncClient(timeout=2.0) as client:
                response = await client.get(f"{self.endpoint()}/moto-api/")
        except httpx.HTTPError:
            return False
        return response.status_code < 500
