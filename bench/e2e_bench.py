"""End to end: full sync of N generated objects through the real services, change-to-Glue latency, peak RSS.

`uv run python -m bench.e2e_bench [--assets 2000] [--changes 30] [--naive 300]` (needs the devstack's Kafka,
store and moto). The default size takes about 8 minutes on 2 cores. `--assets 10000` was tried twice: the
full sync ran (7-9 assets/s with other work loading the cores, 36 assets/s at 2000 on a quiet machine), but
both times the devstack's in-memory store (mongo-java-server, 1 GiB heap) ran out of memory part way through
(it holds the audit, mapper and extractor state of every asset); a real MongoDB has no such limit.

A simulator of its own serves N objects from the simulator's generator with its rate limit off; extractor,
mapper, glue-writer and audit run as their own processes (`python -m mdsync_<svc>`, as `mdsync services up`
starts them) on an isolated topic prefix, store database, moto region and Glue database prefix, so the running
demo is never touched. Limits raised: simulator rate limit off (`--rate-limit 0`),
extractor client-side limiter off; Glue (moto) has no throttling; everything else is at its defaults.

Figures (printed, never asserted): full-sync throughput against (a) a raw CreateTable loop of the same tables
through aioboto3 in the same run (same concurrency as the glue-writer) and (b) a naive sequential
fetch → normalize → map → CreateTable loop over a sample; change-to-Glue latency for a watched scope of 100
assets polled every second; each process's peak RSS, CPU and mean handling time per consumed topic.
The extractor's schedules fire at most once a minute (cron) or every ≥ 60 s (adaptive), so the 1 s poll is
the benchmark requesting an incremental job of the scope every second, as a firing schedule does; changes go
through the simulator's design-time API (its /_sim API changes no objects).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import aioboto3
import httpx

from bench.extractor_bench import Process, generate, started, wait_http
from mdsync_cli.services import DEVSTACK_DEFAULTS
from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.base import Environment
from mdsync_extractor.core.normalize import NormalizationError, normalize
from mdsync_extractor.datasphere import DatasphereClient
from mdsync_extractor.datasphere.config import DatasphereConfig
from mdsync_extractor.datasphere.models import ObjectType
from mdsync_mapper.core.rulefile import parse_rule_set
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.select import exclusion
from mdsync_mapper.core.table import MappedTable, Placement, database_natural, map_asset, table_natural
from mdsync_mapper.settings import DEFAULT_RULES_DIR
from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_token
from mdsync_runtime.auth.settings import AuthSettings
from mdsync_runtime.local_servers import free_port
from mdsync_runtime.store import connect_store
from mdsync_runtime.testing import Isolation, isolated

REGION = "ap-southeast-2"  # a moto region of its own: the demo and the test suites use others
SERVICES = {
    "extractor": "mdsync_extractor",
    "mapper": "mdsync_mapper",
    "glue-writer": "mdsync_glue_writer",
    "audit": "mdsync_audit",
}
CLIENT = ("bench-sync", "bench-sync-secret-1")  # the generator's client that sees every space
GLUE_CONCURRENCY = 16  # the glue-writer's default MDSYNC_GLUE_WRITER_CONCURRENCY
WATCHED = 100
POLL_SECONDS = 1.0
DESIGN_TIME = "/dwaas-core/api/v1/spaces"


@dataclass(frozen=True)
class Bench:
    """Where this run's pieces are: work folder, isolation, Glue prefix, URLs and the bench's bearer token."""

    workdir: Path
    iso: Isolation
    prefix: str
    ports: dict[str, int]
    sim_url: str
    token_url: str

    def url(self, service: str) -> str:
        """Base URL of one of this run's services."""
        return f"http://{ports.HOST}:{self.ports[service]}"

    def headers(self) -> dict[str, str]:
        """An admin token from this run's local issuer."""
        settings = AuthSettings(key_dir=self.workdir / "state" / "auth")
        return {"Authorization": f"Bearer {local_token('admin', subject='e2e-bench', settings=settings)}"}

    def env(self) -> dict[str, str]:
        """Environment of every service process: isolated, limiter off, pointed at this run's simulator."""
        glue = ports.glue_endpoint()
        env = {
            **DEVSTACK_DEFAULTS,  # what `mdsync services up` sets in the devstack: moto credentials
            **os.environ,
            "MDSYNC_MAPPER_GLUE_ENDPOINT": glue,
            "MDSYNC_GLUE_WRITER_GLUE_ENDPOINT": glue,
            "MDSYNC_STATE_DIR": str(self.workdir / "state"),
            "MDSYNC_LOG_LEVEL": "WARNING",
            "MDSYNC_TOPIC_PREFIX": self.iso.topic_prefix,
            "MDSYNC_MONGO_DB": self.iso.mongo_db,
            "MDSYNC_MAPPER_RULES_DIR": str(self.workdir / "rules"),
            "MDSYNC_MAPPER_GLUE_REGION": REGION,
            "MDSYNC_GLUE_WRITER_REGION": REGION,
            "MDSYNC_EXTRACTOR_DATASPHERE_URL": self.sim_url,
            "MDSYNC_EXTRACTOR_TOKEN_URL": self.token_url,
            "MDSYNC_EXTRACTOR_TENANT_DIR": str(self.workdir / "tenant"),
            "MDSYNC_EXTRACTOR_RATE_LIMIT_PER_MINUTE": "0",
            "MDSYNC_EXTRACTOR_PROGRESS_INTERVAL_SECONDS": "5",
            "MDSYNC_EXTRACTOR_MAPPER_URL": self.url("mapper"),
        }
        env.pop("MDSYNC_TRACE_FILE", None)
        for service in SERVICES:
            upper = service.upper().replace("-", "_")
            env[ports.SERVICES[service].env] = str(self.ports[service])
            env[f"MDSYNC_{upper}_CONSUMER_GROUP"] = f"{self.iso.topic_prefix}mdsync-{service}"
        return env


