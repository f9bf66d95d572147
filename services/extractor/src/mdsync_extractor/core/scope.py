"""Which spaces and kinds a job lists and which of the listed objects it covers."""

from __future__ import annotations

from collections.abc import Iterable

from mdsync_contracts.asset_model import AssetKind
from mdsync_contracts.jobs import JobScope


def spaces_to_list(scope: JobScope, visible: Iterable[str]) -> tuple[str, ...]:
    """Spaces named by the scope (directly or through an asset), or every visible space when it names none."""
    named = {*scope.spaces, *(ref.space for ref in scope.assets)}
    return tuple(sorted(named)) if named else tuple(sorted(set(visible)))


def covers(scope: JobScope, space: str, technical_name: str) -> bool:
    """True when an object of ``space`` belongs to the job: its whole space is in scope, or it is named."""
    if not scope.spaces and not scope.assets:
        return True
    if space in scope.spaces:
        return True
    return any(ref.space == space and ref.technical_name == technical_name for ref in scope.assets)


def named_assets(scope: JobScope, space: str) -> frozenset[str]:
    """Technical names the scope names one by one in ``space`` when the space is not wholly in scope."""
    if space in scope.spaces:
        return frozenset()
    return frozenset(ref.technical_name for ref in scope.assets if ref.space == space)


def scope_kinds(scope: JobScope) -> frozenset[AssetKind]:
    """The kinds a job lists: those the scope names, or every kind when it names none."""
    return frozenset(scope.kinds) if scope.kinds else frozenset(AssetKind)
