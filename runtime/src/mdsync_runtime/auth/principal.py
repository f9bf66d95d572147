"""The caller of an API: a subject with roles and the Datasphere spaces it may see."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

ALL_SPACES = "*"


class Role(StrEnum):
    """What a principal may do; each role includes the ones below it."""

    VIEWER = "viewer"
    OPERATOR = "operator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Viewer 0, operator 1, admin 2."""
        return list(Role).index(self)


class Principal(BaseModel):
    """An authenticated caller, built from a verified token."""

    model_config = ConfigDict(frozen=True)

    subject: str = Field(description="Who: the token's `sub` (a person, or `service:<name>`).")
    roles: frozenset[Role] = Field(description="Granted roles.")
    spaces: frozenset[str] | None = Field(description="Visible Datasphere spaces; None means every space.")
    tenants: frozenset[str] | None = Field(default=None, description="Visible tenants; None means every tenant.")
    kind: Literal["user", "service"] = "user"
    token: SecretStr = Field(default=SecretStr("-"), exclude=True, description="The bearer token, for forwarding.")

    @property
    def top_role(self) -> Role | None:
        """The highest granted role."""
        return max(self.roles, key=lambda role: role.rank, default=None)

    def has(self, role: Role) -> bool:
        """Whether a granted role includes ``role``."""
        top = self.top_role
        return top is not None and top.rank >= role.rank

    def sees(self, space: str | None) -> bool:
        """Whether the principal may see objects of ``space`` (objects without a space only with every space)."""
        if self.spaces is None:
            return True
        return space is not None and space in self.spaces

    def sees_tenant(self, tenant: str) -> bool:
        """Whether the principal may see and act on objects of ``tenant``."""
        return self.tenants is None or tenant in self.tenants

    def visible(self, requested: Iterable[str] | None = None) -> frozenset[str] | None:
        """The spaces a query may touch: ``requested`` narrowed to the visible ones (None means no limit)."""
        wanted = None if requested is None else frozenset(requested)
        if self.spaces is None:
            return wanted
        return self.spaces if wanted is None else wanted & self.spaces

    def authorization(self) -> dict[str, str]:
        """HTTP headers that forward this principal's token (e.g. agent → audit, on the caller's behalf)."""
        return {"Authorization": f"Bearer {self.token.get_secret_value()}"}
