"""Parts of the normalized Datasphere asset: columns, semantics, associations, dependencies, flows."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from mdsync_contracts.topics import asset_key


class Frozen(BaseModel):
    """Base of the immutable value objects inside messages."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class AssetKind(StrEnum):
    """What kind of Datasphere design-time object an asset is."""

    LOCAL_TABLE = "local_table"
    REMOTE_TABLE = "remote_table"
    VIEW = "view"
    ANALYTIC_MODEL = "analytic_model"
    REPLICATION_FLOW = "replication_flow"
    DATA_FLOW = "data_flow"
    TRANSFORMATION_FLOW = "transformation_flow"
    TASK_CHAIN = "task_chain"

    @property
    def is_flow(self) -> bool:
        """True for flows and task chains, which carry lineage but never become Glue tables."""
        return self in _FLOW_KINDS


_FLOW_KINDS = frozenset(
    {AssetKind.REPLICATION_FLOW, AssetKind.DATA_FLOW, AssetKind.TRANSFORMATION_FLOW, AssetKind.TASK_CHAIN}
)


class SemanticKind(StrEnum):
    """The semantic role a column's `@Semantics.*` annotation gives it."""

    AMOUNT = "amount"
    QUANTITY = "quantity"
    CURRENCY_CODE = "currencyCode"
    UNIT_OF_MEASURE = "unitOfMeasure"
    TEXT = "text"
    LANGUAGE = "language"
    DATE = "date"
    CALENDAR_YEAR = "calendar.year"
    CALENDAR_YEAR_MONTH = "calendar.yearMonth"
    CALENDAR_YEAR_QUARTER = "calendar.yearQuarter"
    CALENDAR_YEAR_WEEK = "calendar.yearWeek"
    CALENDAR_MONTH = "calendar.month"
    CALENDAR_DAY_OF_YEAR = "calendar.dayOfYear"
    BOOLEAN_INDICATOR = "booleanIndicator"


class DependencyKind(StrEnum):
    """How an asset uses one of its sources."""

    FROM = "from"
    JOIN = "join"
    UNION = "union"
    ASSOCIATION = "association"
    MIXIN = "mixin"
    REMOTE = "remote"
    FLOW_INPUT = "flow_input"
    FLOW_OUTPUT = "flow_output"


class ObjectRef(Frozen):
    """A Datasphere object in the same tenant, by space and technical name."""

    space: str = Field(description="Space that owns the object.", examples=["SALES"])
    technical_name: str = Field(description="Technical name of the object in that space.", examples=["SALES_ORDERS"])

    def asset_id(self, tenant: str) -> str:
        """Asset id of the referenced object in ``tenant``."""
        return asset_key(tenant, self.space, self.technical_name)


class ColumnSemantics(Frozen):
    """Analytical and semantic meaning of a column, from its CSN annotations."""

    dimension: bool = Field(
        default=False, description="`@Analytics.dimension`: the column is a dimension.", examples=[True]
    )
    measure: bool = Field(
        default=False,
        description="The column is a measure (`@AnalyticsDetails.measureType` or aggregation).",
        examples=[True],
    )
    aggregation: str | None = Field(
        default=None, description="Default aggregation (`@Aggregation.default`), e.g. SUM.", examples=["SUM"]
    )
    semantic: SemanticKind | None = Field(
        default=None, description="Semantic annotation (`@Semantics.<name>`).", examples=["currencyCode"]
    )
    currency_element: str | None = Field(
        default=None, description="Element holding this amount's currency code.", examples=["CURRENCY"]
    )
    unit_element: str | None = Field(
        default=None, description="Element holding this quantity's unit of measure.", examples=["UNIT"]
    )
    text_element: str | None = Field(
        default=None, description="Element holding this column's text (`@ObjectModel.text.element`).", examples=["NAME"]
    )
    text_association: str | None = Field(
        default=None,
        description="Association to this column's texts (`@ObjectModel.text.association`).",
        examples=["_TEXT"],
    )
    foreign_key_association: str | None = Field(
        default=None,
        description="Association this column is the foreign key of (`@ObjectModel.foreignKey.association`).",
        examples=["_CUSTOMER"],
    )


