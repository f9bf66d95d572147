"""Tests that need the devstack start it (or reuse the running one) once per session."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def devstack(request: pytest.FixtureRequest) -> None:
    """Bring the devstack up when any selected test is an integration or end-to-end test."""
    items = request.session.items
    if any(item.get_closest_marker("integration") or item.get_closest_marker("e2e") for item in items):
        import asyncio

        from mdsync_devstack import ensure_up
        from mdsync_runtime.testing import prune_isolations

        ensure_up()
        asyncio.run(prune_isolations())


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep every test's captured output (passing tests too) for `make secrets-scan`."""
    captured = [content for _, content in report.sections]
    if report.longrepr:
        captured.append(str(report.longrepr))
    if captured:
        import os
        from pathlib import Path

        folder = Path(os.environ.get("MDSYNC_STATE_DIR", Path(__file__).parent / ".devstack")) / "test-output"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"pytest-{os.getpid()}.log").open("a") as out:
            out.write(f"== {report.nodeid} ({report.when})\n" + "\n".join(captured) + "\n")
