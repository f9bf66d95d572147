"""Adaptive polling per tenant: each tenant's spaces share that tenant's own call budget and its own rolling hour.

Pure. One tenant's busy spaces, or an hour it has already spent, never delay another tenant's polls (issue 11 §3):
the allocation stretches a tenant's intervals to fit that tenant's budget only, and a due poll waits only for the
calls its own tenant made in the last hour. Each tenant has its own Datasphere (own rate limit), so the budgets
are independent, not shares of one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mdsync_extractor.core.allocation import Allocation, Demand, PollingPolicy, allocate

HOUR = 3600.0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TenantBudgets(_Frozen):
    """The hourly call budget of each tenant's adaptive polling."""

    default_tenant: str = Field(min_length=1, description="The tenant of schedules that name none.")
    calls_per_hour: dict[str, float] = Field(default_factory=dict, description="Per configured tenant.")
    fallback_calls_per_hour: float = Field(gt=0, description="A tenant not configured: the service setting.")

    def tenant(self, name: str | None) -> str:
        """The tenant a schedule naming ``name`` (None: the default) polls for."""
        return name or self.default_tenant

    def of(self, name: str | None) -> float:
        """The hourly call budget of tenant ``name``."""
        return self.calls_per_hour.get(self.tenant(name), self.fallback_calls_per_hour)


class TenantSpend(_Frozen):
    """One tenant's budget and the calls its adaptive polls made in the last hour."""

    tenant: str
    budget_calls_per_hour: float = Field(gt=0)
    spent_calls_last_hour: float = Field(ge=0)

    def note(self, waits_until: datetime | None = None) -> str:
        """What a space's reason says about its tenant's budget (and a due poll waiting for it)."""
        text = (
            f"tenant {self.tenant}: budget {self.budget_calls_per_hour:.0f} calls/h, "
            f"{self.spent_calls_last_hour:.0f} spent in the last hour"
        )
        if waits_until is not None:
            text += f"; due, waits for this budget until {waits_until:%H:%M:%S} UTC"
        return text


def allocate_per_tenant(
    groups: Mapping[str, Sequence[Demand]], budgets: Mapping[str, float], policy: PollingPolicy
) -> dict[str, Allocation]:
    """Every space's allocation by demand key, each tenant's spaces (``groups``) within that tenant's budget."""
    found: dict[str, Allocation] = {}
    for tenant, demands in groups.items():
        own = policy.model_copy(update={"budget_calls_per_hour": budgets[tenant]})
        found.update((allocation.key, allocation) for allocation in allocate(demands, own))
    return found


def last_hour(spent: Sequence[tuple[float, float]], now: float) -> list[tuple[float, float]]:
    """The (epoch seconds, calls) entries of the rolling hour ending at ``now``."""
    return [(t, c) for t, c in spent if t > now - HOUR]