class Column(Frozen):
    """One column (CSN element that is not an association) of an asset."""

    name: str = Field(description="Element name as in CSN.", examples=["ORDER_ID"])
    position: int = Field(ge=0, description="0-based position in the asset's element order.", examples=[0])
    cds_type: str | None = Field(
        description="Fully qualified CDS type; None only when it could not be resolved (e.g. analytic model).",
        examples=["cds.String", "cds.hana.NVARCHAR"],
    )
    length: int | None = Field(default=None, description="Length for strings and binaries.", examples=[10])
    precision: int | None = Field(default=None, description="Precision for decimals.", examples=[15])
    scale: int | None = Field(default=None, description="Scale for decimals.", examples=[2])
    srid: int | None = Field(default=None, description="Spatial reference id for ST_* types.", examples=[4326])
    key: bool = Field(default=False, description="Part of the primary key.", examples=[True])
    not_null: bool = Field(default=False, description="Declared NOT NULL (keys count as not null).", examples=[True])
    label: str | None = Field(default=None, description="`@EndUserText.label`.", examples=["Sales Order"])
    native_type: str | None = Field(
        default=None, description="`@DataWarehouse.native.dataType` of a remote column.", examples=["NVARCHAR"]
    )
    semantics: ColumnSemantics = Field(
        default_factory=ColumnSemantics, description="Analytical and semantic meaning.", examples=[{"dimension": True}]
    )
    annotations: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Other deterministic element annotations, verbatim (key without `@`).",
        examples=[{"Semantics.calendar.yearMonth": True}],
    )


class Association(Frozen):
    """A CSN association (or composition) from this asset to another object."""

    name: str = Field(description="Association element name.", examples=["_CUSTOMER"])
    target: ObjectRef = Field(
        description="Target object.", examples=[{"space": "SALES", "technical_name": "CUSTOMERS"}]
    )
    cardinality: str | None = Field(
        default=None, description="Target cardinality when declared.", examples=["0..1", "*"]
    )
    on_elements: tuple[str, ...] = Field(
        default=(), description="This asset's elements used in the ON condition.", examples=[["CUSTOMER_ID"]]
    )


class Dependency(Frozen):
    """A source object this asset reads from or writes to."""

    source: ObjectRef = Field(
        description="The object depended on.", examples=[{"space": "SALES", "technical_name": "ORDERS_RAW"}]
    )
    kind: DependencyKind = Field(description="How it is used.", examples=["from"])


class RemoteOrigin(Frozen):
    """Where a remote table's data lives outside Datasphere."""

    connection: str = Field(description="`@DataWarehouse.remote.connection`.", examples=["HANA_DP_AGENT"])
    entity: str = Field(
        description="`@DataWarehouse.remote.entity`, verbatim.", examples=['"MY_SCHEMA"."/BIC/MY_MATERIAL"']
    )
    connection_type: str | None = Field(
        default=None, description="typeId of the connection, from the connections list.", examples=["HANA"]
    )


class FlowEndpoint(Frozen):
    """One input or output of a flow."""

    name: str = Field(description="Object name as the flow spells it.", examples=["SALES_ORDERS"])
    connection: str | None = Field(
        default=None, description="Connection id; None for the tenant's own space (`$DWC`).", examples=["S4_PROD"]
    )
    container: str | None = Field(
        default=None, description="Container/schema on that connection.", examples=["/CDS_EXTRACTION"]
    )
    object: ObjectRef | None = Field(
        default=None,
        description="The Datasphere object, when the endpoint is one.",
        examples=[{"space": "SALES", "technical_name": "SALES_ORDERS"}],
    )


class FlowIO(Frozen):
    """Inputs and outputs of a replication, data or transformation flow (or task chain)."""

    inputs: tuple[FlowEndpoint, ...] = Field(
        default=(), description="What the flow reads.", examples=[[{"name": "SRC"}]]
    )
    outputs: tuple[FlowEndpoint, ...] = Field(default=(), description="What it writes.", examples=[[{"name": "TGT"}]])
    load_type: str | None = Field(
        default=None, description="Replication load type, when given.", examples=["REPLICATE"]
    )


class ColumnLineage(Frozen):
    """An output column that is a direct reference to a source column."""

    column: str = Field(description="Output column of this asset.", examples=["ORDER_ID"])
    source: ObjectRef = Field(
        description="Object the value comes from.", examples=[{"space": "SALES", "technical_name": "ORDERS_RAW"}]
    )
    source_column: str = Field(description="Column in that object.", examples=["VBELN"])
