"""The agent's HTTP API: `POST /ask`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request

from mdsync_agent.core.models import AskRequest, AskResponse, CitationKind
from mdsync_agent.llm import ask
from mdsync_agent.state import AgentState
from mdsync_runtime.auth.api import Viewer

router = APIRouter(tags=["agent"])


@router.post("/ask", response_model=AskResponse, summary="Ask a question about the catalog")
async def ask_question(
    request: Request,
    body: AskRequest,
    caller: Viewer,
    x_mdsync_spaces: Annotated[
        str | None, Header(max_length=4000, description="Comma-separated spaces to narrow the answer to.")
    ] = None,
) -> AskResponse:
    """An answer citing every record it names, limited to the caller's spaces (narrowed by the header) and tenants."""
    state: AgentState = request.app.state.runtime.state["agent"]
    agent = await state.cache.agent(state.spaces(caller, x_mdsync_spaces), caller.tenants)
    previous = state.last_asset(caller, body.conversation_id)
    response = await ask(agent, body.question, datetime.now(UTC), state.llm, previous)
    first = next((c.id for c in response.citations if c.kind is CitationKind.ASSET), None)
    state.remember(caller, body.conversation_id, first)
    return response.model_copy(update={"conversation_id": body.conversation_id})
