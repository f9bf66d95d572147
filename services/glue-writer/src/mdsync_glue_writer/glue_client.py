"""The aioboto3 Glue client: explicit retries, configurable endpoint, default credential chain, optional role."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import SecretStr

from mdsync_contracts.base import Environment
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_runtime import ports
from mdsync_runtime.aws import ClientProfile, open_client
from mdsync_runtime.instruments import instruments
from mdsync_runtime.metrics import attributes

DEV_REGION = "eu-central-1"
DEV_KEY = "testing"


def resolve_profile(settings: GlueWriterSettings, env: Environment, environ: Mapping[str, str]) -> ClientProfile:
    """In dog, default to the devstack moto (eu-central-1, `testing` keys unless the chain has some); else AWS."""
    dog = env is Environment.DOG
    endpoint = settings.glue_endpoint or (ports.glue_endpoint() if dog else None)
    region = settings.region or (DEV_REGION if dog and not _chain_region(environ) else None)
    has_keys = "AWS_ACCESS_KEY_ID" in environ or "AWS_PROFILE" in environ
    use_dev_keys = dog and not has_keys and endpoint is not None
    return ClientProfile(
        endpoint_url=endpoint,
        region=region,
        access_key_id=DEV_KEY if use_dev_keys else None,
        secret_access_key=SecretStr(DEV_KEY) if use_dev_keys else None,
        role_arn=settings.role_arn,
        role_session_name=settings.role_session_name,
        sts_endpoint_url=settings.sts_endpoint,
        retry_mode=settings.retry_mode.value,
        max_attempts=settings.boto_max_attempts,
        max_pool_connections=settings.max_pool_connections,
    )


def _chain_region(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION"))


class GlueClients:
    """Creates the one Glue client lazily (on the running loop) and closes it at shutdown."""

    def __init__(self, profile: ClientProfile) -> None:
        self.profile = profile
        self._lock = asyncio.Lock()
        self._stack: contextlib.AsyncExitStack | None = None
        self._client: Any = None
        self._on_open: list[Callable[[Any], None]] = []

    def on_open(self, callback: Callable[[Any], None]) -> None:
        """Call ``callback(client)`` whenever a client is created (e.g. to register botocore event handlers)."""
        self._on_open.append(callback)

    async def get(self) -> Any:
        """The client, created on first use."""
        if self._client is None:
            async with self._lock:
                if self._client is None:
                    self._client = await self._open()
        return self._client

    async def _open(self) -> Any:
        stack = contextlib.AsyncExitStack()
        client = await open_client(self.profile, "glue", stack)
        self._stack = stack
        for callback in self._on_open:
            callback(client)
        return client

    async def close(self) -> None:
        """Close the client; a later ``get`` opens a new one."""
        async with self._lock:
            stack, self._stack, self._client = self._stack, None, None
            if stack is not None:
                await stack.aclose()


def profile_from_env(settings: GlueWriterSettings, env: Environment) -> ClientProfile:
    """The profile for this process's environment variables."""
    return resolve_profile(settings, env, os.environ)


def count_calls(client: Any, tenant: str | None = None) -> None:
    """Count each Glue call (after botocore's retries) by operation and outcome: ok, the AWS error code or error."""
    client.meta.events.register("after-call.glue", functools.partial(_after_call, tenant=tenant))
    client.meta.events.register("after-call-error.glue", functools.partial(_after_call_error, tenant=tenant))


def _after_call(event_name: str, parsed: Mapping[str, Any], tenant: str | None = None, **_: Any) -> None:
    error = parsed.get("Error") if isinstance(parsed, Mapping) else None
    _count(event_name, str(error.get("Code", "error")) if isinstance(error, Mapping) else "ok", tenant)


def _after_call_error(event_name: str, exception: BaseException, tenant: str | None = None, **_: Any) -> None:
    _count(event_name, type(exception).__name__, tenant)


def _count(event_name: str, outcome: str, tenant: str | None) -> None:
    operation = event_name.rsplit(".", 1)[-1]
    labels = {"rpc.system": "aws-api", "rpc.service": "Glue", "rpc.method": operation, "outcome": outcome}
    if tenant is not None:
        labels["tenant"] = tenant
    instruments().glue_calls.add(1, attributes(labels))
