"""`mdsync schedules list|add|delete`: cron schedules that request sync jobs."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from mdsync_cli.extractor_client import EXIT_USAGE, CliError, call
from mdsync_cli.tenant import TenantFilter, TenantTarget, of_tenant, tenant_of

app = typer.Typer(help="Cron schedules (UTC) that request sync jobs.", no_args_is_help=True)
stdout, stderr = Console(), Console(stderr=True)


def _fail(error: CliError) -> typer.Exit:
    stderr.print(f"[red]error:[/red] {error}")
    return typer.Exit(EXIT_USAGE)


@app.command("list")
def list_schedules(
    as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False, tenant: TenantFilter = None
) -> None:
    """Every schedule with its next fire time."""
    try:
        schedules = of_tenant(call("GET", "/schedules"), tenant)
    except CliError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(schedules))
        return
    table = Table("id", "tenant", "cron", "spaces", "priority", "mode", "next fire (UTC)", "last job")
    for s in schedules:
        mode = s["mode"] + (" dry-run" if s["dry_run"] else "") + ("" if s["enabled"] else " (disabled)")
        spaces = ",".join(s["scope"]["spaces"]) or "all"
        table.add_row(s["schedule_id"], tenant_of(s), s.get("cron") or "adaptive", spaces, s["priority"], mode,
                      str(s.get("next_fire_at") or "")[:19], s.get("last_job_id") or "")  # fmt: skip
    stdout.print(table)


@app.command()
def add(
    cron: Annotated[str, typer.Argument(help='Five-field cron expression in UTC, e.g. "0 2 * * *".')],
    space: Annotated[list[str] | None, typer.Option("--space", "-s", help="Space (repeatable); none = all.")] = None,
    priority: Annotated[str, typer.Option(help="CRITICAL, HIGH, MEDIUM or LOW.")] = "LOW",
    full: Annotated[bool, typer.Option("--full", help="Full runs.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Dry runs.")] = False,
    schedule_id: Annotated[str | None, typer.Option("--id", help="Id of your choice.")] = None,
    tenant: TenantTarget = None,
) -> None:
    """Add a schedule."""
    body = {
        "cron": cron,
        "scope": {"spaces": space or []},
        "priority": priority.upper(),
        "mode": "full" if full else "incremental",
        "dry_run": dry_run,
        "schedule_id": schedule_id,
        "tenant": tenant,
    }
    try:
        schedule = call("POST", "/schedules", body)
    except CliError as error:
        raise _fail(error) from None
    typer.echo(f"{schedule['schedule_id']}: next fire {schedule['next_fire_at']}")


@app.command()
def delete(schedule_id: str) -> None:
    """Delete a schedule."""
    try:
        call("DELETE", f"/schedules/{schedule_id}")
    except CliError as error:
        raise _fail(error) from None
    stderr.print(f"deleted {schedule_id}")
