"""Audit store: read latency at scale and ingest rate, on a private mongo-java-server.

`uv run python -m bench.audit_bench [--assets 100000] [--events 1000000] [--queries 300] [--ingest 5000]`

Loads N assets and about M events (each asset gets M/N events: versions, Glue commands and results, outcomes)
with their views, built by the service's own pure reducers and written in bulk. Then measures p50/p95 of the
hot reads through the service's read classes (asset detail, latest history page, 3-hop upstream lineage,
search) and the ingest rate of the live path (store event + every view write) with one writer per partition.
Reports the store's backend, heap and peak RSS (/proc/<pid>/status VmHWM).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from bench.audit_data import Generator
from bench.audit_ingest import measure_ingest, measure_kafka_ingest
from bench.audit_ingest import report as report_ingest
from bench.audit_load import Loader
from bench.audit_store import describe, process_memory, start_store
from mdsync_audit.core.search import SearchQuery
from mdsync_audit.core.walk import Direction
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.read_assets import AssetReads
from mdsync_runtime.ports import HOST

SETTINGS = AuditSettings()
BASELINE = "baseline: bare _id find_one"


async def timed(samples: int, query: Callable[[int], Awaitable[Any]]) -> dict[str, float]:
    """p50/p95/max in milliseconds of ``samples`` calls."""
    times = []
    for i in range(samples):
        start = time.perf_counter()
        await query(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "max": times[-1]}


async def measure_reads(reads: AssetReads, gen: Generator, samples: int) -> dict[str, dict[str, float]]:
    """Latency of the hot reads over random assets; the baseline is a bare ``_id`` lookup of the same assets."""
    rng = random.Random(7)
    ids = [gen.asset_id(rng.randrange(gen.assets)) for _ in range(samples)]
    assets = reads.db["assets"]
    return {
        BASELINE: await timed(samples, lambda i: assets.find_one({"_id": ids[i]})),
        "asset detail": await timed(samples, lambda i: reads.asset(ids[i], None)),
        "history (latest page)": await timed(samples, lambda i: reads.history(ids[i], None, 20, None)),
        "lineage 3 hops upstream": await timed(
            samples, lambda i: reads.lineage(f"ds:{ids[i]}", Direction.UPSTREAM, 3, None)
        ),
        "search name word + space": await timed(
            samples, lambda i: reads.search(SearchQuery(name=gen.name_word(i), space=gen.space(i)), None, 50, None)
        ),
        "search column + kind (broad)": await timed(
            samples, lambda i: reads.search(SearchQuery(column=gen.column(i), kind="view"), None, 50, None)
        ),
    }


async def main(args: argparse.Namespace) -> None:
    """Start a private store, load, measure, report."""
    if args.attach:
        await measure(args, f"mongodb://{HOST}:{args.port}", args.attach)
        return
    workdir = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    h2_file = workdir / "store.mv" if args.backend == "h2" else None
    store = await start_store(args.port, heap=args.heap, h2_file=h2_file, log=workdir / "store.log")
    try:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(store.url, tz_aware=True)
        gen = Generator(args.assets, max(args.events // args.assets, 4))
        start = time.perf_counter()
        loaded = await Loader(client["audit_bench"], gen, SETTINGS, workers=args.workers).load()
        print(f"loaded: {loaded} in {time.perf_counter() - start:.0f} s (bulk, views by the service's reducers)")
        await client.close()
        await measure(args, store.url, store.process.pid)
    finally:
        if args.keep:
            print(f"store left running: pid {store.process.pid}, port {args.port}, files in {workdir}")
        else:
            await store.stop()
            shutil.rmtree(workdir, ignore_errors=True)


async def measure(args: argparse.Namespace, url: str, pid: int) -> None:
    """Reads and ingest against the loaded store at ``url`` (process ``pid``), then the report."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url, tz_aware=True)
    db = client["audit_bench"]
    gen = Generator(args.assets, max(args.events // args.assets, 4))
    reads = AssetReads(db, SETTINGS.search_shards, SETTINGS.history_bucket_size)
    latency = await measure_reads(reads, gen, args.queries)
    ingest = await measure_ingest(url, gen, args.ingest)
    kafka = await measure_kafka_ingest(url, gen, args.kafka_ingest) if args.kafka_ingest else None
    backend, heap = describe(pid)
    report(backend, heap, process_memory(pid), latency, ingest)
    report_ingest(*ingest, kafka)
    await client.close()


def report(
    backend: str,
    heap: str,
    memory: dict[str, str],
    latency: dict[str, dict[str, float]],
    ingest: tuple[float, float],
) -> None:
    """Print the figures."""
    rss, peak = memory.get("VmRSS"), memory.get("VmHWM")
    print(f"store: mongo-java-server 1.47, backend={backend}, heap -Xmx{heap}, RSS {rss}, peak RSS {peak}")
    floor = latency[BASELINE]["p95"]
    for name, f in latency.items():
        ratio = f["p95"] / floor
        times = f"p50 {f['p50']:6.2f} ms  p95 {f['p95']:6.2f} ms  max {f['max']:7.2f} ms"
        print(f"{name:30s} {times}  p95/baseline {ratio:5.1f}")


def arguments() -> argparse.Namespace:
    """Command-line flags."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300, help="Samples per read kind.")
    parser.add_argument("--ingest", type=int, default=5_000, help="Events pushed through the live ingest path.")
    parser.add_argument("--kafka-ingest", type=int, default=5_000, help="Events through Kafka end to end (0: skip).")
    parser.add_argument("--port", type=int, default=27219, help="Port of the private store.")
    parser.add_argument("--heap", default="3g", help="Heap of the private store (-Xmx).")
    parser.add_argument(
        "--backend", choices=["h2", "memory"], default="h2", help="Store backend (h2: file, bounded RAM)."
    )
    parser.add_argument("--workers", type=int, default=2, help="Processes building the load.")
    parser.add_argument("--keep", action="store_true", help="Leave the loaded store running (prints its pid).")
    parser.add_argument("--attach", type=int, default=0, help="Measure a store left by --keep (its pid); no load.")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
