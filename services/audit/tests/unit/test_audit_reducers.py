"""Pure view reducers, diffs, search tokens and the lineage walk."""

from __future__ import annotations

import pytest

from mdsync_audit.core import assets as reducers
from mdsync_audit.core.diff import diff_definitions
from mdsync_audit.core.jobs import OutcomeEntry, apply_job_event, apply_outcome_entry, sum_counts
from mdsync_audit.core.kpi import kpi_increments
from mdsync_audit.core.lineage import LineageNode, declared_edges, edge_ops
from mdsync_audit.core.search import SearchQuery, asset_tokens, words
from mdsync_audit.core.stored import StoredEvent, stored_event
from mdsync_audit.core.walk import Direction, walk
from mdsync_audit.handlers import is_dead_letter_echo
from mdsync_audit.sample import recorded_run, sample_definitions
from mdsync_contracts.assets import AssetDeleted, AssetUpserted, DeletionReason
from mdsync_contracts.base import Message
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.jobs import JobFinished, JobStarted

RUN = recorded_run()


def stored(message: Message, offset: int = 0) -> StoredEvent:
    return stored_event(message, message.TOPIC, 0, offset, message.key())


def upserts() -> list[AssetUpserted]:
    return [m for m in RUN.messages if isinstance(m, AssetUpserted)]


def test_a_changed_definition_becomes_a_new_version_with_its_column_diff() -> None:
    first, second = [u for u in upserts() if u.definition.technical_name == "SALES_ORDERS"]
    step1 = reducers.apply_asset_change(None, stored(first), first)
    assert step1 is not None
    step2 = reducers.apply_asset_change(step1.view, stored(second, 1), second)
    assert step2 is not None
    assert step2.version is not None
    assert (step2.view.version, step2.version.version) == (2, 2)
    assert step2.version.diff.added == ("REGION",)
    assert [c.column for c in step2.version.diff.changed] == ["CUSTOMER"]
    assert step2.view.previous_hash == first.content_hash


def test_reapplying_an_event_or_an_older_one_changes_nothing() -> None:
    first, second = [u for u in upserts() if u.definition.technical_name == "SALES_ORDERS"]
    view = reducers.apply_asset_change(None, stored(first), first)
    assert view is not None
    newer = reducers.apply_asset_change(view.view, stored(second, 1), second)
    assert newer is not None
    assert reducers.apply_asset_change(newer.view, stored(second, 1), second) is None
    assert reducers.apply_asset_change(newer.view, stored(first), first) is None


def test_a_republished_definition_is_no_new_version() -> None:
    first = upserts()[0]
    view = reducers.apply_asset_change(None, stored(first), first)
    assert view is not None
    again = first.model_copy(update={"event_id": RUN.messages[0].event_id, "occurred_at": RUN.messages[-1].occurred_at})
    step = reducers.apply_asset_change(view.view, stored(again, 1), again)
    assert step is not None
    assert (step.version, step.view.version) == (None, 1)


def test_a_deletion_is_a_version_without_definition() -> None:
    first = upserts()[0]
    view = reducers.apply_asset_change(None, stored(first), first)
    assert view is not None
    deleted = AssetDeleted(
        space="SALES",
        technical_name="ORDERS_RAW",
        reason=DeletionReason.VANISHED,
        environment=first.environment,
        tenant=first.tenant,
        occurred_at=RUN.messages[-1].occurred_at,
    )
    step = reducers.apply_asset_change(view.view, stored(deleted, 1), deleted)
    assert step is not None
    assert step.view.deleted
    assert step.version is not None
    assert step.version.diff.removed == ("VBELN", "NETWR")


def test_glue_results_keep_the_latest_state_whatever_the_arrival_order() -> None:
    results = [m for m in RUN.messages if type(m).__name__ in {"TableApplied"}]
    events = [(stored(m, i), m) for i, m in enumerate(results)]
    forward = None
    for event, message in events:
        forward = reducers.apply_glue_result(forward, event, message) or forward
    backward = None
    for event, message in reversed(events):
        backward = reducers.apply_glue_result(backward, event, message) or backward
    assert forward is not None
    assert backward is not None
    assert forward.glue == backward.glue


