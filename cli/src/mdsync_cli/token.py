"""`mdsync token`: a bearer token from the devstack's local issuer, for curl, scripts and other tools."""

from __future__ import annotations

from typing import Annotated

import typer

from mdsync_runtime.auth import AuthError, Role
from mdsync_runtime.auth.client import local_token


def token(
    role: Annotated[Role, typer.Option("--role", help="viewer, operator or admin.")] = Role.VIEWER,
    spaces: Annotated[str, typer.Option("--spaces", help="Comma-separated visible spaces; `*` for every space.")] = "*",
    subject: Annotated[str, typer.Option("--subject", help="Who the token speaks for.")] = "local-operator",
    ttl: Annotated[int, typer.Option("--ttl", min=60, max=86400, help="Lifetime in seconds.")] = 3600,
) -> None:
    """Print a token; use it as `Authorization: Bearer <token>` (or export MDSYNC_TOKEN for every mdsync command)."""
    names = [space.strip() for space in spaces.split(",") if space.strip()]
    if not names:
        raise typer.BadParameter("name at least one space, or `*`", param_hint="--spaces")
    try:
        typer.echo(local_token(role, names, subject, ttl))
    except AuthError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
