"""Extractor: Datasphere calls per asset (full sync, unchanged re-poll), throughput with the rate limiter off, peak RSS.

`uv run python -m bench.extractor_bench [--assets 10000] [--concurrency 8]` (needs the devstack's Kafka and store).
A simulator of its own serves N generated objects (the simulator's generator) with its rate limit off; the
extractor runs as its own process (so its peak RSS is its own) on isolated topics and database; a stand-in for
mapper + glue-writer answers every asset change with TableApplied, so jobs end through accounting.
Calls are counted by the simulator (`/_sim/stats`, token requests apart). Extraction throughput is assets per
second from the job's start to the end of its run (listed, read, normalized, diffed, published, state advanced);
end to end adds accounting of every asset's outcome.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from mdsync_contracts.assets import AssetChange, AssetDeleted, AssetUpserted
from mdsync_contracts.glue import AppliedAction, TableApplied
from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.local_servers import free_port
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime, running
from mdsync_runtime.settings import ServiceSettings
from mdsync_runtime.testing import Isolation, isolated

OPERATOR = local_headers(role="operator", subject="bench")
ACTIONS = {
    AssetChange.CREATED: AppliedAction.CREATED,
    AssetChange.CHANGED: AppliedAction.UPDATED,
    AssetChange.REPUBLISHED: AppliedAction.UNCHANGED,
}


@dataclass(frozen=True)
class Process:
    """A child process this benchmark started (stopped by its pid only)."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def peak_rss_mb(self) -> float:
        """Peak resident set size (VmHWM) so far, in MiB."""
        for line in Path(f"/proc/{self.popen.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far."""
        fields = Path(f"/proc/{self.popen.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


@contextlib.contextmanager
def started(name: str, command: list[str], env: dict[str, str], workdir: Path) -> Iterator[Process]:
    """Run ``command`` with its output in ``workdir/<name>.log`` until the block ends."""
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        process = Process(name, subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT), log)
        try:
            yield process
        finally:
            process.stop()


async def wait_http(url: str, what: str, process: Process, seconds: float = 120) -> None:
    """Poll ``url`` until it answers 200; fail naming the log when the process died or time ran out."""
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=2) as http:
        while time.monotonic() < deadline:
            if process.popen.poll() is not None:
                raise SystemExit(f"{what} exited; see {process.log}")
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get(url)).status_code == 200:
                    return
            await asyncio.sleep(0.3)
    raise SystemExit(f"{what} not ready after {seconds:.0f}s; see {process.log}")


