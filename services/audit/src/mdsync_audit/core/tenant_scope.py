"""What a caller limited to some tenants may see: pure tenant visibility rules, beside space scoping.

Not wired into the read sides yet: until job views and alerts carry their tenant, `api_deps.caller_spaces` keeps
refusing (403) a caller that does not see every tenant the deployment serves. These rules are what the read sides
will apply then: a record of an invisible tenant is invisible exactly like one of an invisible space, and a record
without tenant information is visible only to callers who see every tenant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mdsync_audit.core.changes import DeadLetterView
from mdsync_audit.core.scope import Spaces, sees

Tenants = frozenset[str] | None
"""The tenants a caller may see; None means every tenant."""


@dataclass(frozen=True)
class Reach:
    """What a caller may see: its spaces and its tenants (None in either: all of them)."""

    spaces: Spaces = None
    tenants: Tenants = None

    @property
    def everything(self) -> bool:
        """True when nothing is hidden from the caller (the read sides may skip every filter)."""
        return self.spaces is None and self.tenants is None


def tenant_of_id(record_id: str | None) -> str | None:
    """The tenant of an asset id `{tenant}/{space}/{name}` or lineage node `ds:{asset id}`; None otherwise."""
    parts = (record_id or "").removeprefix("ds:").split("/", 2)
    return parts[0] if len(parts) == 3 and parts[0] else None


def sees_tenant(tenant: str | None, tenants: Tenants) -> bool:
    """True when a caller limited to ``tenants`` may see something of ``tenant`` (unknown: only if it sees all)."""
    return tenants is None or (tenant is not None and tenant in tenants)


def reaches(tenant: str | None, space: str | None, reach: Reach) -> bool:
    """True when the caller may see a record of ``tenant`` in ``space``: both must be visible."""
    return sees_tenant(tenant, reach.tenants) and sees(space, reach.spaces)


def reaches_id(record_id: str | None, reach: Reach) -> bool:
    """True when the caller may see the asset (or `ds:` node) ``record_id``."""
    if reach.everything:
        return True
    parts = (record_id or "").removeprefix("ds:").split("/", 2)
    if len(parts) != 3:
        return False
    return reaches(parts[0] or None, parts[1], reach)


def narrowed(tenants: Tenants, requested: str | None) -> Tenants:
    """The caller's tenants narrowed by a `?tenant=` filter: never wider than the token allows (empty: none)."""
    if requested is None:
        return tenants
    return frozenset({requested}) if sees_tenant(requested, tenants) else frozenset()


def hidden_tenants(served: Iterable[str], tenants: Tenants) -> tuple[str, ...]:
    """The served tenants a caller limited to ``tenants`` may not see, in the order served."""
    return tuple(t for t in served if not sees_tenant(t, tenants))


def letter_tenant(letter: DeadLetterView) -> str | None:
    """A dead letter's tenant: its asset's, else its event's (the decoded message's, or the consumer's own)."""
    return tenant_of_id(letter.asset_id) or letter.tenant
