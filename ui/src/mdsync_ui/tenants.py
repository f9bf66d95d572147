"""The tenant every console page works on: options, the query parameter, the tenant of a record (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ALL = "all"


def tenant_options(configured: Iterable[str], seen: Iterable[str | None], chosen: str = ALL) -> list[str]:
    """``all`` first, then every tenant configured or seen on a record, and the chosen one, sorted."""
    names = {name for name in (*configured, *seen, chosen) if name and name != ALL}
    return [ALL, *sorted(names)]


def visible_tenants(names: Iterable[str], allowed: Iterable[str] | None) -> list[str]:
    """The ``names`` the caller may see: those in ``allowed`` (its token's tenants), every one for None."""
    if allowed is None:
        return list(names)
    permitted = set(allowed)
    return [name for name in names if name in permitted]


def tenant_param(choice: str | None) -> str | None:
    """The ``tenant`` to send for a selector choice; None (every tenant the caller sees) for ``all``."""
    return None if choice in (None, "", ALL) else choice


def tenant_of(record: dict[str, Any]) -> str:
    """A record's tenant: its ``tenant`` field, else the first part of its asset id (`tenant/SPACE/NAME`)."""
    if record.get("tenant"):
        return str(record["tenant"])
    asset_id = str(record.get("asset_id") or "")
    return asset_id.split("/", 1)[0] if "/" in asset_id else ""


def with_tenant(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with its tenant as the first column."""
    return [{"tenant": tenant_of(row), **{k: v for k, v in row.items() if k != "tenant"}} for row in rows]


def of_tenant(records: list[dict[str, Any]], tenant: str | None) -> list[dict[str, Any]]:
    """The records of ``tenant`` (every record for None), for lists a service cannot filter itself."""
    return [r for r in records if tenant is None or tenant_of(r) == tenant]
