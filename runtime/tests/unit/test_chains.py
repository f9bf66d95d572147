"""A batch is split into chains handled concurrently: per partition, or per key where a service allows it."""

from aiokafka import ConsumerRecord

from mdsync_runtime.consumer import chains
from mdsync_runtime.settings import Ordering


def record(partition: int, offset: int, key: bytes | None) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord("t", partition, offset, 0, 0, key, b"{}", None, 0, 2, [])


def test_each_key_keeps_its_offset_order_and_keys_are_separate() -> None:
    p0 = [record(0, 1, b"a"), record(0, 2, b"b"), record(0, 3, b"a"), record(0, 4, None), record(0, 5, None)]
    p1 = [record(1, 7, b"c"), record(1, 8, b"c")]
    grouped = chains([p0, p1], Ordering.KEY)
    as_offsets = sorted([r.offset for r in chain] for chain in grouped)
    assert as_offsets == [[1, 3], [2], [4, 5], [7, 8]]


def test_the_same_key_in_two_partitions_is_two_chains() -> None:
    assert len(chains([[record(0, 1, b"a")], [record(1, 1, b"a")]], Ordering.KEY)) == 2


def test_by_partition_every_partition_is_one_chain_in_order() -> None:
    p0 = [record(0, 1, b"a"), record(0, 2, b"b"), record(0, 3, None)]
    grouped = chains([p0, [record(1, 4, b"a")]], Ordering.PARTITION)
    assert sorted([r.offset for r in chain] for chain in grouped) == [[1, 2, 3], [4]]
