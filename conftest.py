"""Tests that need the devstack start it (or reuse the running one) once per session."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def devstack(request: pytest.FixtureRequest) -> None:
    """Bring the devstack up when any selected test is an integration or end-to-end test."""
    items = request.session.items
    if any(item.get_closest_marker("integration") or item.get_closest_marker("e2e") for item in items):
        from mdsync_devstack import ensure_up

        ensure_up()
