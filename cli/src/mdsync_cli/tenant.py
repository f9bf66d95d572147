"""`--tenant` of the commands that read or start per-tenant work (default `$MDSYNC_TENANT`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any
from urllib.parse import urlencode

import typer

TENANT_ENV = "MDSYNC_TENANT"
DEFAULT_TENANT = "default"  # shown for a record that names no tenant (the deployment's first)

TenantFilter = Annotated[
    str | None,
    typer.Option(
        "--tenant", envvar=TENANT_ENV, help="Only this Datasphere tenant (default $MDSYNC_TENANT; unset: every one)."
    ),
]
TenantTarget = Annotated[
    str | None,
    typer.Option(
        "--tenant",
        envvar=TENANT_ENV,
        help="Datasphere tenant to work on (default $MDSYNC_TENANT; unset: the first one you may act on).",
    ),
]


def with_query(path: str, **params: Any) -> str:
    """``path`` with the given query parameters (None values left out)."""
    given = {name: value for name, value in params.items() if value is not None}
    return f"{path}?{urlencode(given)}" if given else path


def tenant_of(record: dict[str, Any]) -> str:
    """The tenant a record names, else the deployment's default."""
    return str(record.get("tenant") or DEFAULT_TENANT)


def of_tenant(records: Iterable[dict[str, Any]], tenant: str | None) -> list[dict[str, Any]]:
    """The records of ``tenant`` (every record when None); one naming no tenant only when none is asked for."""
    return [r for r in records if tenant is None or r.get("tenant") == tenant]
