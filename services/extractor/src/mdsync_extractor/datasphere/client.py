"""Async client of the Datasphere APIs a metadata sync needs: spaces, design-time objects, catalog, `$metadata`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import ValidationError

from mdsync_extractor.datasphere.config import DatasphereConfig
from mdsync_extractor.datasphere.errors import InvalidResponseError, ObjectNotFoundError
from mdsync_extractor.datasphere.models import CatalogAsset, ObjectSummary, ObjectType, RawObject, SpaceInfo
from mdsync_extractor.datasphere.paging import ListPage, next_offset, read_page
from mdsync_extractor.datasphere.ratelimit import Clock, Sleep
from mdsync_extractor.datasphere.transport import Target, Transport

JSON = "application/json"
OBJECT_CONTENT = "application/vnd.sap.datasphere.object.content+json"
XML = "application/xml"
DESIGN_TIME = "/dwaas-core/api/v1/spaces"


class DatasphereClient:
    """Reads one tenant; use as ``async with DatasphereClient(config) as client``.

    ``transport``/``token_transport`` replace the network (tests use the simulator's ASGI apps);
    ``clock`` and ``sleep`` drive token expiry, the rate limiter and retry waits.
    """

    def __init__(
        self,
        config: DatasphereConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        token_transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.config = config
        self._api = httpx.AsyncClient(transport=transport, timeout=config.timeout)
        self._auth = httpx.AsyncClient(transport=token_transport or transport, timeout=config.timeout)
        self._transport = Transport(config, self._api, self._auth, clock, sleep)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._api.aclose()
        await self._auth.aclose()

    @property
    def calls(self) -> int:
        """API requests sent so far (retries included, token requests not)."""
        return self._transport.calls

    @property
    def token_calls(self) -> int:
        """Token endpoint requests sent so far."""
        return self._transport.tokens.requests

    async def list_spaces(self) -> list[SpaceInfo]:
        """The spaces of the tenant (`GET /dwaas-core/api/v1/spaces`)."""
        url = f"{self.config.base_url}{DESIGN_TIME}"
        response = await self._transport.get(url, Target(None, "the space list"), JSON)
        return _parse(SpaceInfo, read_page(response).records, url)

    async def list_objects(self, space: str, object_type: ObjectType) -> list[ObjectSummary]:
        """Every object of ``object_type`` in ``space``, paged with `top`/`skip` until exhausted."""
        url = f"{self.config.base_url}{DESIGN_TIME}/{_seg(space)}/{object_type.value}"
        target = Target(space, f"the {object_type.value} list")
        top, found = self.config.object_page_size, list[ObjectSummary]()
        params: dict[str, str] | None = {"top": str(top), "skip": "0", "select": "technicalName,status"}
        async for page, page_url in self._pages(url, target, params, "skip", top):
            found.extend(_summary(space, object_type, record, page_url) for record in page.records)
        return found

    async def read_object(self, space: str, object_type: ObjectType, name: str) -> RawObject:
        """One design-time object: its CSN (or flow JSON) as served, and its ETag."""
        url = f"{self.config.base_url}{DESIGN_TIME}/{_seg(space)}/{object_type.value}/{_seg(name)}"
        target = Target(space, f"{object_type.value} object {name!r}")
        response = await self._transport.get(url, target, OBJECT_CONTENT)
        try:
            body = response.json()
        except ValueError:
            raise InvalidResponseError(url, f"{object_type.value} object {name!r} is not valid JSON") from None
        if not isinstance(body, dict):
            raise InvalidResponseError(url, f"{object_type.value} object {name!r} is not a JSON object")
        etag = response.headers.get("etag")
        return RawObject(space=space, object_type=object_type, name=name, body=body, etag=etag)

    async def list_catalog_assets(self, space: str | None = None) -> list[CatalogAsset]:
        """Assets exposed for consumption, of one space or all; follows `@odata.nextLink`."""
        base = f"{self.config.base_url}{self.config.catalog_path}"
        url = f"{base}/spaces('{_key(space)}')/assets" if space else f"{base}/assets"
        target = Target(space, "the catalog asset list")
        top, found = self.config.catalog_page_size, list[CatalogAsset]()
        params: dict[str, str] | None = {"$top": str(top), "$skip": "0"}
        # The catalog's page size is documented (500) and it sends a next link when it truncates: no probing.
        async for page, page_url in self._pages(url, target, params, "$skip", top, probe=False):
            found.extend(_parse(CatalogAsset, page.records, page_url))
        return found

    async def read_metadata(self, space: str, asset: CatalogAsset) -> str:
        """The asset's `$metadata` EDMX, from the URL the catalog gave (relational first, else analytical)."""
        what = f"$metadata of {asset.name!r}"
        if asset.metadata_url is None:
            raise ObjectNotFoundError(space, what, "the catalog gives no metadata URL for it")
        response = await self._transport.get(asset.metadata_url, Target(space, what), XML)
        return response.text

    async def read_service_etag(self, space: str, asset: CatalogAsset) -> str | None:
        """The `@odata.metadataEtag` of the asset's consumption service document, if it has one."""
        url = asset.relational_data_url or asset.analytical_data_url
        if url is None:
            return None
        response = await self._transport.get(url, Target(space, f"service document of {asset.name!r}"), JSON)
        return read_page(response).metadata_etag

    async def _pages(
        self, url: str, target: Target, params: dict[str, str] | None, skip_name: str, top: int, probe: bool = True
    ) -> AsyncIterator[tuple[ListPage, str]]:
        """Pages of a list: follow the returned next link; without one, step `skip` until the list is exhausted.

        ``probe``: a short page may be a full page under an undocumented server cap, so look once more.
        """
        largest = 0 if probe else top
        while True:
            page = read_page(await self._transport.get(url, target, JSON, params))
            yield page, url
            if page.next_link is not None:
                url, params = page.next_link, None
                continue
            skip = next_offset(page, top, int(params[skip_name]), largest) if params else None
            if skip is None or params is None:
                return
            largest = max(largest, len(page.records))
            params = {**params, skip_name: str(skip)}


def _seg(value: str) -> str:
    return quote(value, safe="")


def _key(value: str) -> str:
    return quote(value.replace("'", "''"), safe="")


def _summary(space: str, object_type: ObjectType, record: Any, url: str) -> ObjectSummary:
    data = {"technicalName": record} if isinstance(record, str) else record
    if not isinstance(data, dict) or not isinstance(data.get("technicalName"), str):
        raise InvalidResponseError(url, f"list entry without technicalName: {str(record)[:100]}")
    extra = {k: v for k, v in data.items() if k not in ("technicalName", "status")}
    name, status = data["technicalName"], data.get("status")
    return ObjectSummary(space=space, object_type=object_type, technical_name=name, status=status, extra=extra)


M = TypeVar("M", SpaceInfo, CatalogAsset)


def _parse(model: type[M], records: list[Any], url: str) -> list[M]:
    try:
        return [model.model_validate(record) for record in records]
    except ValidationError as error:
        raise InvalidResponseError(url, f"unexpected {model.__name__} record: {error.errors()[0]['msg']}") from None
