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
PAGE = 500


class Credentials(Protocol):
    """Something that gives `Authorization` headers (the agent's own `ServiceCredentials`)."""

    async def headers(self) -> dict[str, str]:
        """Headers carrying a valid token."""
        ...


class AuditTools:
    """Reads the audit API with the agent's credentials and the caller's spaces in `X-Mdsync-Spaces`."""

    def __init__(
        self, client: httpx.AsyncClient, tenant: str, concurrency: int = 16, credentials: Credentials | None = None
    ) -> None:
        """Use ``client`` (its base URL is the audit service); ``credentials`` None: the client carries a token."""
        self.client = client
        self.tenant = tenant
        self.limit = asyncio.Semaphore(concurrency)
        self.credentials = credentials

    async def _headers(self, spaces: Spaces) -> dict[str, str]:
        own = await self.credentials.headers() if self.credentials else {}
        return own | ({} if spaces is None else {"X-Mdsync-Spaces": ",".join(sorted(spaces))})

    async def _get(self, path: str, spaces: Spaces, params: dict[str, str | int] | None = None) -> httpx.Response:
        async with self.limit:
            response = await self.client.get(path, params=params, headers=await self._headers(spaces))
        response.raise_for_status()
        return response

    async def assets(self, spaces: Spaces) -> list[AssetRecord]:
        """Every visible, not deleted asset, from the audit's catalogue pages (one call per page)."""
        records: list[AssetRecord] = []
        cursor: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": PAGE} | ({"cursor": cursor} if cursor else {})
            page = CatalogPage.model_validate((await self._get("/catalog", spaces, params)).json())
            records += [entry.record() for entry in page.items]
            if page.next_cursor is None:
                return records
            cursor = page.next_cursor

    async def jobs(self, spaces: Spaces, days: int = 14) -> list[JobRecord]:
        """Jobs of the last ``days`` days."""
        page = JobPage.model_validate((await self._get("/jobs", spaces, {"days": days, "limit": PAGE})).json())
        return [job.record() for job in page.items]

    async def catalog(self, spaces: Spaces) -> Catalog:
        """Everything the caller may see."""
        assets, jobs = await asyncio.gather(self.assets(spaces), self.jobs(spaces))
        names = sorted({a.space for a in assets} | set(spaces or ()))
        return Catalog(tenant=self.tenant, spaces=tuple(names), assets=tuple(assets), jobs=tuple(jobs))


class AgentCache:
    """One indexed agent per set of spaces, rebuilt after ``ttl`` seconds."""

    def __init__(self, tools: AuditTools, ttl: float, max_entries: int = 64) -> None:
        """Cache agents built from ``tools``, for at most ``max_entries`` sets of spaces."""
        self.tools = tools
        self.ttl = ttl
        self.max_entries = max_entries
        self.entries: dict[Spaces, tuple[float, Agent]] = {}
        self.lock = asyncio.Lock()

    async def agent(self, spaces: Spaces) -> Agent:
        """The agent for ``spaces``."""
        async with self.lock:
            entry = self.entries.get(spaces)
            if entry and time.monotonic() - entry[0] < self.ttl:
                return entry[1]
            agent = Agent(await self.tools.catalog(spaces))
            self.entries[spaces] = (time.monotonic(), agent)
            while len(self.entries) > self.max_entries:  # many callers' space sets: keep the newest
                del self.entries[min(self.entries, key=lambda k: self.entries[k][0])]
            return agent


def parse_spaces(header: str | None, configured: Iterable[str]) -> Spaces:
    """The caller's spaces: the header when given, else the configured ones; empty config means unrestricted."""
    if header is not None:
        return frozenset(s.strip() for s in header.split(",") if s.strip())
    configured = [s for s in configured if s]
    return frozenset(configured) if configured else None
