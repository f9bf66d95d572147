"""Who may decide a held change: its space, and the role its environment and kind need."""

from __future__ import annotations

from datetime import UTC, datetime

from mdsync_contracts.base import Environment
from mdsync_contracts.glue import ChangeClass, DeleteTable, UpsertTable
from mdsync_glue_writer.api import role_to_decide, space_of
from mdsync_glue_writer.approvals import HeldChange
from mdsync_runtime.auth import Role


def held(ce_type: str = UpsertTable.CE_TYPE, asset_id: str | None = "acme/SALES/ORDERS") -> HeldChange:
    return HeldChange(
        approval_id="apr-1",
        database="sales",
        table="orders",
        change_class=ChangeClass.MAJOR,
        reason="major change",
        requester="service:mapper",
        asset_id=asset_id,
        ce_type=ce_type,
        command="{}",
        held_at=datetime.now(UTC),
    )


def test_the_space_of_a_held_change_comes_from_its_asset_id() -> None:
    assert space_of(held()) == "SALES"
    assert space_of(held(asset_id=None)) is None
    assert space_of(held(asset_id="not-an-asset-id")) is None


def test_operators_decide_in_dog_and_wolf_admins_in_bear_and_for_deletes() -> None:
    assert role_to_decide(held(), Environment.DOG) is Role.OPERATOR
    assert role_to_decide(held(), Environment.WOLF) is Role.OPERATOR
    assert role_to_decide(held(), Environment.BEAR) is Role.ADMIN
    assert role_to_decide(held(DeleteTable.CE_TYPE), Environment.DOG) is Role.ADMIN
