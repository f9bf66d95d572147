"""Optional LLM through an OpenAI-compatible API: it picks a read-only tool and rewords the offline answer.

The planner sees only the question and the tool names, never metadata. The reworder sees the grounded offline
answer; the citations it returns are checked against the caller's catalog. Any failure gives the offline answer.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from mdsync_agent.core.agent import Agent
from mdsync_agent.core.models import AskResponse, Intent

log = logging.getLogger(__name__)

PLANNER = (
    "You route questions about a metadata catalog to exactly one read-only tool. Call one tool. "
    "Call refuse for anything that is not a question about the catalog."
)
REWORDER = (
    "Reword the answer for a business user without adding facts. Reply with JSON "
    '{"answer": "...", "citations": ["<id>", ...]} using only ids from the given citations.'
)
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": intent.value,
            "description": intent.name.replace("_", " ").lower(),
            "parameters": {"type": "object", "properties": {}},
        },
    }
    for intent in Intent
]


class Reworded(BaseModel):
    """What the reworder must return."""

    answer: str
    citations: list[str]


class Llm:
    """An OpenAI-compatible chat-completions client."""

    def __init__(self, client: httpx.AsyncClient, model: str) -> None:
        """Use ``client`` (base URL and auth header set)."""
        self.client = client
        self.model = model

    async def _chat(self, messages: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
        body = {"model": self.model, "messages": messages, "temperature": 0, **extra}
        response = await self.client.post("/chat/completions", json=body)
        response.raise_for_status()
        message: dict[str, Any] = response.json()["choices"][0]["message"]
        return message

    async def plan(self, question: str) -> Intent:
        """The tool the model picks for ``question`` (only the question is sent)."""
        message = await self._chat(
            [{"role": "system", "content": PLANNER}, {"role": "user", "content": question}],
            tools=TOOLS,
            tool_choice="required",
        )
        return Intent(message["tool_calls"][0]["function"]["name"])

    async def reword(self, offline: AskResponse) -> Reworded:
        """The model's wording of the offline answer."""
        given = [{"id": c.id, "title": c.title} for c in offline.citations]
        content = json.dumps({"answer": offline.answer, "citations": given})
        message = await self._chat([{"role": "system", "content": REWORDER}, {"role": "user", "content": content}])
        return Reworded.model_validate_json(message["content"])


_TECHNICAL = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+\b")


def uncited_names(text: str, offline: AskResponse) -> list[str]:
    """Technical-looking names in ``text`` that the offline answer neither cites nor states."""
    stated = offline.answer.lower() + " " + " ".join(f"{c.id} {c.title}" for c in offline.citations).lower()
    return [name for name in _TECHNICAL.findall(text) if name.lower() not in stated]


def merge(offline: AskResponse, reworded: Reworded) -> AskResponse:
    """The reworded answer keeping only citations of the offline answer (hallucinated ids dropped).

    Raises ValueError when the wording names a record the offline answer does not (the caller falls back).
    """
    if invented := uncited_names(reworded.answer, offline):
        raise ValueError(f"the reworded answer names records it may not cite: {invented[:3]}")
    allowed = {c.id: c for c in offline.citations}
    kept = tuple(allowed[i] for i in dict.fromkeys(reworded.citations) if i in allowed)
    missing = tuple(c for c in offline.citations if c.id not in {k.id for k in kept})
    return offline.model_copy(update={"answer": reworded.answer, "citations": kept + missing})


async def ask(agent: Agent, question: str, now: datetime, llm: Llm | None, previous: str | None = None) -> AskResponse:
    """Answer offline, or with the LLM's plan and wording when one is configured and works."""
    offline = agent.answer(question, now, previous=previous)
    if llm is None:
        return offline
    try:
        planned = agent.answer(question, now, intent=await llm.plan(question), previous=previous)
        if planned.intent is Intent.REFUSE or offline.intent is Intent.REFUSE:
            return offline  # the offline guard on scope and out-of-scope requests always holds
        return merge(planned, await llm.reword(planned))
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError, ValidationError) as error:
        log.warning("LLM failed, answering offline: %s", error)
        return offline
