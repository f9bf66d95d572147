"""The periodic sweep: propose DeleteTable for owned tables deprecated longer than the grace period."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_contracts.glue import DeleteTable
from mdsync_glue_writer.catalog import GlueCatalog
from mdsync_glue_writer.core.deprecation import deprecated_at, due_for_delete
from mdsync_glue_writer.core.models import CurrentTable
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.settings import CommonSettings
from mdsync_runtime.store import Document

log = logging.getLogger(__name__)
REQUESTER = "service:glue-writer"
COLLECTION = "glue_writer_delete_proposals"


class Sweeper:
    """Proposes each due table once (per deprecation), as a DeleteTable on the commands topic."""

    def __init__(
        self,
        catalog: GlueCatalog,
        proposals: AsyncCollection[Document],
        publisher: Publisher,
        common: CommonSettings,
        settings: GlueWriterSettings,
        tenant: str | None = None,
        database_prefix: str = "",
    ) -> None:
        self.catalog = catalog
        self.tenant = tenant or common.tenant
        self.database_prefix = database_prefix
        self.proposals = proposals
        self.publisher = publisher
        self.common = common
        self.settings = settings
        self._task: asyncio.Task[None] | None = None

    async def sweep_once(self, now: datetime | None = None) -> list[DeleteTable]:
        """Propose every table due now; return what was proposed."""
        now = now or datetime.now(UTC)
        grace = timedelta(seconds=self.settings.grace_period_seconds)
        proposed = []
        async for database in self._databases():
            tables = [table async for table in self.catalog.tables(database)]
            for table in due_for_delete(tables, now, grace):
                if await self._claim(table):
                    proposed.append(self._proposal(table))
        await self.publisher.publish_many(proposed)
        return proposed

    async def _databases(self) -> AsyncIterator[str]:
        if self.settings.sweep_databases:
            for database in self.settings.sweep_databases:
                if database.startswith(self.database_prefix):
                    yield database
            return
        async for database in self.catalog.databases():
            if database.startswith(self.database_prefix):  # one tenant's sweeper never proposes another's tables
                yield database

    async def _claim(self, table: CurrentTable) -> bool:
        since = deprecated_at(table.table_input)
        key = f"{table.database}.{table.table_input.name}@{since.isoformat() if since else ''}"
        try:
            await self.proposals.insert_one({"_id": key, "at": datetime.now(UTC)})
        except DuplicateKeyError:
            return False
        return True

    def _proposal(self, table: CurrentTable) -> DeleteTable:
        since = deprecated_at(table.table_input)
        return DeleteTable(
            environment=self.common.env,
            tenant=self.tenant,
            requester=REQUESTER,
            database=table.database,
            table=table.table_input.name,
            reason=f"deprecated since {since.isoformat() if since else '?'}; grace period over",
        )

    def start(self) -> None:
        """Run the sweep every interval in the background (0 disables it)."""
        if self.settings.sweep_interval_seconds > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop(), name="glue-writer-sweep")

    async def stop(self) -> None:
        """Cancel the background sweep and wait for it."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        while True:
            try:
                proposed = await self.sweep_once()
                log.info("sweep done", extra={"proposed": len(proposed)})
            except Exception as error:  # a failed sweep is logged and tried again next interval
                log.warning("sweep failed", extra={"error": repr(error)})
            await asyncio.sleep(self.settings.sweep_interval_seconds)