def write_rules(rules: Path, prefix: str) -> RuleSet:
    """The shipped rule files with this run's Glue database prefix; the dog rule set."""
    rules.mkdir(parents=True)
    for environment in ("dog", "wolf", "bear"):
        shutil.copy(DEFAULT_RULES_DIR / f"{environment}.yaml", rules)
    dog = rules / "dog.yaml"
    dog.write_text(dog.read_text().replace('database_prefix: ""', f'database_prefix: "{prefix}"'))
    return parse_rule_set(dog.read_text(), dog.name, Environment.DOG)


def glue_client() -> Any:
    """An aioboto3 Glue client on this benchmark's moto region."""
    session = aioboto3.Session(aws_access_key_id="bench", aws_secret_access_key="bench", region_name=REGION)
    return session.client("glue", endpoint_url=ports.glue_endpoint())


@contextlib.contextmanager
def services(bench: Bench) -> Iterator[dict[str, Process]]:
    """Every sync service as its own process until the block ends."""
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(started(name, [sys.executable, "-m", module], bench.env(), bench.workdir))
            for name, module in SERVICES.items()
        }


async def run_job(api: httpx.AsyncClient, bench: Bench, **body: Any) -> dict[str, Any]:
    """Request a job from the extractor and wait for its end; the finished job."""
    request = {"priority": "HIGH", "mode": "full", "requester": "e2e-bench", **body}
    response = await api.post(f"{bench.url('extractor')}/jobs", json=request, headers=bench.headers())
    response.raise_for_status()
    job_id = response.json()["job_id"]
    while True:
        found = await api.get(f"{bench.url('extractor')}/jobs/{job_id}", headers=bench.headers())
        job: dict[str, Any] = found.raise_for_status().json()
        if job["phase"] == "finished":
            return job
        await asyncio.sleep(0.2)


def job_seconds(job: dict[str, Any]) -> float:
    """Seconds from the job's start to its end (every asset's outcome counted)."""
    start, end = (datetime.fromisoformat(job[k].replace("Z", "+00:00")) for k in ("started_at", "finished_at"))
    return (end - start).total_seconds()


async def synced_tables(glue: Any, prefix: str) -> dict[str, list[dict[str, Any]]]:
    """Every table the sync wrote, per database (this run's prefix only)."""
    found: dict[str, list[dict[str, Any]]] = {}
    async for page in glue.get_paginator("get_databases").paginate():
        for database in page["DatabaseList"]:
            name = database["Name"]
            if name.startswith(prefix) and not name.startswith((f"{prefix}raw_", f"{prefix}naive_")):
                found[name] = [
                    t
                    async for p in glue.get_paginator("get_tables").paginate(DatabaseName=name)
                    for t in p["TableList"]
                ]
    return found


TABLE_INPUT_KEYS = (
    "Name",
    "Description",
    "Owner",
    "Retention",
    "StorageDescriptor",
    "PartitionKeys",
    "TableType",
    "Parameters",
)


