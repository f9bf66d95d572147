"""Keyed reads of the bulk catalogue: a page of assets with what a catalogue reader needs, in four lookups."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.catalog_models import PROJECTION, CatalogAsset, CatalogEntry, CatalogPage
from mdsync_audit.core.search import ALL
from mdsync_audit.core.tenant_scope import Reach, reaches_id
from mdsync_audit.store import schema, sets
from mdsync_runtime.store import Document


@dataclass(frozen=True)
class CatalogReads:
    """Read side of the catalogue."""

    db: AsyncDatabase[Document]
    search_shards: int

    async def page(self, reach: Reach, limit: int, cursor: str | None) -> CatalogPage:
        """Visible assets after ``cursor`` by id: ids from the all-assets postings, then ``$in`` lookups only.

        Asset documents, then the Glue tables they map to, then the commands of the applied Glue versions
        (their lossy columns): each one ``$in`` on ``_id`` for the whole page.
        """
        listed = (await sets.members(self.db[schema.TOKENS], [ALL], self.search_shards))[ALL]
        ordered = sorted(i for i in listed if reaches_id(i, reach) and (cursor is None or i > cursor))
        page = ordered[:limit]
        found = await self.db[schema.ASSETS].find({"_id": {"$in": page}}, PROJECTION).to_list(None)
        views = {v.id: v for v in (CatalogAsset.model_validate(raw) for raw in found)}
        live = [views[i] for i in page if i in views and not views[i].deleted]
        lossy = await self._lossy(live)
        items = tuple(CatalogEntry.of(v, reach.spaces, lossy.get(v.id, ())) for v in live)
        return CatalogPage(items=items, next_cursor=page[-1] if len(ordered) > limit else None)

    async def _lossy(self, views: list[CatalogAsset]) -> dict[str, tuple[str, ...]]:
        """Lossy columns per asset, from the command that produced its applied Glue version.

        Only the fields needed are read (projections), so a page does not parse 20 results and commands per
        table and every command's full payload.
        """
        names = sorted({v.glue.table for v in views if v.glue})
        found = await self.db[schema.GLUE_TABLES].find({"_id": {"$in": names}}, COMMAND_FIELDS).to_list(None)
        tables = {t.id: t for t in (TableCommands.model_validate(raw) for raw in found)}
        commands = {v.id: command for v in views if (command := applied_command(v, tables))}
        wanted = sorted(set(commands.values()))
        raw_events = await self.db[schema.EVENTS].find({"_id": {"$in": wanted}}, LOSSY_FIELDS).to_list(None)
        lossy = {e.id: e.payload.lossy_columns for e in (CommandLossy.model_validate(raw) for raw in raw_events)}
        return {asset_id: lossy[event_id] for asset_id, event_id in commands.items() if lossy.get(event_id)}


class CommandRef(BaseModel):
    """A command of a Glue table, as far as the catalogue reads it."""

    event_id: str
    desired_hash: str


class TableCommands(BaseModel):
    """The commands of a Glue table (projection of `glue_tables`)."""

    id: str = Field(alias="_id")
    commands: tuple[CommandRef, ...] = ()


class LossyPayload(BaseModel):
    """The part of an UpsertTable payload the catalogue reads."""

    lossy_columns: tuple[str, ...] = ()


class CommandLossy(BaseModel):
    """A stored command event, projected to its lossy columns."""

    id: str = Field(alias="_id")
    payload: LossyPayload = Field(default_factory=LossyPayload)


COMMAND_FIELDS = {"commands.event_id": 1, "commands.desired_hash": 1}
LOSSY_FIELDS = {"payload.lossy_columns": 1}


def applied_command(view: CatalogAsset, tables: dict[str, TableCommands]) -> str | None:
    """Event id of the newest command whose desired table is the applied one (else the newest command)."""
    if view.glue is None or (table := tables.get(view.glue.table)) is None or not table.commands:
        return None
    matching = [c for c in table.commands if c.desired_hash == view.glue.desired_hash]
    return (matching or list(table.commands))[0].event_id
