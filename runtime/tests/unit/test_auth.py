"""Tokens from the local issuer are verified for signature, issuer, audience and expiry; roles rank."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest

from mdsync_runtime.auth import Authenticator, AuthError, AuthSettings, Principal, Role
from mdsync_runtime.auth.client import local_token
from mdsync_runtime.auth.local import ensure_local_keys, issue_token


@pytest.fixture
def settings(tmp_path: Path) -> AuthSettings:
    return AuthSettings(key_dir=tmp_path / "auth")


async def test_a_local_token_becomes_its_principal(settings: AuthSettings) -> None:
    token = local_token(Role.OPERATOR, ["SALES", "FINANCE"], "ann", settings=settings)
    principal = await Authenticator(settings).principal(token)
    assert principal.subject == "ann"
    assert principal.roles == {Role.OPERATOR}
    assert principal.spaces == {"SALES", "FINANCE"}
    assert principal.kind == "user"


async def test_every_space_is_spelled_star(settings: AuthSettings) -> None:
    principal = await Authenticator(settings).principal(local_token(Role.VIEWER, ["*"], settings=settings))
    assert principal.spaces is None
    assert principal.sees("ANY")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"aud": "someone-else"}, r"(?i)audience"),
        ({"iss": "elsewhere"}, "issuer"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"roles": ["superuser"]}, "no mdsync role"),
    ],
)
async def test_wrong_claims_are_refused_by_name(
    settings: AuthSettings, change: dict[str, object], complaint: str
) -> None:
    keys = ensure_local_keys(settings.key_dir)
    claims = {"iss": settings.issuer, "aud": settings.audience, "sub": "x", "iat": int(time.time())}
    claims |= {"exp": int(time.time()) + 60, "roles": ["admin"], "spaces": ["*"]} | change
    token = jwt.encode(claims, keys.private_key.read_bytes(), algorithm="RS256", headers={"kid": "mdsync-local-1"})
    with pytest.raises(AuthError, match=complaint):
        await Authenticator(settings).principal(token)


async def test_a_token_signed_by_another_key_is_refused(settings: AuthSettings, tmp_path: Path) -> None:
    forged = issue_token(
        tmp_path / "other", subject="x", roles=["admin"], spaces=["*"], issuer=settings.issuer, audience="mdsync"
    )
    with pytest.raises(AuthError, match=r"(?i)signature"):
        await Authenticator(settings).principal(forged)


async def test_garbage_is_a_malformed_token(settings: AuthSettings) -> None:
    with pytest.raises(AuthError, match="malformed"):
        await Authenticator(settings).principal("not-a-jwt")


def test_roles_include_the_lower_ones() -> None:
    admin = Principal(subject="a", roles=frozenset({Role.ADMIN}), spaces=None)
    viewer = Principal(subject="v", roles=frozenset({Role.VIEWER}), spaces=frozenset({"SALES"}))
    assert admin.has(Role.OPERATOR)
    assert admin.has(Role.VIEWER)
    assert viewer.has(Role.VIEWER)
    assert not viewer.has(Role.OPERATOR)


def test_visible_spaces_narrow_a_request() -> None:
    viewer = Principal(subject="v", roles=frozenset({Role.VIEWER}), spaces=frozenset({"SALES"}))
    assert viewer.visible(["SALES", "FINANCE"]) == {"SALES"}
    assert viewer.visible() == {"SALES"}
    assert not viewer.sees("FINANCE")
    assert not viewer.sees(None)


def test_the_principal_never_prints_its_token(settings: AuthSettings) -> None:
    principal = Principal(subject="v", roles=frozenset({Role.VIEWER}), spaces=None, token="secret-token-value")
    assert "secret-token-value" not in repr(principal) + principal.model_dump_json()
