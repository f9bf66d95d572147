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


def next_offset(page: ListPage, requested: int, skip: int, largest: int) -> int | None:
    """The `skip` of the next offset-paged request, or None when this page was the last one.

    ``largest`` is the longest page seen before this one. A page shorter than requested may still be a full
    page under a server-side cap nobody documents; reading it as the end would drop objects and turn them into
    deletions, so only an empty page or one shorter than an earlier page ends the list.
    """
    count = len(page.records)
    if page.next_link is not None or count == 0 or (count < requested and count < largest):
        return None
    return skip + count


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
