"""One Glue target per tenant: its tables must carry its database prefix (its client: `mdsync_runtime.aws`)."""

from __future__ import annotations

from mdsync_contracts.base import Message
from mdsync_contracts.glue import ApproveChange, DeleteTable, DeprecateTable, EnsureDatabase, UpsertTable
from mdsync_runtime.errors import PermanentError
from mdsync_runtime.tenants import TenantConfig, Tenants


def database_of(message: Message) -> str | None:
    """The Glue database a command writes to."""
    if isinstance(message, EnsureDatabase):
        return message.database_input.name
    if isinstance(message, UpsertTable | DeprecateTable | DeleteTable | ApproveChange):
        return message.database
    return None


def tenant_of(tenants: Tenants, message: Message) -> TenantConfig:
    """The configured tenant of ``message``; PermanentError when it is unknown or names another tenant's database."""
    tenant = tenants.get(message.tenant)
    if tenant is None:
        raise PermanentError(f"tenant {message.tenant!r} is not configured (tenants: {', '.join(tenants.names)})")
    database, prefix = database_of(message), tenant.glue.database_prefix
    if database is not None and not database.startswith(prefix):
        raise PermanentError(f"database {database!r} is outside tenant {tenant.name!r}'s prefix {prefix!r}")
    return tenant
