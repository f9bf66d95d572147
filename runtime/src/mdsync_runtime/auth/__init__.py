"""Who is calling: bearer tokens (OIDC JWTs or the devstack's local issuer), roles and visible spaces."""

from mdsync_runtime.auth.principal import ALL_SPACES, Principal, Role
from mdsync_runtime.auth.settings import AuthSettings
from mdsync_runtime.auth.tokens import Authenticator, AuthError

__all__ = ["ALL_SPACES", "AuthError", "AuthSettings", "Authenticator", "Principal", "Role"]