def test_job_status_never_goes_back_and_outcomes_keep_the_latest_per_asset() -> None:
    finished = next(m for m in RUN.messages if isinstance(m, JobFinished))
    started = next(m for m in RUN.messages if isinstance(m, JobStarted))
    job = apply_job_event(None, stored(finished), finished)
    assert job is not None
    late = apply_job_event(job, stored(started, 1), started)
    assert late is not None
    assert late.status == "failed"
    assert apply_job_event(late, stored(started, 1), started) is None

    early = OutcomeEntry(subject="a", outcome="held", at=started.occurred_at, event_id="1")
    final = OutcomeEntry(subject="a", outcome="updated", at=finished.occurred_at, event_id="2")
    bucket = apply_outcome_entry(apply_outcome_entry(None, "j", 0, final), "j", 0, early)
    assert bucket is None  # the older outcome does not replace the newer one
    bucket = apply_outcome_entry(None, "j", 0, final)
    assert bucket is not None
    assert sum_counts([bucket]).updated == 1


def test_diff_of_identical_definitions_is_empty() -> None:
    view = sample_definitions()["view"]
    assert diff_definitions(view, view).empty
    assert diff_definitions(None, view).added == ("ORDER_ID", "NET_AMOUNT", "CUSTOMER")


def test_search_tokens_split_names_labels_and_columns() -> None:
    tokens = asset_tokens(sample_definitions()["view"])
    assert {"name:sales", "name:orders", "name:sales_orders", "label:sales", "column:order_id"} <= tokens
    assert {"space:sales", "kind:view", "text:net_amount"} <= tokens
    assert SearchQuery(text="Sales  orders", kind="VIEW").tokens() == {"text:sales", "text:orders", "kind:view"}
    assert words("SalesOrderItem") >= {"sales", "order", "item", "salesorderitem"}


def test_declared_edges_point_from_sources_and_from_a_flow_to_its_outputs() -> None:
    view = sample_definitions()["view"]
    assert declared_edges(view) == {
        ("ds:acme/SALES/ORDERS_RAW", "ds:acme/SALES/SALES_ORDERS"),
        ("ds:acme/SALES/CUSTOMERS", "ds:acme/SALES/SALES_ORDERS"),
    }
    ops = edge_ops(frozenset({("a", "b")}), frozenset({("c", "b")}))
    assert [(o.node, o.field, o.op.value, o.value) for o in ops] == [
        ("a", "downstream", "$pull", "b"),
        ("b", "upstream", "$pull", "a"),
        ("c", "downstream", "$addToSet", "b"),
        ("b", "upstream", "$addToSet", "c"),
    ]


def graph(edges: list[tuple[str, str]]) -> dict[str, LineageNode]:
    names = sorted({n for e in edges for n in e})
    return {
        n: LineageNode(
            id=n,
            upstream=tuple(sorted(u for u, d in edges if d == n)),
            downstream=tuple(sorted(d for u, d in edges if u == n)),
        )
        for n in names
    }


@pytest.mark.parametrize(
    ("depth", "expected"),
    [(0, {"a": 0}), (1, {"a": 0, "b": 1, "c": 1}), (3, {"a": 0, "b": 1, "c": 1, "d": 2, "e": 3})],
)
async def test_walk_visits_a_diamond_with_a_cycle_once_per_node(depth: int, expected: dict[str, int]) -> None:
    nodes = graph([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("e", "a")])
    lookups: list[list[str]] = []

    async def fetch(ids: list[str]) -> dict[str, LineageNode]:
        lookups.append(ids)
        return {i: nodes[i] for i in ids if i in nodes}

    result = await walk("a", Direction.DOWNSTREAM, depth, fetch)
    assert {r.id: r.depth for r in result.nodes} == expected
    assert len(lookups) == depth + 1  # one batched lookup per level
    assert result.truncated == (depth < 3)


def test_kpi_increments_count_failures_and_outcomes() -> None:
    finished = next(m for m in RUN.messages if isinstance(m, JobFinished))
    assert kpi_increments(finished)["jobs.failed"] == 1
    assert kpi_increments(finished)["failures"] == 1
    assert kpi_increments(RUN.messages[0]) == {
        "events": 1,
        "topic.mdsync_sync_jobs_v1": 1,
        "type.mdsync_sync_job_requested": 1,
        "jobs.requested": 1,
    }


def test_only_a_dead_letter_about_a_dead_letter_counts_as_an_echo() -> None:
    letter = next(m for m in RUN.messages if isinstance(m, DeadLetter))
    assert not is_dead_letter_echo(letter)
    echo = letter.model_copy(update={"original_topic": "dog.mdsync.deadletter.v1"})
    assert is_dead_letter_echo(echo)


def test_a_stored_payload_leaves_defaults_out_but_keeps_its_schema_version() -> None:
    for message in RUN.messages:
        event = stored(message)
        assert event.payload["schema_version"] == message.schema_version
        assert event.message() == message
    assert "dry_run" not in stored(RUN.messages[0]).payload  # False by default: not stored
