"""A hint of which tables exist, so a new table costs one CreateTable instead of a GetTable first.

Only a hint: a table wrongly thought absent fails CreateTable with AlreadyExists and is read; one wrongly
thought present is read, found absent and created. Either way the decision is taken on what Glue says.
"""

from __future__ import annotations

import asyncio

from mdsync_glue_writer.catalog import GlueCatalog


class PresenceHint:
    """Table names per database, listed once per process and kept current by the writer's own calls."""

    def __init__(self, catalog: GlueCatalog) -> None:
        self.catalog = catalog
        self._names: dict[str, set[str]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def likely_exists(self, database: str, table: str) -> bool:
        """True unless the table is believed absent."""
        names = self._names.get(database)
        if names is None:
            names = await self._load(database)
        return table in names

    async def _load(self, database: str) -> set[str]:
        lock = self._locks.setdefault(database, asyncio.Lock())
        async with lock:
            if database not in self._names:
                self._names[database] = await self.catalog.table_names(database)
            return self._names[database]

    def seen(self, database: str, table: str, exists: bool) -> None:
        """Record what a call just showed."""
        names = self._names.get(database)
        if names is None:
            return
        if exists:
            names.add(table)
        else:
            names.discard(table)
