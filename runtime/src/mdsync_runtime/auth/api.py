"""FastAPI dependencies: every route needs a valid bearer token; some need a role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mdsync_runtime.auth.principal import Principal, Role
from mdsync_runtime.auth.tokens import Authenticator, AuthError

AccessHook = Callable[[Request, Principal | None, bool, str, Role | None], Awaitable[None]]
"""Called for every refused request and every granted command: (request, principal, granted, reason, role needed)."""

_bearer = HTTPBearer(auto_error=False, description="A JWT from the identity provider, or `mdsync token`.")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _decided(
    request: Request, principal: Principal | None, granted: bool, reason: str, required: Role | None = None
) -> None:
    hook: AccessHook | None = getattr(request.app.state, "on_access", None)
    if hook is not None and (not granted or request.method not in _READS):
        await hook(request, principal, granted, reason, required)


async def authenticated(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """The verified caller; 401 when the token is missing or invalid."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    if credentials is None or credentials.scheme.lower() != "bearer":
        await _decided(request, None, False, "no bearer token")
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    authenticator: Authenticator = request.app.state.authenticator
    try:
        principal = await authenticator.principal(credentials.credentials)
    except AuthError as error:
        await _decided(request, None, False, str(error))
        raise HTTPException(401, str(error), headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
    request.state.principal = principal
    return principal


def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency granting the route to callers holding ``role`` (or a higher one); 403 otherwise."""

    async def check(request: Request, principal: Annotated[Principal, Depends(authenticated)]) -> Principal:
        if not principal.has(role):
            reason = f"needs role {role.value}; {principal.subject} has {principal.top_role or 'none'}"
            await _decided(request, principal, False, reason, role)
            raise HTTPException(403, reason)
        await _decided(request, principal, True, f"role {principal.top_role} covers {role.value}", role)
        return principal

    return check


CurrentPrincipal = Annotated[Principal, Depends(authenticated)]
Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Operator = Annotated[Principal, Depends(require(Role.OPERATOR))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
