"""Reading list responses: both list shapes, `@odata.nextLink`, and when a list is exhausted."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import httpx
from pydantic import BaseModel, ConfigDict

from mdsync_extractor.datasphere.errors import InvalidResponseError


class ListPage(BaseModel):
    """One page of a list: its records, the next link if any, and the page's metadata ETag."""

    model_config = ConfigDict(frozen=True)

    records: list[Any]
    next_link: str | None = None
    metadata_etag: str | None = None


def read_page(response: httpx.Response) -> ListPage:
    """Parse a list response, `{"value": [...]}` or a bare array; a relative next link is resolved."""
    try:
        body = response.json()
    except ValueError:
        raise InvalidResponseError(str(response.url), "list response is not JSON") from None
    if isinstance(body, list):
        return ListPage(records=body)
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        link = body.get("@odata.nextLink")
        return ListPage(
            records=body["value"],
            next_link=urljoin(str(response.url), link) if isinstance(link, str) and link else None,
            metadata_etag=_str_or_none(body.get("@odata.metadataEtag")),
        )
    raise InvalidResponseError(str(response.url), "expected a JSON array or an object with a `value` array")


def next_offset(page: ListPage, requested: int, skip: int) -> int | None:
    """The `skip` of the next offset-paged request, or None when this page was the last one."""
    if page.next_link is not None or len(page.records) < requested:
        return None
    return skip + len(page.records)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
