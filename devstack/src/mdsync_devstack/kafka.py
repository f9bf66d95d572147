"""Apache Kafka 4.1 in KRaft mode (one combined broker and controller) from Maven Central jars."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from mdsync_devstack import tools
from mdsync_devstack.component import Component, Context, DevstackError, Launch
from mdsync_devstack.probes import tcp_open
from mdsync_devstack.settings import DEVSTACK_DIR
from mdsync_runtime import ports
from mdsync_runtime.admin import ensure_topics

POM = DEVSTACK_DIR / "kafka" / "pom.xml"
LOG4J2 = DEVSTACK_DIR / "kafka" / "log4j2.properties"
JVM_FLAGS = ["-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true"]


@dataclass(frozen=True)
class KafkaConfig:
    """What the broker's properties depend on."""

    host: str
    port: int
    controller_port: int
    log_dir: Path


def render_server_properties(config: KafkaConfig) -> str:
    """Combined-mode, static-quorum ``server.properties`` for one node (reference §1.5)."""
    broker = f"PLAINTEXT://{config.host}:{config.port}"
    controller = f"CONTROLLER://{config.host}:{config.controller_port}"
    lines = [
        "process.roles=broker,controller",
        "node.id=1",
        f"controller.quorum.voters=1@{config.host}:{config.controller_port}",
        f"listeners={broker},{controller}",
        f"advertised.listeners={broker},{controller}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        f"log.dirs={config.log_dir}",
        "num.partitions=1",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.num.partitions=1",
        "num.network.threads=2",
        "num.io.threads=2",
        "log.cleaner.dedupe.buffer.size=2097152",
    ]
    return "\n".join(lines) + "\n"


def new_cluster_id() -> str:
    """A KRaft cluster id: URL-safe Base64 of 16 random bytes, unpadded, never starting with '-'."""
    while True:
        candidate = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not candidate.startswith("-"):
            return candidate


class KafkaComponent(Component):
    """The broker, its storage formatted once, and every contract topic created up front."""

    name = "kafka"
    grace_seconds = 30.0  # a controlled shutdown flushes logs and the metadata snapshot

    def endpoint(self) -> str:
        """Bootstrap servers."""
        return ports.kafka_bootstrap()

    def listens_on(self) -> list[ports.Port]:
        """Broker and controller ports."""
        return [ports.KAFKA, ports.KAFKA_CONTROLLER]

    def config(self, ctx: Context) -> KafkaConfig:
        """The properties' inputs for this state directory and the ports in force."""
        return KafkaConfig(ports.HOST, ports.KAFKA.value, ports.KAFKA_CONTROLLER.value, self._data(ctx) / "kraft")

    def launch(self, ctx: Context) -> Launch:
        """``java … kafka.Kafka server.properties``."""
        argv = [tools.jdk_tool("java"), *JVM_FLAGS, *self._logging(ctx), "-cp", self._classpath(ctx)]
        argv += ["kafka.Kafka", str(self._data(ctx) / "server.properties")]
        return Launch(argv, config=render_server_properties(self.config(ctx)))

    async def prepare(self, ctx: Context) -> None:
        """Resolve the jars, write the properties and format the storage (a no-op once formatted)."""
        await tools.resolve_jars(POM, self._lib(ctx), self.log_file(ctx))
        data = self._data(ctx)
        data.mkdir(parents=True, exist_ok=True)
        properties = data / "server.properties"
        properties.write_text(render_server_properties(self.config(ctx)))
        cluster_file = data / "cluster.id"
        if not cluster_file.exists():
            cluster_file.write_text(new_cluster_id())
        argv = [tools.jdk_tool("java"), *self._logging(ctx), "-cp", self._classpath(ctx), "kafka.tools.StorageTool"]
        argv += ["format", "-t", cluster_file.read_text().strip(), "-c", str(properties), "--ignore-formatted"]
        if await tools.run_logged(argv, self.log_file(ctx)) != 0:
            raise DevstackError(f"kafka: formatting the storage failed; see {self.log_file(ctx)}")

    async def is_ready(self) -> bool:
        """The broker answers a metadata request."""
        if not tcp_open(ports.HOST, ports.KAFKA.value):
            return False
        admin = AIOKafkaAdminClient(bootstrap_servers=self.endpoint(), request_timeout_ms=5000)
        try:
            await asyncio.wait_for(admin.start(), 10)
            await asyncio.wait_for(admin.list_topics(), 10)
        except Exception:  # any failure to answer means "not ready yet"
            return False
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
        return True

    async def after_ready(self, ctx: Context) -> str | None:
        """Create the missing contract topics with the configured prefix and partition count."""
        settings = ctx.settings
        created = await ensure_topics(self.endpoint(), settings.topic_prefix, settings.topic_partitions)
        if not created:
            return None
        return f"created {len(created)} topics with {settings.topic_partitions} partitions: {', '.join(created)}"

    def _data(self, ctx: Context) -> Path:
        return ctx.state.data / "kafka"

    def _lib(self, ctx: Context) -> Path:
        return ctx.state.cache / "kafka" / "lib"

    def _classpath(self, ctx: Context) -> str:
        return f"{self._lib(ctx)}/*"

    def _logging(self, ctx: Context) -> list[str]:
        return [f"-Dlog4j2.configurationFile={LOG4J2}", f"-Dkafka.logs.dir={ctx.state.logs / 'kafka-server'}"]
