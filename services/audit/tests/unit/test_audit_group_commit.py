"""Group commit hands every caller its own result from one shared send; folded changes apply in order."""

from __future__ import annotations

import asyncio

import pytest

from mdsync_audit.core.stored import Doc
from mdsync_audit.store.bulk import GroupCommit
from mdsync_audit.store.docs import fold_changes


async def test_concurrent_requests_leave_in_one_send_and_each_caller_gets_its_own_result() -> None:
    sends: list[list[int]] = []

    async def send(items: list[int]) -> list[int | Exception]:
        sends.append(items)
        return [ValueError(f"odd {i}") if i % 2 else i * 10 for i in items]

    commit: GroupCommit[int, int] = GroupCommit(send)
    results = await asyncio.gather(*(commit.submit(i) for i in range(6)), return_exceptions=True)
    assert sends == [[0, 1, 2, 3, 4, 5]]
    assert [r if isinstance(r, int) else str(r) for r in results] == [0, "odd 1", 20, "odd 3", 40, "odd 5"]


async def test_a_failed_send_fails_every_caller_of_that_batch_and_the_next_batch_goes_out() -> None:
    async def send(items: list[str]) -> list[str | Exception]:
        if "down" in items:
            raise ConnectionError("store down")
        return list[str | Exception](items)

    commit: GroupCommit[str, str] = GroupCommit(send)
    failed = await asyncio.gather(commit.submit("down"), commit.submit("a"), return_exceptions=True)
    assert all(isinstance(f, ConnectionError) for f in failed)
    assert await commit.submit("b") == "b"


class Counter(Doc):
    """A document with a counter."""

    n: int = 0


def test_folded_changes_apply_in_order_and_nothing_changed_writes_nothing() -> None:
    start = Counter(id="c", n=1)
    results, final = fold_changes(
        start, [lambda c: None, lambda c: c.model_copy(update={"n": c.n * 10}) if c else None]
    )
    assert results[0] is None
    assert final == Counter(id="c", n=10)
    assert fold_changes(start, [lambda c: None])[1] is None


@pytest.mark.parametrize("current", [None, Counter(id="c")])
def test_a_change_that_creates_the_document_folds_from_nothing(current: Counter | None) -> None:
    _, final = fold_changes(current, [lambda c: (c or Counter(id="c")).model_copy(update={"n": (c.n if c else 0) + 1})])
    assert final is not None
    assert final.n == (current.n if current else 0) + 1
