"""The MongoDB-wire store: mongo-java-server 1.47 through a launcher that reports wire version 17."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from pymongo import AsyncMongoClient

from mdsync_devstack import tools
from mdsync_devstack.component import Component, Context, DevstackError, Launch
from mdsync_devstack.probes import tcp_open
from mdsync_devstack.settings import DEVSTACK_DIR
from mdsync_runtime import ports

POM = DEVSTACK_DIR / "mongo" / "pom.xml"
LAUNCHER = DEVSTACK_DIR / "mongo" / "MongoMain.java"
# The memory backend grows without bound (5.9 GB at 1.2 M small documents unbounded): the heap is capped
# (MDSYNC_STORE_HEAP, default 2g).
JVM_FLAGS = ["-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true"]
LOGGING = [
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-Dorg.slf4j.simpleLogger.showDateTime=true",
    "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.MongoServer=info",
    # It logs every failed command (a duplicate key, dropping a missing collection) with a stack trace; the
    # client receives each error anyway, so the log would only fill up.
    "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler=off",
]


class MongoComponent(Component):
    """Memory backend by default; H2 file under data/ when ``MDSYNC_STORE_PERSIST=1``."""

    name = "mongo"
    grace_seconds = 20.0  # the H2 backend commits its file on a graceful stop only

    def endpoint(self) -> str:
        """Connection URL."""
        return ports.mongo_url()

    def listens_on(self) -> list[ports.Port]:
        """The wire port."""
        return [ports.MONGO]

    def launch(self, ctx: Context) -> Launch:
        """``java -cp classes:lib/* MongoMain host port [h2-file]``."""
        classpath = f"{self._classes(ctx)}:{self._lib(ctx)}/*"
        heap = f"-Xmx{ctx.settings.store_heap}"
        argv = [tools.jdk_tool("java"), heap, *JVM_FLAGS, *LOGGING, "-cp", classpath, "MongoMain"]
        argv += [ports.HOST, str(ports.MONGO.value)]
        if ctx.settings.store_persist:
            argv.append(str(ctx.state.data / "mongo" / "store.mv"))
        return Launch(argv)

    async def prepare(self, ctx: Context) -> None:
        """Resolve the jars and compile the launcher (both skipped when cached)."""
        await tools.resolve_jars(POM, self._lib(ctx), self.log_file(ctx))
        (ctx.state.data / "mongo").mkdir(parents=True, exist_ok=True)
        classes = self._classes(ctx)
        if (classes / "MongoMain.class").is_file():
            return
        staging = classes.with_name(classes.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        argv = [tools.jdk_tool("javac"), "-cp", f"{self._lib(ctx)}/*", "-d", str(staging), str(LAUNCHER)]
        if await tools.run_logged(argv, self.log_file(ctx)) != 0:
            raise DevstackError(f"mongo: compiling {LAUNCHER.name} failed; see {self.log_file(ctx)}")
        staging.replace(classes)

    async def is_ready(self) -> bool:
        """The server answers ``ping``."""
        if not tcp_open(ports.HOST, ports.MONGO.value):
            return False
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
            self.endpoint(), serverSelectionTimeoutMS=2000, connectTimeoutMS=2000
        )
        try:
            await client.admin.command("ping")
        except Exception:  # any failure to answer means "not ready yet"
            return False
        finally:
            with contextlib.suppress(Exception):
                await client.close()
        return True

    def _lib(self, ctx: Context) -> Path:
        return ctx.state.cache / "mongo" / "lib"

    def _classes(self, ctx: Context) -> Path:
        # Named by the launcher's digest, so an edited launcher is compiled afresh.
        return ctx.state.cache / "mongo" / f"classes-{tools.digest(LAUNCHER)[:12]}"