async def raw_loop(glue: Any, prefix: str, tables: dict[str, list[dict[str, Any]]]) -> tuple[int, float]:
    """CreateTable of the same tables into fresh databases, GLUE_CONCURRENCY at a time; (tables, seconds)."""
    limit = asyncio.Semaphore(GLUE_CONCURRENCY)

    async def create(database: str, table: dict[str, Any]) -> None:
        async with limit:
            table_input = {k: table[k] for k in TABLE_INPUT_KEYS if k in table}
            await glue.create_table(DatabaseName=database, TableInput=table_input)

    for database in tables:
        await glue.create_database(DatabaseInput={"Name": f"{prefix}raw_{database}"})
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        for database, found in tables.items():
            for table in found:
                group.create_task(create(f"{prefix}raw_{database}", table))
    return sum(map(len, tables.values())), time.perf_counter() - start


async def naive_loop(bench: Bench, glue: Any, rule_set: RuleSet, sample: int) -> tuple[int, int, float]:
    """One object after the other: read, normalize, map, CreateTable; (objects, tables, seconds)."""
    config = DatasphereConfig(
        base_url=bench.sim_url,
        token_url=bench.token_url,
        client_id=CLIENT[0],
        client_secret=CLIENT[1],
        requests_per_minute=0,
        max_concurrency=1,
    )
    async with DatasphereClient(config) as client:
        spaces = [s.name for s in await client.list_spaces()]
        listed = [o for t in ObjectType for o in await client.list_objects(spaces[0], t)]
        objects = random.Random(7).sample(listed, min(sample, len(listed)))  # every kind, in proportion
        databases: set[str] = set()
        tables, start = 0, time.perf_counter()
        for obj in objects:
            raw = await client.read_object(obj.space, obj.object_type, obj.technical_name)
            try:
                definition = normalize(
                    "bench", obj.space, obj.object_type, raw.body, known_spaces=spaces, name=obj.technical_name
                )
            except NormalizationError:
                continue
            tables += await _naive_write(glue, rule_set, definition, f"{bench.prefix}naive_", databases)
        return len(objects), tables, time.perf_counter() - start


async def _naive_write(glue: Any, rule_set: RuleSet, definition: AssetDefinition, prefix: str, made: set[str]) -> int:
    if exclusion(rule_set.rules, definition) is not None:
        return 0
    database = prefix + database_natural(definition.space, rule_set)
    mapped = map_asset(definition, rule_set, Placement(database, table_natural(definition)), {})
    if not isinstance(mapped, MappedTable):
        return 0
    if database not in made:
        await glue.create_database(DatabaseInput={"Name": database})
        made.add(database)
    await glue.create_table(DatabaseName=database, TableInput=mapped.table_input.to_boto())
    return 1


async def watched_views(tables: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, str, str]]:
    """Up to WATCHED projection views with a table: (space, technical name, database, table)."""
    views = sorted(
        (t["Parameters"]["mdsync.space"], t["Parameters"]["mdsync.technical_name"], database, t["Name"])
        for database, found in tables.items()
        for t in found
        if t.get("Parameters", {}).get("mdsync.kind") == "view" and not t["Name"].endswith(("_fact", "_int"))
    )
    return views[:WATCHED]


async def poll_every_second(api: httpx.AsyncClient, bench: Bench, scope: dict[str, Any], stop: asyncio.Event) -> int:
    """Request an incremental job of the watched scope every second (never two at once); how many ran."""
    polls = 0
    while not stop.is_set():
        began = time.monotonic()
        await run_job(api, bench, mode="incremental", priority="CRITICAL", scope=scope)
        polls += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0.0, POLL_SECONDS - (time.monotonic() - began)))
    return polls


async def change_and_wait(sim: httpx.AsyncClient, glue: Any, view: tuple[str, str, str, str], n: int) -> float:
    """Add a column to a view in the simulator; seconds until its Glue table has it."""
    space, name, database, table = view
    path = f"{DESIGN_TIME}/{space}/views/{name}"
    body = (await sim.get(path)).raise_for_status().json()
    column = f"LAT_{n:03d}"
    body["definitions"][name]["elements"][column] = {"type": "cds.String", "length": 10, "@EndUserText.label": "Lat"}
    (await sim.put(path, json=body)).raise_for_status()
    changed = time.monotonic()
    while True:
        found = (await glue.get_table(DatabaseName=database, Name=table))["Table"]["StorageDescriptor"]["Columns"]
        if any(c["Name"] == column.lower() for c in found):
            return time.monotonic() - changed
        if time.monotonic() - changed > 60:
            return float("nan")
        await asyncio.sleep(0.05)


