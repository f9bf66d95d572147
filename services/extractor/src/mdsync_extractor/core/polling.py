"""Adaptive polling, learning half: how often a space changes, from what each poll's change detection found.

Pure. The estimate is a ratio of two exponentially weighted moving averages over the last polls (changes found
per poll over hours covered per poll), so a long quiet poll weighs its hours and a short busy one its changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.assets import AssetChange
from mdsync_extractor.core.changes import ChangePlan


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PollResult(_Frozen):
    """What one poll of one space found: its assets and the changes change detection saw since the last poll."""

    assets: int = Field(ge=0, description="Objects listed in the space.")
    changes: int = Field(ge=0, description="Created, changed and deleted assets the poll detected.")
    hours: float | None = Field(
        default=None, ge=0, description="Hours since the previous poll; None for a first poll (no rate yet)."
    )
    changes_by_kind: dict[str, int] = Field(default_factory=dict, description="Changes per asset kind.")


class ChangeRate(_Frozen):
    """What was learned about one space: EWMAs of changes and hours per poll, and its size."""

    polls: int = Field(default=0, ge=0, description="Polls that measured a rate (a first poll does not).")
    changes_ewma: float = Field(default=0.0, ge=0)
    hours_ewma: float = Field(default=0.0, ge=0)
    kinds_ewma: dict[str, float] = Field(default_factory=dict, description="Changes per poll, per asset kind.")
    assets: int | None = Field(default=None, ge=0, description="Objects in the space at the last poll.")

    @property
    def per_hour(self) -> float | None:
        """Changes per hour, or None before any measured poll."""
        if self.polls == 0 or self.hours_ewma <= 0:
            return None
        return self.changes_ewma / self.hours_ewma

    def kind_per_hour(self) -> dict[str, float]:
        """Changes per hour per asset kind (only kinds that changed)."""
        if self.hours_ewma <= 0:
            return {}
        return {kind: value / self.hours_ewma for kind, value in sorted(self.kinds_ewma.items()) if value > 0}


def smoothing(window_polls: int) -> float:
    """The EWMA weight of the newest poll for an effective window of ``window_polls`` polls."""
    return 2.0 / (window_polls + 1)


def observe(rate: ChangeRate, result: PollResult, window_polls: int) -> ChangeRate:
    """``rate`` after one more poll; a first poll (no ``hours``) only records the space's size."""
    if result.hours is None:
        return rate.model_copy(update={"assets": result.assets})
    alpha = 1.0 if rate.polls == 0 else smoothing(window_polls)
    kinds = set(rate.kinds_ewma) | set(result.changes_by_kind)
    return ChangeRate(
        polls=rate.polls + 1,
        changes_ewma=_mix(rate.changes_ewma, result.changes, alpha),
        hours_ewma=_mix(rate.hours_ewma, result.hours, alpha),
        kinds_ewma={k: _mix(rate.kinds_ewma.get(k, 0.0), result.changes_by_kind.get(k, 0), alpha) for k in kinds},
        assets=result.assets,
    )


def _mix(old: float, new: float, alpha: float) -> float:
    return alpha * new + (1 - alpha) * old


class SpacePoll(_Frozen):
    """What one run's change detection found in one completely listed space (stored on the job)."""

    space: str
    assets: int = Field(ge=0, description="Objects listed in the space (of the kinds listed).")
    changes: int = Field(default=0, ge=0, description="Created, changed, deleted and held assets.")
    changes_by_kind: dict[str, int] = Field(default_factory=dict)
    assets_by_kind: dict[str, int] = Field(default_factory=dict, description="Objects listed per kind.")
    kinds: tuple[str, ...] = Field(default=(), description="The kinds the poll listed; empty: every kind.")

    def listed(self, kind: str) -> bool:
        """True when this poll listed ``kind`` completely."""
        return not self.kinds or kind in self.kinds

    def of_kind(self, kind: str) -> SpacePoll:
        """What this poll found among the objects of one kind it listed."""
        changes = self.changes_by_kind.get(kind, 0)
        assets = self.assets_by_kind.get(kind, 0)
        return SpacePoll(
            space=self.space,
            assets=assets,
            changes=changes,
            changes_by_kind={kind: changes} if changes else {},
            assets_by_kind={kind: assets},
            kinds=(kind,),
        )


def space_polls(
    listed: Mapping[str, Mapping[str, int]], plan: ChangePlan, kinds: Iterable[str] = ()
) -> tuple[SpacePoll, ...]:
    """Per listed space (``listed``: space → kind → objects), the changes ``plan`` found there; republished ones
    aren't. ``kinds``: the kinds the job listed (empty: every kind)."""
    found: dict[str, dict[str, int]] = {space: {} for space in listed}
    changed = [
        (u.definition.space, u.definition.kind.value) for u in plan.upserts if u.change is not AssetChange.REPUBLISHED
    ]
    gone = [(d.space, d.kind.value) for d in (*plan.deletions, *(d for h in plan.held for d in h.deletions))]
    for space, kind in (*changed, *gone):
        if space in found:
            found[space][kind] = found[space].get(kind, 0) + 1
    return tuple(
        SpacePoll(
            space=space,
            assets=sum(listed[space].values()),
            changes=sum(changes.values()),
            changes_by_kind=changes,
            assets_by_kind=dict(listed[space]),
            kinds=tuple(sorted(kinds)),
        )
        for space, changes in sorted(found.items())
    )
