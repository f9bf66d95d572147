"""The one registry of local ports and endpoints, read by the devstack, the CLI, the console and the tests.

Every value can be overridden by an environment variable named in the table, so two stacks can share a machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Port:
    """A named local port with the environment variable that overrides it."""

    name: str
    default: int
    env: str

    @property
    def value(self) -> int:
        """The port in force: the environment override, else the default."""
        return int(os.environ.get(self.env, self.default))


KAFKA = Port("kafka", 19092, "MDSYNC_KAFKA_PORT")
KAFKA_CONTROLLER = Port("kafka-controller", 19093, "MDSYNC_KAFKA_CONTROLLER_PORT")
MONGO = Port("mongo", 27018, "MDSYNC_MONGO_PORT")
GLUE = Port("glue", 5055, "MDSYNC_GLUE_PORT")
DATASPHERE = Port("datasphere", 8701, "MDSYNC_DATASPHERE_PORT")
DATASPHERE_TOKEN = Port("datasphere-token", 8702, "MDSYNC_DATASPHERE_TOKEN_PORT")

SERVICES: dict[str, Port] = {
    "extractor": Port("extractor", 8101, "MDSYNC_EXTRACTOR_PORT"),
    "mapper": Port("mapper", 8102, "MDSYNC_MAPPER_PORT"),
    "glue-writer": Port("glue-writer", 8103, "MDSYNC_GLUE_WRITER_PORT"),
    "audit": Port("audit", 8104, "MDSYNC_AUDIT_PORT"),
    "agent": Port("agent", 8105, "MDSYNC_AGENT_PORT"),
    "ui": Port("ui", 8501, "MDSYNC_UI_PORT"),
}


def kafka_bootstrap() -> str:
    """Bootstrap servers of the devstack Kafka."""
    return f"{HOST}:{KAFKA.value}"


def mongo_url() -> str:
    """Connection URL of the devstack Mongo-wire store."""
    return f"mongodb://{HOST}:{MONGO.value}"


def glue_endpoint() -> str:
    """Endpoint URL of the devstack Glue (moto server)."""
    return f"http://{HOST}:{GLUE.value}"


def datasphere_url() -> str:
    """Base URL of the devstack Datasphere simulator's API."""
    return f"http://{HOST}:{DATASPHERE.value}"


def datasphere_token_url() -> str:
    """Token endpoint of the devstack Datasphere simulator."""
    return f"http://{HOST}:{DATASPHERE_TOKEN.value}/oauth/token"


def service_url(service: str) -> str:
    """Base URL of a locally running mdsync service (or the console)."""
    return f"http://{HOST}:{SERVICES[service].value}"
