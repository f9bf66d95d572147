"""Messages on the Datasphere-credentials topic: what the extractor knows about its OAuth client's expiry."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from mdsync_contracts.base import Message
from mdsync_contracts.topics import DATASPHERE_CREDENTIALS, credentials_key

__all__ = ["CredentialsReported", "credentials_correlation_id"]


class CredentialsReported(Message):
    """The extractor reports its Datasphere OAuth client (at start and daily); never the secret itself.

    Datasphere's API does not tell a client when its secret expires (a Technical User client expires after
    7 days to 20 years, 3 months by default, set when it is created), so the expiry is what the operator
    configured beside the secret.
    """

    CE_TYPE: ClassVar[str] = "mdsync.datasphere.credentials.reported"
    TOPIC: ClassVar[str] = DATASPHERE_CREDENTIALS

    client_id: str | None = Field(
        default=None, description="OAuth client id (not secret); None when unknown.", examples=["sb-mdsync-sync"]
    )
    secret_expires_at: datetime | None = Field(
        default=None,
        description="When the client secret expires (configured by the operator); None when not configured.",
        examples=["2027-02-26T00:00:00Z"],
    )
    reported_by: str = Field(description="Service that reported it.", examples=["extractor"])

    def key(self) -> str:
        """The tenant."""
        return credentials_key(self.tenant)


def credentials_correlation_id(tenant: str) -> str:
    """Correlation id every report of one tenant's credentials carries, so readers find the latest by key."""
    return f"credentials:{tenant}"
