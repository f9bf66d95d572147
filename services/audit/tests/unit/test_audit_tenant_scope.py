"""What a caller limited to some tenants may see: the pure rules of core/tenant_scope.py."""

from __future__ import annotations

from mdsync_audit.core.changes import dead_letter_view
from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.lineage import LineageNode
from mdsync_audit.core.stored import StoredEvent, stored_event
from mdsync_audit.core.tenant_scope import (
    EVERYTHING,
    Reach,
    narrowed,
    node_tenant,
    reaches,
    reaches_event,
    reaches_id,
    reaches_job,
    reaches_letter,
    reaches_node,
    sees_tenant,
    tenant_of_id,
    within,
)
from mdsync_audit.sample import Clock, dead_letter, recorded_run
from mdsync_contracts.base import Message
from mdsync_contracts.jobs import JobScope

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


def test_the_tenants_header_narrows_and_never_widens() -> None:
    both = frozenset({"alpha", "beta"})
    assert within(None, None) is None
    assert within(None, BETA) == BETA
    assert within(both, BETA) == BETA
    assert within(BETA, both) == BETA
    assert within(BETA, frozenset({"alpha"})) == frozenset()


def stored(message: Message) -> StoredEvent:
    return stored_event(message, message.TOPIC, 0, 0, None)


def test_a_glue_node_belongs_to_the_tenant_of_the_asset_it_is_written_from() -> None:
    glue = LineageNode(id="glue:beta_sales.orders", system="glue", space="SALES", upstream=("ds:beta/SALES/ORDERS",))
    orphan = LineageNode(id="glue:sales.orders", system="glue", space="SALES")
    assert (node_tenant(glue), node_tenant(orphan)) == ("beta", None)
    assert reaches_node(glue, Reach(tenants=BETA))
    assert not reaches_node(glue, Reach(tenants=frozenset({"alpha"})))
    assert not reaches_node(orphan, Reach(tenants=BETA))
    assert reaches_node(orphan, EVERYTHING)


def test_a_job_needs_its_tenant_and_a_space_of_its_scope() -> None:
    job = JobView(id="j", tenant="beta", scope=JobScope(spaces=("SALES",)))
    assert reaches_job(job, Reach(tenants=BETA))
    assert not reaches_job(job, Reach(tenants=frozenset({"alpha"})))
    assert not reaches_job(job, Reach(spaces=frozenset({"FINANCE"}), tenants=BETA))
    assert not reaches_job(job.model_copy(update={"tenant": None}), Reach(tenants=BETA)), "stored before tenants"
    assert reaches_job(job.model_copy(update={"tenant": None}), EVERYTHING)


def test_dead_letters_and_events_without_an_asset_need_every_tenant() -> None:
    message = dead_letter(Clock(), None)
    letter = dead_letter_view(stored(message), message)
    unknown = message.model_copy(update={"asset_id": None})
    about_nothing = dead_letter_view(stored(unknown), unknown)
    acme_only = Reach(tenants=frozenset({"acme"}))
    assert reaches_letter(letter, acme_only)
    assert not reaches_letter(letter, Reach(tenants=BETA))
    assert not reaches_letter(about_nothing, acme_only)
    assert reaches_letter(about_nothing, EVERYTHING)
    letter_event = stored(unknown)
    assert not reaches_event(letter_event, acme_only), "its tenant may be the consumer's, not the record's"
    job_event = stored(recorded_run().messages[0])
    assert job_event.asset_id is None
    assert reaches_event(job_event, acme_only)
    assert not reaches_event(job_event, Reach(tenants=BETA))
    assert not reaches_event(job_event, Reach(spaces=frozenset({"SALES"}), tenants=frozenset({"acme"})))
