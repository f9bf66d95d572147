"""AWS clients from one profile: endpoint, region, explicit retries and an optional assumed role.

The glue-writer (writes) and the mapper (reads) build their Glue clients here, the service's own and one per
tenant, so a tenant's Glue target is reached with the same account, role and region by both.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

import aioboto3
from aiobotocore.credentials import AioAssumeRoleCredentialFetcher, AioDeferredRefreshableCredentials
from aiobotocore.session import AioSession
from botocore.config import Config
from pydantic import BaseModel, ConfigDict, SecretStr

from mdsync_runtime.tenants import TenantConfig

SESSION_NAME_MAX = 64


class ClientProfile(BaseModel):
    """Everything needed to build an AWS client: where, which credentials, which role, which retries."""

    model_config = ConfigDict(frozen=True)

    endpoint_url: str | None
    region: str | None
    access_key_id: str | None = None
    secret_access_key: SecretStr | None = None
    role_arn: str | None = None
    role_session_name: str = "mdsync"
    sts_endpoint_url: str | None = None
    retry_mode: str = "standard"
    max_attempts: int = 3
    max_pool_connections: int = 32


def chosen_role(tenant_role: str | None, service_role: str | None) -> str | None:
    """The role to assume: the tenant's when it names one, else the service's, else none (the caller's own)."""
    return tenant_role or service_role


def tenant_profile(base: ClientProfile, tenant: TenantConfig) -> ClientProfile:
    """The service's profile pointed at ``tenant``'s region and role, with an STS session name of its own."""
    target = tenant.glue
    return base.model_copy(
        update={
            "region": target.region or base.region,
            "role_arn": chosen_role(target.role_arn, base.role_arn),
            "role_session_name": f"{base.role_session_name}-{tenant.name}"[:SESSION_NAME_MAX],
        }
    )


def botocore_config(profile: ClientProfile) -> Config:
    """Explicit retry mode: aioboto3's botocore would otherwise use legacy retries."""
    return Config(
        retries={"mode": profile.retry_mode, "max_attempts": profile.max_attempts},
        max_pool_connections=profile.max_pool_connections,
    )


async def build_session(profile: ClientProfile) -> aioboto3.Session:
    """A session on the default credential chain (or the profile's keys), assuming the role when one is set."""
    core = AioSession()
    if profile.access_key_id and profile.secret_access_key:
        core.set_credentials(profile.access_key_id, profile.secret_access_key.get_secret_value())
    if profile.role_arn:
        source = await core.get_credentials()
        creator = functools.partial(
            core.create_client, region_name=profile.region, endpoint_url=profile.sts_endpoint_url
        )
        fetcher = AioAssumeRoleCredentialFetcher(
            client_creator=creator,
            source_credentials=source,
            role_arn=profile.role_arn,
            extra_args={"RoleSessionName": profile.role_session_name},
        )
        # aiobotocore has no public setter for refreshable credentials; botocore's own assume-role provider
        # stores them the same way.
        core._credentials = AioDeferredRefreshableCredentials(
            refresh_using=fetcher.fetch_credentials, method="assume-role"
        )
    return aioboto3.Session(botocore_session=core, region_name=profile.region)


async def open_client(profile: ClientProfile, service: str, stack: contextlib.AsyncExitStack) -> Any:
    """An aioboto3 client of ``service`` for ``profile``, closed when ``stack`` closes."""
    session = await build_session(profile)
    client = session.client(service, endpoint_url=profile.endpoint_url, config=botocore_config(profile))
    return await stack.enter_async_context(client)
