"""The agent service's long-lived objects: audit tools, the per-caller cache, the optional LLM."""

from __future__ import annotations

from dataclasses import dataclass

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
