"""Request counts per client, route and status, so a benchmark can compute calls per asset."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field

_CATALOG = r"/api/v1/(?:dwc|datasphere/consumption)/catalog"
_CONSUMPTION = r"/api/v1/(?:dwc/consumption|datasphere/consumption)/(relational|analytical)/[^/]+/[^/]+"
_ROUTES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + "$"), label)
    for pattern, label in (
        (r"/oauth/token", "token"),
        (r"/oauth/authorize", "authorize"),
        (_CATALOG + r"/?", "catalog.service"),
        (_CATALOG + r"/\$metadata", "catalog.metadata"),
        (_CATALOG + r"/spaces(?:/\$count)?", "catalog.spaces"),
        (_CATALOG + r"/spaces\(.*\)/assets(?:/\$count)?", "catalog.space_assets"),
        (_CATALOG + r"/spaces\(.*\)/assets\(.*\)", "catalog.asset"),
        (_CATALOG + r"/spaces\(.*\)", "catalog.space"),
        (_CATALOG + r"/assets(?:/\$count)?", "catalog.assets"),
        (_CATALOG + r"/assets\(.*\)", "catalog.asset"),
        (_CONSUMPTION + r"/\$metadata", "consumption.{}.metadata"),
        (_CONSUMPTION + r"/?", "consumption.{}.service"),
        (_CONSUMPTION + r"/[^/]+", "consumption.{}.data"),
        (r"/dwaas-core/api/v1/spaces", "designtime.spaces"),
        (r"/dwaas-core/api/v1/spaces/[^/]+/[^/]+", "designtime.list"),
        (r"/dwaas-core/api/v1/spaces/[^/]+/[^/]+/[^/]+", "designtime.object"),
        (r"/api/v1/datasphere/spaces/[^/]+/connections", "connections"),
    )
)


def route_label(path: str) -> str:
    """A stable label for the kind of request, e.g. ``catalog.assets`` or ``consumption.relational.metadata``."""
    for pattern, label in _ROUTES:
        match = pattern.match(path)
        if match:
            return label.format(*match.groups())
    return "other"


class ClientStats(BaseModel):
    """Counts of one client."""

    total: int = 0
    by_route: dict[str, int] = Field(default_factory=dict)
    by_status: dict[str, int] = Field(default_factory=dict)


class StatsSnapshot(BaseModel):
    """Counts since the last reset; ``by_path`` only when asked for."""

    total: int
    by_route: dict[str, int]
    by_status: dict[str, int]
    by_client: dict[str, ClientStats]
    by_path: dict[str, int] | None = None


class RequestStats:
    """Counters of every request the simulator answered (admin requests excluded)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Start counting from zero."""
        self._routes: Counter[tuple[str, str]] = Counter()
        self._statuses: Counter[tuple[str, str]] = Counter()
        self._paths: Counter[str] = Counter()

    def record(self, client_id: str | None, method: str, path: str, status: int) -> None:
        """Count one answered request."""
        client = client_id or "anonymous"
        self._routes[(client, f"{method} {route_label(path)}")] += 1
        self._statuses[(client, str(status))] += 1
        self._paths[f"{method} {path}"] += 1

    def snapshot(self, *, with_paths: bool = False) -> StatsSnapshot:
        """The counts as a model."""
        clients: dict[str, ClientStats] = {}
        for (client, route), count in self._routes.items():
            entry = clients.setdefault(client, ClientStats())
            entry.total += count
            entry.by_route[route] = entry.by_route.get(route, 0) + count
        for (client, status), count in self._statuses.items():
            clients[client].by_status[status] = clients[client].by_status.get(status, 0) + count
        return StatsSnapshot(
            total=sum(self._routes.values()),
            by_route=_merge(entry.by_route for entry in clients.values()),
            by_status=_merge(entry.by_status for entry in clients.values()),
            by_client=clients,
            by_path=dict(self._paths) if with_paths else None,
        )


def _merge(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for part in parts:
        total.update(part)
    return dict(sorted(total.items()))
