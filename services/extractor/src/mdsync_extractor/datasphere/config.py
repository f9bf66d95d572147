"""How to reach one Datasphere tenant and how politely to call it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

CATALOG_PATH = "/api/v1/datasphere/consumption/catalog"
LEGACY_CATALOG_PATH = "/api/v1/dwc/catalog"


class DatasphereConfig(BaseModel):
    """Connection, credentials and call limits of the Datasphere client."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(description="Tenant URL, e.g. https://acme.eu10.hcs.cloud.sap.")
    token_url: str = Field(description="XSUAA token endpoint, …authentication.<region>.hana.ondemand.com/oauth/token.")
    client_id: str = Field(min_length=1, description="OAuth client id (Technical User purpose).")
    client_secret: SecretStr = Field(description="OAuth client secret.")
    refresh_token: SecretStr | None = Field(
        default=None, description="When set, use the refresh-token grant instead of client credentials."
    )
    requests_per_minute: int = Field(default=300, ge=0, description="Client-side rate limit; 0 turns it off.")
    max_concurrency: int = Field(default=8, ge=1, description="Requests in flight at once.")
    timeout: float = Field(default=30.0, gt=0, description="Seconds per HTTP request.")
    max_retries: int = Field(default=4, ge=0, description="Retries of one request after transient failures.")
    retry_base_seconds: float = Field(default=0.5, gt=0, description="First backoff ceiling; doubles per retry.")
    retry_cap_seconds: float = Field(default=30.0, gt=0, description="Largest backoff or honored Retry-After.")
    token_refresh_margin: float = Field(
        default=60.0, ge=0, description="Seconds before expiry at which a cached token is renewed."
    )
    catalog_path: str = Field(default=CATALOG_PATH, description="Catalog OData service path (or the legacy one).")
    object_page_size: int = Field(default=200, ge=1, description="`top` of design-time object lists.")
    catalog_page_size: int = Field(default=500, ge=1, le=500, description="`$top` of catalog lists (max 500).")
    tenant: str | None = Field(default=None, description="Tenant label of this client's metrics (None: the process's).")

    @field_validator("base_url", "token_url", "catalog_path")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")
