"""`mdsync sync`: request a sync job, optionally wait for it with a progress bar."""

from __future__ import annotations

import json
import time
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mdsync_cli.extractor_client import EXIT_USAGE, CliError, call, exit_code, is_finished
from mdsync_cli.jobs import print_job
from mdsync_cli.tenant import TenantTarget

PRIORITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
stderr = Console(stderr=True)


def sync(
    space: Annotated[list[str] | None, typer.Option("--space", "-s", help="Space to sync (repeatable).")] = None,
    asset: Annotated[list[str] | None, typer.Option("--asset", help="One asset as SPACE/NAME (repeatable).")] = None,
    priority: Annotated[str, typer.Option(help="CRITICAL, HIGH, MEDIUM or LOW.")] = "MEDIUM",
    full: Annotated[bool, typer.Option("--full", help="Republish everything and reconcile deletions.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Plan only, through the mapper.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="Wait until every asset is accounted for.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait at most with --wait.")] = 3600.0,
    tenant: TenantTarget = None,
) -> None:
    """Sync Datasphere metadata to Glue: every space you can see, or the spaces and assets named."""
    try:
        body = _job_body(space or [], asset or [], priority, full, dry_run, tenant)
        job_id = call("POST", "/jobs", body)["job_id"]
        job = _wait(job_id, timeout, show_progress=True) if wait else call("GET", f"/jobs/{job_id}")
    except CliError as error:
        stderr.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        typer.echo(json.dumps(job))
    else:
        print_job(job, with_assets=False)
    raise typer.Exit(exit_code(job) if wait else 0)


def _job_body(
    spaces: list[str], assets: list[str], priority: str, full: bool, dry_run: bool, tenant: str | None = None
) -> dict[str, Any]:
    if priority.upper() not in PRIORITIES:
        raise CliError(f"--priority must be one of {', '.join(PRIORITIES)}, not {priority!r}")
    refs = []
    for item in assets:
        space, sep, name = item.partition("/")
        if not sep or not space or not name:
            raise CliError(f"--asset takes SPACE/NAME, not {item!r}")
        refs.append({"space": space, "technical_name": name})
    body: dict[str, Any] = {
        "scope": {"spaces": spaces, "assets": refs},
        "priority": priority.upper(),
        "mode": "full" if full else "incremental",
        "dry_run": dry_run,
        "requester": "cli",
    }
    return body | ({"tenant": tenant} if tenant else {})


def _wait(job_id: str, timeout: float, show_progress: bool) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not show_progress) as progress:
        task = progress.add_task(job_id, total=None)
        while True:
            job: dict[str, Any] = call("GET", f"/jobs/{job_id}")
            total = job.get("expected") or job.get("planned") or None
            progress.update(task, total=total, completed=job.get("counted", 0), description=f"{job_id} {job['status']}")
            if is_finished(job):
                return job
            if time.monotonic() > deadline:
                raise CliError(
                    f"job {job_id} still {job['status']} after {timeout:.0f}s (it goes on; see mdsync jobs show)"
                )
            time.sleep(0.5)
