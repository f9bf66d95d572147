"""The agent service's long-lived objects: audit tools, the per-caller cache, the optional LLM."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import httpx

from mdsync_agent.llm import Llm
from mdsync_agent.settings import AgentSettings
from mdsync_agent.tools import AgentCache, AuditTools, Spaces, parse_spaces


@dataclass
class AgentState:
    """What `/ask` uses."""

    settings: AgentSettings
    cache: AgentCache
    llm: Llm | None
    clients: tuple[httpx.AsyncClient, ...]
    conversations: OrderedDict[str, str] = field(default_factory=OrderedDict)
    max_conversations: int = 10_000

    def last_asset(self, conversation_id: str | None) -> str | None:
        """The asset the conversation last talked about."""
        return self.conversations.get(conversation_id) if conversation_id else None

    def remember(self, conversation_id: str | None, asset_id: str | None) -> None:
        """Keep the conversation's last asset (oldest conversations forgotten first)."""
        if not conversation_id or not asset_id:
            return
        self.conversations[conversation_id] = asset_id
        self.conversations.move_to_end(conversation_id)
        while len(self.conversations) > self.max_conversations:
            self.conversations.popitem(last=False)

    def spaces(self, header: str | None) -> Spaces:
        """The caller's spaces (header, else configuration)."""
        return parse_spaces(header, self.settings.spaces.split(","))

    async def close(self) -> None:
        """Close the HTTP clients."""
        for client in self.clients:
            await client.aclose()


def build_state(settings: AgentSettings, tenant: str) -> AgentState:
    """Clients for the audit API and, when configured, the LLM."""
    audit = httpx.AsyncClient(base_url=settings.audit_url, timeout=settings.audit_timeout_seconds)
    clients = [audit]
    llm = None
    if settings.llm_base_url:
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        client = httpx.AsyncClient(
            base_url=settings.llm_base_url, timeout=settings.llm_timeout_seconds, headers=headers
        )
        clients.append(client)
        llm = Llm(client, settings.llm_model)
    cache = AgentCache(AuditTools(audit, tenant), settings.cache_seconds)
    return AgentState(settings=settings, cache=cache, llm=llm, clients=tuple(clients))
