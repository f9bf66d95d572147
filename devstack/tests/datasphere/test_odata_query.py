"""OData list options: $filter parsing and evaluation, option errors, server paging and next links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from mdsync_devstack.datasphere.odata import QueryError, apply_options, next_link, parse_options

FIELDS = ("name", "spaceName", "supportsAnalyticalQueries", "size")
RECORDS = [
    {"name": f"A{i:02d}", "spaceName": "SALES" if i % 2 else "HR", "supportsAnalyticalQueries": i % 3 == 0, "size": i}
    for i in range(10)
]


def names(text: str, records: Sequence[dict[str, Any]] = RECORDS) -> list[Any]:
    options = parse_options({"$filter": text}, FIELDS)
    return [r["name"] for r in apply_options(records, options, None).items]


def test_eq_on_space_and_name_combined_with_and() -> None:
    assert names("spaceName eq 'SALES' and name eq 'A03'") == ["A03"]


def test_boolean_literal_ne_or_not_and_parentheses() -> None:
    assert names("supportsAnalyticalQueries eq true and spaceName ne 'HR'") == ["A03", "A09"]
    assert names("not (size gt 1) or name eq 'A09'") == ["A00", "A01", "A09"]


def test_quotes_inside_strings_are_doubled() -> None:
    records = [{"name": "O'Brien", "spaceName": "X", "supportsAnalyticalQueries": False, "size": 1}]
    assert names("name eq 'O''Brien'", records) == ["O'Brien"]


def test_ordering_comparison_with_null_is_false() -> None:
    records = [{"name": "N", "spaceName": None, "supportsAnalyticalQueries": False, "size": None}]
    assert names("size lt 5", records) == []
    assert names("spaceName eq null", records) == ["N"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"$filter": "owner eq 'me'"}, "unknown property 'owner'"),
        ({"$filter": "name eq"}, "ended where"),
        ({"$filter": "name has 'x'"}, "expected eq/ne"),
        ({"$filter": "(name eq 'x'"}, "closing parenthesis"),
        ({"$top": "-1"}, "$top must be a non-negative integer"),
        ({"$skip": "ten"}, "$skip must be a non-negative integer"),
        ({"$count": "yes"}, "$count must be true or false"),
        ({"$select": "name,owner"}, "unknown property 'owner'"),
        ({"$orderby": "name sideways"}, "cannot order by"),
        ({"$expand": "assets"}, "unsupported system query option $expand"),
    ],
)
def test_bad_options_name_what_is_wrong(params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_options(params, FIELDS)


def test_select_projects_and_orderby_sorts_descending() -> None:
    options = parse_options({"$select": "name", "$orderby": "size desc", "$top": "2"}, FIELDS)
    assert apply_options(RECORDS, options, None).items == [{"name": "A09"}, {"name": "A08"}]


def test_server_cut_offers_next_page_until_the_end() -> None:
    options = parse_options({}, FIELDS)
    first = apply_options(RECORDS, options, page_cap=4)
    assert [r["name"] for r in first.items] == ["A00", "A01", "A02", "A03"]
    assert (first.total, first.next_skip, first.next_top) == (10, 4, None)
    last = apply_options(RECORDS, parse_options({"$skip": "8"}, FIELDS), page_cap=4)
    assert len(last.items) == 2
    assert last.next_skip is None


def test_client_top_within_the_cap_gets_no_next_link() -> None:
    page = apply_options(RECORDS, parse_options({"$top": "4"}, FIELDS), page_cap=4)
    assert len(page.items) == 4
    assert page.next_skip is None


def test_client_top_above_the_cap_is_cut_and_continues_with_the_rest() -> None:
    page = apply_options(RECORDS, parse_options({"$top": "7", "$count": "true"}, FIELDS), page_cap=4)
    assert (len(page.items), page.next_skip, page.next_top) == (4, 4, 3)


def test_next_link_keeps_other_options_and_sets_skip() -> None:
    url = "http://sim/api/v1/dwc/catalog/assets?$filter=spaceName%20eq%20'SALES'&$skip=0&$count=true"
    link = next_link(url, skip=500, top=None)
    query = parse_qs(urlsplit(link).query)
    assert query == {"$filter": ["spaceName eq 'SALES'"], "$count": ["true"], "$skip": ["500"]}
    assert link.startswith("http://sim/api/v1/dwc/catalog/assets?")


def test_design_time_filter_accepts_bare_words_as_strings() -> None:
    options = parse_options(
        {"filter": "status eq Deployed"}, ("technicalName", "status"), prefix="", bareword_literals=True
    )
    records = [{"technicalName": "A", "status": "Deployed"}, {"technicalName": "B", "status": "Not Deployed"}]
    assert apply_options(records, options, None).items == [records[0]]
