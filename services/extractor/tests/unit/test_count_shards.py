"""Where an asset's count lives and how a job's counts add up from its shards (no store needed)."""

from __future__ import annotations

from collections import Counter

from mdsync_extractor.state.job_counts import SHARD_OF, SHARDS, by_job, shard_id, shard_ids, summed

ASSETS = [f"demo/SPACE_{n % 5}/OBJECT_{n:05d}" for n in range(6400)]


def test_an_asset_always_lands_in_the_same_shard_of_its_job() -> None:
    assert shard_id("job-1", ASSETS[7]) == shard_id("job-1", ASSETS[7])
    assert shard_id("job-1", ASSETS[7]).startswith("job-1|count|")
    assert {shard_id("job-1", asset) for asset in ASSETS} == set(shard_ids(["job-1"]))


def test_assets_spread_so_no_shard_holds_much_more_than_its_share() -> None:
    per_shard = Counter(shard_id("job-1", asset) for asset in ASSETS)

    assert max(per_shard.values()) < 2 * len(ASSETS) / SHARDS


def test_a_jobs_counts_are_its_shards_and_any_legacy_inline_counts_added_up() -> None:
    legacy_job = {"_id": "job-1", "counts": {"created": 3, "failed": 1}}
    shards = [
        {"_id": "job-1|count|0", SHARD_OF: "job-1", "counts": {"created": 2}},
        {"_id": "job-1|count|9", SHARD_OF: "job-1", "counts": {"updated": 1, "failed": 1}},
    ]

    counts = summed([legacy_job, *shards])

    assert (counts.created, counts.updated, counts.failed, counts.total) == (5, 1, 2, 8)
    assert summed([{"_id": "job-2"}]).total == 0


def test_shards_are_grouped_by_their_job() -> None:
    shards = [{"_id": f"{job}|count|{k}", SHARD_OF: job} for job in ("job-a", "job-b") for k in (1, 2)]

    grouped = by_job(shards)

    assert {job: [shard["_id"] for shard in docs] for job, docs in grouped.items()} == {
        "job-a": ["job-a|count|1", "job-a|count|2"],
        "job-b": ["job-b|count|1", "job-b|count|2"],
    }
