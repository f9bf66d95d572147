"""Dry runs go through the mapper's plan path: `POST {mapper}/plan` with the assets a real run would publish.

Request body (JSON)::

    {"job_id": "...", "tenant": "...", "requester": "...",
     "upserts":   [<AssetUpserted as on the asset-changes topic, with "dry_run": true>, ...],
     "deletions": [<AssetDeleted as on the asset-changes topic>, ...]}

Any 2xx means accepted. The mapper then reports one final outcome per asset, carrying the job id and asset id,
as it does for real runs: ChangePlanned (via the glue-writer's dry run) or AssetOutcome (excluded, failed).
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from pydantic import BaseModel, ConfigDict

from mdsync_contracts.assets import AssetDeleted, AssetUpserted


class PlanRequest(BaseModel):
    """The body of `POST /plan` for (one batch of) a dry-run job."""

    model_config = ConfigDict(frozen=True)

    job_id: str
    tenant: str
    requester: str
    upserts: tuple[AssetUpserted, ...] = ()
    deletions: tuple[AssetDeleted, ...] = ()


class PlanPathError(RuntimeError):
    """The mapper's plan path could not take the request; the message says what to check."""


class MapperPlanClient:
    """Sends dry-run batches to the mapper."""

    def __init__(self, base_url: str, timeout_seconds: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout_seconds)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def plan(self, request: PlanRequest) -> None:
        """Hand one batch to the mapper; PlanPathError when it is unreachable or refuses it."""
        url = f"{self.base_url}/plan"
        try:
            response = await self._http.post(url, content=request.model_dump_json(), headers=_JSON)
        except httpx.HTTPError as error:
            raise PlanPathError(
                f"dry run needs the mapper's plan path, but {url} is unreachable ({type(error).__name__}: {error}); "
                "start the mapper (mdsync services up) or set MDSYNC_EXTRACTOR_MAPPER_URL"
            ) from None
        if not response.is_success:
            raise PlanPathError(
                f"the mapper refused the dry-run plan at {url}: HTTP {response.status_code} {response.text[:300]}"
            )


def plan_request(
    job_id: str, tenant: str, requester: str, upserts: Sequence[AssetUpserted], deletions: Sequence[AssetDeleted]
) -> PlanRequest:
    """The request for one batch."""
    return PlanRequest(
        job_id=job_id, tenant=tenant, requester=requester, upserts=tuple(upserts), deletions=tuple(deletions)
    )


_JSON = {"content-type": "application/json"}
