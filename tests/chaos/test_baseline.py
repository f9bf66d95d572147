"""The fault-free baseline: a full sync of the chaos tenant ends with every check holding."""

from __future__ import annotations

import pytest

from tests.chaos.conftest import Baseline

pytestmark = pytest.mark.chaos


def test_a_fault_free_sync_fills_the_catalog(baseline: Baseline) -> None:
    assert sum(len(tables) for tables in baseline.catalog.values()) > 100
