"""The read-only tools: fetch typed records from the audit API, restricted to the caller's spaces."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import Protocol

import httpx

from mdsync_agent.audit_models import CatalogPage, JobPage
from mdsync_agent.core.agent import Agent
from mdsync_agent.core.models import AssetRecord, Catalog, JobRecord

Spaces = frozenset[str] | None
Tenants = frozenset[str] | None
PAGE = 500


class Credentials(Protocol):
    """Something that gives `Authorization` headers (the agent's own `ServiceCredentials`)."""

    async def headers(self) -> dict[str, str]:
        """Headers carrying a valid token."""
        ...


class AuditTools:
    """Reads the audit API with the agent's credentials, the caller's spaces and tenants in `X-Mdsync-*` headers."""

    def __init__(
        self, client: httpx.AsyncClient, tenant: str, concurrency: int = 16, credentials: Credentials | None = None
    ) -> None:
        """Use ``client`` (its base URL is the audit service); ``credentials`` None: the client carries a token."""
        self.client = client
        self.tenant = tenant
        self.limit = asyncio.Semaphore(concurrency)
        self.credentials = credentials

    async def _headers(self, spaces: Spaces, tenants: Tenants) -> dict[str, str]:
        own = await self.credentials.headers() if self.credentials else {}
        narrowing = {"X-Mdsync-Spaces": spaces, "X-Mdsync-Tenants": tenants}
        return own | {name: ",".join(sorted(values)) for name, values in narrowing.items() if values is not None}

    async def _get(
        self, path: str, spaces: Spaces, tenants: Tenants, params: dict[str, str | int] | None = None
    ) -> httpx.Response:
        async with self.limit:
            response = await self.client.get(path, params=params, headers=await self._headers(spaces, tenants))
        response.raise_for_status()
        return response

    async def assets(self, spaces: Spaces, tenants: Tenants = None) -> list[AssetRecord]:
        """Every visible, not deleted asset, from the audit's catalogue pages (one call per page)."""
        records: list[AssetRecord] = []
        cursor: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": PAGE} | ({"cursor": cursor} if cursor else {})
            page = CatalogPage.model_validate((await self._get("/catalog", spaces, tenants, params)).json())
            records += [entry.record() for entry in page.items]
            if page.next_cursor is None:
                return records
            cursor = page.next_cursor

    async def jobs(self, spaces: Spaces, tenants: Tenants = None, days: int = 14) -> list[JobRecord]:
        """Jobs of the last ``days`` days."""
        params: dict[str, str | int] = {"days": days, "limit": PAGE}
        page = JobPage.model_validate((await self._get("/jobs", spaces, tenants, params)).json())
        return [job.record() for job in page.items]

    async def catalog(self, spaces: Spaces, tenants: Tenants = None) -> Catalog:
        """Everything the caller may see (``None``: no limit by spaces, or by tenants)."""
        assets, jobs = await asyncio.gather(self.assets(spaces, tenants), self.jobs(spaces, tenants))
        names = sorted({a.space for a in assets} | set(spaces or ()))
        return Catalog(tenant=self.tenant, spaces=tuple(names), assets=tuple(assets), jobs=tuple(jobs))


class AgentCache:
    """One indexed agent per set of spaces and tenants, rebuilt after ``ttl`` seconds."""

    def __init__(self, tools: AuditTools, ttl: float, max_entries: int = 64) -> None:
        """Cache agents built from ``tools``, for at most ``max_entries`` sets of spaces and tenants."""
        self.tools = tools
        self.ttl = ttl
        self.max_entries = max_entries
        self.entries: dict[tuple[Spaces, Tenants], tuple[float, Agent]] = {}
        self.lock = asyncio.Lock()

    async def agent(self, spaces: Spaces, tenants: Tenants = None) -> Agent:
        """The agent for ``spaces`` of ``tenants``."""
        key = (spaces, tenants)
        async with self.lock:
            entry = self.entries.get(key)
            if entry and time.monotonic() - entry[0] < self.ttl:
                return entry[1]
            agent = Agent(await self.tools.catalog(spaces, tenants))
            self.entries[key] = (time.monotonic(), agent)
            while len(self.entries) > self.max_entries:  # many callers' reaches: keep the newest
                del self.entries[min(self.entries, key=lambda k: self.entries[k][0])]
            return agent


def parse_spaces(header: str | None, configured: Iterable[str]) -> Spaces:
    """The caller's spaces: the header when given, else the configured ones; empty config means unrestricted."""
    if header is not None:
        return frozenset(s.strip() for s in header.split(",") if s.strip())
    configured = [s for s in configured if s]
    return frozenset(configured) if configured else None
