"""Request context for routes: the simulator state, the calling client, space membership."""

from __future__ import annotations

from enum import StrEnum

from fastapi import Request

from mdsync_devstack.datasphere.fixtures import ClientEntry
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.store import TenantStore


class Access(StrEnum):
    """How a client stands towards a space."""

    OK = "ok"
    FORBIDDEN = "forbidden"
    MISSING = "missing"


def sim_state(request: Request) -> SimState:
    """The simulator state the app was built with."""
    state: SimState = request.app.state.sim
    return state


def current_client(request: Request) -> ClientEntry:
    """The OAuth client the gate authenticated."""
    client: ClientEntry = request.state.client
    return client


def base_url(request: Request) -> str:
    """Scheme and host the request came in on, without a trailing slash."""
    return str(request.base_url).rstrip("/")


def space_access(store: TenantStore, client: ClientEntry, space: str) -> Access:
    """Non-members are forbidden (even for unknown spaces, so a limited client learns nothing); else missing or ok."""
    if not client.is_member(space):
        return Access.FORBIDDEN
    return Access.OK if store.has_space(space) else Access.MISSING


def forbidden_message(client: ClientEntry, space: str) -> str:
    """The 403 message naming the client and the space."""
    return f"Access to space {space!r} denied: OAuth client {client.client_id!r} is not a member of this space"


def member_spaces(store: TenantStore, client: ClientEntry) -> list[str]:
    """Spaces of the tenant the client may read, in tenant order."""
    return [space for space in store.tenant.space_names() if client.is_member(space)]
