"""Which Glue calls the chaos proxy faults: pure decisions, no server (runs in the unit tier)."""

from __future__ import annotations

from tests.chaos.glue_proxy import MAX_CAS_STREAK, GlueFaultProxy


def test_the_proxy_faults_the_share_asked_and_only_while_storming() -> None:
    proxy = GlueFaultProxy("http://unused", share=0.3)

    assert proxy.fault_for("UpdateTable", "db.t", 0.1, 0.2) == "ConcurrentModificationException"
    assert proxy.fault_for("UpdateTable", "db.t", 0.1, 0.7) == "ThrottlingException"
    assert proxy.fault_for("GetTable", "db.t", 0.1, 0.2) == "ThrottlingException"
    assert proxy.fault_for("GetTable", "db.t", 0.3, 0.2) is None
    proxy.storming = False
    assert proxy.fault_for("UpdateTable", "db.t", 0.0, 0.0) is None


def test_the_proxy_keeps_concurrent_modification_streaks_within_the_writers_budget() -> None:
    proxy = GlueFaultProxy("http://unused", share=1.0)

    streak = [proxy.fault_for("CreateTable", "db.t", 0.0, 0.0) for _ in range(MAX_CAS_STREAK + 1)]
    other = proxy.fault_for("CreateTable", "db.u", 0.0, 0.0)
    proxy.storming = False
    proxy.fault_for("CreateTable", "db.t", 0.0, 0.0)  # a write that goes through ends the streak
    proxy.storming = True
    again = proxy.fault_for("CreateTable", "db.t", 0.0, 0.0)

    assert streak == ["ConcurrentModificationException"] * MAX_CAS_STREAK + ["ThrottlingException"]
    assert (other, again) == ("ConcurrentModificationException", "ConcurrentModificationException")
