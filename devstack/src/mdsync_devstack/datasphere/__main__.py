"""``python -m mdsync_devstack.datasphere --tenant DIR``: the API and token servers in one process."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from mdsync_devstack.datasphere.api_app import create_api_app
from mdsync_devstack.datasphere.settings import SimSettings
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.store import FixtureError
from mdsync_devstack.datasphere.token_app import create_token_app
from mdsync_runtime import ports

log = logging.getLogger("mdsync_devstack.datasphere")


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the process, so two can share one loop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m mdsync_devstack.datasphere", description=__doc__)
    parser.add_argument("--tenant", type=Path, help="tenant fixture directory (default: MDSYNC_SIM_TENANT or demo)")
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="API port (default MDSYNC_DATASPHERE_PORT / 8701)")
    parser.add_argument("--token-port", type=int, default=None, help="token port (default 8702)")
    parser.add_argument("--rate-limit", type=int, help="requests per client per minute, 0 = off")
    parser.add_argument("--log-level", default="info")
    return parser.parse_args()


async def _serve(state: SimState, host: str, api_port: int, token_port: int, log_level: str) -> None:
    servers = [
        _Server(uvicorn.Config(create_api_app(state), host=host, port=api_port, log_level=log_level)),
        _Server(uvicorn.Config(create_token_app(state), host=host, port=token_port, log_level=log_level)),
    ]

    def stop() -> None:
        for server in servers:
            server.should_exit = True

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    # If one server stops (or fails to bind), stop the other too.
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    stop()
    await asyncio.gather(*tasks, return_exceptions=True)
    if not all(server.started for server in servers):
        raise SystemExit(f"could not start both servers on {host}:{api_port} and {host}:{token_port}")


def main() -> None:
    """Load the tenant and serve until SIGINT/SIGTERM."""
    args = _arguments()
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    overrides = {k: v for k, v in {"tenant": args.tenant, "rate_limit": args.rate_limit}.items() if v is not None}
    settings = SimSettings(**overrides)
    try:
        state = SimState(settings.tenant, settings.config())
    except FixtureError as error:
        raise SystemExit(f"cannot load tenant: {error}") from None
    api_port = args.port or ports.DATASPHERE.value
    token_port = args.token_port or ports.DATASPHERE_TOKEN.value
    log.info(
        "tenant %s (%d objects, %d exposed) on http://%s:%d, tokens on http://%s:%d/oauth/token, rate limit %d/min",
        state.store.tenant.name,
        len(state.store.objects),
        len(state.catalog.assets()),
        settings.host,
        api_port,
        settings.host,
        token_port,
        state.config.rate_limit_per_minute,
    )
    asyncio.run(_serve(state, args.host or settings.host, api_port, token_port, args.log_level))


if __name__ == "__main__":
    main()
