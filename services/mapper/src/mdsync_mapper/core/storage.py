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
    """A replication flow writes the data of Datasphere object ``asset_id`` to S3 at ``location`` in ``format``."""

    asset_id: str
    flow_asset_id: str
    location: str
    format: StorageFormat


@dataclass(frozen=True)
class FlowTask:
    """One replication task of a flow: a source and a target endpoint (paired by position)."""

    flow: AssetDefinition
    source: FlowEndpoint
    target: FlowEndpoint

    def source_ref(self) -> ObjectRef | None:
        """The Datasphere object the task reads, if it reads one."""
        return copied_object(self.source, self.flow.space)

    def target_ref(self) -> ObjectRef | None:
        """The Datasphere object the task writes, if it writes one."""
        return copied_object(self.target, self.flow.space)


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


def tasks(flow: AssetDefinition) -> tuple[FlowTask, ...]:
    """The replication tasks of a replication flow (none for other assets)."""
    if flow.kind is not AssetKind.REPLICATION_FLOW or flow.flow is None:
        return ()
    return tuple(FlowTask(flow, s, t) for s, t in zip(flow.flow.inputs, flow.flow.outputs, strict=False))


def source_key(endpoint: FlowEndpoint) -> str | None:
    """Identity of an object outside Datasphere (connection, container, name); None for Datasphere objects."""
    if endpoint.object is not None or endpoint.connection is None:
        return None
    return f"{endpoint.connection}|{(endpoint.container or '').strip('/')}|{endpoint.name}"


def flow_targets(flows: Iterable[AssetDefinition], site: Site) -> dict[str, FlowTarget]:
    """Where replication flows put the data of Datasphere objects in S3, per object (smallest flow id wins).

    A flow either copies a Datasphere object to S3 itself, or copies to S3 the same outside source another
    flow loads into the Datasphere object.
    """
    all_tasks = [task for flow in flows for task in tasks(flow)]
    to_s3 = [(task, _s3(task, site)) for task in all_tasks]
    found: dict[str, list[FlowTarget]] = {}
    by_source: dict[str, list[FlowTarget]] = {}
    for task, s3 in to_s3:
        ref, key = task.source_ref(), source_key(task.source)
        if s3 is None:
            continue
        if ref is not None:
            found.setdefault(ref.asset_id(task.flow.tenant), []).append(_target(ref, task, s3))
        elif key is not None:
            by_source.setdefault(key, []).append(_target(None, task, s3))
    for task in all_tasks:
        ref, key = task.target_ref(), source_key(task.source)
        if ref is None or key is None:
            continue
        asset_id = ref.asset_id(task.flow.tenant)
        for copy in by_source.get(key, []):
            found.setdefault(asset_id, []).append(FlowTarget(asset_id, copy.flow_asset_id, copy.location, copy.format))
    return {asset_id: min(targets, key=lambda t: (t.flow_asset_id, t.location)) for asset_id, targets in found.items()}


def _s3(task: FlowTask, site: Site) -> tuple[str, StorageFormat] | None:
    connection = site.s3_connections.get(task.target.connection or "")
    if connection is None or task.target.object is not None:
        return None
    return _s3_location(connection, task.target), connection.format


def _target(ref: ObjectRef | None, task: FlowTask, s3: tuple[str, StorageFormat]) -> FlowTarget:
    asset_id = ref.asset_id(task.flow.tenant) if ref is not None else ""
    return FlowTarget(asset_id, task.flow.asset_id, s3[0], s3[1])


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
