"""Cancel semantics per phase, and which objects a job's scope covers."""

import pytest

from mdsync_contracts.asset_model import ObjectRef
from mdsync_contracts.jobs import JobScope
from mdsync_extractor.core.jobs import CancelEffect, JobPhase, cancel_effect
from mdsync_extractor.core.scope import covers, named_assets, spaces_to_list


@pytest.mark.parametrize(
    ("phase", "effect"),
    [
        (JobPhase.QUEUED, CancelEffect.FINISH_NOW),
        (JobPhase.RUNNING, CancelEffect.STOP_BETWEEN_ASSETS),
        (JobPhase.ACCOUNTING, CancelEffect.FINISH_NOW),
        (JobPhase.FINISHED, CancelEffect.ALREADY_FINISHED),
    ],
)
def test_cancel_effect(phase: JobPhase, effect: CancelEffect) -> None:
    assert cancel_effect(phase) is effect


def test_empty_scope_lists_every_visible_space_and_covers_everything() -> None:
    scope = JobScope()
    assert spaces_to_list(scope, ["SALES", "HR", "SALES"]) == ("HR", "SALES")
    assert covers(scope, "HR", "ANYTHING")


def test_scope_of_spaces_and_single_assets() -> None:
    scope = JobScope(spaces=("SALES",), assets=(ObjectRef(space="HR", technical_name="EMPLOYEES"),))
    assert spaces_to_list(scope, ["SALES", "HR", "FIN"]) == ("HR", "SALES")
    assert covers(scope, "SALES", "ORDERS")
    assert covers(scope, "HR", "EMPLOYEES")
    assert not covers(scope, "HR", "SALARIES")
    assert not covers(scope, "FIN", "LEDGER")
    assert named_assets(scope, "HR") == {"EMPLOYEES"}
    assert named_assets(scope, "SALES") == frozenset()
