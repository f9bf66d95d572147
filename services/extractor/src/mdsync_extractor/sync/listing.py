"""Listing a job's scope: visible spaces, then the design-time object types of each space in scope (every type, or
those of the kinds the scope names: each kind has a list of its own)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from mdsync_contracts.asset_model import AssetKind
from mdsync_contracts.jobs import JobScope
from mdsync_extractor.core.jobs import SpaceError
from mdsync_extractor.core.scope import covers, named_assets, scope_kinds, spaces_to_list
from mdsync_extractor.datasphere import DatasphereClient, DatasphereError, ObjectSummary, ObjectType


class UnknownKindError(ValueError):
    """A scope names a kind the extractor has no design-time list for."""


@dataclass
class Listing:
    """What the listing found: objects in scope, spaces listed completely (for ``kinds`` only), and what not."""

    visible_spaces: tuple[str, ...]
    kinds: frozenset[AssetKind] = frozenset(AssetKind)
    objects: list[ObjectSummary] = field(default_factory=list)
    complete_spaces: set[str] = field(default_factory=set)
    space_errors: list[SpaceError] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)


async def list_scope(client: DatasphereClient, scope: JobScope) -> Listing:
    """List the scope; a space whose listing fails is reported, never read as empty."""
    types = object_types(scope_kinds(scope))
    visible = tuple(space.name for space in await client.list_spaces())
    listing = Listing(visible_spaces=visible, kinds=frozenset(t.kind for t in types))
    wanted = spaces_to_list(scope, visible)
    for space in wanted:
        if space not in visible:
            error = f"space {space!r} is not visible to the OAuth client; check its space membership"
            listing.space_errors.append(SpaceError(space=space, error=error))
    results = await asyncio.gather(*(_list_space(client, space, types) for space in wanted if space in visible))
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


def object_types(kinds: frozenset[AssetKind]) -> tuple[ObjectType, ...]:
    """The design-time types to list for ``kinds``; UnknownKindError naming a kind none of them holds."""
    types = tuple(object_type for object_type in ObjectType if object_type.kind in kinds)
    unknown = sorted(kinds - {object_type.kind for object_type in types})
    if unknown:
        raise UnknownKindError(f"the extractor has no design-time list for kind(s) {', '.join(unknown)}")
    return types


async def _list_space(
    client: DatasphereClient, space: str, types: tuple[ObjectType, ...]
) -> list[ObjectSummary] | SpaceError:
    try:
        per_type = await asyncio.gather(*(client.list_objects(space, object_type) for object_type in types))
    except DatasphereError as error:
        return SpaceError(space=space, error=str(error))
    return [obj for objects in per_type for obj in objects]
