"""One asset → its TableInput: labels, Parameters, overrides, partitions, storage, resolved types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.glue_model import DecisionKind
from mdsync_mapper.core.rulefile import parse_rule_set
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.scope import map_scope
from mdsync_mapper.core.table import Excluded, MappedTable, Placement, map_asset

PLACE = Placement("s", "t")
AssetFactory = Callable[..., AssetDefinition]


def _mapped(definition: AssetDefinition, rule_set: RuleSet) -> MappedTable:
    result = map_asset(definition, rule_set, PLACE)
    assert isinstance(result, MappedTable)
    return result


def test_long_labels_are_cut_and_kept_whole_in_parameters(make_asset: AssetFactory, dog_rules: RuleSet) -> None:
    label = "L" * 300
    definition = make_asset(
        label="D" * 3000, columns=[{"name": "A", "position": 0, "cds_type": "cds.Integer", "label": label}]
    )

    table = _mapped(definition, dog_rules).table_input
    [column] = table.storage_descriptor.columns

    assert column.comment == "L" * 255
    assert column.parameters is not None
    assert column.parameters["sap.label"] == label
    assert table.description == "D" * 2048
    assert table.parameters["sap.label"] == "D" * 3000


def test_parameters_are_deterministic_and_carry_identity_hash_and_rule_set(
    make_asset: AssetFactory, dog_rules: RuleSet
) -> None:
    first = make_asset(extracted_at=datetime(2026, 1, 1, tzinfo=UTC), source_etag='W/"1"')
    second = make_asset(extracted_at=datetime(2027, 6, 1, tzinfo=UTC), source_etag='W/"2"')

    table = _mapped(first, dog_rules).table_input

    assert table == _mapped(second, dog_rules).table_input
    assert {k: table.parameters[k] for k in ("mdsync.owner", "mdsync.asset_id", "mdsync.rule_set")} == {
        "mdsync.owner": "mdsync",
        "mdsync.asset_id": "acme/S/T",
        "mdsync.rule_set": "dog-1",
    }


OVERRIDES = """\
environment: dog
version: 2
site: {storage_location: "s3://lake/{database}/{table}"}
rules:
  overrides:
    - name: sales-columns
      match: {space: SALES}
      types: {string: varchar}
      conflict_policy: merge
      storage: {format: csv}
      columns: {rename: {NAME: customer_name}, drop: ["INTERNAL_*"]}
      partition_keys: [YEAR, MISSING]
