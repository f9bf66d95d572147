"""Typed models of a tenant fixture directory: ``tenant.json`` and the object types under ``spaces/``."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

ALL_SPACES = "*"


class ObjectType(StrEnum):
    """Design-time object types the simulator stores, spelled as in the REST path."""

    LOCAL_TABLES = "localtables"
    REMOTE_TABLES = "remotetables"
    VIEWS = "views"
    ANALYTIC_MODELS = "analyticmodels"
    DATA_FLOWS = "dataflows"
    REPLICATION_FLOWS = "replicationflows"
    TRANSFORMATION_FLOWS = "transformationflows"
    TASK_CHAINS = "taskchains"

    @property
    def is_csn(self) -> bool:
        """True for types whose body is CSN under ``definitions`` (tables, views, analytic models)."""
        return self in CSN_TYPES


CSN_TYPES = frozenset({ObjectType.LOCAL_TABLES, ObjectType.REMOTE_TABLES, ObjectType.VIEWS, ObjectType.ANALYTIC_MODELS})

# Types the CLI knows but the simulator holds nothing of: their lists answer `[]`, not 404.
EMPTY_TYPES = frozenset(
    {
        "ermodels",
        "factmodels",
        "consumptionmodels",
        "businessentities",
        "dataaccesscontrols",
        "intelligentlookups",
        "ontologies",
        "contexts",
        "types",
        "services",
    }
)


class SpaceEntry(BaseModel):
    """A space of the tenant: technical name and business label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Z0-9_]+$", description="Technical name, e.g. SALES.")
    label: str = Field(description="Business name shown in the catalog.")


class ClientEntry(BaseModel):
    """An OAuth client (Technical User) and the spaces it is a member of."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    client_id: str = Field(min_length=1)
    client_secret: str = Field(min_length=1)
    spaces: tuple[str, ...] = Field(description='Member spaces, or ["*"] for every space.')
    refresh_token: str | None = Field(
        default=None, description="Optional refresh token issued up front, like a CLI secrets file holds."
    )

    def is_member(self, space: str) -> bool:
        """True when the client may read ``space``."""
        return ALL_SPACES in self.spaces or space in self.spaces


class TenantFile(BaseModel):
    """The body of ``<dir>/tenant.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    spaces: tuple[SpaceEntry, ...]
    clients: tuple[ClientEntry, ...] = Field(min_length=1)

    def client(self, client_id: str) -> ClientEntry | None:
        """The client with this id, if any."""
        return next((client for client in self.clients if client.client_id == client_id), None)

    def space_names(self) -> tuple[str, ...]:
        """Technical names of all spaces, in file order."""
        return tuple(space.name for space in self.spaces)


class Connection(BaseModel):
    """One entry of ``GET /api/v1/datasphere/spaces/{space}/connections``, from ``spaces/<SPACE>/connections.json``."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str
    businessName: str  # noqa: N815 - wire name
    typeId: str  # noqa: N815 - wire name
    creation_date: str | None = None
    creator: str | None = None
    realtimeReplicationStatus: str | None = None  # noqa: N815 - wire name
