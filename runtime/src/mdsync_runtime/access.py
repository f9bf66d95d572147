"""Access decisions as audit events: every refused request and every granted command, who, what and why."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from fastapi import Request

from mdsync_contracts.security import ANONYMOUS, AccessDecided
from mdsync_runtime.auth import Principal, Role
from mdsync_runtime.publisher import Publisher

if TYPE_CHECKING:
    from mdsync_runtime.service import Runtime

log = logging.getLogger(__name__)

DRAIN_SECONDS = 5.0


def access_decided(
    runtime: Runtime, request: Request, principal: Principal | None, granted: bool, reason: str, required: Role | None
) -> AccessDecided:
    """The audit event of one access decision."""
    route = request.scope.get("route")
    return AccessDecided(
        environment=runtime.common.env,
        tenant=runtime.common.tenant,
        service=runtime.service,
        method=request.method,
        path=request.url.path,
        route=getattr(route, "path", None),
        subject=principal.subject if principal else ANONYMOUS,
        subject_kind=principal.kind if principal else None,
        roles=sorted(role.value for role in principal.roles) if principal else [],
        spaces=sorted(principal.spaces) if principal and principal.spaces is not None else None,
        granted=granted,
        reason=reason,
        required_role=required.value if required else None,
        status_code=None if granted else (403 if principal else 401),
    )


class AccessReporter:
    """``app.state.on_access``: publishes AccessDecided without holding up the request.

    Fire-and-forget with at most ``limit`` sends in flight: a slow or absent broker never slows or fails a request;
    a decision that cannot be published (limit reached, send failed) is logged instead.
    """

    def __init__(self, limit: int = 256) -> None:
        self._limit = limit
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(
        self, request: Request, principal: Principal | None, granted: bool, reason: str, required: Role | None
    ) -> None:
        """Report one decision (a no-op before the service has started)."""
        runtime: Runtime | None = getattr(request.app.state, "runtime", None)
        if runtime is None:
            return
        message = access_decided(runtime, request, principal, granted, reason, required)
        if len(self._tasks) >= self._limit:
            _log_unpublished(message, "too many access events in flight")
            return
        task = asyncio.create_task(_publish(runtime.publisher, message), name="access-event")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait (at most ``DRAIN_SECONDS``) for the sends in flight, then give up on the rest (each is logged)."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=DRAIN_SECONDS)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


async def _publish(publisher: Publisher, message: AccessDecided) -> None:
    try:
        await publisher.publish(message)
    except asyncio.CancelledError:
        _log_unpublished(message, "still unacknowledged when the service stopped")
        raise
    except Exception as error:  # an audit event must never fail a request or crash the service
        _log_unpublished(message, f"{type(error).__name__}: {error}")


def _log_unpublished(message: AccessDecided, why: str) -> None:
    fields = message.model_dump(mode="json", include={"method", "path", "subject", "granted", "reason"})
    log.warning("access event not published: %s", why, extra={"access": fields})