async def sim_token(bench: Bench) -> str:
    """A design-time token of the client that sees every space."""
    form = {"grant_type": "client_credentials", "client_id": CLIENT[0], "client_secret": CLIENT[1]}
    async with httpx.AsyncClient(timeout=10) as http:
        return str((await http.post(bench.token_url, data=form)).raise_for_status().json()["access_token"])


async def latency(api: httpx.AsyncClient, bench: Bench, glue: Any, views: list[Any], changes: int) -> list[float]:
    """Change ``changes`` watched views one after the other at random phases of the poll; their latencies."""
    scope = {"spaces": [], "assets": [{"space": v[0], "technical_name": v[1]} for v in views]}
    stop, rng = asyncio.Event(), random.Random(7)
    headers = {"Authorization": f"Bearer {await sim_token(bench)}", "Accept": "application/json"}
    async with httpx.AsyncClient(base_url=bench.sim_url, headers=headers, timeout=30) as sim:
        poller = asyncio.create_task(poll_every_second(api, bench, scope, stop))
        found = []
        for n in range(changes):
            await asyncio.sleep(rng.uniform(0, POLL_SECONDS))
            found.append(await change_and_wait(sim, glue, views[n % len(views)], n))
        stop.set()
        await poller
    return found


async def handling_times(api: httpx.AsyncClient, bench: Bench) -> dict[str, tuple[int, float]]:
    """Per service and consumed topic: records handled and mean seconds each (its /metrics, retries included)."""
    found: dict[str, tuple[int, float]] = {}
    for service in SERVICES:
        text = (await api.get(f"{bench.url(service)}/metrics")).text
        sums: dict[str, list[float]] = {}
        for line in text.splitlines():
            name, _, rest = line.partition("{")
            if name in ("messaging_process_duration_seconds_sum", "messaging_process_duration_seconds_count"):
                topic = rest.split('messaging_destination_name="', 1)[1].split('"', 1)[0]
                sums.setdefault(topic, [0.0, 0.0])[name.endswith("_count")] += float(line.rsplit(" ", 1)[1])
        for topic, (total, count) in sums.items():
            short = topic.removeprefix(bench.iso.topic_prefix).removeprefix("mdsync.").removesuffix(".v1")
            found[f"{service} ← {short}"] = (int(count), total / count if count else float("nan"))
    return found


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


@dataclass(frozen=True)
class Figures:
    """Everything measured in one run."""

    summary: dict[str, Any]
    job: dict[str, Any]
    tables: int
    raw: tuple[int, float]
    naive: tuple[int, int, float]
    latencies: list[float]
    watched: int
    rss: dict[str, float]
    cpu: dict[str, float]
    handling: dict[str, tuple[int, float]]


def report(f: Figures) -> None:
    """Print the figures and their ratios to the goals (nothing is asserted)."""
    objects, seconds = f.summary["objects"], job_seconds(f.job)
    rate, table_rate = objects / seconds, f.tables / seconds
    raw_rate = f.raw[0] / f.raw[1] if f.raw[1] else float("nan")
    naive_rate = f.naive[0] / f.naive[2] if f.naive[2] else float("nan")
    counts = {k: v for k, v in f.job["counts"].items() if v}
    print(f"e2e benchmark: {objects} generated objects in {f.summary['spaces']} spaces ({os.cpu_count()} cores)")
    print("  limits raised: simulator rate limit off, extractor limiter off; moto does not throttle")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  machine load average at the end (1/5/15 min): {load}; other work shares these cores")
    print(
        f"full sync         {f.job['status']} in {seconds:.1f} s: {rate:.0f} assets/s, {f.tables} Glue tables "
        f"({table_rate:.0f} tables/s); counts {counts}"
    )
    print(
        f"raw Glue loop     {f.raw[0]} CreateTable in {f.raw[1]:.1f} s = {raw_rate:.0f} tables/s "
        f"(aioboto3 → moto, {GLUE_CONCURRENCY} in flight)"
    )
    print(f"  ratio           sync tables/s ÷ raw tables/s = {table_rate / raw_rate:.2f} (goal ≥ 0.8)")
    print(
        f"naive sequential  {f.naive[0]} objects ({f.naive[1]} tables) in {f.naive[2]:.1f} s = "
        f"{naive_rate:.0f} assets/s (read → normalize → map → CreateTable, one at a time)"
    )
    print(f"  ratio           sync assets/s ÷ naive assets/s = {rate / naive_rate:.1f}x (goal ≥ 10x)")
    good = [x for x in f.latencies if x == x]
    if good:
        print(
            f"change → Glue     {len(good)}/{len(f.latencies)} changes seen, watched scope {f.watched} assets, "
            f"poll every {POLL_SECONDS:.0f} s: p50 {percentile(good, 0.5):.2f} s, p99 {percentile(good, 0.99):.2f} s, "
            f"max {max(good):.2f} s, mean {statistics.mean(good):.2f} s (goal p99 ≤ 3 s)"
        )
    print(f"  sync phases (s) {f.job.get('phase_seconds')}")
    print(
        "  CPU s in sync   " + ", ".join(f"{name} {s:.0f}" for name, s in f.cpu.items()) + f" (of {seconds:.0f} s wall)"
    )
    for where, (count, mean) in sorted(f.handling.items()):
        print(f"  handling        {where}: {count} records, {mean * 1000:.0f} ms each")
    print("peak RSS (MiB)    " + ", ".join(f"{name} {mib:.0f}" for name, mib in f.rss.items()))


