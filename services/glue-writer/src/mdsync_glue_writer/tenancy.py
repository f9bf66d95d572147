"""One Glue target per tenant: its region, the role to assume and the database prefix its tables must carry."""

from __future__ import annotations

from mdsync_contracts.base import Message
from mdsync_contracts.glue import ApproveChange, DeleteTable, DeprecateTable, EnsureDatabase, UpsertTable
from mdsync_glue_writer.glue_client import ClientProfile
from mdsync_runtime.errors import PermanentError
from mdsync_runtime.tenants import TenantConfig, Tenants

SESSION_NAME_MAX = 64


def tenant_profile(base: ClientProfile, tenant: TenantConfig) -> ClientProfile:
    """The service's client profile pointed at ``tenant``'s region and role (its own STS session name)."""
    target = tenant.glue
    session = f"{base.role_session_name}-{tenant.name}"[:SESSION_NAME_MAX]
    return base.model_copy(
        update={
            "region": target.region or base.region,
            "role_arn": target.role_arn or base.role_arn,
            "role_session_name": session,
        }
    )


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
