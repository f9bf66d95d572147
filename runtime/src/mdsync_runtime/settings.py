"""Typed settings that fail fast: one class per service, an env prefix per service, secrets as SecretStr."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from mdsync_contracts.base import Environment
from mdsync_runtime import ports

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "placeholder", "secret", "todo", "xxx", "none"})


class SettingsError(RuntimeError):
    """Settings are missing or hold placeholders; the message names the variables."""


class Ordering(StrEnum):
    """What a consumer keeps in order: each partition's records, or only each key's (more parallel)."""

    PARTITION = "partition"
    KEY = "key"


class CommonSettings(BaseSettings):
    """Settings every service shares, read from ``MDSYNC_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_", extra="ignore", frozen=True)

    env: Environment = Field(default=Environment.DOG, description="dog, wolf or bear.")
    tenant: str = Field(default="demo", description="Datasphere tenant this deployment serves.")
    kafka_bootstrap: str = Field(default_factory=ports.kafka_bootstrap)
    topic_prefix: str = Field(default="", description="Prefix in front of every topic name, e.g. `dog.`.")
    mongo_url: SecretStr = Field(default_factory=lambda: SecretStr(ports.mongo_url()))
    mongo_db: str = Field(default="mdsync")
    trace_file: str | None = Field(default=None, description="Write spans as JSON lines to this file.")
    otlp_endpoint: str | None = Field(default=None, description="OTLP/HTTP endpoint for traces.")
    log_level: str = Field(default="INFO")


class ServiceSettings(BaseSettings):
    """Base of a service's own settings; subclasses set ``env_prefix`` (e.g. ``MDSYNC_MAPPER_``)."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    host: str = Field(default=ports.HOST, description="Interface the HTTP API listens on.")
    port: int = Field(default=0, description="HTTP port; 0 means the registry's port for this service.")
    consumer_group: str | None = Field(default=None, description="Kafka consumer group; defaults to the service.")
    max_attempts: int = Field(default=3, ge=1, le=20, description="Handling attempts before dead-lettering.")
    max_in_flight: int = Field(default=16, ge=1, le=1024, description="Chains (partitions or keys) handled at once.")
    ordering: Ordering = Field(
        default=Ordering.PARTITION, description="Keep each partition's order, or only each entity's (key)."
    )
    retry_base_seconds: float = Field(default=0.2, gt=0, description="First retry delay; doubles each attempt.")

    @field_validator("*", mode="after")
    @classmethod
    def _no_placeholder_secret(cls, value: Any) -> Any:
        if isinstance(value, SecretStr) and value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError("is empty or a placeholder; set a real secret")
        return value


S = TypeVar("S", bound=BaseSettings)


def load_settings(cls: type[S]) -> S:
    """Build ``cls`` from the environment, or raise SettingsError naming each bad variable."""
    try:
        return cls()
    except ValidationError as error:
        prefix = str(cls.model_config.get("env_prefix", ""))
        problems = [
            f"{prefix}{'_'.join(str(part) for part in item['loc']).upper()}: {item['msg']}" for item in error.errors()
        ]
        raise SettingsError(f"{cls.__name__} cannot start: " + "; ".join(problems)) from None
