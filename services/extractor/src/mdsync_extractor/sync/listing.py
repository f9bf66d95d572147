"""Listing a job's scope: visible spaces, then every design-time object type of each space in scope."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from mdsync_contracts.jobs import JobScope
from mdsync_extractor.core.jobs import SpaceError
from mdsync_extractor.core.scope import covers, named_assets, spaces_to_list
from mdsync_extractor.datasphere import DatasphereClient, DatasphereError, ObjectSummary, ObjectType


@dataclass
class Listing:
    """What the listing found: objects in scope, spaces listed completely, and what could not be listed."""

    visible_spaces: tuple[str, ...]
    objects: list[ObjectSummary] = field(default_factory=list)
    complete_spaces: set[str] = field(default_factory=set)
    space_errors: list[SpaceError] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)


async def list_scope(client: DatasphereClient, scope: JobScope) -> Listing:
    """List the scope; a space whose listing fails is reported, never read as empty."""
    visible = tuple(space.name for space in await client.list_spaces())
    listing = Listing(visible_spaces=visible)
    wanted = spaces_to_list(scope, visible)
    for space in wanted:
        if space not in visible:
            error = f"space {space!r} is not visible to the OAuth client; check its space membership"
            listing.space_errors.append(SpaceError(space=space, error=error))
    results = await asyncio.gather(*(_list_space(client, space) for space in wanted if space in visible))
    for space, objects_or_error in zip([s for s in wanted if s in visible], results, strict=True):
        if isinstance(objects_or_error, SpaceError):
            listing.space_errors.append(objects_or_error)
            continue
        _add_space(listing, scope, space, objects_or_error)
    return listing


def _add_space(listing: Listing, scope: JobScope, space: str, objects: list[ObjectSummary]) -> None:
    covered = [obj for obj in objects if covers(scope, space, obj.technical_name)]
    listing.objects.extend(covered)
    named = named_assets(scope, space)
    if named:
        found = {obj.technical_name for obj in covered}
        listing.missing.extend((space, name) for name in sorted(named - found))
    else:
        listing.complete_spaces.add(space)


async def _list_space(client: DatasphereClient, space: str) -> list[ObjectSummary] | SpaceError:
    try:
        per_type = await asyncio.gather(*(client.list_objects(space, object_type) for object_type in ObjectType))
    except DatasphereError as error:
        return SpaceError(space=space, error=str(error))
    return [obj for objects in per_type for obj in objects]
