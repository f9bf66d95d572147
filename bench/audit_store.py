"""A private Mongo-wire store (mongo-java-server, the devstack's jars and launcher) on its own port.

Benchmarks load it heavily, so they must not use the shared devstack store. The devstack prepares the jars
and compiles its launcher (``MongoMain host port [h2-file]``); only port, heap and backend differ here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from pymongo import AsyncMongoClient

from mdsync_devstack.mongo import MongoComponent
from mdsync_devstack.stack import context
from mdsync_runtime.ports import HOST


@dataclass
class StoreProcess:
    """A running private store."""

    process: asyncio.subprocess.Process
    port: int
    backend: str
    heap: str

    @property
    def url(self) -> str:
        """Connection URL."""
        return f"mongodb://{HOST}:{self.port}"

    def memory(self) -> dict[str, str]:
        """Current and peak resident memory of the store process, from /proc."""
        found = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = value.strip()
        return found

    async def stop(self) -> None:
        """Stop it gracefully (the H2 backend writes its file on a graceful stop)."""
        if self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), timeout=60)


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
    sink = log.open("ab") if log else asyncio.subprocess.DEVNULL
    process = await asyncio.create_subprocess_exec(
        *argv, stdout=sink, stderr=asyncio.subprocess.STDOUT, cwd=ctx.state.root
    )
    store = StoreProcess(process, port, "h2" if h2_file else "memory", heap)
    await _wait_ready(store)
    return store


async def _wait_ready(store: StoreProcess, seconds: float = 60) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(store.url, serverSelectionTimeoutMS=500)
    try:
        for _ in range(int(seconds * 4)):
            if store.process.returncode is not None:
                raise RuntimeError(f"store on port {store.port} exited with {store.process.returncode}")
            try:
                await client.admin.command("ping")
                return
            except Exception:  # not listening yet
                await asyncio.sleep(0.25)
        raise RuntimeError(f"store on port {store.port} did not answer within {seconds} s")
    finally:
        await client.close()
