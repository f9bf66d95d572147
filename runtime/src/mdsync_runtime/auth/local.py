"""The devstack's local token issuer: an RSA key pair on disk, its JWKS, and tokens signed with it."""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_ID = "mdsync-local-1"
DEFAULT_TTL_SECONDS = 8 * 3600


@dataclass(frozen=True)
class LocalKeys:
    """Files of the local issuer."""

    private_key: Path
    jwks: Path


def ensure_local_keys(key_dir: Path) -> LocalKeys:
    """Create the key pair and JWKS once (safe when several processes race); return their paths."""
    keys = LocalKeys(key_dir / "issuer.pem", key_dir / "jwks.json")
    if keys.jwks.exists() and keys.private_key.exists():
        return keys
    key_dir.mkdir(parents=True, exist_ok=True)
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with contextlib.suppress(FileExistsError):
        fd = os.open(keys.private_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
    _write_jwks(keys)
    return keys


def _write_jwks(keys: LocalKeys) -> None:
    for _ in range(50):
        pem = keys.private_key.read_bytes()
        if pem.strip().endswith(b"-----END PRIVATE KEY-----"):
            break
        time.sleep(0.05)
    private = serialization.load_pem_private_key(pem, password=None)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))  # type: ignore[arg-type]
    jwk.update({"kid": KEY_ID, "use": "sig", "alg": "RS256"})
    temporary = keys.jwks.with_suffix(f".{uuid.uuid4().hex}.tmp")
    temporary.write_text(json.dumps({"keys": [jwk]}))
    temporary.replace(keys.jwks)


def issue_token(
    key_dir: Path,
    *,
    subject: str,
    roles: Iterable[str],
    spaces: Iterable[str],
    issuer: str,
    audience: str,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
    tenants: Iterable[str] | None = None,
) -> str:
    """A token from the local issuer for ``subject`` with ``roles`` over ``spaces`` (``*`` for every space)."""
    keys = ensure_local_keys(key_dir)
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "iat": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
        "roles": sorted(roles),
        "spaces": sorted(spaces),
    }
    if tenants is not None:
        claims["tenants"] = sorted(tenants)
    return jwt.encode(claims, keys.private_key.read_bytes(), algorithm="RS256", headers={"kid": KEY_ID})
