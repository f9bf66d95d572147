"""What a caller limited to some tenants may see: pure tenant visibility rules, beside space scoping.

A record of an invisible tenant is invisible exactly like one of an invisible space; a record without tenant
information is visible only to callers who see every tenant. References inside a visible asset's definition stay
within its tenant, so redacting them by space (core/scope.py) is enough once the asset itself is reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from mdsync_audit.core.changes import DeadLetterView
from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.lineage import LineageNode
from mdsync_audit.core.scope import Spaces, job_visible, sees
from mdsync_audit.core.stored import StoredEvent
from mdsync_contracts.deadletter import DeadLetter

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


EVERYTHING = Reach()
"""What a caller seeing every tenant and every space may see (the audit's own reads, tools, benchmarks)."""


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


def within(tenants: Tenants, requested: frozenset[str] | None) -> Tenants:
    """The caller's tenants narrowed to ``requested`` (`X-Mdsync-Tenants`, sent by a service acting for a caller)."""
    if requested is None:
        return tenants
    return requested if tenants is None else requested & tenants


def narrowed(tenants: Tenants, requested: str | None) -> Tenants:
    """The caller's tenants narrowed by a `?tenant=` filter: never wider than the token allows (empty: none)."""
    if requested is None:
        return tenants
    return frozenset({requested}) if sees_tenant(requested, tenants) else frozenset()


def node_tenant(node: LineageNode) -> str | None:
    """A lineage node's tenant: its asset's, or for a Glue table the tenant of the asset it is written from."""
    return tenant_of_id(node.id) or next((t for n in node.upstream if (t := tenant_of_id(n))), None)


def reaches_node(node: LineageNode, reach: Reach) -> bool:
    """True when the caller may see the lineage node (its space and its tenant)."""
    return reach.everything or reaches(node_tenant(node), node.space, reach)


def reaches_job(job: JobView, reach: Reach) -> bool:
    """True when the caller may see the job: its tenant, and one of the spaces its scope names."""
    return sees_tenant(job.tenant, reach.tenants) and job_visible(job, reach.spaces)


def reaches_letter(letter: DeadLetterView, reach: Reach) -> bool:
    """True when the caller may see the dead letter: its asset's; one about no asset needs everything."""
    return reach.everything or reaches_id(letter.asset_id, reach)


def reaches_event(event: StoredEvent, reach: Reach) -> bool:
    """True when the caller may see the event: its tenant and its asset; one about no asset needs every space.

    A dead letter's own tenant may be the consumer's rather than the record's (an undecodable record), so one
    about no asset needs every tenant too.
    """
    if reach.everything:
        return True
    if event.asset_id is not None:
        return sees_tenant(event.tenant, reach.tenants) and reaches_id(event.asset_id, reach)
    return reach.spaces is None and event.type != DeadLetter.CE_TYPE and sees_tenant(event.tenant, reach.tenants)
