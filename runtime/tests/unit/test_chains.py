"""A batch is split into per-key chains: one entity's order is kept, different entities run in parallel."""

from aiokafka import ConsumerRecord

from mdsync_runtime.consumer import key_chains


def record(partition: int, offset: int, key: bytes | None) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord("t", partition, offset, 0, 0, key, b"{}", None, 0, 2, [])


def test_each_key_keeps_its_offset_order_and_keys_are_separate() -> None:
    p0 = [record(0, 1, b"a"), record(0, 2, b"b"), record(0, 3, b"a"), record(0, 4, None), record(0, 5, None)]
    p1 = [record(1, 7, b"c"), record(1, 8, b"c")]
    chains = key_chains([p0, p1])
    as_offsets = sorted([r.offset for r in chain] for chain in chains)
    assert as_offsets == [[1, 3], [2], [4, 5], [7, 8]]


def test_the_same_key_in_two_partitions_is_two_chains() -> None:
    chains = key_chains([[record(0, 1, b"a")], [record(1, 1, b"a")]])
    assert len(chains) == 2
