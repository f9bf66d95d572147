"""Answers: citations are natural keys of visible records, scope holds everywhere, refusals cite nothing."""

import re
from datetime import UTC, datetime

from mdsync_agent.core.agent import Agent
from mdsync_agent.core.models import Catalog, CitationKind, Intent

SALES = frozenset({"SALES"})
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def _ask(catalog: Catalog, question: str, spaces: frozenset[str] | None = SALES):  # type: ignore[no-untyped-def]
    return Agent(catalog.visible_to(spaces)).answer(question, NOW)


def test_citation_ids_are_natural_keys(catalog: Catalog) -> None:
    response = _ask(catalog, "describe SALES_ORDERS")
    assert {(c.kind, c.id) for c in response.citations} == {
        (CitationKind.ASSET, "acme/SALES/SALES_ORDERS"),
        (CitationKind.GLUE_TABLE, "acme_sales.sales_orders"),
    }
    columns = _ask(catalog, "which columns hold the currency").citations
    assert [c.id for c in columns] == ["acme/SALES/SALES_ORDERS#WAERK"]
    assert [c.id for c in _ask(catalog, "why did the last sync of SALES fail").citations][:2] == [
        "space:SALES",
        "job-s1",
    ]


def test_other_spaces_never_appear(catalog: Catalog) -> None:
    for question in (
        "find employee salaries",
        "what depends on CUSTOMER_MASTER",
        "which jobs are running",
        "what changed this week",
    ):
        response = _ask(catalog, question)
        assert not [c for c in response.citations if "HR" in c.id], question
        assert "EMPLOYEE_PAY" not in response.answer
        assert "job-h1" not in response.answer


def test_an_invisible_asset_is_indistinguishable_from_a_missing_one(catalog: Catalog) -> None:
    hidden = _ask(catalog, "describe EMPLOYEE_PAY")
    missing = _ask(catalog, "describe EMPLOYEE_PAX")
    assert hidden.intent is Intent.REFUSE
    assert hidden.citations == ()
    assert hidden.answer.replace("EMPLOYEE_PAY", "X") == missing.answer.replace("EMPLOYEE_PAX", "X")
    assert hidden.follow_ups == missing.follow_ups


def test_counts_are_scoped(catalog: Catalog) -> None:
    assert _ask(catalog, "what changed this week").answer.startswith("1 asset(s) changed")
    assert _ask(catalog, "what changed this week", None).answer.startswith("2 asset(s) changed")


def test_refusals_cite_nothing_and_suggest_only_visible_records(catalog: Catalog) -> None:
    for question in ("what is the weather", "what changed in HR this week", "find quantum flux"):
        response = _ask(catalog, question)
        assert response.intent is Intent.REFUSE
        assert response.citations == ()
        assert not any("EMPLOYEE" in f for f in response.follow_ups)


def test_instructions_in_labels_change_nothing(catalog: Catalog) -> None:
    response = _ask(catalog, "describe ORDER_TYPES")
    assert response.intent is Intent.DESCRIBE
    assert [c.id for c in response.citations] == ["acme/SALES/ORDER_TYPES", "acme_sales.order_types"]


def test_lineage_walks_both_ways(catalog: Catalog) -> None:
    up = _ask(catalog, "where does Glue table acme_sales.sales_orders come from?")
    assert "acme/SALES/CUSTOMER_MASTER" in [c.id for c in up.citations]
    down = _ask(catalog, "what depends on CUSTOMER_MASTER", None)
    assert {"acme/SALES/SALES_ORDERS", "acme/HR/EMPLOYEE_PAY"} <= {c.id for c in down.citations}


def test_sync_failure_names_the_reason(catalog: Catalog) -> None:
    response = _ask(catalog, "why did the last sync of SALES fail?")
    assert "1 asset failed" in response.answer
    assert "Glue rejected column NETWR" in response.answer
    assert re.search(r"job-s1, failed", response.answer)


def test_lossy_running_compare_and_help(catalog: Catalog) -> None:
    assert [c.id for c in _ask(catalog, "which columns are lossy").citations] == ["acme/SALES/SALES_ORDERS#NETWR"]
    assert _ask(catalog, "which jobs are running").citations == ()
    assert [c.id for c in _ask(catalog, "which jobs are running", None).citations] == ["job-h1"]
    assert _ask(catalog, "compare SALES_ORDERS datasphere vs glue").intent is Intent.COMPARE
    assert [c.id for c in _ask(catalog, "help").citations] == ["space:SALES"]
