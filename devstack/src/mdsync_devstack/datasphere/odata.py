"""OData list query options (``$top $skip $count $select $filter $orderby``) and server-side paging."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mdsync_devstack.datasphere.odata_filter import Expr, FilterError, evaluate, parse_filter

_OPTIONS = frozenset({"top", "skip", "count", "select", "filter", "orderby", "format"})


class QueryError(ValueError):
    """A query option is invalid; the message names it."""


@dataclass(frozen=True)
class QueryOptions:
    """Parsed list options; ``top`` None means the client asked for everything."""

    top: int | None = None
    skip: int = 0
    count: bool = False
    select: tuple[str, ...] | None = None
    filter: Expr | None = None
    orderby: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Page:
    """One page of records, the total that matched, and where the next page starts if the server cut it."""

    items: list[dict[str, Any]]
    total: int
    next_skip: int | None = None
    next_top: int | None = None


def parse_options(
    params: Mapping[str, str], fields: Sequence[str], *, prefix: str = "$", bareword_literals: bool = False
) -> QueryOptions:
    """Read the options (named ``$top`` etc., or ``top`` with ``prefix=""``); raise QueryError on bad ones."""
    values = {key[len(prefix) :]: value for key, value in params.items() if key.startswith(prefix)}
    if prefix == "$":
        unknown = sorted(set(values) - _OPTIONS)
        if unknown:
            raise QueryError(f"unsupported system query option ${unknown[0]}")
    try:
        text = values.get("filter")
        expr = None if text is None else parse_filter(text, fields, bareword_literals=bareword_literals)
    except FilterError as error:
        raise QueryError(str(error)) from None
    return QueryOptions(
        top=_non_negative(values, "top", prefix),
        skip=_non_negative(values, "skip", prefix) or 0,
        count=_boolean(values.get("count"), prefix),
        select=_names(values.get("select"), fields, f"{prefix}select"),
        filter=expr,
        orderby=_orderby(values.get("orderby"), fields, prefix),
    )


def apply_options(records: Sequence[dict[str, Any]], options: QueryOptions, page_cap: int | None) -> Page:
    """Filter, order, count and cut ``records``; the server cuts at ``page_cap`` and then offers a next page."""
    matched = [record for record in records if options.filter is None or evaluate(options.filter, record)]
    for name, descending in reversed(options.orderby):
        matched.sort(key=_sort_key(name), reverse=descending)
    wanted = options.top if options.top is not None else len(matched)
    limit = wanted if page_cap is None else min(wanted, page_cap)
    items = [_project(record, options.select) for record in matched[options.skip : options.skip + limit]]
    # No next link when the client's own $top already fits in a page (reference §2.5).
    server_cut = limit < wanted and options.skip + limit < len(matched)
    if not server_cut:
        return Page(items, len(matched))
    next_top = None if options.top is None else options.top - limit
    return Page(items, len(matched), next_skip=options.skip + limit, next_top=next_top)


def next_link(url: str, skip: int, top: int | None) -> str:
    """``url`` with ``$skip`` (and ``$top``) set for the next page, other options kept."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in ("$skip", "$top")]
    query += [("$top", str(top))] if top is not None else []
    query.append(("$skip", str(skip)))
    return urlunsplit(parts._replace(query=urlencode(query, safe="$',()")))


def _project(record: dict[str, Any], select: tuple[str, ...] | None) -> dict[str, Any]:
    return dict(record) if select is None else {name: record.get(name) for name in select}


def _sort_key(name: str) -> Callable[[dict[str, Any]], tuple[bool, Any]]:
    def key(record: dict[str, Any]) -> tuple[bool, Any]:
        value = record.get(name)
        return (value is not None, value if value is not None else 0)

    return key


def _non_negative(values: Mapping[str, str], name: str, prefix: str) -> int | None:
    if name not in values:
        return None
    try:
        number = int(values[name])
    except ValueError:
        number = -1
    if number < 0:
        raise QueryError(f"{prefix}{name} must be a non-negative integer, got {values[name]!r}")
    return number


def _boolean(value: str | None, prefix: str) -> bool:
    if value is None or value.lower() == "false":
        return False
    if value.lower() == "true":
        return True
    raise QueryError(f"{prefix}count must be true or false, got {value!r}")


def _names(value: str | None, fields: Sequence[str], option: str) -> tuple[str, ...] | None:
    if value is None or value.strip() in ("", "*"):
        return None
    names = tuple(name.strip() for name in value.split(","))
    for name in names:
        if name not in fields:
            raise QueryError(f"{option}: unknown property {name!r}; known: {', '.join(fields)}")
    return names


def _orderby(value: str | None, fields: Sequence[str], prefix: str) -> tuple[tuple[str, bool], ...]:
    if not value:
        return ()
    keys = []
    for item in value.split(","):
        name, _, direction = item.strip().partition(" ")
        if name not in fields or direction.strip().lower() not in ("", "asc", "desc"):
            raise QueryError(f"{prefix}orderby: cannot order by {item.strip()!r}")
        keys.append((name, direction.strip().lower() == "desc"))
    return tuple(keys)
