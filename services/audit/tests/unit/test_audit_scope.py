"""What a caller limited to some spaces sees of a record: visibility by id, redactions, per-space counters."""

from __future__ import annotations

import json

from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.kpi import KpiMinute, SpaceCounters, kpi_increments
from mdsync_audit.core.kpi_reach import visible_minute
from mdsync_audit.core.lineage import ColumnEdge, LineageNode
from mdsync_audit.core.scope import (
    WITHHELD,
    scoped_definition,
    scoped_job,
    scoped_node,
    scoped_payload,
    scoped_raw,
    sees_id,
    space_of_id,
)
from mdsync_audit.core.tenant_scope import Reach
from mdsync_audit.sample import Clock, column, dead_letter, definition, depends, lineage
from mdsync_contracts.asset_model import AssetKind, Association, ObjectRef
from mdsync_contracts.jobs import JobScope, OutcomeCounts

SALES = frozenset({"SALES"})
REPORT = definition(
    "SALES",
    "REPORT",
    AssetKind.VIEW,
    [column("REVENUE", 0)],
    dependencies=(depends("SALES", "ORDERS"), depends("FINANCE", "MODEL")),
    associations=(Association(name="_M", target=ObjectRef(space="FINANCE", technical_name="MODEL")),),
    column_lineage=(lineage("REVENUE", "FINANCE", "MODEL", "REVENUE"),),
)


def test_space_of_an_asset_id_or_node_id_and_none_for_glue() -> None:
    assert space_of_id("acme/SALES/ORDERS") == "SALES"
    assert space_of_id("ds:acme/SALES/ORDERS") == "SALES"
    assert space_of_id("glue:sales.orders") is None
    assert sees_id("glue:sales.orders", None)
    assert not sees_id("glue:sales.orders", SALES), "no space: every-space callers only"
    assert not sees_id("acme/FINANCE/MODEL", SALES)


def test_a_definition_loses_every_reference_to_an_invisible_space() -> None:
    scoped = scoped_definition(REPORT, SALES)
    assert [d.source.space for d in scoped.dependencies] == ["SALES"]
    assert (scoped.associations, scoped.column_lineage) == ((), ())
    assert scoped_definition(REPORT, None) == REPORT
    assert "FINANCE" not in json.dumps(scoped_payload({"definition": REPORT.model_dump(mode="json")}, SALES))


def test_a_raw_payload_is_scoped_when_it_is_json_and_withheld_otherwise() -> None:
    raw = json.dumps({"definition": REPORT.model_dump(mode="json")})
    assert "FINANCE" not in scoped_raw(raw, SALES)
    assert scoped_raw(raw[:100], SALES) == WITHHELD
    assert scoped_raw(raw[:100], None) == raw[:100]
    letter = dead_letter(Clock(), None).model_copy(update={"payload": raw[:100]}).model_dump(mode="json")
    assert scoped_payload(letter, SALES)["payload"] == WITHHELD


def test_a_job_reaching_other_spaces_is_narrowed_and_its_counts_withheld() -> None:
    scope = JobScope(spaces=("SALES", "FINANCE"), assets=(ObjectRef(space="FINANCE", technical_name="MODEL"),))
    job = JobView(id="j", scope=scope, reported=OutcomeCounts(created=3), planned_assets=3, reason="1 failed")
    narrowed = scoped_job(job, SALES)
    assert narrowed.scope == JobScope(spaces=("SALES",))
    assert (narrowed.reported, narrowed.planned_assets, narrowed.reason) == (None, None, None)
    only_sales = job.model_copy(update={"scope": JobScope(spaces=("SALES",))})
    assert scoped_job(only_sales, SALES) == only_sales


def test_lineage_node_keeps_only_accepted_neighbours() -> None:
    node = LineageNode(
        id="ds:acme/SALES/REPORT",
        upstream=("ds:acme/SALES/ORDERS", "ds:acme/FINANCE/MODEL"),
        downstream=("glue:sales.report",),
        declared=(("ds:acme/FINANCE/MODEL", "ds:acme/SALES/REPORT"),),
        columns=(ColumnEdge(column="REVENUE", source="ds:acme/FINANCE/MODEL", source_column="REVENUE"),),
    )
    scoped = scoped_node(node, lambda i: "FINANCE" not in i)
    assert (scoped.upstream, scoped.downstream) == (("ds:acme/SALES/ORDERS",), ("glue:sales.report",))
    assert (scoped.declared, scoped.columns) == ((), ())


def test_events_count_under_their_space_and_a_minute_sums_visible_spaces_only() -> None:
    letter = dead_letter(Clock(), None)
    increments = kpi_increments(letter)
    assert increments["spaces.SALES.events"] == increments["spaces.SALES.dead_letters"] == 1
    assert not [k for k in kpi_increments(letter.model_copy(update={"asset_id": None})) if k.startswith("spaces.")]
    minute = KpiMinute(
        id="2026-11-26T10:00",
        events=9,
        failures=4,
        dead_letters=2,
        topic={"t": 9},
        spaces={
            "SALES": SpaceCounters(events=3, failures=1, outcome={"failed": 1}),
            "FINANCE": SpaceCounters(events=5, failures=3, dead_letters=1, outcome={"failed": 3}),
        },
    )
    sales = visible_minute(minute, Reach(spaces=SALES))
    assert sales is not None
    assert (sales.events, sales.failures, sales.dead_letters, sales.outcome) == (3, 1, 0, {"failed": 1})
    assert (sales.topic, list(sales.spaces)) == ({}, ["SALES"])
    assert visible_minute(minute, Reach(spaces=frozenset({"HR"}))) is None
