"""One chaos run: its own topics, store database and Glue region, and the services as killable processes."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import signal
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx

from mdsync_cli.processes import ManagedProcess
from mdsync_runtime import ports
from tests.chaos.stack import STATE, TENANT, TENANT_CLIENT

# moto only knows real region names; the chaos stack's moto is its own, so each run takes the next one and the
# run's first step wipes it (see checks.wipe).
_REGIONS = itertools.cycle(boto3.session.Session().get_available_regions("glue"))
PIPELINE = ("extractor", "mapper", "glue-writer", "audit")
BASE_PORT = {"extractor": 18401, "mapper": 18402, "glue-writer": 18403, "audit": 18404, "agent": 18405, "ui": 18451}
ENV_NAME = {"extractor": "EXTRACTOR", "mapper": "MAPPER", "glue-writer": "GLUE_WRITER", "audit": "AUDIT"}


@functools.cache
def auth_headers() -> dict[str, str]:
    """Bearer headers of a local admin (the chaos stack's local issuer); none where the runtime has no auth yet."""
    try:
        from mdsync_runtime.auth.client import local_headers
    except ImportError:
        return {}
    return local_headers(role="admin", subject="chaos")


@dataclass(frozen=True)
class Instance:
    """One process of a service: ``mapper`` is the first, ``mapper-2`` the second, on its own port."""

    service: str
    number: int
    root: Path

    @property
    def name(self) -> str:
        """The instance's name (its log and trace file are named after it)."""
        return self.service if self.number == 1 else f"{self.service}-{self.number}"

    @property
    def port(self) -> int:
        """Its HTTP port."""
        return BASE_PORT[self.service] + 10 * (self.number - 1)

    @property
    def process(self) -> ManagedProcess:
        """Its process, pid file and log in the run's folder."""
        module = "mdsync_" + self.service.replace("-", "_")
        return ManagedProcess(self.name, [sys.executable, "-m", module], self.root)

    @property
    def trace_file(self) -> Path:
        """Where it writes its spans."""
        return self.root / "traces" / f"{self.name}.jsonl"

    def alive(self) -> bool:
        """Whether its process still runs (an exited child is reaped here, not mistaken for a live zombie)."""
        pid = self.process.pid()
        if pid is None:
            return False
        try:
            finished, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not our child (or reaped already): the pid check above is all there is
            return True
        return finished != pid

    def healthy(self) -> bool:
        """Whether it answers /healthz."""
        try:
            return httpx.get(f"http://{ports.HOST}:{self.port}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False


@dataclass
class Run:
    """A chaos run's isolation, its service instances and small clients for the extractor API."""

    name: str
    topic_prefix: str
    mongo_db: str
    region: str
    root: Path
    glue_writer_endpoint: str
    instances: dict[str, Instance] = field(default_factory=dict)

    @classmethod
    def create(cls, name: str, topic_prefix: str, mongo_db: str, glue_writer_endpoint: str | None = None) -> Run:
        """A run named after its test with a fresh folder and a Glue region of its own (moto keeps regions apart)."""
        root = STATE / "runs" / f"{name}-{uuid.uuid4().hex[:6]}"
        root.mkdir(parents=True)
        return cls(name, topic_prefix, mongo_db, next(_REGIONS), root, glue_writer_endpoint or ports.glue_endpoint())

    def environment(self, instance: Instance) -> dict[str, str]:
        """The environment of one instance: the chaos stack, this run's isolation, its own port and trace file."""
        glue = ports.glue_endpoint()
        env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": "chaos",
            "AWS_SECRET_ACCESS_KEY": "chaos",
            "AWS_DEFAULT_REGION": self.region,
            "MDSYNC_TOPIC_PREFIX": self.topic_prefix,
            "MDSYNC_MONGO_DB": self.mongo_db,
            "MDSYNC_MAPPER_GLUE_ENDPOINT": glue,
            "MDSYNC_MAPPER_GLUE_REGION": self.region,
            "MDSYNC_GLUE_WRITER_GLUE_ENDPOINT": self.glue_writer_endpoint,
            "MDSYNC_GLUE_WRITER_REGION": self.region,
            "MDSYNC_EXTRACTOR_TENANT_DIR": str(TENANT),
            "MDSYNC_EXTRACTOR_CLIENT_ID": TENANT_CLIENT[0],
            "MDSYNC_EXTRACTOR_CLIENT_SECRET": TENANT_CLIENT[1],
            "MDSYNC_EXTRACTOR_RATE_LIMIT_PER_MINUTE": "0",
            "MDSYNC_EXTRACTOR_PROGRESS_INTERVAL_SECONDS": "0.5",
            "MDSYNC_TRACE_FILE": str(instance.trace_file),
        }
        for service, port in BASE_PORT.items():
            env[ports.SERVICES[service].env] = str(port)
        for service, upper in ENV_NAME.items():
            env[f"MDSYNC_{upper}_CONSUMER_GROUP"] = f"{self.topic_prefix}mdsync-{service}"
        env[ports.SERVICES[instance.service].env] = str(instance.port)
        return env

    def start(self, service: str, number: int = 1) -> Instance:
        """Start one instance (not waiting for it)."""
        instance = Instance(service, number, self.root)
        self.instances[instance.name] = instance
        if instance.process.pid() is None:
            instance.process.start(self.environment(instance))
        return instance

    def start_all(self, counts: dict[str, int] | None = None, timeout: float = 90) -> None:
        """Start the pipeline's services (``counts`` instances each, default one) and wait until all are healthy."""
        for service in PIPELINE:
            for number in range(1, (counts or {}).get(service, 1) + 1):
                self.start(service, number)
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float = 90) -> None:
        """Wait until every started instance answers /healthz; fail naming the ones that do not."""
        deadline = time.monotonic() + timeout
        waiting = list(self.instances.values())
        while waiting and time.monotonic() < deadline:
            dead = [i.name for i in waiting if not i.alive()]
            assert not dead, f"{dead} exited during start-up; see {self.root / 'logs'}"
            waiting = [i for i in waiting if not i.healthy()]
            time.sleep(0.3)
        assert not waiting, f"not healthy after {timeout} s: {[i.name for i in waiting]}; see {self.root / 'logs'}"

    def kill(self, name: str) -> None:
        """SIGKILL one instance (no shutdown hook runs, nothing is committed on the way out) and reap it."""
        process = self.instances[name].process
        pid = process.pid()
        assert pid is not None, f"{name} is not running"
        os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # subprocess may have reaped it already
            os.waitpid(pid, 0)  # our child: reaped here, so its pid is gone at once
        process.pid_path.unlink(missing_ok=True)

    def stop_all(self) -> None:
        """Stop every instance of the run by pid, all at once."""
        with ThreadPoolExecutor(max_workers=max(len(self.instances), 1)) as pool:
            list(pool.map(lambda instance: instance.process.stop(grace_seconds=10), self.instances.values()))

    def api(self, method: str, path: str, body: Any = None, service: str = "extractor") -> Any:
        """One JSON call to the first instance of a service; raises on HTTP errors."""
        url = f"http://{ports.HOST}:{BASE_PORT[service]}{path}"
        response = httpx.request(method, url, json=body, headers=auth_headers(), timeout=30)
        response.raise_for_status()
        return None if response.status_code == 204 else response.json()

    def start_job(self) -> str:
        """Request a full sync of the whole tenant; its id."""
        body = {"scope": {"spaces": [], "assets": []}, "priority": "HIGH", "mode": "full", "dry_run": False}
        return str(self.api("POST", "/jobs", {**body, "requester": f"chaos-{self.name}"})["job_id"])

    def job(self, job_id: str) -> dict[str, Any]:
        """The job as the extractor reports it."""
        found: dict[str, Any] = self.api("GET", f"/jobs/{job_id}")
        return found
