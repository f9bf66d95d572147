"""What of the KPI counters a caller sees: its tenants' part of each minute (summed), limited to its spaces."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mdsync_audit.core.kpi import KpiCounters, KpiMinute, SpaceCounters, field_name, split_freshness_id
from mdsync_audit.core.search import space_kind, tenant_kind
from mdsync_audit.core.tenant_scope import Reach, reaches, sees_tenant
from mdsync_contracts.assets import AssetKind

Spaces = frozenset[str]


def _added(left: Mapping[str, int], right: Mapping[str, int]) -> dict[str, int]:
    return {k: left.get(k, 0) + right.get(k, 0) for k in sorted({*left, *right})}


def _space_sum(parts: list[SpaceCounters]) -> SpaceCounters:
    outcome: dict[str, int] = {}
    for part in parts:
        outcome = _added(outcome, part.outcome)
    return SpaceCounters(
        events=sum(p.events for p in parts),
        failures=sum(p.failures for p in parts),
        dead_letters=sum(p.dead_letters for p in parts),
        outcome=outcome,
    )


def summed(parts: Iterable[KpiCounters]) -> KpiCounters:
    """The counters of several tenants added up (spaces of the same name added together)."""
    listed = list(parts)
    totals: dict[str, dict[str, int]] = {"topic": {}, "type": {}, "outcome": {}, "jobs": {}}
    for part in listed:
        for name in totals:
            totals[name] = _added(totals[name], getattr(part, name))
    space_names = sorted({s for p in listed for s in p.spaces})
    return KpiCounters(
        events=sum(p.events for p in listed),
        failures=sum(p.failures for p in listed),
        dead_letters=sum(p.dead_letters for p in listed),
        spaces={s: _space_sum([p.spaces[s] for p in listed if s in p.spaces]) for s in space_names},
        **totals,
    )


def scoped_counters(counters: KpiCounters, spaces: Spaces) -> KpiCounters | None:
    """The counters of ``spaces`` only (None when they had no event); events about no space are left out."""
    kept = {s: counters.spaces[field_name(s)] for s in sorted(spaces) if field_name(s) in counters.spaces}
    if not kept:
        return None
    whole = _space_sum(list(kept.values()))
    return KpiCounters(**whole.model_dump(), spaces=kept)


def visible_minute(minute: KpiMinute, reach: Reach) -> KpiMinute | None:
    """The minute as ``reach`` sees it: its tenants' counters summed, limited to its spaces (None: nothing seen).

    A caller seeing every tenant gets the all-tenant counters (which include events of no known tenant).
    """
    if reach.everything:
        return minute
    per_tenant = {t: c for t, c in minute.tenants.items() if sees_tenant(t, reach.tenants)}
    if reach.spaces is not None:
        spaces = reach.spaces
        per_tenant = {t: s for t, c in per_tenant.items() if (s := scoped_counters(c, spaces)) is not None}
    if reach.tenants is None:
        base = minute if reach.spaces is None else scoped_counters(minute, reach.spaces)
    else:
        base = summed(per_tenant.values()) if per_tenant else None
    if base is None:
        return None
    fields = {name: getattr(base, name) for name in KpiCounters.model_fields}
    return KpiMinute(id=minute.id, tenants=per_tenant, **fields)


def visible_freshness(keys: Iterable[str], reach: Reach) -> list[str]:
    """The `{tenant}/{space}` freshness keys ``reach`` sees, sorted."""
    return sorted(k for k in keys if reaches(*split_freshness_id(k), reach))


def last_sync_per_tenant(stamps: Mapping[str, str | None]) -> dict[str, dict[str, str | None]]:
    """Last sync per tenant, then per space, from stamps keyed `{tenant}/{space}`."""
    found: dict[str, dict[str, str | None]] = {}
    for key, at in sorted(stamps.items()):
        tenant, space = split_freshness_id(key)
        found.setdefault(tenant, {})[space] = at
    return found


def last_sync_per_space(stamps: Mapping[str, str | None]) -> dict[str, str | None]:
    """Last sync per space over every tenant seen (a space name of several tenants: the latest of them)."""
    found: dict[str, str | None] = {}
    for key, at in sorted(stamps.items()):
        space = split_freshness_id(key)[1]
        found[space] = _latest(found.get(space), at)
    return found


def with_legacy(
    stamps: Mapping[str, str | None], legacy: Mapping[str, str | None], home_tenant: str
) -> dict[str, str | None]:
    """``stamps`` with those kept per space alone before the split added as the home tenant's (the latest wins)."""
    merged = dict(stamps)
    for space, at in legacy.items():
        key = f"{home_tenant}/{space}"
        before = merged.get(key)
        merged[key] = _latest(before, at)
    return merged


def _latest(left: str | None, right: str | None) -> str | None:
    if left is None or right is None:
        return left or right
    return max(left, right)


def count_tokens(reach: Reach) -> dict[str, str]:
    """The postings counting the assets ``reach`` sees, per kind (token → kind)."""
    kinds = [k.value for k in AssetKind]
    spaces, tenants = reach.spaces, reach.tenants
    if tenants is None and spaces is None:
        return {f"kind:{k}": k for k in kinds}
    if tenants is None:
        return {space_kind(s, k): k for s in sorted(spaces or ()) for k in kinds}
    if spaces is None:
        return {tenant_kind(t, k): k for t in sorted(tenants) for k in kinds}
    return {tenant_kind(t, k, s): k for t in sorted(tenants) for s in sorted(spaces) for k in kinds}
