"""Discovery agent answer latency at 10 000 assets, offline, against a linear substring-scan baseline.

`uv run python -m bench.agent_bench [--assets 10000] [--rounds 3]` (no devstack needed: the pure core).
`uv run python -m bench.agent_bench --snapshot 188,10000`: the agent's catalogue snapshot build through the audit API
(see ``bench.agent_snapshot``; needs the devstack's Kafka and a private store).
Assets: the demo tenant snapshot (services/agent/eval/snapshot.json) replicated with suffixed names over
10 spaces, lineage kept inside each replica. Questions: the evaluation set, asked by an unrestricted caller
and by a caller seeing 3 of the 10 spaces (each caller's index is built once, as the service caches it).
Baseline, same questions, same assets: a plain scan testing every query word as a substring of every asset's
name, label and column names (no ranking, no intent, no citations) — the least a search can do.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime
from pathlib import Path

from mdsync_agent.core.agent import Agent
from mdsync_agent.core.models import AssetRecord, Catalog
from mdsync_agent.eval.metrics import QuestionSet

EVAL = Path(__file__).resolve().parents[1] / "services" / "agent" / "eval"
SPACES = tuple(f"S{n:02d}" for n in range(10))


def _copy(asset: AssetRecord, replica: int, tenant: str) -> AssetRecord:
    space = SPACES[replica % len(SPACES)]

    def rename(asset_id: str) -> str:
        return f"{tenant}/{space}/{asset_id.rsplit('/', 1)[-1]}_{replica:03d}"

    return asset.model_copy(
        update={
            "asset_id": rename(asset.asset_id),
            "space": space,
            "technical_name": f"{asset.technical_name}_{replica:03d}",
            "glue_table": f"{space.lower()}.{asset.technical_name.lower()}_{replica:03d}" if asset.glue_table else None,
            "upstream": tuple(rename(u) for u in asset.upstream),
        }
    )


def scale(base: Catalog, count: int) -> Catalog:
    """``count`` assets made from ``base``'s, replica by replica."""
    size = len(base.assets)
    assets = [_copy(base.assets[n % size], n // size, base.tenant) for n in range(count)]
    jobs = tuple(j.model_copy(update={"spaces": (SPACES[i % 10],)}) for i, j in enumerate(base.jobs))
    return Catalog(tenant=base.tenant, spaces=SPACES, assets=tuple(assets), jobs=jobs)


def baseline(catalog: Catalog, question: str) -> int:
    """Assets where any query word is a substring of the name, label or a column name."""
    words = [w for w in question.lower().split() if len(w) > 2]
    hits = 0
    for a in catalog.assets:
        text = " ".join([a.technical_name, a.label or "", *(c.name for c in a.columns)]).lower()
        hits += any(w in text for w in words)
    return hits


def timings(run, questions: list[str], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds per call of ``run(question)``."""
    out = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            run(q)
            out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    """Print build time, p50/p95/max per caller, and the ratio against the baseline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--snapshot", help="Comma-separated asset counts: time the snapshot build instead.")
    args = parser.parse_args()
    if args.snapshot:
        from bench.agent_snapshot import run

        run([int(n) for n in args.snapshot.split(",")])
        return
    qs = QuestionSet.model_validate_json((EVAL / "questions.json").read_text())
    catalog = scale(Catalog.model_validate_json((EVAL / "snapshot.json").read_text()), args.assets)
    questions = [q.question for q in qs.questions]
    now: datetime = qs.now
    columns = sum(len(a.columns) for a in catalog.assets)
    print(f"{len(catalog.assets)} assets, {columns} columns, {len(questions)} questions")
    for label, spaces in (("all spaces", None), ("3 spaces", frozenset(SPACES[:3]))):
        visible = catalog.visible_to(spaces)
        start = time.perf_counter()
        agent = Agent(visible)
        build = (time.perf_counter() - start) * 1000
        ours = timings(lambda q, agent=agent: agent.answer(q, now), questions, args.rounds)
        base = timings(lambda q, visible=visible: baseline(visible, q), questions, args.rounds)
        verdict = "met" if p95(ours) <= 200 else "MISSED"
        print(
            f"{label:<10} index build {build:7.0f} ms | agent p50 {statistics.median(ours):6.1f} ms "
            f"p95 {p95(ours):6.1f} ms max {max(ours):6.1f} ms | substring scan p95 {p95(base):6.1f} ms | "
            f"ratio agent/scan p95 {p95(ours) / p95(base):.2f} | goal p95 <= 200 ms: {verdict}"
        )


if __name__ == "__main__":
    main()
