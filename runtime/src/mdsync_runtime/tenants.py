"""Several Datasphere tenants in one deployment: the typed tenants file (MDSYNC_TENANTS_FILE) and its loader.

Without a tenants file a deployment serves the single tenant named by MDSYNC_TENANT with each service's own
settings; with one, every service picks the tenant's part (credentials, rate limit, rule set, Glue target) by the
``tenant`` every message carries.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TENANT_NAME = r"^[a-z0-9][a-z0-9_-]{0,62}$"


class TenantsError(ValueError):
    """The tenants file is unreadable or invalid; the message names the tenant and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatasphereTarget(_Strict):
    """How to reach one tenant's Datasphere; the secret comes from an env var or a file, never inline."""

    base_url: str = Field(min_length=1, description="Tenant URL, e.g. https://acme.eu10.hcs.cloud.sap.")
    token_url: str = Field(min_length=1, description="OAuth2 token endpoint of the tenant.")
    client_id: str = Field(min_length=1, description="Technical User OAuth client id.")
    client_secret_env: str | None = Field(default=None, description="Environment variable holding the secret.")
    client_secret_file: Path | None = Field(default=None, description="File holding the secret (e.g. a mount).")
    rate_limit_per_minute: float = Field(default=300, ge=0, description="Client-side request limit; 0: off.")
    client_secret_expires_at: datetime | None = Field(
        default=None, description="When the secret expires (reported so the audit can alert before it does)."
    )
    adaptive_budget_calls_per_hour: float | None = Field(
        default=None,
        gt=0,
        description="Calls an hour this tenant's adaptive polls may use; unset: the extractor's setting, "
        "capped at this tenant's rate limit.",
    )

    @model_validator(mode="after")
    def _one_secret_source(self) -> DatasphereTarget:
        if (self.client_secret_env is None) == (self.client_secret_file is None):
            raise ValueError("set exactly one of client_secret_env and client_secret_file")
        return self

    @model_validator(mode="after")
    def _budget_within_the_rate_limit(self) -> DatasphereTarget:
        budget, per_hour = self.adaptive_budget_calls_per_hour, 60 * self.rate_limit_per_minute
        if budget is not None and per_hour > 0 and budget > per_hour:
            raise ValueError(
                f"adaptive_budget_calls_per_hour {budget:g} exceeds the {per_hour:g} calls an hour "
                f"rate_limit_per_minute {self.rate_limit_per_minute:g} allows"
            )
        return self


class GlueTarget(_Strict):
    """Where one tenant's tables go: region, the role to assume (optional) and the database prefix."""

    region: str | None = Field(default=None, description="AWS region; unset means the service's default.")
    role_arn: str | None = Field(default=None, pattern=r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$")
    database_prefix: str = Field(default="", pattern=r"^[a-z0-9_]{0,64}$", description="In front of every database.")


class TenantConfig(_Strict):
    """One tenant of the deployment."""

    name: str = Field(pattern=TENANT_NAME, description="The `tenant` carried by every message of this tenant.")
    datasphere: DatasphereTarget
    rule_set: str = Field(default="default", pattern=r"^[a-z0-9_-]{1,64}$", description="Mapper rule set name.")
    job_concurrency: int | None = Field(default=None, ge=1, le=32, description="This tenant's job slots.")
    glue: GlueTarget = Field(default_factory=GlueTarget)

    def client_secret(self, environ: Mapping[str, str] | None = None) -> SecretStr:
        """The Datasphere client secret from its env var or file; TenantsError naming the tenant when missing."""
        target = self.datasphere
        if target.client_secret_env is not None:
            value = (environ if environ is not None else os.environ).get(target.client_secret_env, "")
            where = f"environment variable {target.client_secret_env}"
        else:
            assert target.client_secret_file is not None
            try:
                value = target.client_secret_file.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise self._error("datasphere.client_secret_file", f"cannot be read ({error})") from None
            where = f"file {target.client_secret_file}"
        if not value.strip():
            field = "client_secret_env" if target.client_secret_env else "client_secret_file"
            raise self._error(f"datasphere.{field}", f"{where} is empty or unset")
        return SecretStr(value.strip())

    def _error(self, field: str, problem: str) -> TenantsError:
        return TenantsError(f"tenant {self.name!r}, {field}: {problem}")


class Tenants(_Strict):
    """Every tenant of the deployment, the first one being the default."""

    tenants: tuple[TenantConfig, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Tenants:
        names = [tenant.name for tenant in self.tenants]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"tenant names must be unique: {', '.join(duplicates)}")
        prefixes = [tenant.glue.database_prefix for tenant in self.tenants]
        if len(self.tenants) > 1 and len(set(prefixes)) < len(prefixes):
            raise ValueError("every tenant needs its own glue.database_prefix, so their databases never meet")
        return self

    @property
    def default(self) -> TenantConfig:
        """The first tenant: what a request naming no tenant means."""
        return self.tenants[0]

    @property
    def names(self) -> tuple[str, ...]:
        """The tenant names, in file order."""
        return tuple(tenant.name for tenant in self.tenants)

    def get(self, name: str) -> TenantConfig | None:
        """The tenant called ``name``, if configured."""
        return next((tenant for tenant in self.tenants if tenant.name == name), None)


class TenantsSettings(BaseSettings):
    """Where the tenants file is (``MDSYNC_TENANTS_FILE``); unset means one tenant per deployment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_", extra="ignore", frozen=True)

    tenants_file: Path | None = Field(default=None, description="YAML file listing the deployment's tenants.")


def parse_tenants(text: str, source: str = "tenants file", environ: Mapping[str, str] | None = None) -> Tenants:
    """Validate a tenants file's text and every tenant's secret; TenantsError naming the tenant and field."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TenantsError(f"{source}: not valid YAML ({error})") from None
    try:
        tenants = Tenants.model_validate(raw)
    except ValidationError as error:
        raise TenantsError(f"{source}: " + "; ".join(_describe(raw, item) for item in error.errors())) from None
    for tenant in tenants.tenants:
        tenant.client_secret(environ)
    return tenants


def load_tenants(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Tenants | None:
    """The tenants of ``path`` (default: MDSYNC_TENANTS_FILE); None when no tenants file is configured."""
    path = path or TenantsSettings().tenants_file
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TenantsError(f"MDSYNC_TENANTS_FILE {path} cannot be read ({error})") from None
    return parse_tenants(text, str(path), environ)


def _describe(raw: Any, item: Mapping[str, Any]) -> str:
    location = [str(part) for part in item["loc"]]
    if len(location) >= 2 and location[0] == "tenants" and location[1].isdigit():
        index = int(location[1])
        entries = raw.get("tenants") if isinstance(raw, dict) else None
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        who = f"tenant {name!r}" if name else f"tenant #{index + 1}"
        field = ".".join(location[2:]) or "(entry)"
        return f"{who}, {field}: {item['msg']}"
    return f"{'.'.join(location) or '(file)'}: {item['msg']}"