def generate(out: Path, assets: int) -> dict[str, Any]:
    """Write N synthetic objects with the simulator's generator; its summary."""
    command = [sys.executable, "-m", "mdsync_devstack.datasphere.generate", "--assets", str(assets), "--out", str(out)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def glue_double(runtime: Runtime) -> Router:
    """Stands in for mapper + glue-writer: one TableApplied per asset change, with its job and asset."""
    router = Router()

    @router.on(AssetUpserted, AssetDeleted)
    async def applied(message: AssetUpserted | AssetDeleted, delivery: Delivery) -> None:
        action = ACTIONS[message.change] if isinstance(message, AssetUpserted) else AppliedAction.DEPRECATED
        table = str(message.asset_id).rsplit("/", 1)[-1].lower()
        await runtime.publisher.publish(
            TableApplied(
                environment=message.environment,
                tenant=message.tenant,
                job_id=message.job_id,
                asset_id=message.asset_id,
                causation_id=message.event_id,
                database="bench",
                table=table,
                action=action,
            )
        )

    return router


@contextlib.asynccontextmanager
async def double(iso: Isolation) -> AsyncIterator[None]:
    """The stand-in, consuming the isolated asset topic."""
    settings = ServiceSettings(consumer_group=f"bench-double-{iso.topic_prefix}")
    async with running("bench-glue-double", iso.common(), settings, glue_double):
        yield


def extractor_env(iso: Isolation, port: int, sim: str, token: str, tenant: Path, concurrency: int) -> dict[str, str]:
    """Environment of the extractor process: isolated, pointed at the benchmark's simulator, limiter off."""
    return {
        **os.environ,
        "MDSYNC_TOPIC_PREFIX": iso.topic_prefix,
        "MDSYNC_MONGO_DB": iso.mongo_db,
        "MDSYNC_LOG_LEVEL": "WARNING",
        "MDSYNC_EXTRACTOR_PORT": str(port),
        "MDSYNC_EXTRACTOR_CONSUMER_GROUP": f"bench-extractor-{iso.topic_prefix}",
        "MDSYNC_EXTRACTOR_DATASPHERE_URL": sim,
        "MDSYNC_EXTRACTOR_TOKEN_URL": token,
        "MDSYNC_EXTRACTOR_TENANT_DIR": str(tenant),
        "MDSYNC_EXTRACTOR_RATE_LIMIT_PER_MINUTE": "0",
        "MDSYNC_EXTRACTOR_DATASPHERE_CONCURRENCY": str(concurrency),
        "MDSYNC_EXTRACTOR_PROGRESS_INTERVAL_SECONDS": "5",
    }


@dataclass(frozen=True)
class Run:
    """One job as measured, with the CPU seconds the extractor and the simulator spent on it."""

    job: dict[str, Any]
    calls: dict[str, int]
    extractor_cpu: float
    simulator_cpu: float

    def seconds(self, until: str) -> float:
        """Seconds from the job's start to ``until`` (``run_ended_at`` or ``finished_at``)."""
        return (_time(self.job[until]) - _time(self.job["started_at"])).total_seconds()

    @property
    def api_calls(self) -> int:
        """Datasphere API calls (token requests apart)."""
        return sum(n for route, n in self.calls.items() if route != "POST token")


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def measure(api: httpx.AsyncClient, sim: httpx.AsyncClient, mode: str, procs: tuple[Process, Process]) -> Run:
    """Clear the simulator's counters, run one job over every space, return it with the calls it made."""
    (await sim.delete("/_sim/stats")).raise_for_status()
    cpu = [process.cpu_seconds() for process in procs]
    job_id = (await api.post("/jobs", json={"mode": mode, "requester": "bench"})).json()["job_id"]
    while (job := (await api.get(f"/jobs/{job_id}")).json())["phase"] != "finished":  # noqa: ASYNC110 - polls a service
        await asyncio.sleep(0.5)
    calls = (await sim.get("/_sim/stats")).json()["by_route"]
    extractor_cpu, simulator_cpu = (process.cpu_seconds() - before for process, before in zip(procs, cpu, strict=True))
    return Run(job, calls, extractor_cpu, simulator_cpu)


def report(n: int, summary: dict[str, Any], full: Run, repoll: Run, rss: float) -> None:
    """Print the figures and their ratios to the goals."""
    objects = summary["objects"]
    print(f"extractor benchmark: {objects} generated objects in {summary['spaces']} spaces")
    for label, run, goal in (("full sync", full, 1.0), ("unchanged re-poll", repoll, 0.1)):
        reads = run.calls.get("GET designtime.object", 0)
        paging = run.api_calls - reads
        extraction, total = run.seconds("run_ended_at"), run.seconds("finished_at")
        print(f"{label:18} status {run.job['status']}, counts {_nonzero(run.job['counts'])}")
        print(f"  Datasphere calls {run.api_calls} = {reads} object reads + {paging} listing/paging; "
              f"token requests {run.calls.get('POST token', 0)}")  # fmt: skip
        print(f"  calls per asset  {run.api_calls / objects:.3f} (reads {reads / objects:.3f} + paging "
              f"{paging / objects:.4f}); goal ≤ {goal}: ratio {run.api_calls / objects / goal:.2f}")  # fmt: skip
        print(f"  extraction       {extraction:6.1f} s = {objects / extraction:7.0f} assets/s (rate limiter off)")
        print(f"  end to end       {total:6.1f} s = {objects / total:7.0f} assets/s (incl. accounting)")
        print(f"  run phases (s)   {run.job['phase_seconds']}")
        print(f"  CPU seconds      extractor {run.extractor_cpu:.1f}, simulator {run.simulator_cpu:.1f} "
              f"({os.cpu_count()} cores shared with Kafka, the store and the stand-in)")  # fmt: skip
    print(f"extractor peak RSS {rss:.0f} MiB ({rss * 1024 / objects:.1f} KiB per asset)")
    print("re-poll: the public API offers no change feed, no modification time in lists and no batch read of")
    print("definitions, so an unchanged re-poll reads every object again (~1.0 call per asset); ≤ 0.1 would need")
    print("a listing field that changes on redeploy (e.g. a selectable modification time) to skip reads.")


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {name: value for name, value in counts.items() if value}


async def main(assets: int, concurrency: int) -> None:
    """Generate, start, measure a full sync and an unchanged re-poll, report."""
    with tempfile.TemporaryDirectory(prefix="extractor-bench-") as tmp:
        workdir = Path(tmp)
        summary = generate(workdir / "tenant", assets)
        iso = await isolated()
        sim_port, token_port, api_port = free_port(), free_port(), free_port()
        sim_url, token_url = f"http://{ports.HOST}:{sim_port}", f"http://{ports.HOST}:{token_port}/oauth/token"
        sim_cmd = [sys.executable, "-m", "mdsync_devstack.datasphere", "--tenant", str(workdir / "tenant"),
                   "--port", str(sim_port), "--token-port", str(token_port), "--rate-limit", "0",
                   "--log-level", "warning"]  # fmt: skip
        env = extractor_env(iso, api_port, sim_url, token_url, workdir / "tenant", concurrency)
        with started("simulator", sim_cmd, dict(os.environ), workdir) as simulator:
            await wait_http(f"{sim_url}/_sim/health", "simulator", simulator)
            async with double(iso):
                with started("extractor", [sys.executable, "-m", "mdsync_extractor"], env, workdir) as extractor:
                    api_url = f"http://{ports.HOST}:{api_port}"
                    await wait_http(f"{api_url}/readyz", "extractor", extractor)
                    async with (
                        httpx.AsyncClient(base_url=api_url, timeout=30, headers=OPERATOR) as api,
                        httpx.AsyncClient(base_url=sim_url, timeout=30) as sim,
                    ):
                        full = await measure(api, sim, "full", (extractor, simulator))
                        repoll = await measure(api, sim, "incremental", (extractor, simulator))
                    rss = extractor.peak_rss_mb()
        report(assets, summary, full, repoll, rss)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=10_000, help="generated objects (default 10000)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent Datasphere calls of the extractor")
    args = parser.parse_args()
    asyncio.run(main(args.assets, args.concurrency))
