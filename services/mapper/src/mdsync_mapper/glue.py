"""Read the current Glue table (drift, classification, plans) through aioboto3; the mapper never writes Glue."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from botocore.exceptions import ClientError

from mdsync_contracts.glue_model import TableInput
from mdsync_mapper.settings import MapperSettings
from mdsync_runtime.aws import ClientProfile, open_client, tenant_profile
from mdsync_runtime.errors import TransientError
from mdsync_runtime.tenants import Tenants

_NOT_FOUND = "EntityNotFoundException"


def glue_profile(settings: MapperSettings) -> ClientProfile:
    """The service's own Glue client profile (its endpoint, region and optional role)."""
    return ClientProfile(
        endpoint_url=settings.glue_endpoint,
        region=settings.glue_region,
        role_arn=settings.role_arn,
        role_session_name=settings.role_session_name,
        sts_endpoint_url=settings.sts_endpoint,
        max_attempts=5,
        max_pool_connections=20,
    )


class GlueReader:
    """One aioboto3 Glue client for ``profile``, opened on first use and closed by ``close``."""

    def __init__(self, profile: ClientProfile, concurrency: int = 8) -> None:
        self.profile = profile
        self._client: Any = None
        self._stack = contextlib.AsyncExitStack()
        self._lock = asyncio.Lock()
        self._limit = asyncio.Semaphore(concurrency)

    async def client(self) -> Any:
        """The Glue client, opened (assuming the profile's role, if any) on first use."""
        async with self._lock:
            if self._client is None:
                self._client = await open_client(self.profile, "glue", self._stack)
            return self._client

    async def table(self, database: str, table: str) -> TableInput | None:
        """The table as a TableInput (the fields mdsync manages), or None when it (or its database) is absent."""
        glue = await self.client()
        try:
            async with self._limit:
                response = await glue.get_table(DatabaseName=database, Name=table)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == _NOT_FOUND:
                return None
            raise TransientError(f"Glue GetTable {database}.{table}: {error}") from error
        return TableInput.model_validate(response["Table"])

    async def close(self) -> None:
        """Close the client."""
        await self._stack.aclose()
        self._client = None


def tenant_readers(base: ClientProfile, tenants: Tenants | None, concurrency: int) -> dict[str, GlueReader]:
    """One reader per tenant, on its Glue target: its region and its role (else the service's role)."""
    return {t.name: GlueReader(tenant_profile(base, t), concurrency) for t in (tenants.tenants if tenants else ())}
