"""``python -m mdsync_devstack.datasphere`` serves the API and token apps on two ports and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from mdsync_devstack.datasphere.settings import DEMO_TENANT
from mdsync_runtime.local_servers import free_port

from .conftest import SYNC


@pytest.fixture
def server() -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    api_port, token_port = free_port(), free_port()
    env = {**os.environ, "MDSYNC_SIM_RATE_LIMIT": "1000"}
    command = [sys.executable, "-m", "mdsync_devstack.datasphere", "--tenant", str(DEMO_TENANT),
               "--port", str(api_port), "--token-port", str(token_port), "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    api = f"http://127.0.0.1:{api_port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/_sim/health").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    yield api, f"http://127.0.0.1:{token_port}/oauth/token", process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serves_both_ports_and_stops_on_sigterm(server: tuple[str, str, subprocess.Popen[bytes]]) -> None:
    api, token_url, process = server
    token = httpx.post(token_url, data={"grant_type": "client_credentials"}, auth=SYNC).json()["access_token"]
    spaces = httpx.get(f"{api}/dwaas-core/api/v1/spaces", headers={"Authorization": f"Bearer {token}"})
    assert spaces.json() == ["SALES", "FINANCE", "MATERIALS", "PROCUREMENT", "HR", "PLANT", "SHARED"]
    assert httpx.get(f"{api}/_sim/config").json()["rate_limit_per_minute"] == 1000
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
