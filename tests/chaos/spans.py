"""Reading the consumer spans an instance wrote: which records of which partitions it handled, and when."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Handled:
    """One record an instance handled (a CONSUMER ``<topic> process`` span)."""

    instance: str
    topic: str
    partition: int
    offset: int
    started: str
    key: str = ""


def handled(instance: str, trace_file: Path) -> list[Handled]:
    """Every record the instance's spans say it handled."""
    if not trace_file.is_file():
        return []
    found = []
    for line in trace_file.read_text().splitlines():
        span = json.loads(line)
        attributes = span.get("attributes", {})
        if span.get("kind") != "SpanKind.CONSUMER" or "messaging.kafka.message.offset" not in attributes:
            continue
        found.append(
            Handled(
                instance=instance,
                topic=attributes["messaging.destination.name"],
                partition=int(attributes["messaging.kafka.destination.partition"]),
                offset=int(attributes["messaging.kafka.message.offset"]),
                started=span["start_time"],
                key=attributes.get("messaging.kafka.message.key", ""),
            )
        )
    return found


def out_of_order(records: list[Handled]) -> list[str]:
    """Per key (the order every service keeps; partition-ordered ones keep more), in start order: an instance that
    went back to a record nobody had handled yet.

    Replays (handling an offset again after a rebalance) are allowed; an earlier record first handled after a
    later one of the same partition is an order violation. Spans an instance lost on its way out hide nothing here:
    a missing span can only make a replay look like a first handling, never a violation.
    """
    problems = []
    for topic, partition, key in sorted({(r.topic, r.partition, r.key) for r in records}):
        chain = (topic, partition, key)
        ordered = sorted((r for r in records if (r.topic, r.partition, r.key) == chain), key=lambda r: r.started)
        handled_so_far: set[int] = set()
        last: dict[str, int] = {}
        for r in ordered:
            previous = last.get(r.instance)
            if previous is not None and r.offset < previous and r.offset not in handled_so_far:
                problems.append(f"{topic}[{partition}] {key}: {r.instance} handled {r.offset} after {previous}")
            handled_so_far.add(r.offset)
            last[r.instance] = r.offset
    return problems
