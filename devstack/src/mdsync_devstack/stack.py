"""Bringing the components up (idempotently, concurrently), reporting their status, and stopping them."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import shutil
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mdsync_devstack import procs
from mdsync_devstack.component import Component, Context, DevstackError
from mdsync_devstack.probes import tail, tcp_open
from mdsync_devstack.settings import DevstackSettings, StateDir
from mdsync_devstack.status import ComponentStatus, StackStatus, classify
from mdsync_devstack.tenant import choose_tenant, forget_tenant
from mdsync_runtime import ports

log = logging.getLogger("mdsync_devstack")


def context(settings: DevstackSettings | None = None) -> Context:
    """Settings from the environment and the created state directory."""
    settings = settings or DevstackSettings()
    return Context(settings, StateDir(settings.state_dir.resolve()).create())


@contextlib.contextmanager
def exclusive(state: StateDir) -> Iterator[None]:
    """Hold the state directory's lock, so two ``up``/``down`` runs never start the same component twice."""
    with (state.root / "devstack.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("waiting for another devstack up/down to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


async def up(ctx: Context, components: Sequence[Component], tenant: Path | None = None) -> StackStatus:
    """Start what is not running, restart what runs with another configuration, wait until all answer."""
    with exclusive(ctx.state):
        choose_tenant(ctx.state, tenant)
        results = await asyncio.gather(*(_bring_up(ctx, c) for c in components), return_exceptions=True)
    failures = [_describe(c, r) for c, r in zip(components, results, strict=True) if isinstance(r, BaseException)]
    if failures:
        raise DevstackError("\n".join(failures))
    return await status(ctx, components)


async def _bring_up(ctx: Context, component: Component) -> None:
    started = time.monotonic()
    record = component.running(ctx)
    if record is not None and record.fingerprint != component.launch(ctx).fingerprint():
        log.info("%s: configuration changed, restarting pid %d", component.name, record.pid)
        await asyncio.to_thread(component.stop, ctx)
        record = None
    if record is None:
        _check_ports_free(ctx, component)
        pid = await component.start(ctx)
        log.info("%s: started pid %d (log %s)", component.name, pid, component.log_file(ctx))
        await _wait_ready(ctx, component, pid)
    elif await component.is_ready():
        log.info("%s: already running (pid %d)", component.name, record.pid)
    else:
        log.info("%s: pid %d is alive but not answering yet; waiting", component.name, record.pid)
        await _wait_ready(ctx, component, record.pid)
    note = await component.after_ready(ctx)
    if note:
        log.info("%s: %s", component.name, note)
    log.info("%s: ready at %s after %.1f s", component.name, component.endpoint(), time.monotonic() - started)


def _check_ports_free(ctx: Context, component: Component) -> None:
    busy = [port for port in component.listens_on() if tcp_open(ports.HOST, port.value)]
    if busy:
        taken = ", ".join(f"{port.value} (set {port.env} to move it)" for port in busy)
        raise DevstackError(
            f"{component.name}: port {taken} is in use by a process this devstack did not start "
            f"(no live pid in {ctx.state.pid_file(component.name)})"
        )


async def _wait_ready(ctx: Context, component: Component, pid: int) -> None:
    deadline = time.monotonic() + ctx.settings.devstack_timeout
    logfile = component.log_file(ctx)
    while not await component.is_ready():
        if not procs.alive(pid):
            code = procs.exit_code(pid)
            ctx.state.pid_file(component.name).unlink(missing_ok=True)
            reason = "exited" if code is None else f"exited with code {code}"
            raise DevstackError(f"{component.name}: {reason} while starting; see {logfile}:\n{tail(logfile)}")
        if time.monotonic() > deadline:
            raise DevstackError(
                f"{component.name}: not ready after {ctx.settings.devstack_timeout:.0f} s (pid {pid} still "
                f"running; raise MDSYNC_DEVSTACK_TIMEOUT?); see {logfile}:\n{tail(logfile)}"
            )
        await asyncio.sleep(0.5)


def _describe(component: Component, error: BaseException) -> str:
    if isinstance(error, DevstackError):
        return str(error)
    return f"{component.name}: {type(error).__name__}: {error}"


async def status(ctx: Context, components: Sequence[Component]) -> StackStatus:
    """Each component's state, endpoint, pid and log."""
    reports = await asyncio.gather(*(_status_of(ctx, c) for c in components))
    return StackStatus({c.name: report for c, report in zip(components, reports, strict=True)})


async def _status_of(ctx: Context, component: Component) -> ComponentStatus:
    record = component.running(ctx)
    ready = record is not None and await component.is_ready()
    return ComponentStatus(
        state=classify(record is not None, ready),
        endpoint=component.endpoint(),
        pid=record.pid if record else None,
        log=str(component.log_file(ctx)),
    )


def select(components: Sequence[Component], names: Sequence[str]) -> list[Component]:
    """The components named, in registry order; ``DevstackError`` naming the known ones for an unknown name."""
    known = {component.name for component in components}
    unknown = sorted(set(names) - known)
    if unknown:
        raise DevstackError(f"unknown component {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return [component for component in components if component.name in names]


def kill(ctx: Context, components: Sequence[Component]) -> list[str]:
    """SIGKILL each running component by pid, as a crash would (no graceful shutdown); return what was killed."""
    with exclusive(ctx.state):
        return [f"{c.name} (pid {pid})" for c in components if (pid := c.kill(ctx)) is not None]


def down(ctx: Context, components: Sequence[Component], wipe: bool = False) -> list[str]:
    """Stop every running component by pid, concurrently; with ``wipe`` also delete the data (not the cache)."""
    with exclusive(ctx.state), ThreadPoolExecutor(max_workers=max(len(components), 1)) as pool:
        pids = list(pool.map(lambda c: c.stop(ctx), components))
        stopped = [f"{c.name} (pid {pid})" for c, pid in zip(components, pids, strict=True) if pid is not None]
        if wipe:
            forget_tenant(ctx.state)
            shutil.rmtree(ctx.state.data, ignore_errors=True)
            ctx.state.data.mkdir(parents=True, exist_ok=True)
    return stopped
