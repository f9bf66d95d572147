"""Typed Glue input shapes (as boto3 takes them), mapping decisions and table diffs."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_pascal

from mdsync_contracts.asset_model import Frozen


class GlueShape(BaseModel):
    """Base of Glue API shapes: snake_case in Python, Glue's PascalCase on the wire and for boto3.

    ``model_dump(by_alias=True, exclude_none=True)`` is the exact boto3 input. Lengths are not limited
    here: the glue-writer validates them, so an over-long comment becomes a TableFailed, not a dead letter.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="ignore",
        alias_generator=to_pascal,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    def to_boto(self) -> dict[str, object]:
        """The boto3 request shape: Glue names, absent values left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class GlueColumn(GlueShape):
    """Glue `Column`."""

    name: str = Field(description="Column name (lowercase).", examples=["order_id"])
    type: str = Field(description="Hive/Athena type string.", examples=["decimal(15,2)", "string"])
    comment: str | None = Field(default=None, description="Comment (Glue allows 255).", examples=["Sales Order"])
    parameters: dict[str, str] | None = Field(
        default=None, description="Column parameters (`sap.*`).", examples=[{"sap.type": "cds.Decimal"}]
    )


class SerDeInfo(GlueShape):
    """Glue `SerDeInfo`."""

    name: str | None = Field(default=None, description="SerDe name.", examples=["parquet"])
    serialization_library: str | None = Field(
        default=None,
        description="SerDe class.",
        examples=["org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"],
    )
    parameters: dict[str, str] | None = Field(
        default=None, description="SerDe parameters.", examples=[{"serialization.format": "1"}]
    )


class StorageDescriptor(GlueShape):
    """Glue `StorageDescriptor`."""

    columns: tuple[GlueColumn, ...] = Field(
        default=(), description="Columns, in order.", examples=[[{"Name": "order_id", "Type": "string"}]]
    )
    location: str | None = Field(default=None, description="Data location.", examples=["s3://lake/sales/sales_orders/"])
    input_format: str | None = Field(
        default=None,
        description="Input format class.",
        examples=["org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"],
    )
    output_format: str | None = Field(
        default=None,
        description="Output format class.",
        examples=["org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"],
    )
    compressed: bool | None = Field(default=None, description="Whether the data is compressed.", examples=[False])
    serde_info: SerDeInfo | None = Field(
        default=None,
        description="SerDe.",
        examples=[{"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}],
    )
    parameters: dict[str, str] | None = Field(
        default=None, description="Storage parameters.", examples=[{"classification": "parquet"}]
    )


class TableInput(GlueShape):
    """Glue `TableInput`, as CreateTable and UpdateTable take it."""

    name: str = Field(description="Table name (lowercase).", examples=["sales_orders"])
    description: str | None = Field(
        default=None, description="Description (Glue allows 2048).", examples=["Sales Orders"]
    )
    owner: str | None = Field(default=None, description="Owner (Hive compatibility).", examples=["mdsync"])
    table_type: str = Field(default="EXTERNAL_TABLE", description="Table type.", examples=["EXTERNAL_TABLE"])
    parameters: dict[str, str] = Field(
        default_factory=dict,
        description="Table parameters: source identity, hashes, rule-set version.",
        examples=[{"mdsync.asset_id": "acme/SALES/SALES_ORDERS"}],
    )
    storage_descriptor: StorageDescriptor = Field(
        description="Columns and storage.", examples=[{"Columns": [{"Name": "order_id", "Type": "string"}]}]
    )
    partition_keys: tuple[GlueColumn, ...] = Field(
        default=(),
        description="Partition columns (an empty list for Athena when there are none).",
        examples=[[{"Name": "year", "Type": "int"}]],
    )


class DatabaseInput(GlueShape):
    """Glue `DatabaseInput`."""

    name: str = Field(description="Database name (lowercase).", examples=["sales"])
    description: str | None = Field(default=None, description="Description.", examples=["Datasphere space SALES"])
    location_uri: str | None = Field(default=None, description="Default location.", examples=["s3://lake/sales/"])
    parameters: dict[str, str] | None = Field(
        default=None, description="Database parameters.", examples=[{"mdsync.space": "SALES"}]
    )


def table_input_hash(table_input: TableInput) -> str:
    """Return the sha256 (hex) of the TableInput's canonical boto3 JSON."""
    canonical = json.dumps(table_input.to_boto(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class DecisionKind(StrEnum):
    """What a mapping decision decided."""

    INCLUDE = "include"
    EXCLUDE = "exclude"
    DATABASE = "database"
    TABLE_NAME = "table_name"
    COLUMN_NAME = "column_name"
    COLLISION = "collision"
    TYPE = "type"
    COMMENT = "comment"
    PARAMETER = "parameter"
    RENAME = "rename"
    DROP = "drop"
    STORAGE = "storage"
    PARTITION = "partition"


class MappingDecision(Frozen):
    """One decision the mapper took for a table or column, with the rule that took it."""

    kind: DecisionKind = Field(description="What was decided.", examples=["type"])
    subject: str = Field(description="Column name, or `table`.", examples=["NET_AMOUNT"])
    source_value: str | None = Field(
        default=None, description="What came from Datasphere.", examples=["cds.Decimal(15,2)"]
    )
    target_value: str | None = Field(default=None, description="What goes to Glue.", examples=["decimal(15,2)"])
    rule: str = Field(description="Rule (or default) that decided it.", examples=["types.default"])
    lossy: bool = Field(default=False, description="Information is lost in the mapping.", examples=[False])
    note: str | None = Field(
        default=None, description="Warning or explanation.", examples=["name collision: suffix _2"]
    )


class ChangeClass(StrEnum):
    """How big a change to a Glue table is."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"
    NONE = "none"


class ConflictPolicy(StrEnum):
    """What to do when the Glue table was changed outside mdsync."""

    SOURCE_WINS = "source-wins"
    TARGET_WINS = "target-wins"
    MERGE = "merge"
    FAIL = "fail"


class ColumnChangeKind(StrEnum):
    """How one column differs between the current and the desired table."""

    ADDED = "added"
    REMOVED = "removed"
    TYPE_CHANGED = "type_changed"
    COMMENT_CHANGED = "comment_changed"
    PARAMETERS_CHANGED = "parameters_changed"


class ColumnChange(Frozen):
    """One column's difference."""

    column: str = Field(description="Glue column name.", examples=["net_amount"])
    change: ColumnChangeKind = Field(description="What changed.", examples=["type_changed"])
    before: str | None = Field(default=None, description="Old value (type or comment).", examples=["decimal(15,2)"])
    after: str | None = Field(default=None, description="New value.", examples=["decimal(17,2)"])


class PlannedAction(StrEnum):
    """What applying a command would do to Glue."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DEPRECATE = "deprecate"
    DELETE = "delete"


class TableDiff(Frozen):
    """Difference between a Glue table's current and desired definitions."""

    action: PlannedAction = Field(description="What applying would do.", examples=["update"])
    change_class: ChangeClass = Field(description="Classification of the change.", examples=["minor"])
    columns: tuple[ColumnChange, ...] = Field(
        default=(), description="Column differences.", examples=[[{"column": "region", "change": "added"}]]
    )
    description_changed: bool = Field(default=False, description="The table description differs.", examples=[False])
    parameters_changed: tuple[str, ...] = Field(
        default=(), description="Table parameter keys added, removed or changed.", examples=[["mdsync.source_hash"]]
    )
    storage_changed: bool = Field(default=False, description="Location, formats or SerDe differ.", examples=[False])
