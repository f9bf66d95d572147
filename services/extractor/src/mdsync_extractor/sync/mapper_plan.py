"""Dry runs go through the mapper's plan path: `POST {mapper}/plan` with the definitions a real run would publish.

Request body (the mapper's ``PlanRequest``)::

    {"job_id": "...", "definitions": [<AssetDefinition>, ...]}

Any 2xx means accepted. With a job id the mapper reports one final outcome per asset, carrying the job id and
asset id, as it does for real runs: ``ChangePlanned`` (through the glue-writer's dry run) or ``AssetOutcome``
(e.g. excluded). Deletions are not part of the request: a dry run reports them as ``planned`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from pydantic import BaseModel, ConfigDict

from mdsync_contracts.assets import AssetDefinition
from mdsync_runtime.auth import AuthError, Role
from mdsync_runtime.auth.client import ServiceCredentials


class PlanRequest(BaseModel):
    """The body of `POST /plan` for (one batch of) a dry-run job."""

    model_config = ConfigDict(frozen=True)

    job_id: str
    definitions: tuple[AssetDefinition, ...]


class PlanPathError(RuntimeError):
    """The mapper's plan path could not take the request; the message says what to check."""


class MapperPlanClient:
    """Sends dry-run batches to the mapper."""

    def __init__(self, base_url: str, timeout_seconds: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout_seconds)
        self._credentials = ServiceCredentials("extractor", Role.OPERATOR)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def plan(self, job_id: str, definitions: Sequence[AssetDefinition]) -> None:
        """Hand one batch to the mapper; PlanPathError when it is unreachable or refuses it."""
        url = f"{self.base_url}/plan"
        body = PlanRequest(job_id=job_id, definitions=tuple(definitions)).model_dump_json(exclude_defaults=True)
        try:
            headers = {"content-type": "application/json", **await self._credentials.headers()}
        except (AuthError, httpx.HTTPError) as error:
            raise PlanPathError(f"the extractor has no token to call the mapper's plan path: {error}") from None
        try:
            response = await self._http.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise PlanPathError(
                f"dry run needs the mapper's plan path, but {url} is unreachable ({type(error).__name__}: {error}); "
                "start the mapper (mdsync services up) or set MDSYNC_EXTRACTOR_MAPPER_URL"
            ) from None
        if not response.is_success:
            detail = response.text[:300]
            raise PlanPathError(f"the mapper refused the dry-run plan at {url}: HTTP {response.status_code} {detail}")
