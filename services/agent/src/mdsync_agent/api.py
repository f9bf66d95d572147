"""The agent's HTTP API: `POST /ask`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request

from mdsync_agent.core.models import AskRequest, AskResponse, CitationKind
from mdsync_agent.llm import ask
from mdsync_agent.state import AgentState

router = APIRouter(tags=["agent"])


@router.post("/ask", response_model=AskResponse, summary="Ask a question about the catalog")
async def ask_question(
    request: Request,
    body: AskRequest,
    x_mdsync_spaces: Annotated[str | None, Header(description="Comma-separated spaces the caller may see.")] = None,
) -> AskResponse:
    """An answer citing every record it names, restricted to the caller's spaces."""
    state: AgentState = request.app.state.runtime.state["agent"]
    agent = await state.cache.agent(state.spaces(x_mdsync_spaces))
    previous = state.last_asset(body.conversation_id)
    response = await ask(agent, body.question, datetime.now(UTC), state.llm, previous)
    first = next((c.id for c in response.citations if c.kind is CitationKind.ASSET), None)
    state.remember(body.conversation_id, first)
    return response.model_copy(update={"conversation_id": body.conversation_id})
