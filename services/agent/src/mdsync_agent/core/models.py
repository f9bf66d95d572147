"""Typed records the agent reasons over, and the `/ask` request and response."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    """Immutable model."""

    model_config = ConfigDict(frozen=True)


class Intent(StrEnum):
    """What a question asks for."""

    FIND_ASSETS = "find_assets"
    FIND_COLUMNS = "find_columns"
    DESCRIBE = "describe_asset"
    LINEAGE_UP = "lineage_upstream"
    LINEAGE_DOWN = "lineage_downstream"
    CHANGES = "changes"
    SYNC_STATUS = "sync_status"
    RUNNING_JOBS = "running_jobs"
    LOSSY = "lossy_columns"
    COMPARE = "compare_glue"
    HELP = "help"
    REFUSE = "refuse"


class CitationKind(StrEnum):
    """What a citation points at."""

    ASSET = "asset"
    COLUMN = "column"
    GLUE_TABLE = "glue_table"
    JOB = "job"
    SPACE = "space"


class ColumnRecord(Frozen):
    """A column of an asset."""

    name: str = Field(description="Column name.")
    label: str | None = Field(default=None, description="Business label (untrusted text).")
    type: str | None = Field(default=None, description="CDS type.")


class AssetRecord(Frozen):
    """An asset as the agent sees it (from the audit API)."""

    asset_id: str = Field(description="`{tenant}/{space}/{technical_name}`.")
    space: str = Field(description="Space.")
    technical_name: str = Field(description="Technical name.")
    kind: str | None = Field(default=None, description="Asset kind.")
    label: str | None = Field(default=None, description="Business name (untrusted text).")
    description: str | None = Field(default=None, description="Description (untrusted text).")
    columns: tuple[ColumnRecord, ...] = Field(default=(), description="Columns.")
    glue_table: str | None = Field(default=None, description="`{database}.{table}` it maps to.")
    glue_columns: tuple[str, ...] | None = Field(default=None, description="Glue column names, when known.")
    last_outcome: str | None = Field(default=None, description="Last sync outcome.")
    outcome_reason: str | None = Field(default=None, description="Why, when given.")
    last_job: str | None = Field(default=None, description="Job of the last outcome.")
    changed_at: datetime | None = Field(default=None, description="When the definition last changed.")
    synced_at: datetime | None = Field(default=None, description="When Glue last acknowledged it.")
    in_sync: bool = Field(default=False, description="Glue built from the current content.")
    upstream: tuple[str, ...] = Field(default=(), description="Direct upstream asset ids.")
    lossy_columns: tuple[str, ...] = Field(default=(), description="Columns whose mapping loses information.")


class JobRecord(Frozen):
    """A sync job."""

    job_id: str = Field(description="Job id.")
    status: str = Field(description="requested, running, succeeded, failed, cancelled, timed_out.")
    spaces: tuple[str, ...] = Field(default=(), description="Spaces it covers.")
    reason: str | None = Field(default=None, description="Why it failed (untrusted text).")
    requested_at: datetime | None = Field(default=None, description="When requested.")
    finished_at: datetime | None = Field(default=None, description="When finished.")


class Catalog(Frozen):
    """Everything the agent may read for one caller, already restricted to the caller's spaces."""

    tenant: str = Field(description="Tenant.")
    spaces: tuple[str, ...] = Field(description="Spaces visible to the caller.")
    assets: tuple[AssetRecord, ...] = Field(default=(), description="Assets.")
    jobs: tuple[JobRecord, ...] = Field(default=(), description="Jobs.")

    def visible_to(self, spaces: frozenset[str] | None) -> Catalog:
        """The part of this catalog inside ``spaces`` (None: unrestricted)."""
        if spaces is None:
            return self
        return Catalog(
            tenant=self.tenant,
            spaces=tuple(s for s in self.spaces if s in spaces),
            assets=tuple(a for a in self.assets if a.space in spaces),
            jobs=tuple(j for j in self.jobs if j.spaces and set(j.spaces) <= spaces),
        )


class Citation(Frozen):
    """Something an answer names."""

    kind: CitationKind = Field(description="asset, column, glue_table, job or space.")
    id: str = Field(description="Natural key: asset id, `{asset}#COLUMN`, `{db}.{table}`, job id, `space:{name}`.")
    title: str = Field(description="Human-readable name.")
    link: str = Field(description="Audit API path to the record.")


class AskRequest(Frozen):
    """A question."""

    question: str = Field(min_length=1, max_length=2000, description="The question in natural language.")
    conversation_id: str | None = Field(default=None, max_length=128, description="Conversation to continue.")


class AskResponse(Frozen):
    """An answer with the records it names."""

    answer: str = Field(description="The answer.")
    intent: Intent = Field(description="What the question was understood to ask.")
    citations: tuple[Citation, ...] = Field(default=(), description="Every record named in the answer.")
    confidence: float = Field(ge=0, le=1, description="How sure the agent is.")
    follow_ups: tuple[str, ...] = Field(default=(), description="Questions worth asking next.")
    conversation_id: str | None = Field(default=None, description="Conversation id.")
