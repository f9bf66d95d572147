"""Adaptive polling against a fixed 5-minute schedule: Datasphere calls and change-to-detection latency.

`uv run python -m bench.polling_bench [--hours 24] [--seed 11] [--budget 6000]` (no devstack: a simulated clock).
Seven spaces of different sizes and habits (busy in office hours, steady, quiet, bursty, idle) get a day of
random changes; the same changes are replayed against the extractor's adaptive polling core (its default settings:
5 min .. 2 h per space, the budget, 1.016 calls per asset) and against every space polled every 5 minutes.
Latency is from a change to the poll that sees it (the sync after that is the same for both).

Two more lines: the same spaces polled per object kind (``core.kinds``, as the poller does with ADAPTIVE_PER_KIND;
replayed here) under an assumed kind mix, since the bench has no recorded one: a quarter of a space's objects are
views and take 70 % of its changes, half are local tables with 25 %, the rest data flows with 5 %; and two tenants
side by side, each with its own budget (the poller's behaviour), showing the quiet tenant's latency unchanged.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Callable
from dataclasses import replace

from mdsync_extractor.core.allocation import PollingPolicy, duration
from mdsync_extractor.core.budgets import TenantBudgets
from mdsync_extractor.core.kinds import KindHistory, by_kind
from mdsync_extractor.core.replay import Replay, SpaceHistory, Strategy, replay

Rate = Callable[[float], float]
"""Changes per hour at an hour of the day."""


def office(busy: float, quiet: float) -> Rate:
    """``busy`` changes an hour from 8 to 18, ``quiet`` otherwise."""
    return lambda hour: busy if 8 <= hour % 24 < 18 else quiet


def steady(rate: float) -> Rate:
    """The same rate all day."""
    return lambda hour: rate


SPACES: tuple[tuple[str, int, Rate], ...] = (
    ("SALES", 400, office(8, 1)),
    ("SANDBOX", 50, office(12, 0)),
    ("FINANCE", 250, steady(2)),
    ("LOGISTICS", 300, steady(0.5)),
    ("HR", 120, steady(0.125)),
    ("ARCHIVE", 600, steady(0)),
)
BURSTY = ("MARKETING", 80)  # three bursts of 15 changes in 20 minutes, nothing else
KIND_MIX = (("view", 0.25, 0.70), ("local_table", 0.5, 0.25), ("data_flow", 0.25, 0.05))
"""Assumed: (kind, share of a space's objects, share of its changes)."""


def poisson_times(rate: Rate, hours: float, rng: random.Random) -> list[float]:
    """Change times of an inhomogeneous Poisson process (thinning, in 1-minute steps)."""
    return [m / 60 + rng.random() / 60 for m in range(int(hours * 60)) if rng.random() < rate(m / 60) / 60]


def histories(hours: float, seed: int) -> list[SpaceHistory]:
    """The seven spaces' changes over ``hours``."""
    rng = random.Random(seed)
    spaces = [SpaceHistory(key=k, assets=n, changes=tuple(poisson_times(r, hours, rng))) for k, n, r in SPACES]
    starts = sorted(rng.uniform(0, hours - 0.5) for _ in range(3))
    burst = sorted(start + rng.uniform(0, 1 / 3) for start in starts for _ in range(15))
    return [*spaces, SpaceHistory(key=BURSTY[0], assets=BURSTY[1], changes=tuple(burst))]


def kinds_of(space: SpaceHistory, rng: random.Random) -> list[KindHistory]:
    """``space`` split by the assumed kind mix: its objects by share, each change to one kind by weight."""
    names = [kind for kind, _, _ in KIND_MIX]
    picked = rng.choices(names, weights=[weight for _, _, weight in KIND_MIX], k=len(space.changes))
    return [
        KindHistory(
            kind=kind,
            assets=round(space.assets * share),
            changes=tuple(t for t, k in zip(space.changes, picked, strict=True) if k == kind),
        )
        for kind, share, _ in KIND_MIX
    ]


def percentile(values: tuple[float, ...], share: float) -> float:
    """The ``share`` quantile (nearest rank); 0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def line(label: str, result: Replay, hours: float) -> str:
    """One result: calls, calls per hour, latency p50/p99 in minutes."""
    p50, p99 = (60 * percentile(result.latencies_hours, q) for q in (0.5, 0.99))
    return (
        f"{label:26} calls {result.calls:9.0f} ({result.calls / hours:7.0f}/h, peak rolling hour "
        f"{result.peak_calls_in_an_hour:6.0f})  latency p50 {p50:5.1f} min  p99 {p99:6.1f} min"
    )


def main(hours: float, seed: int, budget: float) -> None:
    """Replay one simulated day against fixed 5-minute polling and adaptive polling; print the comparison."""
    spaces = histories(hours, seed)
    changes = sum(len(s.changes) for s in spaces)
    print(
        f"polling benchmark: {len(spaces)} spaces, {sum(s.assets for s in spaces)} assets, {changes} changes "
        f"in {hours:g} simulated hours (seed {seed})"
    )
    policy = PollingPolicy(budget_calls_per_hour=budget)
    fixed = replay(spaces, Strategy(policy=policy, min_seconds=300, max_seconds=300, fixed_seconds=300), hours)
    adaptive = replay(spaces, Strategy(policy=policy, min_seconds=300, max_seconds=7200), hours)
    tight_policy = PollingPolicy(budget_calls_per_hour=budget / 4)
    tight = replay(spaces, Strategy(policy=tight_policy, min_seconds=300, max_seconds=7200), hours)
    capped = replay(spaces, Strategy(policy=policy, min_seconds=300, max_seconds=1800), hours)
    print(line("fixed every 5 min", fixed, hours))
    print(line("adaptive, max 30 min", capped, hours))
    print(line(f"adaptive (budget {budget:g}/h)", adaptive, hours))
    print(line(f"adaptive (budget {budget / 4:g}/h)", tight, hours))
    print(f"fixed 5 min needs {fixed.calls / hours / 60:.0f} calls/min on average (Datasphere allows ~300/min)")
    saved = fixed.calls - adaptive.calls
    print(
        f"calls saved by adaptive: {saved:.0f} ({saved / fixed.calls:.0%}); fixed/adaptive ratio "
        f"{fixed.calls / adaptive.calls:.1f}x"
    )
    rng = random.Random(seed)
    units = [unit for space in spaces for unit in by_kind(space.key, kinds_of(space, rng))]
    per_kind = replay(units, Strategy(policy=policy, min_seconds=300, max_seconds=7200), hours)
    print(line("adaptive per kind (sim.)", per_kind, hours))
    two_tenants(spaces, hours, budget)
    print("per space (adaptive): changes, polls, median latency, last interval and reason")
    for space, allocation in zip(spaces, adaptive.final, strict=True):
        found = adaptive.latencies[space.key]
        print(
            f"  {space.key:10} {len(space.changes):4} changes {adaptive.polls[space.key]:4} polls "
            f"p50 {60 * statistics.median(found) if found else 0:5.1f} min  "
            f"{duration(allocation.interval_seconds):>7}  {allocation.reason}"
        )
    print("per kind of SALES (simulated per-kind polling): last interval and reason")
    for allocation in per_kind.final:
        if allocation.key.startswith("SALES|"):
            print(f"  {allocation.key:20} {duration(allocation.interval_seconds):>7}  {allocation.reason}")


def two_tenants(spaces: list[SpaceHistory], hours: float, budget: float) -> None:
    """The seven spaces as a quiet tenant beside a busy one (its 4 large spaces changing every 2 minutes)."""
    quiet = [space.model_copy(update={"tenant": "quiet"}) for space in spaces]
    every = tuple(m / 30 for m in range(int(hours * 30)))
    busy = [SpaceHistory(key=f"BUSY_{n}", assets=1500, changes=every, tenant="busy") for n in range(4)]
    shared = Strategy(policy=PollingPolicy(budget_calls_per_hour=budget), min_seconds=300, max_seconds=7200)
    own = replace(shared, budgets=TenantBudgets(default_tenant="quiet", fallback_calls_per_hour=budget))
    runs = (
        ("alone", replay(quiet, own, hours)),
        ("beside busy, own budgets", replay([*busy, *quiet], own, hours)),
        ("beside busy, one budget", replay([*busy, *quiet], shared, hours)),
    )
    keys = {space.key for space in quiet}
    for label, result in runs:
        found = tuple(t for key, times in result.latencies.items() if key in keys for t in times)
        p50, p99 = (60 * percentile(found, q) for q in (0.5, 0.99))
        polls = sum(n for key, n in result.polls.items() if key in keys)
        print(f"quiet tenant {label:25} polls {polls:5}  latency p50 {p50:5.1f} min  p99 {p99:6.1f} min")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--budget", type=float, default=6000.0, help="Adaptive calls per hour")
    arguments = parser.parse_args()
    main(arguments.hours, arguments.seed, arguments.budget)
