"""`mdsync plan`: what syncing spaces or assets would do to Glue now, per table, writing nothing."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from mdsync_cli.tenant import TenantTarget
from mdsync_runtime import ports
from mdsync_runtime.auth.client import caller_headers

EXIT_USAGE = 2
stderr = Console(stderr=True)
STYLES = {"major": "red", "minor": "yellow", "patch": "cyan", "none": "dim"}


class PlanError(Exception):
    """The mapper could not be asked (usage or connection); exit code 2."""


def mapper_url() -> str:
    """``$MDSYNC_MAPPER_URL``, else the port registry's mapper URL."""
    return os.environ.get("MDSYNC_MAPPER_URL", ports.service_url("mapper")).rstrip("/")


def plan(
    space: Annotated[list[str] | None, typer.Option("--space", "-s", help="Space to plan (repeatable).")] = None,
    asset: Annotated[list[str] | None, typer.Option("--asset", help="One asset as SPACE/NAME (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as one JSON object.")] = False,
    all_entries: Annotated[bool, typer.Option("--all", help="Also list unchanged and excluded assets.")] = False,
    tenant: TenantTarget = None,
) -> None:
    """Show, per Glue table, what a sync would change (major, minor, patch) against the catalog now."""
    try:
        result = fetch_plan(space or [], asset or [], tenant)
    except PlanError as error:
        stderr.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        typer.echo(json.dumps(result))
        return
    Console().print(render(result, all_entries))


def fetch_plan(spaces: list[str], assets: list[str], tenant: str | None = None) -> dict[str, Any]:
    """POST /plan to the mapper for the given scope (and tenant); the answer names the tenant planned for."""
    if not spaces and not assets:
        raise PlanError("name at least one --space or --asset")
    refs = []
    for item in assets:
        space, sep, name = item.partition("/")
        if not sep or not space or not name:
            raise PlanError(f"--asset takes SPACE/NAME, not {item!r}")
        refs.append({"space": space, "technical_name": name})
    url = f"{mapper_url()}/plan"
    try:
        body = {"scope": {"spaces": spaces, "assets": refs}} | ({"tenant": tenant} if tenant else {})
        response = httpx.post(url, json=body, headers=caller_headers(), timeout=120)
    except httpx.HTTPError as error:
        raise PlanError(f"cannot reach the mapper at {url}: {error} (is it running? mdsync services up)") from None
    if response.status_code >= 400:
        raise PlanError(f"POST /plan → HTTP {response.status_code}: {response.text[:500]}")
    found: dict[str, Any] = response.json()
    return {**found, "tenant": tenant or planned_tenant(found)}


def planned_tenant(result: dict[str, Any]) -> str | None:
    """The tenant of a plan's entries (an asset id starts with its tenant); None for an empty plan."""
    ids = [str(e["asset_id"]) for e in result.get("entries", []) if e.get("asset_id")]
    return ids[0].split("/", 1)[0] if ids else None


def render(result: dict[str, Any], all_entries: bool) -> Table:
    """The plan as a table: one row per Glue table (changes first unless ``all_entries``)."""
    entries = [e for e in result["entries"] if all_entries or _changes(e)]
    counts = ", ".join(f"{key} {value}" for key, value in result["counts"].items())
    title = f"plan · tenant {result.get('tenant') or 'default'} · rule set {result['rule_set_version']}"
    table = Table(title=f"{title} · {counts or 'nothing in scope'}")
    for column in ("asset", "glue table", "action", "class", "what changes"):
        table.add_column(column)
    for entry in entries:
        change = entry["change_class"]
        target = f"{entry['database']}.{entry['table']}" if entry.get("table") else "-"
        table.add_row(
            entry["asset_id"], target, _action(entry), f"[{STYLES.get(change, '')}]{change}[/]", describe(entry)
        )
    if not entries:
        table.caption = "no changes (use --all to list every asset)"
    return table


def _changes(entry: dict[str, Any]) -> bool:
    diff = entry.get("diff") or {}
    return entry["verdict"] != "excluded" and (entry["verdict"] != "upsert" or diff.get("action") != "unchanged")


def _action(entry: dict[str, Any]) -> str:
    if entry["verdict"] == "upsert":
        return str((entry.get("diff") or {}).get("action", "upsert"))
    return str(entry["verdict"])


def describe(entry: dict[str, Any]) -> str:
    """A short text of an entry's diff: columns added/removed/retyped, description, parameters, storage, notes."""
    diff = entry.get("diff") or {}
    parts = []
    by_kind: dict[str, list[str]] = {}
    for column in diff.get("columns", []):
        by_kind.setdefault(column["change"], []).append(column["column"])
    for kind, sign in (("added", "+"), ("removed", "-"), ("type_changed", "~")):
        names = by_kind.get(kind, [])
        if names:
            more = "…" if len(names) > 3 else ""
            parts.append(f"{sign}{len(names)} col ({', '.join(names[:3])}{more})")
    if "comment_changed" in by_kind or "parameters_changed" in by_kind:
        parts.append("column comments/parameters")
    if diff.get("description_changed"):
        parts.append("description")
    if diff.get("parameters_changed"):
        parts.append(f"{len(diff['parameters_changed'])} parameter(s)")
    if diff.get("storage_changed"):
        parts.append("storage")
    if entry.get("note"):
        parts.append(str(entry["note"]))
    return "; ".join(parts) or "-"
