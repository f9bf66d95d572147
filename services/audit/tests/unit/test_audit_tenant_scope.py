"""What a caller limited to some tenants may see: the pure rules of core/tenant_scope.py."""

from __future__ import annotations

from mdsync_audit.core.tenant_scope import (
    Reach,
    hidden_tenants,
    narrowed,
    reaches,
    reaches_id,
    sees_tenant,
    tenant_of_id,
)

BETA = frozenset({"beta"})


def test_tenant_of_an_asset_id_or_lineage_node() -> None:
    assert tenant_of_id("alpha/SALES/ORDERS") == "alpha"
    assert tenant_of_id("ds:beta/SALES/ORDERS") == "beta"
    assert tenant_of_id("glue:alpha_sales.orders") is None
    assert tenant_of_id(None) is None
    assert tenant_of_id("/SALES/ORDERS") is None


def test_a_limited_caller_sees_only_its_tenants_and_nothing_without_a_tenant() -> None:
    assert sees_tenant("beta", BETA)
    assert not sees_tenant("alpha", BETA)
    assert not sees_tenant(None, BETA)
    assert sees_tenant(None, None)
    assert sees_tenant("alpha", None)


def test_a_record_needs_both_its_tenant_and_its_space_visible() -> None:
    reach = Reach(spaces=frozenset({"SALES"}), tenants=BETA)
    assert reaches("beta", "SALES", reach)
    assert not reaches("alpha", "SALES", reach)
    assert not reaches("beta", "FINANCE", reach)
    assert reaches("alpha", "FINANCE", Reach())


def test_ids_of_an_invisible_tenant_are_invisible_like_those_of_an_invisible_space() -> None:
    tenant_only = Reach(tenants=BETA)
    assert reaches_id("beta/FINANCE/MODEL", tenant_only)
    assert reaches_id("ds:beta/SALES/ORDERS", tenant_only)
    assert not reaches_id("alpha/SALES/ORDERS", tenant_only)
    assert not reaches_id("ds:alpha/SALES/ORDERS", tenant_only)
    assert not reaches_id("glue:beta_sales.orders", tenant_only)
    assert not reaches_id(None, tenant_only)
    assert reaches_id("glue:alpha_sales.orders", Reach())
    assert not reaches_id("beta/FINANCE/MODEL", Reach(spaces=frozenset({"SALES"}), tenants=BETA))


def test_the_tenant_filter_narrows_and_never_widens() -> None:
    assert narrowed(None, None) is None
    assert narrowed(None, "alpha") == frozenset({"alpha"})
    assert narrowed(BETA, None) == BETA
    assert narrowed(BETA, "beta") == BETA
    assert narrowed(BETA, "alpha") == frozenset()
    assert not reaches_id("alpha/SALES/ORDERS", Reach(tenants=narrowed(BETA, "alpha")))


def test_hidden_tenants_are_the_served_ones_the_caller_does_not_see() -> None:
    assert hidden_tenants(("alpha", "beta", "gamma"), BETA) == ("alpha", "gamma")
    assert hidden_tenants(("alpha", "beta"), None) == ()
    assert Reach().everything
    assert not Reach(tenants=BETA).everything
