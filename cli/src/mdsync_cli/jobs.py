"""`mdsync jobs list|show|cancel|holds|approve`: sync jobs and held deletions."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from mdsync_cli.extractor_client import EXIT_USAGE, CliError, call, exit_code
from mdsync_cli.tenant import TenantFilter, of_tenant, tenant_of, with_query

app = typer.Typer(help="Sync jobs: list, show, cancel; held deletions.", no_args_is_help=True)
stdout, stderr = Console(), Console(stderr=True)
AsJson = Annotated[bool, typer.Option("--json", help="Print exactly one JSON value on stdout.")]


def _fail(error: CliError) -> typer.Exit:
    stderr.print(f"[red]error:[/red] {error}")
    return typer.Exit(EXIT_USAGE)


def print_job(job: dict[str, Any], with_assets: bool) -> None:
    """A job, readably."""
    counts = ", ".join(f"{name} {n}" for name, n in job["counts"].items() if n) or "nothing counted yet"
    stdout.print(
        f"[bold]{job['job_id']}[/bold]  {job['status']}  ({job['mode']}{', dry run' if job['dry_run'] else ''})"
        f"  tenant {tenant_of(job)}"
    )
    stdout.print(f"  assets: {job['counted']} of {job.get('expected') or job['planned']} counted: {counts}")
    if job.get("reason"):
        stdout.print(f"  reason: {job['reason']}")
    for error in job.get("space_errors", []):
        stdout.print(f"  [yellow]space {error['space']}[/yellow]: {error['error']}")
    if with_assets and job.get("assets"):
        table = Table("asset", "outcome", "by", "reason")
        for asset in job["assets"]:
            table.add_row(asset["asset_id"], asset["outcome"], asset["decided_by"], asset.get("reason") or "")
        stdout.print(table)


@app.command("list")
def list_jobs(
    as_json: AsJson = False, limit: Annotated[int, typer.Option(help="How many.")] = 20, tenant: TenantFilter = None
) -> None:
    """The newest jobs first."""
    try:
        jobs = call("GET", with_query("/jobs", limit=limit, tenant=tenant))
    except CliError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(jobs))
        return
    table = Table("job", "tenant", "status", "priority", "mode", "counted", "failed", "created")
    for job in jobs:
        total = job.get("expected") or job["planned"]
        table.add_row(job["job_id"], tenant_of(job), job["status"], job["priority"], job["mode"],
                      f"{job['counted']}/{total}", str(job["failed_assets"]), job["created_at"][:19])  # fmt: skip
    stdout.print(table)


@app.command()
def show(job_id: str, as_json: AsJson = False) -> None:
    """One job with every asset's outcome; exit 1 when some asset failed."""
    try:
        job = call("GET", f"/jobs/{job_id}")
    except CliError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(job))
    else:
        print_job(job, with_assets=True)
    raise typer.Exit(exit_code(job))


@app.command()
def cancel(job_id: str, reason: Annotated[str | None, typer.Option(help="Why.")] = None) -> None:
    """Ask a job to stop: a queued job ends at once, a running one between assets."""
    try:
        call("POST", f"/jobs/{job_id}/cancel", {"reason": reason, "requester": "cli"})
    except CliError as error:
        raise _fail(error) from None
    stderr.print(f"cancel requested for {job_id}")


@app.command()
def holds(as_json: AsJson = False, tenant: TenantFilter = None) -> None:
    """Deletions held by the mass-delete guard, waiting for approval."""
    try:
        pending = of_tenant(call("GET", "/held-deletions"), tenant)
    except CliError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(pending))
        return
    for hold in pending:
        where = f"tenant {tenant_of(hold)} space {hold['space']}"
        stdout.print(f"{hold['hold_id']}  {where}: {hold['reason']} (job {hold['job_id']})", markup=False)


@app.command()
def approve(hold_id: str) -> None:
    """Approve a held deletion: its assets are published as deleted."""
    try:
        hold = call("POST", f"/held-deletions/{hold_id}/approve", {"approver": "cli"})
    except CliError as error:
        raise _fail(error) from None
    stderr.print(f"{hold_id}: {hold['status']} ({len(hold['assets'])} assets)")
