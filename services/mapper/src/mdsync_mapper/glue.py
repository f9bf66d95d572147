"""Read the current Glue table (drift, classification, plans) through aioboto3; the mapper never writes Glue."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aioboto3
from botocore.config import Config
from botocore.exceptions import ClientError

from mdsync_contracts.glue_model import TableInput
from mdsync_runtime.errors import TransientError

_RETRIES = Config(retries={"mode": "standard", "max_attempts": 5}, max_pool_connections=20)
_NOT_FOUND = "EntityNotFoundException"


class GlueReader:
    """One aioboto3 Glue client, opened on first use and closed by ``close``."""

    def __init__(self, endpoint: str | None, region: str, concurrency: int = 8) -> None:
        self._session = aioboto3.Session(region_name=region)
        self._endpoint = endpoint
        self._client: Any = None
        self._stack = contextlib.AsyncExitStack()
        self._lock = asyncio.Lock()
        self._limit = asyncio.Semaphore(concurrency)

    async def _glue(self) -> Any:
        async with self._lock:
            if self._client is None:
                client = self._session.client("glue", endpoint_url=self._endpoint, config=_RETRIES)
                self._client = await self._stack.enter_async_context(client)
            return self._client

    async def table(self, database: str, table: str) -> TableInput | None:
        """The table as a TableInput (the fields mdsync manages), or None when it (or its database) is absent."""
        glue = await self._glue()
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
