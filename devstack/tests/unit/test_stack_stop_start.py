"""Stopping, killing and starting single components by name while the others keep running."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mdsync_devstack import procs, stack
from mdsync_devstack.component import Component, Context, DevstackError, Launch
from mdsync_devstack.probes import tcp_open
from mdsync_devstack.settings import DevstackSettings
from mdsync_runtime.local_servers import free_port
from mdsync_runtime.ports import Port


class Web(Component):
    """Python's http.server under a given name; ready when its port accepts."""

    grace_seconds = 5.0

    def __init__(self, name: str, trap_term: bool = False) -> None:
        self.name = name  # type: ignore[misc]  # a per-instance name for the test's two components
        self.port = Port(name, free_port(), f"MDSYNC_TEST_{name.upper()}_PORT")
        serve = f"import http.server as h; h.test(h.SimpleHTTPRequestHandler, port={self.port.value}, bind='127.0.0.1')"
        if trap_term:  # ignores SIGTERM, so only a SIGKILL ends it within the grace period
            serve = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); " + serve
        self.argv = [sys.executable, "-c", serve]

    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port.value}"

    def listens_on(self) -> list[Port]:
        return [self.port]

    def launch(self, ctx: Context) -> Launch:
        return Launch(self.argv)

    async def is_ready(self) -> bool:
        return tcp_open("127.0.0.1", self.port.value)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    context = stack.context(DevstackSettings(state_dir=tmp_path, devstack_timeout=15))
    yield context
    for pid_file in context.state.pids.glob("*.pid"):
        record = procs.read_record(pid_file)
        if record is not None:
            procs.terminate(record.pid, 5)


def test_select_names_the_known_components_for_an_unknown_one() -> None:
    components = [Web("alpha"), Web("beta")]

    assert [c.name for c in stack.select(components, ["beta"])] == ["beta"]
    with pytest.raises(DevstackError, match=r"unknown component gamma; known: alpha, beta"):
        stack.select(components, ["beta", "gamma"])


async def test_stopping_one_component_leaves_the_other_running_and_start_brings_it_back(ctx: Context) -> None:
    alpha, beta = Web("alpha"), Web("beta")
    await stack.up(ctx, [alpha, beta])

    stopped = stack.down(ctx, stack.select([alpha, beta], ["alpha"]))
    between = (await stack.status(ctx, [alpha, beta])).root
    restarted = (await stack.up(ctx, stack.select([alpha, beta], ["alpha"]))).root

    assert len(stopped) == 1
    assert stopped[0].startswith("alpha (pid ")
    assert (between["alpha"].state, between["beta"].state) == ("stopped", "running")
    assert restarted["alpha"].state == "running"
    assert list(restarted) == ["alpha"]


async def test_kill_ends_a_process_that_ignores_sigterm_at_once(ctx: Context) -> None:
    stubborn = Web("stubborn", trap_term=True)
    pid = (await stack.up(ctx, [stubborn])).root["stubborn"].pid
    assert pid is not None

    killed = stack.kill(ctx, [stubborn])

    assert killed == [f"stubborn (pid {pid})"]
    assert not procs.alive(pid)
    assert stubborn.running(ctx) is None
    assert stack.kill(ctx, [stubborn]) == []


def test_the_cli_refuses_an_unknown_component_by_name(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mdsync_devstack", "stop", "zookeeper"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"MDSYNC_STATE_DIR": str(tmp_path), "PATH": ""},
        check=False,
    )

    assert done.returncode == 1
    assert "unknown component zookeeper; known: datasphere, glue, kafka, mongo" in done.stderr
