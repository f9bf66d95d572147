"""The job queue: the most urgent priority first, first come first served within a priority."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field

from mdsync_contracts.jobs import Priority


@dataclass(order=True, frozen=True)
class _Entry:
    rank: int
    sequence: int
    job_id: str = field(compare=False)


class JobQueue:
    """Queued job ids ordered CRITICAL > HIGH > MEDIUM > LOW, FIFO within a priority; removable by id."""

    def __init__(self) -> None:
        self._heap: list[_Entry] = []
        self._queued: dict[str, int] = {}
        self._sequence = itertools.count()

    def push(self, job_id: str, priority: Priority) -> bool:
        """Queue ``job_id``; False when it is already queued."""
        if job_id in self._queued:
            return False
        entry = _Entry(priority.rank, next(self._sequence), job_id)
        heapq.heappush(self._heap, entry)
        self._queued[job_id] = entry.sequence
        return True

    def pop(self) -> str | None:
        """Take the next job id, or None when nothing is queued."""
        while self._heap:
            entry = heapq.heappop(self._heap)
            if self._queued.get(entry.job_id) == entry.sequence:
                del self._queued[entry.job_id]
                return entry.job_id
        return None

    def remove(self, job_id: str) -> bool:
        """Drop a queued job (it is skipped when its entry surfaces); False when it was not queued."""
        if job_id not in self._queued:
            return False
        del self._queued[job_id]
        return True

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._queued

    def __len__(self) -> int:
        return len(self._queued)
