"""Per-asset final outcomes of jobs (`_id` = `{job_id}|{asset_id}`): the first one recorded wins."""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_extractor.core.jobs import AssetResult
from mdsync_runtime.store import Document


class OutcomeStore:
    """Records each asset of a job once, and lists a job's results."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def record_first(self, job_id: str, result: AssetResult) -> bool:
        """Store ``result`` unless the asset already has an outcome in this job; True when it was stored."""
        doc = {"_id": _outcome_id(job_id, result.asset_id), "job_id": job_id, "at": datetime.now(UTC)}
        try:
            await self.collection.insert_one({**doc, **result.model_dump(mode="json")})
        except DuplicateKeyError:
            return False
        return True

    async def of_asset(self, job_id: str, asset_id: str) -> AssetResult | None:
        """The result recorded for ``asset_id`` in ``job_id``, if any."""
        doc = await self.collection.find_one({"_id": _outcome_id(job_id, asset_id)})
        return None if doc is None else AssetResult.model_validate(doc)

    async def of_job(self, job_id: str) -> list[AssetResult]:
        """Every recorded result of ``job_id``, by asset id."""
        cursor = self.collection.find({"job_id": job_id})
        results = [AssetResult.model_validate(doc) async for doc in cursor]
        return sorted(results, key=lambda result: result.asset_id)


def _outcome_id(job_id: str, asset_id: str) -> str:
    return f"{job_id}|{asset_id}"
