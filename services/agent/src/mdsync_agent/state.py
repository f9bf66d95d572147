"""The agent service's long-lived objects: audit tools, the per-caller cache, the optional LLM."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import httpx

from mdsync_agent.llm import Llm
from mdsync_agent.settings import AgentSettings
from mdsync_agent.tools import AgentCache, AuditTools, Spaces, parse_spaces
from mdsync_runtime.auth import Principal, Role
from mdsync_runtime.auth.client import ServiceCredentials


@dataclass
class AgentState:
    """What `/ask` uses."""

    settings: AgentSettings
    cache: AgentCache
    llm: Llm | None
    clients: tuple[httpx.AsyncClient, ...]
    conversations: OrderedDict[str, str] = field(default_factory=OrderedDict)
    max_conversations: int = 10_000

    def last_asset(self, caller: Principal, conversation_id: str | None) -> str | None:
        """The asset the caller's conversation last talked about."""
        return self.conversations.get(f"{caller.subject}|{conversation_id}") if conversation_id else None

    def remember(self, caller: Principal, conversation_id: str | None, asset_id: str | None) -> None:
        """Keep the caller's conversation's last asset (oldest conversations forgotten first)."""
        if not conversation_id or not asset_id:
            return
        key = f"{caller.subject}|{conversation_id}"  # one caller cannot continue another's conversation
        self.conversations[key] = asset_id
        self.conversations.move_to_end(key)
        while len(self.conversations) > self.max_conversations:
            self.conversations.popitem(last=False)

    def spaces(self, caller: Principal, header: str | None) -> Spaces:
        """The spaces an answer may draw on: asked for (header, else configuration) and visible to the caller."""
        return caller.visible(parse_spaces(header, self.settings.spaces.split(",")))

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
    # One shared cache per set of spaces and tenants: the agent reads audit with its own viewer token over
    # everything and narrows each read with `X-Mdsync-Spaces`/`-Tenants` to what the caller may see (audit
    # intersects again).
    tools = AuditTools(audit, tenant, credentials=ServiceCredentials("agent", Role.VIEWER))
    cache = AgentCache(tools, settings.cache_seconds)
    return AgentState(settings=settings, cache=cache, llm=llm, clients=tuple(clients))
