"""`mdsync services up|down|status`: every service as a local process, logs and pids in the state dir."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import httpx
import typer

from mdsync_cli.processes import ManagedProcess, state_dir
from mdsync_runtime import ports

app = typer.Typer(help="Run the mdsync services as local processes.", no_args_is_help=True)

SERVICES = ("extractor", "mapper", "glue-writer", "audit", "agent", "ui")
CONSOLE = "ui"
# The devstack's moto accepts any credentials; boto needs some to sign. The simulator allows 10 000 requests
# a minute, so the extractor's client-side limit is raised to match. Set variables always win.
DEVSTACK_AWS_SECRET = "mdsync-devstack-aws-secret-4Zt9"  # distinctive, so `make secrets-scan` can find leaks
DEVSTACK_DEFAULTS = {
    "AWS_ACCESS_KEY_ID": "devstack",
    "AWS_SECRET_ACCESS_KEY": DEVSTACK_AWS_SECRET,
    "AWS_DEFAULT_REGION": "eu-central-1",
    "MDSYNC_EXTRACTOR_RATE_LIMIT_PER_MINUTE": "6000",
}


def _devstack_defaults() -> dict[str, str]:
    glue = ports.glue_endpoint()
    return {**DEVSTACK_DEFAULTS, "MDSYNC_MAPPER_GLUE_ENDPOINT": glue, "MDSYNC_GLUE_WRITER_GLUE_ENDPOINT": glue}


def _process(service: str) -> ManagedProcess:
    if service == CONSOLE:
        return ManagedProcess(service, _console_command(), state_dir())
    module = "mdsync_" + service.replace("-", "_")
    return ManagedProcess(service, [sys.executable, "-m", module], state_dir())


def _console_command() -> list[str]:
    spec = importlib.util.find_spec("mdsync_ui")
    if spec is None or spec.origin is None:
        _fail("the console package mdsync-ui is not installed (make install)")
        raise AssertionError  # unreachable: _fail exits
    app_file = Path(spec.origin).with_name("app.py")
    port = str(ports.SERVICES[CONSOLE].value)
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_file),
        "--server.headless",
        "true",
        "--server.port",
        port,
        "--server.address",
        ports.HOST,
        "--browser.gatherUsageStats",
        "false",
    ]


def _health_url(service: str) -> str:
    path = "/_stcore/health" if service == CONSOLE else "/healthz"
    return f"{ports.service_url(service)}{path}"


def _healthy(service: str) -> bool:
    try:
        return httpx.get(_health_url(service), timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _environment(service: str) -> dict[str, str]:
    traces = state_dir() / "traces" / f"{service}.jsonl"
    local_dev = os.environ.get("MDSYNC_ENV", "dog") == "dog"
    defaults = _devstack_defaults() if local_dev else {}
    return {**defaults, **os.environ, "MDSYNC_TRACE_FILE": os.environ.get("MDSYNC_TRACE_FILE", str(traces))}


def service_status(service: str) -> dict[str, object]:
    """State, URL, pid and health of one service."""
    process = _process(service)
    pid = process.pid()
    healthy = pid is not None and _healthy(service)
    state = "running" if healthy else ("unhealthy" if pid is not None else "stopped")
    return {"state": state, "url": ports.service_url(service), "pid": pid, "log": str(process.log_path)}


@app.command()
def up(timeout: float = typer.Option(90.0, help="Seconds to wait for every service to be healthy.")) -> None:
    """Start every service that is not already running and wait until each answers /healthz."""
    for service in SERVICES:
        process = _process(service)
        if process.pid() is None:
            typer.echo(f"starting {service} (log: {process.log_path})", err=True)
            process.start(_environment(service))
    deadline = time.monotonic() + timeout
    waiting = set(SERVICES)
    while waiting and time.monotonic() < deadline:
        waiting = {s for s in waiting if not _healthy(s) and _process(s).pid() is not None}
        dead = [s for s in SERVICES if _process(s).pid() is None]
        if dead:
            _fail(f"{', '.join(dead)} exited during start-up; see {state_dir() / 'logs'}")
        time.sleep(0.5)
    if waiting:
        _fail(f"not healthy after {timeout:.0f} s: {', '.join(sorted(waiting))}; see {state_dir() / 'logs'}")
    typer.echo(json.dumps({s: service_status(s) for s in SERVICES}))


@app.command()
def down() -> None:
    """Stop every service by its pid."""
    for service in SERVICES:
        if _process(service).stop():
            typer.echo(f"stopped {service}", err=True)


@app.command()
def status() -> None:
    """Print one JSON object: each service's state, URL, pid and log file."""
    report = {service: service_status(service) for service in SERVICES}
    typer.echo(json.dumps(report))
    if any(entry["state"] != "running" for entry in report.values()):
        raise typer.Exit(1)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
