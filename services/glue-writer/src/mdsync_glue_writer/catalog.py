"""Typed Glue catalog calls with a global concurrency limit and jittered retries of throttling and 5xx."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from mdsync_contracts.glue import DatabaseInput, TableInput
from mdsync_glue_writer.core.models import CurrentTable
from mdsync_glue_writer.glue_client import GlueClients
from mdsync_runtime.errors import Backoff, TransientError

log = logging.getLogger(__name__)

THROTTLING = frozenset(
    {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"}
)
SERVER_FAULTS = frozenset({"InternalServiceException", "OperationTimeoutException", "ServiceUnavailableException"})


class GlueUnreachableError(ConnectionError):
    """Glue cannot be reached: the runtime waits for it instead of dead-lettering the command."""


class GlueRejectedError(Exception):
    """Glue refused the call for a reason retrying cannot fix."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class AlreadyExistsError(GlueRejectedError):
    """The table or database exists already."""


class NotFoundError(GlueRejectedError):
    """The table or database does not exist."""


class VersionConflictError(GlueRejectedError):
    """ConcurrentModificationException: the table changed since it was read."""


_BY_CODE: dict[str, type[GlueRejectedError]] = {
    "AlreadyExistsException": AlreadyExistsError,
    "EntityNotFoundException": NotFoundError,
    "ConcurrentModificationException": VersionConflictError,
}


def is_retryable(error: ClientError) -> bool:
    """Throttling and server-side faults are worth another try."""
    code = error.response.get("Error", {}).get("Code", "")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return code in THROTTLING or code in SERVER_FAULTS or int(status) >= 500


def rejected(error: ClientError) -> GlueRejectedError:
    """The typed form of a Glue error that is not retried."""
    info = error.response.get("Error", {})
    code = str(info.get("Code", "Unknown"))
    return _BY_CODE.get(code, GlueRejectedError)(code, str(info.get("Message", "")))


class GlueCatalog:
    """The Glue calls the writer makes; every call waits for a slot of the global limit."""

    def __init__(self, clients: GlueClients, concurrency: int, backoff: Backoff, retries: int) -> None:
        self.clients = clients
        self.slots = asyncio.Semaphore(concurrency)
        self.backoff = backoff
        self.retries = retries

    async def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """Call ``operation``; retry throttling/5xx with jittered backoff, then give up.

        Still throttled or failing: TransientError (bounded retries, then dead letter). Unreachable:
        GlueUnreachableError, a ConnectionError, which the runtime waits out instead.
        """
        client = await self.clients.get()
        failure: Exception | None = None
        for attempt in range(1, self.retries + 2):
            if failure is not None:
                log.warning("glue call failed; retrying", extra={"operation": operation, "attempt": attempt})
                await asyncio.sleep(self.backoff.delay(attempt - 1))
            try:
                async with self.slots:
                    response: dict[str, Any] = await getattr(client, operation)(**params)
                    return response
            except ClientError as error:
                if not is_retryable(error):
                    raise rejected(error) from error
                failure = error
            except (BotoConnectionError, HTTPClientError) as error:
                failure = error
        message = f"{operation} still failing after {self.retries + 1} attempts: {failure}"
        if isinstance(failure, BotoConnectionError | HTTPClientError):
            raise GlueUnreachableError(message) from failure
        raise TransientError(message) from failure

    async def get_table(self, database: str, name: str) -> CurrentTable | None:
        """The table, or None when it (or its database) does not exist."""
        try:
            response = await self.call("get_table", DatabaseName=database, Name=name)
        except NotFoundError:
            return None
        return CurrentTable.from_glue(database, response["Table"])

    async def create_table(self, database: str, table: TableInput) -> None:
        """CreateTable; AlreadyExistsError or NotFoundError (database missing) raise."""
        await self.call("create_table", DatabaseName=database, TableInput=table.to_boto())

    async def update_table(self, database: str, table: TableInput, version_id: str | None, skip_archive: bool) -> None:
        """UpdateTable at ``version_id`` (compare-and-swap); VersionConflictError when someone was faster."""
        params: dict[str, Any] = {"DatabaseName": database, "TableInput": table.to_boto(), "SkipArchive": skip_archive}
        if version_id is not None:
            params["VersionId"] = version_id
        await self.call("update_table", **params)

    async def delete_table(self, database: str, name: str) -> bool:
        """DeleteTable; False when it was gone already."""
        try:
            await self.call("delete_table", DatabaseName=database, Name=name)
        except NotFoundError:
            return False
        return True

    async def create_database(self, database: DatabaseInput) -> bool:
        """CreateDatabase; False when it exists already."""
        try:
            await self.call("create_database", DatabaseInput=database.to_boto())
        except AlreadyExistsError:
            return False
        return True

    async def get_database(self, name: str) -> DatabaseInput | None:
        """The database, or None when it does not exist."""
        try:
            response = await self.call("get_database", Name=name)
        except NotFoundError:
            return None
        return DatabaseInput.model_validate(response["Database"])

    async def update_database(self, database: DatabaseInput) -> None:
        """UpdateDatabase to ``database``."""
        await self.call("update_database", Name=database.name, DatabaseInput=database.to_boto())

    async def databases(self) -> AsyncIterator[str]:
        """Every database name."""
        async for database in self._pages("get_databases", "DatabaseList"):
            yield database["Name"]

    async def tables(self, database: str) -> AsyncIterator[CurrentTable]:
        """Every table of ``database``; nothing when the database does not exist."""
        try:
            async for table in self._pages("get_tables", "TableList", DatabaseName=database):
                yield CurrentTable.from_glue(database, table)
        except NotFoundError:
            return

    async def table_names(self, database: str) -> set[str]:
        """Names of the tables of ``database`` (empty when it does not exist)."""
        try:
            return {t["Name"] async for t in self._pages("get_tables", "TableList", DatabaseName=database)}
        except NotFoundError:
            return set()

    async def _pages(self, operation: str, key: str, **params: Any) -> AsyncIterator[dict[str, Any]]:
        token: str | None = None
        while True:
            page = await self.call(operation, **params, **({"NextToken": token} if token else {}))
            for item in page.get(key, []):
                yield item
            token = page.get("NextToken")
            if not token:
                return
