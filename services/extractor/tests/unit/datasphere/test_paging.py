"""List responses: both shapes, relative next links, and when offset paging stops."""

from __future__ import annotations

import httpx
import pytest

from mdsync_extractor.datasphere import InvalidResponseError
from mdsync_extractor.datasphere.paging import ListPage, next_offset, read_page
from mdsync_extractor.datasphere.transport import retry_after

URL = "https://tenant.example/api/v1/dwc/catalog/assets?$top=500"


def _response(body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers, request=httpx.Request("GET", URL))


def test_bare_array() -> None:
    assert read_page(_response([{"technicalName": "A"}, "B"])).records == [{"technicalName": "A"}, "B"]


def test_value_wrapped_with_etag_and_relative_next_link() -> None:
    body = {"value": [1, 2], "@odata.nextLink": "assets?$skip=2", "@odata.metadataEtag": 'W/"x"'}
    page = read_page(_response(body))
    assert page.records == [1, 2]
    assert page.next_link == "https://tenant.example/api/v1/dwc/catalog/assets?$skip=2"
    assert page.metadata_etag == 'W/"x"'


@pytest.mark.parametrize("body", [{"items": []}, "text", 3])
def test_other_shapes_are_invalid(body: object) -> None:
    with pytest.raises(InvalidResponseError, match="expected a JSON array"):
        read_page(_response(body))


@pytest.mark.parametrize(
    ("count", "requested", "largest", "expected"),
    [
        (10, 10, 0, 10),  # full page: go on
        (4, 10, 10, None),  # shorter than an earlier page: the end
        (0, 10, 0, None),  # empty: the end
        (4, 10, 0, 4),  # short first page: maybe a server cap, look once more
        (4, 10, 4, 4),  # as long as the first: a cap indeed
    ],
)
def test_next_offset(count: int, requested: int, largest: int, expected: int | None) -> None:
    assert next_offset(ListPage(records=list(range(count))), requested, 0, largest) == expected


def test_next_link_wins_over_offsets() -> None:
    assert next_offset(ListPage(records=[1, 2], next_link="x"), 2, 0, 0) is None


@pytest.mark.parametrize(("header", "expected"), [("7", 7.0), ("0", 0.0), ("500", 30.0), ("soon", None), (None, None)])
def test_retry_after(header: str | None, expected: float | None) -> None:
    headers = {"Retry-After": header} if header is not None else {}
    response = httpx.Response(429, headers=headers)
    assert retry_after(response, cap=30.0) == expected
