"""`mdsync ask "…"`: ask the discovery agent a question about the catalog."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console

from mdsync_runtime import ports
from mdsync_runtime.auth.client import caller_headers

EXIT_FAILED = 2
stderr = Console(stderr=True)


def agent_url() -> str:
    """``$MDSYNC_AGENT_URL``, else the port registry's agent URL."""
    return os.environ.get("MDSYNC_AGENT_URL", ports.service_url("agent")).rstrip("/")


def post_question(question: str, spaces: str | None, timeout: float = 60) -> dict[str, Any]:
    """POST /ask with the caller's spaces in `X-Mdsync-Spaces`."""
    headers = caller_headers() | ({"X-Mdsync-Spaces": spaces} if spaces is not None else {})
    response = httpx.post(f"{agent_url()}/ask", json={"question": question}, headers=headers, timeout=timeout)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def render(body: dict[str, Any]) -> str:
    """The answer, then its citations and follow-up questions."""
    lines = [body["answer"], "", f"[dim]intent {body['intent']}, confidence {body['confidence']:.2f}[/dim]"]
    lines += [f"  [{c['kind']}] {c['id']}" for c in body.get("citations", [])]
    lines += [f"  → {f}" for f in body.get("follow_ups", [])]
    return "\n".join(lines)


def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    spaces: Annotated[str | None, typer.Option("--spaces", help="Comma-separated spaces to answer from.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the /ask response body.")] = False,
) -> None:
    """Ask the discovery agent; every record the answer names is cited."""
    try:
        body = post_question(question, spaces)
    except httpx.HTTPError as error:
        stderr.print(f"[red]error:[/red] the agent at {agent_url()} did not answer: {error}")
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        typer.echo(json.dumps(body))
        return
    Console().print(render(body), highlight=False)