"""


def test_overrides_rename_drop_partition_and_say_which_rule_decided(make_asset: AssetFactory) -> None:
    rule_set = parse_rule_set(OVERRIDES, "dog.yaml")
    columns = [
        {"name": "NAME", "position": 0, "cds_type": "cds.String", "length": 40},
        {"name": "INTERNAL_NOTE", "position": 1, "cds_type": "cds.String"},
        {"name": "YEAR", "position": 2, "cds_type": "cds.String", "length": 4},
    ]

    mapped = _mapped(make_asset(space="SALES", columns=columns), rule_set)
    table = mapped.table_input
    decisions = {(d.kind, d.subject): d for d in mapped.decisions}

    assert [(c.name, c.type) for c in table.storage_descriptor.columns] == [("customer_name", "varchar(40)")]
    assert [(c.name, c.type) for c in table.partition_keys] == [("year", "varchar(4)")]
    assert table.storage_descriptor.location == "s3://lake/s/t"
    assert table.parameters["classification"] == "csv"
    assert mapped.conflict_policy.value == "merge"
    assert decisions[(DecisionKind.DROP, "INTERNAL_NOTE")].rule == "sales-columns.columns.INTERNAL_*"
    assert decisions[(DecisionKind.RENAME, "NAME")].target_value == "customer_name"
    assert decisions[(DecisionKind.TYPE, "NAME")].rule == "sales-columns.types.string"
    assert decisions[(DecisionKind.PARTITION, "MISSING")].note == "no such column; ignored"


def test_overrides_do_not_touch_other_spaces(make_asset: AssetFactory) -> None:
    rule_set = parse_rule_set(OVERRIDES, "dog.yaml")

    mapped = _mapped(
        make_asset(space="HR", columns=[{"name": "NAME", "position": 0, "cds_type": "cds.String"}]), rule_set
    )

    assert mapped.table_input.storage_descriptor.columns[0].name == "name"
    assert mapped.conflict_policy.value == "source-wins"


def test_flows_never_become_tables_and_excludes_say_which_rule(make_asset: AssetFactory) -> None:
    rule_set = parse_rule_set("environment: dog\nversion: 1\nrules:\n  exclude: [{space: 'TMP*'}]\n", "dog.yaml")

    flow = map_asset(make_asset(kind="task_chain", columns=[]), rule_set, PLACE)
    temp = map_asset(make_asset(space="TMP_1"), rule_set, PLACE)

    assert flow == Excluded("acme/S/T", "flows never become Glue tables")
    assert temp == Excluded("acme/TMP_1/T", "rules.exclude[0] matches")


def test_replication_flow_target_sets_location_and_format(
    small_tenant: list[AssetDefinition], dog_rules: RuleSet
) -> None:
    results = {r.asset_id: r for r in map_scope(small_tenant, dog_rules)}

    copied = results["acme/SALES/SALES_ORDERS"]
    assert isinstance(copied, MappedTable)
    assert copied.table_input.storage_descriptor.location == "s3://mdsync-dog-datalake/sales/sales_orders/"
    assert copied.table_input.parameters["mdsync.storage_source"] == "acme/SALES/RF_ORDERS_TO_S3"
    assert isinstance(results["acme/SALES/RF_ORDERS_TO_S3"], Excluded)


def test_a_table_loaded_by_one_flow_takes_the_s3_path_another_flow_copies_the_same_source_to(
    small_tenant: list[AssetDefinition], dog_rules: RuleSet
) -> None:
    results = {r.asset_id: r for r in map_scope(small_tenant, dog_rules)}

    items = results["acme/SALES/SALES_ITEMS"]
    assert isinstance(items, MappedTable)
    storage = items.table_input.storage_descriptor
    assert storage.location == "s3://mdsync-dog-datalake/sap/sales/raw/sales_document_item/"
    assert storage.serde_info is not None
    assert storage.serde_info.serialization_library == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    assert items.table_input.parameters["mdsync.storage_source"] == "acme/SALES/RF_S4_TO_S3"


def test_analytic_model_columns_take_types_from_their_sources(
    small_tenant: list[AssetDefinition], dog_rules: RuleSet
) -> None:
    results = {r.asset_id: r for r in map_scope(small_tenant, dog_rules)}
    model = results["acme/SALES/SALES_AM"]
    assert isinstance(model, MappedTable)
    columns = {c.name: c for c in model.table_input.storage_descriptor.columns}

    assert columns["revenue"].type == "decimal(15,2)"
    assert columns["revenue"].parameters == {
        "sap.label": "Revenue",
        "sap.lossy": "false",
        "sap.measure": "true",
        "sap.name": "REVENUE",
        "sap.precision": "15",
        "sap.scale": "2",
        "sap.type": "cds.Decimal",
        "sap.type_source": "acme/SALES/SALES_ORDERS#NET_AMOUNT",
    }
    assert columns["order_id"].parameters is not None
    assert columns["order_id"].parameters["sap.type_source"] == "acme/SALES/SALES_ORDERS_V#ORDER_ID"
    assert (columns["mystery"].type, model.lossy_columns) == ("string", ("mystery",))


def test_name_collisions_are_recorded_with_a_warning(small_tenant: list[AssetDefinition], dog_rules: RuleSet) -> None:
    results = {r.asset_id: r for r in map_scope(small_tenant, dog_rules)}
    orders, fin = results["acme/SALES/SALES_ORDERS"], results["acme/FIN_EU/1ST_TABLE"]
    assert isinstance(orders, MappedTable)
    assert isinstance(fin, MappedTable)

    table = [d for d in orders.decisions if d.kind is DecisionKind.COLLISION and d.subject == "table"]
    columns = {d.subject: d.target_value for d in orders.decisions if d.kind is DecisionKind.COLLISION}
    database = [d for d in fin.decisions if d.kind is DecisionKind.COLLISION and d.subject == "database"]

    assert [(d.source_value, d.target_value) for d in table] == [("sales_orders", "sales_orders_2")]
    assert table[0].note is not None
    assert "collision" in table[0].note
    assert columns == {"table": "sales_orders_2", "Net-Amount": "net_amount_2", "net_amount": "net_amount_3"}
    assert [(d.source_value, d.target_value) for d in database] == [("fin_eu", "fin_eu_2")]
