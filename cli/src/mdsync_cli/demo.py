"""`mdsync demo`: devstack with a tenant, the services and the console, one full sync, a summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from pydantic import BaseModel, ConfigDict, ValidationError
from rich.console import Console

from mdsync_cli import services
from mdsync_cli.extractor_client import EXIT_USAGE, CliError, call
from mdsync_cli.processes import state_dir
from mdsync_cli.sync import _job_body, _wait
from mdsync_runtime import ports
from mdsync_runtime.auth.client import caller_headers

ALL_SPACES = "*"
WRITE_OUTCOMES = ("created", "updated", "deprecated", "deleted")
FAILURE_OUTCOMES = ("failed", "dead_lettered", "conflict")
stdout, stderr = Console(), Console(stderr=True)


class DemoTarget(BaseModel):
    """What the running demo was started with: the simulator tenant, the extractor's client, the devstack pids."""

    model_config = ConfigDict(frozen=True)

    tenant: str
    client: str | None = None
    devstack_pids: dict[str, int | None] = {}

    def same_source(self, other: DemoTarget) -> bool:
        """True when both read the same tenant with the same client."""
        return (self.tenant, self.client) == (other.tenant, other.client)


class _Client(BaseModel):
    model_config = ConfigDict(extra="ignore")

    client_id: str
    spaces: list[str]


class _Tenant(BaseModel):
    model_config = ConfigDict(extra="ignore")

    clients: list[_Client]


def demo(
    tenant: Annotated[Path | None, typer.Option(help="Simulator tenant directory (default: the demo tenant).")] = None,
    client: Annotated[str | None, typer.Option(help="Client id the extractor signs in with.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the sync at most.")] = 900.0,
) -> None:
    """Start the devstack, the services and the console, run a full sync and print a summary."""
    started = time.monotonic()
    try:
        wanted = DemoTarget(tenant=str(_tenant_dir(tenant)), client=client)
        check_client(Path(wanted.tenant), client)
        wanted = _start(wanted)
        job = _sync(timeout)
        report = summarize(job, _lossy_columns(job))
    except CliError as error:
        stderr.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None
    print_summary(report, time.monotonic() - started)
    raise typer.Exit(0 if report["failures"] == 0 else 1)


def _tenant_dir(given: Path | None) -> Path:
    chosen = (given or Path(__file__).resolve().parents[3] / "devstack" / "tenants" / "demo").resolve()
    if not (chosen / "tenant.json").is_file():
        raise CliError(f"TENANT {chosen} is not a simulator tenant (no tenant.json)")
    return chosen


