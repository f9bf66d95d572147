"""A private Mongo-wire store (mongo-java-server, the devstack's jars and launcher) on its own port.

Benchmarks load it heavily, so they must not use the shared devstack store. The devstack prepares the jars
and compiles its launcher (``MongoMain host port [h2-file]``); only port, heap and backend differ here.
"""

from __future__ import annotations

import asyncio
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pymongo import AsyncMongoClient

from mdsync_devstack.mongo import MongoComponent
from mdsync_devstack.stack import context
from mdsync_runtime.ports import HOST


@dataclass
class StoreProcess:
    """A running private store."""

    process: subprocess.Popen[bytes]
    port: int
    backend: str
    heap: str

    @property
    def url(self) -> str:
        """Connection URL."""
        return f"mongodb://{HOST}:{self.port}"

    def memory(self) -> dict[str, str]:
        """Current and peak resident memory of the store process, from /proc."""
        return process_memory(self.process.pid)

    async def stop(self) -> None:
        """Stop it gracefully (the H2 backend writes its file on a graceful stop)."""
        if self.process.poll() is None:
            self.process.terminate()
            await asyncio.to_thread(self.process.wait, 120)


async def start_store(
    port: int, heap: str = "1g", h2_file: Path | None = None, log: Path | None = None
) -> StoreProcess:
    """Start mongo-java-server on ``port`` (memory backend, or H2 at ``h2_file``) and wait until it answers."""
    ctx = context()
    component = MongoComponent()
    await component.prepare(ctx)
    argv = component.launch(ctx).argv
    argv = [f"-Xmx{heap}" if a.startswith("-Xmx") else a for a in argv[: argv.index("MongoMain") + 1]]
    argv += [HOST, str(port)] + ([str(h2_file)] if h2_file else [])
    sink = log.open("ab") if log else subprocess.DEVNULL
    # Its own session, so it can outlive the benchmark (--keep) and is not hit by signals meant for it.
    process = await asyncio.to_thread(
        subprocess.Popen, argv, stdout=sink, stderr=subprocess.STDOUT, cwd=ctx.state.root, start_new_session=True
    )
    store = StoreProcess(process, port, "h2" if h2_file else "memory", heap)
    await _wait_ready(store)
    return store


async def _wait_ready(store: StoreProcess, seconds: float = 60) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(store.url, serverSelectionTimeoutMS=500)
    try:
        for _ in range(int(seconds * 4)):
            if store.process.poll() is not None:
                raise RuntimeError(f"store on port {store.port} exited with {store.process.returncode}")
            try:
                await client.admin.command("ping")
                return
            except Exception:  # not listening yet
                await asyncio.sleep(0.25)
        raise RuntimeError(f"store on port {store.port} did not answer within {seconds} s")
    finally:
        await client.close()


def process_memory(pid: int) -> dict[str, str]:
    """VmRSS and VmHWM (peak) of a process, from /proc/<pid>/status."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = value.strip()
    return found


def describe(pid: int) -> tuple[str, str]:
    """(backend, heap) of a running store launched like ``start_store`` does, from its command line."""
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    heap = next((a.removeprefix("-Xmx") for a in argv if a.startswith("-Xmx")), "?")
    after = argv[argv.index("MongoMain") + 1 :] if "MongoMain" in argv else []
    return ("h2" if len([a for a in after if a]) > 2 else "memory"), heap
