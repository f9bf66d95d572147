"""Messages on the security topic: every refused request and every granted command of an mdsync HTTP API."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from mdsync_contracts.base import Message
from mdsync_contracts.topics import SECURITY_ACCESS, access_key

__all__ = ["ANONYMOUS", "AccessDecided"]

ANONYMOUS = "anonymous"
"""Subject of a request that presented no valid token."""


class AccessDecided(Message):
    """A service granted a command or refused a request: who asked for what, and why it was decided so.

    Reads that are granted are not reported (they would drown the commands); every refusal is.
    """

    CE_TYPE: ClassVar[str] = "mdsync.security.access.decided"
    TOPIC: ClassVar[str] = SECURITY_ACCESS

    service: str = Field(description="Service that decided.", examples=["extractor"])
    method: str = Field(description="HTTP method.", examples=["POST"])
    path: str = Field(description="Request path as sent (without the query string).", examples=["/jobs/job-1/cancel"])
    route: str | None = Field(
        default=None, description="Route template that matched, if any.", examples=["/jobs/{job_id}/cancel"]
    )
    subject: str = Field(
        description="Who: the token's subject, or `anonymous` without a valid token.", examples=["operator:jane"]
    )
    subject_kind: str | None = Field(
        default=None, description="`user` or `service`; None without a valid token.", examples=["user"]
    )
    roles: list[str] = Field(default_factory=list, description="Roles the caller holds.", examples=[["viewer"]])
    spaces: list[str] | None = Field(
        default=None,
        description="Spaces the caller may see; None means every space (or no valid token).",
        examples=[["SALES"]],
    )
    granted: bool = Field(description="Whether the request was let through.", examples=[False])
    reason: str = Field(
        description="Why it was decided so.", examples=["needs role operator; operator:jane has viewer"]
    )
    required_role: str | None = Field(
        default=None, description="Role the route needs, when a role decided it.", examples=["operator"]
    )
    status_code: int | None = Field(
        default=None, description="HTTP status of a refusal (401, 403); None when granted.", examples=[403]
    )

    def key(self) -> str:
        """The subject."""
        return access_key(self.subject)
