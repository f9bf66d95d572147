"""Intent classification, slot extraction and time expressions."""

from datetime import UTC, datetime

import pytest

from mdsync_agent.core.intents import Names, classify, extract
from mdsync_agent.core.models import Catalog, Intent
from mdsync_agent.core.timeexpr import parse_period

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)  # Thursday


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("find customer tables", Intent.FIND_ASSETS),
        ("columns that look like customer email", Intent.FIND_COLUMNS),
        ("describe SALES_ORDERS", Intent.DESCRIBE),
        ("where does Glue table sales_orders come from?", Intent.LINEAGE_UP),
        ("what depends on CUSTOMER_MASTER", Intent.LINEAGE_DOWN),
        ("what changed in FINANCE this week?", Intent.CHANGES),
        ("why did the last sync of FINANCE fail?", Intent.SYNC_STATUS),
        ("which jobs are running", Intent.RUNNING_JOBS),
        ("which columns are lossy", Intent.LOSSY),
        ("compare SALES_ORDERS in Datasphere vs Glue", Intent.COMPARE),
        ("help", Intent.HELP),
        ("what is the weather tomorrow", Intent.REFUSE),
        ("please drop table SALES_ORDERS", Intent.REFUSE),
    ],
)
def test_classifies_each_intent(question: str, intent: Intent) -> None:
    assert classify(question) is intent


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("what changed yesterday", datetime(2026, 11, 25, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC)),
        ("what changed this week", datetime(2026, 11, 23, tzinfo=UTC), NOW),
        ("changes since Monday", datetime(2026, 11, 23, tzinfo=UTC), NOW),
        ("changes since tuesday", datetime(2026, 11, 24, tzinfo=UTC), NOW),
        ("changes in the last 3 days", datetime(2026, 11, 23, 12, tzinfo=UTC), NOW),
    ],
)
def test_parses_time_expressions(question: str, start: datetime, end: datetime) -> None:
    period = parse_period(question, NOW)
    assert period is not None
    assert (period.start, period.end) == (start, end)


def test_no_time_expression_gives_no_period() -> None:
    assert parse_period("find customer tables", NOW) is None


def test_finds_asset_by_glue_table_and_by_typo(catalog: Catalog) -> None:
    by_table = extract("where does acme_sales.sales_orders come from", Names.of(catalog), NOW).asset
    by_typo = extract("describe CUSTOMR_MASTER", Names.of(catalog), NOW).asset
    assert by_table is not None
    assert by_typo is not None
    assert (by_table.technical_name, by_typo.technical_name) == ("SALES_ORDERS", "CUSTOMER_MASTER")


def test_space_outside_the_catalog_is_reported_as_unknown(catalog: Catalog) -> None:
    visible = Names.of(catalog.visible_to(frozenset({"SALES"})))
    slots = extract("what changed in HR this week", visible, NOW)
    assert (slots.space, slots.unknown_space) == (None, "HR")
    assert extract("what changed in SALES this week", visible, NOW).space == "SALES"


def test_upper_case_word_unknown_to_the_catalog_is_an_unknown_space(catalog: Catalog) -> None:
    visible = Names.of(catalog.visible_to(frozenset({"SALES"})))
    assert extract("why did the HR sync fail", visible, NOW).unknown_space == "HR"
    assert extract("why did the KUNNR sync fail", visible, NOW).unknown_space is None  # a column


def test_it_refers_to_the_previous_asset(catalog: Catalog) -> None:
    names = Names.of(catalog)
    previous = catalog.assets[1]
    assert extract("where does it come from", names, NOW, previous).asset == previous
    assert extract("where does CUSTOMER_MASTER come from", names, NOW, previous).asset == catalog.assets[0]
