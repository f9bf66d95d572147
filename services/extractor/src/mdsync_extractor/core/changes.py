"""Change detection: compare a run's normalized assets with the last-seen state and decide what to publish.

Pure. Deletions are inferred only for spaces whose listing succeeded (a failed listing says nothing about what
exists), and there only for the kinds that were listed (a listing of views says nothing about tables); a space that
would lose too large a share of its known assets of those kinds gets a held deletion instead.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.assets import AssetChange, AssetDefinition, AssetKind, content_hash


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RunMode(StrEnum):
    """Full runs republish everything; incremental runs publish only what changed."""

    FULL = "full"
    INCREMENTAL = "incremental"


class SeenAsset(_Frozen):
    """What was last published for one asset."""

    asset_id: str = Field(description="`{tenant}/{space}/{technical_name}`.")
    space: str
    kind: AssetKind
    content_hash: str
    technical_name: str | None = Field(default=None, description="Taken from asset_id when omitted.")

    @property
    def name(self) -> str:
        """The technical name (may contain dots and slashes)."""
        return self.technical_name or self.asset_id.split("/", 2)[-1]


class Upsert(_Frozen):
    """An asset to publish as AssetUpserted."""

    definition: AssetDefinition
    content_hash: str
    previous_hash: str | None
    change: AssetChange


class Deletion(_Frozen):
    """An asset to publish as AssetDeleted: it was seen before and the listing no longer has it."""

    asset_id: str
    space: str
    technical_name: str
    kind: AssetKind
    last_hash: str


class HeldDeletion(_Frozen):
    """Deletions of one space withheld by the mass-delete guard, for an operator to approve."""

    space: str
    known: int = Field(description="Assets of the space in the last-seen state.")
    deletions: tuple[Deletion, ...]
    limit_share: float = Field(description="The guard's largest allowed share.")

    @property
    def share(self) -> float:
        """Share of the space's known assets that would be deleted."""
        return len(self.deletions) / self.known


class MassDeleteGuard(_Frozen):
    """Hold a space's deletions when they exceed ``max_share`` of its known assets and it has over ``min_known``."""

    max_share: float = Field(default=0.2, gt=0, le=1)
    min_known: int = Field(default=10, ge=0)

    def holds(self, known: int, deleting: int) -> bool:
        """True when deleting ``deleting`` of ``known`` assets needs an operator's approval."""
        return known > self.min_known and deleting > self.max_share * known


class ChangePlan(_Frozen):
    """What a run publishes: upserts, deletions, held deletions; and what it leaves alone."""

    mode: RunMode
    upserts: tuple[Upsert, ...] = ()
    unchanged: tuple[str, ...] = Field(default=(), description="Asset ids whose hash did not change.")
    deletions: tuple[Deletion, ...] = ()
    held: tuple[HeldDeletion, ...] = ()

    def count(self, change: AssetChange) -> int:
        """How many upserts are of this change."""
        return sum(1 for upsert in self.upserts if upsert.change is change)


def plan_changes(
    seen: Mapping[str, SeenAsset],
    current: Iterable[AssetDefinition],
    listed_spaces: Collection[str],
    mode: RunMode,
    *,
    unreadable: Collection[str] = (),
    guard: MassDeleteGuard | None = None,
    listed_kinds: Collection[AssetKind] | None = None,
) -> ChangePlan:
    """Decide the run's events.

    ``listed_spaces``: spaces whose listing succeeded completely (only there can an asset have vanished; pass none
    for asset-scoped runs). ``listed_kinds``: the kinds those listings covered (None: every kind); a seen asset of
    another kind is never deleted. ``unreadable``: asset ids the listing showed but that could not be read or
    normalized; they are neither upserted nor deleted.
    """
    kinds = frozenset(AssetKind) if listed_kinds is None else frozenset(listed_kinds)
    listed = {asset_id: asset for asset_id, asset in seen.items() if asset.kind in kinds}
    definitions = {definition.asset_id: definition for definition in current}
    upserts, unchanged = _upserts(seen, definitions.values(), mode)
    present = definitions.keys() | set(unreadable)
    vanished = [asset for asset in listed.values() if asset.space in listed_spaces and asset.asset_id not in present]
    deletions, held = _guard_deletions(listed, vanished, guard or MassDeleteGuard())
    return ChangePlan(mode=mode, upserts=upserts, unchanged=unchanged, deletions=deletions, held=held)


def _upserts(
    seen: Mapping[str, SeenAsset], definitions: Iterable[AssetDefinition], mode: RunMode
) -> tuple[tuple[Upsert, ...], tuple[str, ...]]:
    upserts: list[Upsert] = []
    unchanged: list[str] = []
    for definition in sorted(definitions, key=lambda d: d.asset_id):
        digest = content_hash(definition)
        previous = seen.get(definition.asset_id)
        change = _change(previous, digest)
        if change is None and mode is RunMode.INCREMENTAL:
            unchanged.append(definition.asset_id)
            continue
        previous_hash = previous.content_hash if previous else None
        upserts.append(
            Upsert(
                definition=definition,
                content_hash=digest,
                previous_hash=previous_hash,
                change=change or AssetChange.REPUBLISHED,
            )
        )
    return tuple(upserts), tuple(unchanged)


def _change(previous: SeenAsset | None, digest: str) -> AssetChange | None:
    if previous is None:
        return AssetChange.CREATED
    return None if previous.content_hash == digest else AssetChange.CHANGED


def _guard_deletions(
    seen: Mapping[str, SeenAsset], vanished: list[SeenAsset], guard: MassDeleteGuard
) -> tuple[tuple[Deletion, ...], tuple[HeldDeletion, ...]]:
    by_space: dict[str, list[Deletion]] = {}
    for asset in sorted(vanished, key=lambda a: a.asset_id):
        by_space.setdefault(asset.space, []).append(_deletion(asset))
    known = _known_per_space(seen.values())
    deletions: list[Deletion] = []
    held: list[HeldDeletion] = []
    for space, gone in sorted(by_space.items()):
        if guard.holds(known[space], len(gone)):
            held.append(
                HeldDeletion(space=space, known=known[space], deletions=tuple(gone), limit_share=guard.max_share)
            )
        else:
            deletions.extend(gone)
    return tuple(deletions), tuple(held)


def _known_per_space(assets: Iterable[SeenAsset]) -> dict[str, int]:
    known: dict[str, int] = {}
    for asset in assets:
        known[asset.space] = known.get(asset.space, 0) + 1
    return known


def _deletion(asset: SeenAsset) -> Deletion:
    return Deletion(
        asset_id=asset.asset_id,
        space=asset.space,
        technical_name=asset.name,
        kind=asset.kind,
        last_hash=asset.content_hash,
    )
