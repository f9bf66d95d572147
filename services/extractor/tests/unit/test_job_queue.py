"""The job queue starts the most urgent job first and keeps arrival order within a priority."""

from mdsync_contracts.jobs import Priority
from mdsync_extractor.core.queue import JobQueue


def drain(queue: JobQueue) -> list[str]:
    order = []
    while (job := queue.pop()) is not None:
        order.append(job)
    return order


def test_higher_priority_first_and_fifo_within_a_priority() -> None:
    queue = JobQueue()
    for job, priority in [
        ("low-1", Priority.LOW),
        ("med-1", Priority.MEDIUM),
        ("crit-1", Priority.CRITICAL),
        ("high-1", Priority.HIGH),
        ("med-2", Priority.MEDIUM),
        ("crit-2", Priority.CRITICAL),
    ]:
        queue.push(job, priority)
    assert drain(queue) == ["crit-1", "crit-2", "high-1", "med-1", "med-2", "low-1"]


def test_a_removed_job_is_never_popped() -> None:
    queue = JobQueue()
    queue.push("a", Priority.HIGH)
    queue.push("b", Priority.LOW)
    assert queue.remove("a")
    assert not queue.remove("a")
    assert "a" not in queue
    assert len(queue) == 1
    assert drain(queue) == ["b"]


def test_requeued_job_takes_its_new_place() -> None:
    queue = JobQueue()
    queue.push("a", Priority.MEDIUM)
    queue.push("b", Priority.MEDIUM)
    queue.remove("a")
    queue.push("a", Priority.MEDIUM)
    assert drain(queue) == ["b", "a"]


def test_pushing_a_queued_job_again_changes_nothing() -> None:
    queue = JobQueue()
    assert queue.push("a", Priority.LOW)
    assert not queue.push("a", Priority.CRITICAL)
    queue.push("b", Priority.HIGH)
    assert drain(queue) == ["b", "a"]
