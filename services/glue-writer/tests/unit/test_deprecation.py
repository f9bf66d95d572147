"""Safe deletes: deprecate once, delete only owned and deprecated tables past the grace period, with approval."""

from datetime import UTC, datetime, timedelta

from mdsync_contracts.glue import ChangeClass, PlannedAction
from mdsync_glue_writer.core.decide import Gate
from mdsync_glue_writer.core.deprecation import decide_delete, decide_deprecate, deprecated_at, due_for_delete
from mdsync_glue_writer.core.models import CurrentTable, Delete, Hold, Reject, Unchanged, Update
from mdsync_glue_writer.core.params import changed_by_others, desired_table, is_deprecated

from .conftest import table_input

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
GRACE = timedelta(days=14)


def owned(description: str | None = "Sales Orders") -> CurrentTable:
    sent, _ = desired_table(table_input(description=description))
    return CurrentTable(database="sales", table_input=sent, version_id="2")


def deprecated(at: datetime) -> CurrentTable:
    decision = decide_deprecate(owned(), "source asset deleted", at, Gate())
    assert isinstance(decision, Update)
    return CurrentTable(database="sales", table_input=decision.table_input, version_id="3")


def test_deprecation_marks_parameters_and_description_and_is_not_drift() -> None:
    decision = decide_deprecate(owned(), "source asset deleted", NOW, Gate())
    assert isinstance(decision, Update)
    table = decision.table_input
    assert is_deprecated(table)
    assert deprecated_at(table) == NOW
    assert table.description == "[DEPRECATED by mdsync 2026-11-26: source asset deleted] Sales Orders"
    assert decision.diff.action is PlannedAction.DEPRECATE
    assert decision.skip_archive is True
    assert not changed_by_others(table)


def test_deprecating_twice_or_an_absent_table_writes_nothing() -> None:
    assert isinstance(decide_deprecate(deprecated(NOW), "again", NOW, Gate()), Unchanged)
    assert isinstance(decide_deprecate(None, "gone", NOW, Gate()), Unchanged)


def test_foreign_tables_are_never_deprecated_or_deleted() -> None:
    foreign = CurrentTable(database="sales", table_input=table_input(), version_id="1")
    not_deprecated = decide_deprecate(foreign, "x", NOW, Gate())
    assert isinstance(not_deprecated, Reject)
    assert not_deprecated.code == "not-owned"
    rejected = decide_delete(foreign, NOW, GRACE, Gate())
    assert isinstance(rejected, Reject)
    assert rejected.code == "not-owned"


def test_delete_needs_deprecation_and_the_grace_period() -> None:
    not_deprecated = decide_delete(owned(), NOW, GRACE, Gate())
    assert isinstance(not_deprecated, Reject)
    assert not_deprecated.code == "not-deprecated"
    too_soon = decide_delete(deprecated(NOW - timedelta(days=3)), NOW, GRACE, Gate())
    assert isinstance(too_soon, Reject)
    assert too_soon.code == "grace-period"
    assert decide_delete(deprecated(NOW - timedelta(days=15)), NOW, GRACE, Gate()) == Delete(version_id="3")
    assert decide_delete(None, NOW, GRACE, Gate()) == Unchanged(version_id=None)


def test_delete_is_held_until_approved_where_required() -> None:
    old = deprecated(NOW - timedelta(days=15))
    held = decide_delete(old, NOW, GRACE, Gate(approval_required=True))
    assert isinstance(held, Hold)
    assert held.change_class is ChangeClass.MAJOR
    assert isinstance(decide_delete(old, NOW, GRACE, Gate(approval_required=True, approved=True)), Delete)


def test_the_sweep_picks_owned_deprecated_tables_past_grace() -> None:
    old, recent, live = deprecated(NOW - timedelta(days=20)), deprecated(NOW - timedelta(days=1)), owned()
    foreign_marked = CurrentTable(
        database="sales", table_input=table_input(parameters={"mdsync.deprecated_at": "2020-01-01T00:00:00+00:00"})
    )
    assert due_for_delete([old, recent, live, foreign_marked], NOW, GRACE) == [old]
