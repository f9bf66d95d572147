"""``python -m mdsync_devstack up|down|start|stop|status|preflight``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from pathlib import Path

from mdsync_devstack import preflight, stack
from mdsync_devstack.component import DevstackError
from mdsync_devstack.components import registry


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m mdsync_devstack", description="The no-Docker devstack.")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start (or reuse) every component and wait until each answers")
    start.add_argument("--tenant", type=Path, help="Datasphere simulator tenant directory")
    stop = commands.add_parser("down", help="stop every component by pid")
    stop.add_argument("--wipe", action="store_true", help="also delete the data (Kafka log, H2 store); keep the cache")
    one = commands.add_parser("start", help="start (or reuse) only the named components and wait until they answer")
    one.add_argument("names", nargs="+", metavar="COMPONENT", help="kafka, mongo, glue or datasphere")
    halt = commands.add_parser("stop", help="stop only the named components by pid (the others keep running)")
    halt.add_argument("names", nargs="+", metavar="COMPONENT", help="kafka, mongo, glue or datasphere")
    halt.add_argument("--kill", action="store_true", help="SIGKILL at once, like a crash (default: graceful)")
    commands.add_parser("status", help="print one JSON object; exit 0 only when every component runs")
    commands.add_parser("preflight", help="check Python, the JDK and Maven")
    return parser.parse_args(argv)


def _quiet_client_logs() -> None:
    # Probes of a port that is not up yet make the clients log connection errors; the probe result is enough.
    for name in ("aiokafka", "kafka", "pymongo", "httpx"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _up(tenant: Path | None) -> int:
    started = time.monotonic()
    report = asyncio.run(stack.up(stack.context(), registry(), tenant))
    endpoints = ", ".join(f"{name} {component.endpoint}" for name, component in report.root.items())
    logging.getLogger("mdsync_devstack").info("up in %.1f s: %s", time.monotonic() - started, endpoints)
    return 0


def _status() -> int:
    report = asyncio.run(stack.status(stack.context(), registry()))
    print(report.to_json())
    return 0 if report.all_running() else 1


def _down(wipe: bool) -> int:
    stopped = stack.down(stack.context(), registry(), wipe)
    logging.getLogger("mdsync_devstack").info("stopped %s", ", ".join(stopped) if stopped else "nothing (none running)")
    return 0


def _start(names: list[str]) -> int:
    report = asyncio.run(stack.up(stack.context(), stack.select(registry(), names)))
    logging.getLogger("mdsync_devstack").info("started %s", ", ".join(report.root))
    return 0


def _stop(names: list[str], kill: bool) -> int:
    ctx = stack.context()
    chosen = stack.select(registry(), names)
    stopped = stack.kill(ctx, chosen) if kill else stack.down(ctx, chosen)
    logging.getLogger("mdsync_devstack").info("stopped %s", ", ".join(stopped) if stopped else "nothing (none running)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; progress goes to stderr, only ``status`` writes to stdout."""
    args = _arguments(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="devstack: %(message)s")
    logging.getLogger("mdsync_devstack").setLevel(logging.INFO)
    _quiet_client_logs()
    try:
        if args.command == "up":
            return _up(args.tenant)
        if args.command == "down":
            return _down(args.wipe)
        if args.command == "start":
            return _start(args.names)
        if args.command == "stop":
            return _stop(args.names, args.kill)
        if args.command == "status":
            return _status()
        return preflight.main()
    except DevstackError as error:
        print(f"devstack: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