def check_client(tenant: Path, client: str | None) -> None:
    """Fail clearly unless the tenant has the named client, or (none named) a client that sees every space."""
    try:
        fixture = _Tenant.model_validate(json.loads((tenant / "tenant.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as error:
        raise CliError(f"cannot read {tenant / 'tenant.json'}: {error}") from None
    ids = [c.client_id for c in fixture.clients]
    if client is not None and client not in ids:
        raise CliError(f"CLIENT {client!r} is not a client of {tenant} (it has: {', '.join(ids) or 'none'})")
    if client is None and not any(ALL_SPACES in c.spaces for c in fixture.clients):
        raise CliError(
            f'{tenant} has no client that sees every space (spaces ["*"]); name one with CLIENT=<client_id> '
            f"(it has: {', '.join(ids) or 'none'})"
        )


def _record_path() -> Path:
    return state_dir() / "demo.json"


def _running() -> DemoTarget | None:
    try:
        return DemoTarget.model_validate_json(_record_path().read_text())
    except (OSError, ValidationError):
        return None


def _devstack(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "mdsync_devstack", *args], capture_output=True, text=True)
    if result.returncode != 0 and args[0] != "status":
        raise CliError(f"devstack {' '.join(args)} failed: {result.stderr.strip()[-800:]}")
    return result.stdout


def _devstack_pids() -> dict[str, int | None]:
    try:
        report = json.loads(_devstack("status") or "{}")
    except ValueError:
        return {}
    return {name: entry.get("pid") for name, entry in report.items()}


def _start(wanted: DemoTarget) -> DemoTarget:
    running = _running()
    if running is not None and not running.same_source(wanted):
        stderr.print(f"switching from {running.tenant} ({running.client or 'all-spaces client'}): resetting everything")
        services.down()
        _devstack("down", "--wipe")
    stderr.print(f"devstack up with tenant {wanted.tenant}")
    _devstack("up", "--tenant", wanted.tenant)
    pids = _devstack_pids()
    if running is not None and running.devstack_pids and running.devstack_pids != pids:
        stderr.print("the devstack was restarted since the last demo: restarting the services")
        services.down()
    os.environ["MDSYNC_EXTRACTOR_TENANT_DIR"] = wanted.tenant
    if wanted.client:
        os.environ["MDSYNC_EXTRACTOR_CLIENT_ID"] = wanted.client
    else:
        os.environ.pop("MDSYNC_EXTRACTOR_CLIENT_ID", None)
    services.up(timeout=120.0)
    target = wanted.model_copy(update={"devstack_pids": pids})
    _record_path().write_text(target.model_dump_json())
    return target


def _sync(timeout: float) -> dict[str, Any]:
    job_id = call("POST", "/jobs", _job_body([], [], "HIGH", True, False))["job_id"]
    stderr.print(f"full sync {job_id}")
    job: dict[str, Any] = _wait(job_id, timeout, show_progress=True)
    return job


def _lossy_columns(job: dict[str, Any]) -> dict[str, list[str]]:
    """Lossy columns per Glue table of the job, from the audit's provenance (empty when audit is down)."""
    tables = sorted({a["glue_table"] for a in job.get("assets", []) if a.get("glue_table")})
    lossy: dict[str, list[str]] = {}
    with httpx.Client(base_url=ports.service_url("audit"), headers=caller_headers(), timeout=5) as audit:
        for table in tables:
            try:
                response = audit.get(f"/glue/{table}/provenance")
            except httpx.HTTPError:
                return lossy
            if response.status_code == 200:
                columns = _lossy_of(response.json())
                if columns:
                    lossy[table] = columns
    return lossy


def _lossy_of(provenance: dict[str, Any]) -> list[str]:
    for step in provenance.get("steps", []):
        columns = (step.get("detail") or {}).get("lossy_columns")
        if columns:
            return sorted(columns)
    return []


def summarize(job: dict[str, Any], lossy: dict[str, list[str]]) -> dict[str, Any]:
    """The figures the demo prints, from a finished job and the lossy columns per table."""
    counts: dict[str, int] = job.get("counts", {})
    return {
        "job_id": job["job_id"],
        "status": job["status"],
        "assets": job.get("expected") or job.get("planned") or 0,
        "counts": {name: n for name, n in counts.items() if n},
        "glue_tables_created": counts.get("created", 0),
        "glue_writes": sum(counts.get(name, 0) for name in WRITE_OUTCOMES),
        "failures": sum(counts.get(name, 0) for name in FAILURE_OUTCOMES),
        "failed_assets": [a for a in job.get("assets", []) if a.get("outcome") in FAILURE_OUTCOMES][:10],
        "lossy_columns": lossy,
    }


def print_summary(report: dict[str, Any], seconds: float) -> None:
    """The summary and where to look next."""
    root = state_dir()
    stdout.print(f"\n[bold]mdsync demo[/bold] ({seconds:.0f} s) job {report['job_id']}: {report['status']}")
    stdout.print(f"  assets: {report['assets']}  outcomes: {report['counts']}")
    stdout.print(f"  Glue tables created: {report['glue_tables_created']}  Glue writes: {report['glue_writes']}")
    stdout.print(f"  failures: {report['failures']}")
    for asset in report["failed_assets"]:
        stdout.print(f"    {asset['asset_id']}: {asset['outcome']} ({asset.get('reason') or ''})", markup=False)
    lossy = report["lossy_columns"]
    stdout.print(f"  lossy columns: {sum(len(c) for c in lossy.values())} in {len(lossy)} tables")
    for table, columns in list(lossy.items())[:5]:
        stdout.print(f"    {table}: {', '.join(columns)}", markup=False)
    stdout.print(f"  console: {ports.service_url('ui')}")
    stdout.print(f"  logs: {root / 'logs'}   traces: {root / 'traces'}   pids: {root / 'pids'}")
    stdout.print("  next: .venv/bin/mdsync services status | mdsync sync --full --wait --json | make services-down")
