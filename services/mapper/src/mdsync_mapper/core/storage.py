"""StorageDescriptors from the site template, or from a replication flow's S3 target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mdsync_contracts.assets import AssetDefinition, AssetKind, FlowEndpoint, ObjectRef
from mdsync_contracts.glue_model import GlueColumn, SerDeInfo, StorageDescriptor
from mdsync_mapper.core.rules import S3Connection, Site, StorageFormat

_TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat"
_TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"


@dataclass(frozen=True)
class FormatSpec:
    """Hive input/output formats and SerDe of a storage format."""

    input_format: str
    output_format: str
    serde: str
    serde_parameters: tuple[tuple[str, str], ...] = ()


FORMATS: dict[StorageFormat, FormatSpec] = {
    StorageFormat.PARQUET: FormatSpec(
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        (("serialization.format", "1"),),
    ),
    StorageFormat.ORC: FormatSpec(
        "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
        "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
    ),
    StorageFormat.CSV: FormatSpec(
        _TEXT_INPUT,
        _TEXT_OUTPUT,
        "org.apache.hadoop.hive.serde2.OpenCSVSerde",
        (("quoteChar", '"'), ("separatorChar", ",")),
    ),
    StorageFormat.JSON: FormatSpec(_TEXT_INPUT, _TEXT_OUTPUT, "org.openx.data.jsonserde.JsonSerDe"),
}


@dataclass(frozen=True)
class FlowTarget:
    """A replication flow copies ``asset_id`` to S3 at ``location`` in ``format``."""

    asset_id: str
    flow_asset_id: str
    location: str
    format: StorageFormat


def storage_descriptor(
    columns: Iterable[GlueColumn], location: str, storage_format: StorageFormat
) -> StorageDescriptor:
    """The StorageDescriptor of ``columns`` stored at ``location`` in ``storage_format``."""
    spec = FORMATS[storage_format]
    return StorageDescriptor(
        columns=tuple(columns),
        location=location,
        input_format=spec.input_format,
        output_format=spec.output_format,
        compressed=False,
        serde_info=SerDeInfo(serialization_library=spec.serde, parameters=dict(spec.serde_parameters)),
    )


def template_location(site: Site, database: str, table: str) -> str:
    """The site's storage location with the database and table names filled in."""
    return site.storage_location.format(database=database, table=table)


def flow_targets(flow: AssetDefinition, site: Site) -> tuple[FlowTarget, ...]:
    """S3 targets of a replication flow, keyed by the Datasphere object each one copies.

    Inputs and outputs pair by position (one replication task each); an output is an S3 target when its
    connection is one of the site's S3 connections.
    """
    if flow.kind is not AssetKind.REPLICATION_FLOW or flow.flow is None:
        return ()
    targets = []
    for source, target in zip(flow.flow.inputs, flow.flow.outputs, strict=False):
        connection = site.s3_connections.get(target.connection or "")
        copied = copied_object(source, flow.space)
        if connection is not None and copied is not None:
            location = _s3_location(connection, target)
            targets.append(FlowTarget(copied.asset_id(flow.tenant), flow.asset_id, location, connection.format))
    return tuple(targets)


def copied_object(endpoint: FlowEndpoint, space: str) -> ObjectRef | None:
    """The Datasphere object a flow endpoint names: explicit, or by name in the flow's own space."""
    if endpoint.object is not None:
        return endpoint.object
    if endpoint.connection is None:
        return ObjectRef(space=space, technical_name=endpoint.name)
    return None


def _s3_location(connection: S3Connection, endpoint: FlowEndpoint) -> str:
    parts = [connection.root.rstrip("/"), (endpoint.container or "").strip("/"), endpoint.name.strip("/")]
    return "/".join(part for part in parts if part) + "/"


def chosen_target(targets: Iterable[FlowTarget]) -> FlowTarget | None:
    """The target of the flow with the smallest asset id, so the choice never depends on arrival order."""
    return min(targets, key=lambda target: target.flow_asset_id, default=None)
