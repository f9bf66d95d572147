"""KPI counters split by tenant: what an event adds under its tenant, and what a tenant-limited caller reads."""

from __future__ import annotations

from mdsync_audit.core.kpi import KpiCounters, KpiMinute, SpaceCounters, event_tenant, freshness_id, minute_increments
from mdsync_audit.core.kpi_reach import (
    count_tokens,
    last_sync_per_space,
    last_sync_per_tenant,
    visible_freshness,
    visible_minute,
    with_legacy,
)
from mdsync_audit.core.search import asset_tokens, tenant_kind
from mdsync_audit.core.tenant_scope import Reach
from mdsync_audit.sample import Clock, dead_letter, recorded_run, sample_definitions
from mdsync_contracts.jobs import JobFinished

ALPHA = frozenset({"alpha"})
BETA = frozenset({"beta"})


def test_an_event_counts_again_under_its_tenant() -> None:
    finished = next(m for m in recorded_run().messages if isinstance(m, JobFinished))
    counts = minute_increments(finished)
    tenant = finished.tenant
    mine = {k.removeprefix(f"tenants.{tenant}."): n for k, n in counts.items() if k.startswith("tenants.")}
    whole = {k: n for k, n in counts.items() if not k.startswith("tenants.")}
    assert mine == whole
    assert whole["events"] == 1


def test_a_dead_letter_counts_for_a_tenant_only_when_its_tenant_is_known() -> None:
    letter = dead_letter(Clock(), None)
    assert event_tenant(letter) == letter.asset_id.split("/")[0]  # type: ignore[union-attr]
    undecoded = letter.model_copy(update={"asset_id": None, "causation_id": None})
    assert event_tenant(undecoded) is None
    assert not [k for k in minute_increments(undecoded) if k.startswith("tenants.")]
    decoded = undecoded.model_copy(update={"causation_id": letter.event_id})
    assert event_tenant(decoded) == letter.tenant


MINUTE = KpiMinute(
    id="2026-11-26T10:00",
    events=12,
    failures=3,
    dead_letters=2,
    topic={"t": 12},
    jobs={"requested": 2},
    tenants={
        "alpha": KpiCounters(
            events=6,
            failures=2,
            topic={"t": 6},
            jobs={"requested": 1},
            spaces={"SALES": SpaceCounters(events=5, failures=2, outcome={"failed": 2})},
        ),
        "beta": KpiCounters(
            events=5,
            failures=1,
            dead_letters=1,
            topic={"t": 5},
            jobs={"requested": 1},
            spaces={"SALES": SpaceCounters(events=4, failures=1, dead_letters=1, outcome={"failed": 1})},
        ),
    },
)


def test_a_tenant_limited_caller_reads_its_tenants_part_summed() -> None:
    beta = visible_minute(MINUTE, Reach(tenants=BETA))
    assert beta is not None
    assert (beta.events, beta.failures, beta.dead_letters) == (5, 1, 1)
    assert (beta.topic, beta.jobs) == ({"t": 5}, {"requested": 1})
    assert list(beta.tenants) == ["beta"]
    both = visible_minute(MINUTE, Reach(tenants=ALPHA | BETA))
    assert both is not None
    assert (both.events, both.topic, both.spaces["SALES"].events) == (11, {"t": 11}, 9)
    assert both.spaces["SALES"].outcome == {"failed": 3}
    assert visible_minute(MINUTE, Reach()) == MINUTE, "every tenant: the whole minute, unknown-tenant events too"
    assert visible_minute(MINUTE, Reach(tenants=frozenset({"gamma"}))) is None
    assert visible_minute(MINUTE, Reach(tenants=frozenset())) is None


def test_tenant_and_space_limits_apply_together() -> None:
    sales = visible_minute(MINUTE, Reach(tenants=ALPHA, spaces=frozenset({"SALES"})))
    assert sales is not None
    assert (sales.events, sales.failures, sales.topic, sales.jobs) == (5, 2, {}, {})
    assert visible_minute(MINUTE, Reach(tenants=ALPHA, spaces=frozenset({"HR"}))) is None
    everyone_sales = visible_minute(MINUTE, Reach(spaces=frozenset({"SALES"})))
    assert everyone_sales is None, "the all-tenant counters of this minute name no space"


def test_last_sync_is_kept_per_tenant_and_space() -> None:
    assert freshness_id("beta/SALES/ORDERS") == "beta/SALES"
    assert freshness_id(None) is None
    ten, eleven = "2026-11-26T10:00:00.000000Z", "2026-11-26T11:00:00.000000Z"
    stamps = {"alpha/SALES": ten, "beta/SALES": eleven, "beta/HR": None}
    assert visible_freshness(stamps, Reach(tenants=BETA)) == ["beta/HR", "beta/SALES"]
    assert visible_freshness(stamps, Reach(tenants=BETA, spaces=frozenset({"SALES"}))) == ["beta/SALES"]
    assert last_sync_per_tenant(stamps) == {
        "alpha": {"SALES": ten},
        "beta": {"HR": None, "SALES": eleven},
    }
    assert last_sync_per_space(stamps) == {"HR": None, "SALES": eleven}


def test_assets_are_counted_from_the_postings_of_the_callers_tenants_and_spaces() -> None:
    definition = next(iter(sample_definitions().values()))
    mine, space = frozenset({definition.tenant}), frozenset({definition.space})
    tokens = asset_tokens(definition)
    counted = {
        name: set(count_tokens(reach)) & tokens
        for name, reach in {
            "everything": Reach(),
            "its tenant": Reach(tenants=mine),
            "its tenant and space": Reach(tenants=mine, spaces=space),
            "its space": Reach(spaces=space),
            "another tenant": Reach(tenants=frozenset({"other"})),
            "its tenant, another space": Reach(tenants=mine, spaces=frozenset({"ELSEWHERE"})),
        }.items()
    }
    assert {name: len(found) for name, found in counted.items()} == {
        "everything": 1,
        "its tenant": 1,
        "its tenant and space": 1,
        "its space": 1,
        "another tenant": 0,
        "its tenant, another space": 0,
    }
    kind = definition.kind.value
    assert counted["its tenant"] == {tenant_kind(definition.tenant, kind)}


def test_last_syncs_kept_before_the_split_are_the_home_tenants() -> None:
    ten, eleven = "2026-11-26T10:00:00.000000Z", "2026-11-26T11:00:00.000000Z"
    merged = with_legacy({"ops/SALES": ten, "beta/SALES": ten}, {"SALES": eleven, "HR": None}, "ops")
    assert merged == {"ops/SALES": eleven, "beta/SALES": ten, "ops/HR": None}
    assert with_legacy({"ops/SALES": eleven}, {"SALES": ten}, "ops") == {"ops/SALES": eleven}
