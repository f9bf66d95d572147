"""Adaptive polling per object kind: each kind of a space polled at its own interval, within the same budget.

Pure. A space's kinds become polling units of their own (``{space}|{kind}``), each with its own change rate and
its own cost, and ``allocation.allocate`` chooses their intervals like spaces' (same bounds, same tenant budget):
busy kinds often, quiet or large ones less. It pays when a space's kinds differ in how often they change: a poll
of one kind costs only that kind's objects, where a space poll reads every object for a change in any kind.

Where listing allows it (``shared/reference/datasphere-api.md``): every kind the extractor reads has a design-time
list of its own, ``GET /dwaas-core/api/v1/spaces/{space}/{type}`` (§4.3: local and remote tables, views, analytic
models, data, replication and transformation flows, task chains), so listing *can* be narrowed to one kind: a poll
of one kind costs the space list, that type's list and one read of each of its objects (nothing listed carries a
modification time, §7, so each object of the polled kind is read and hashed). The catalog cannot narrow by kind:
its ``$filter`` knows ``spaceName``, ``name`` and ``supportsAnalyticalQueries`` only (which does not even separate
views from analytic models, §4.3) and it lists exposed assets only (§2.4). No kind has to stay space-wide.

The poller runs it (``ADAPTIVE_PER_KIND``): a unit per kind (``core.adaptive.SpacePolling.kind``) is polled by a job
whose ``JobScope.kinds`` names that kind; listing lists that type only (``sync/listing.py``), change detection reads
the listing as complete for that kind only (``core/changes.py``: another kind is never deleted), and the job's poll
records each kind's size and changes (``SpacePoll.assets_by_kind``), which the unit learns from. The replay and the
bench use ``by_kind`` and ``whole`` below to measure what it saves.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from mdsync_extractor.core.allocation import KIND_LISTING_CALLS, LISTING_CALLS
from mdsync_extractor.core.replay import SpaceHistory


class KindHistory(BaseModel):
    """One kind of a space: how many objects it has and the hours at which one of them changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str = Field(min_length=1, description="The asset kind, e.g. view, local_table.")
    assets: int = Field(ge=0)
    changes: tuple[float, ...] = Field(default=(), description="Change times in hours, ascending.")


def kind_key(space: str, kind: str) -> str:
    """The polling unit of one kind of one space."""
    return f"{space}|{kind}"


def by_kind(space: str, kinds: Sequence[KindHistory], tenant: str | None = None) -> list[SpaceHistory]:
    """``space`` polled per kind: one unit per kind, each costing a one-type listing and its own objects."""
    return [
        SpaceHistory(
            key=kind_key(space, k.kind),
            assets=k.assets,
            changes=k.changes,
            tenant=tenant,
            listing_calls=KIND_LISTING_CALLS,
        )
        for k in kinds
    ]


def whole(space: str, kinds: Sequence[KindHistory], tenant: str | None = None) -> SpaceHistory:
    """The same ``space`` polled whole: every kind listed and read, their changes together."""
    changes = tuple(sorted(t for k in kinds for t in k.changes))
    assets = sum(k.assets for k in kinds)
    return SpaceHistory(key=space, assets=assets, changes=changes, tenant=tenant, listing_calls=LISTING_CALLS)