async def cleanup(glue: Any, bench: Bench) -> None:
    """Drop this run's Glue databases and store database (its topics stay, under their unique prefix)."""
    async for page in glue.get_paginator("get_databases").paginate():
        for database in page["DatabaseList"]:
            if database["Name"].startswith(bench.prefix):
                await glue.delete_database(Name=database["Name"])
    store = connect_store(ports.mongo_url())
    await store.drop_database(bench.iso.mongo_db)
    await store.close()


@contextlib.asynccontextmanager
async def stack(bench: Bench) -> AsyncIterator[dict[str, Process]]:
    """The simulator and every service, ready."""
    sim_port, token_port = (int(bench.sim_url.rsplit(":", 1)[1]), int(bench.token_url.split(":")[2].split("/")[0]))
    sim_cmd = [
        sys.executable,
        "-m",
        "mdsync_devstack.datasphere",
        "--tenant",
        str(bench.workdir / "tenant"),
        "--port",
        str(sim_port),
        "--token-port",
        str(token_port),
        "--rate-limit",
        "0",
        "--log-level",
        "warning",
    ]
    with started("simulator", sim_cmd, dict(os.environ), bench.workdir) as simulator:
        await wait_http(f"{bench.sim_url}/_sim/health", "simulator", simulator)
        with services(bench) as procs:
            for name, process in procs.items():
                await wait_http(f"{bench.url(name)}/readyz", name, process, seconds=180)
            yield {"simulator": simulator, **procs}


async def main(assets: int, changes: int, naive: int) -> None:
    """Generate, start, sync, measure the baselines and the latency, report, clean up."""
    with tempfile.TemporaryDirectory(prefix="e2e-bench-") as tmp:
        workdir = Path(tmp)
        summary = generate(workdir / "tenant", assets)
        prefix = f"b{uuid.uuid4().hex[:8]}_"
        rule_set = write_rules(workdir / "rules", prefix)
        bench = Bench(
            workdir,
            await isolated(),
            prefix,
            {name: free_port() for name in SERVICES},
            f"http://{ports.HOST}:{free_port()}",
            f"http://{ports.HOST}:{free_port()}/oauth/token",
        )
        async with glue_client() as glue, httpx.AsyncClient(timeout=30) as api:
            try:
                async with stack(bench) as procs:
                    cpu = {name: process.cpu_seconds() for name, process in procs.items()}
                    job = await run_job(api, bench, scope={"spaces": [], "assets": []})
                    cpu = {name: process.cpu_seconds() - cpu[name] for name, process in procs.items()}
                    handling = await handling_times(api, bench)
                    tables = await synced_tables(glue, prefix)
                    raw = await raw_loop(glue, prefix, tables)
                    naive_run = await naive_loop(bench, glue, rule_set, naive)
                    views = await watched_views(tables)
                    latencies = await latency(api, bench, glue, views, changes) if views and changes else []
                    rss = {name: process.peak_rss_mb() for name, process in procs.items()}
                written = sum(map(len, tables.values()))
                report(Figures(summary, job, written, raw, naive_run, latencies, len(views), rss, cpu, handling))
            finally:
                await cleanup(glue, bench)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=2_000, help="generated objects (default 2000; see above)")
    parser.add_argument("--changes", type=int, default=30, help="changes timed for the latency (default 30)")
    parser.add_argument("--naive", type=int, default=300, help="objects in the naive loop's sample (default 300)")
    args = parser.parse_args()
    asyncio.run(main(args.assets, args.changes, args.naive))
