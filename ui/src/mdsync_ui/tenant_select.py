"""The sidebar's tenant selector: every page shows it and sends its choice as `tenant` to the services."""

from __future__ import annotations

import time

import streamlit as st

from mdsync_runtime.tenants import TenantsError, load_tenants
from mdsync_ui.client import ServiceError, get
from mdsync_ui.tenants import ALL, tenant_options, tenant_param, visible_tenants

CHOSEN_KEY = "tenant"  # kept across pages (a widget's own state is dropped on a page switch)
WIDGET_KEY = "tenant-selector"
OPTIONS_KEY = "tenant-options"
REFRESH_SECONDS = 60.0
JOB_DAYS = 90


def configured_tenants() -> tuple[str, ...]:
    """The tenants of the deployment's tenants file; none when there is none or this process cannot read it."""
    try:
        tenants = load_tenants()
    except TenantsError:
        return ()
    return tenants.names if tenants is not None else ()


def reported_tenants() -> list[str | None]:
    """The tenants of the jobs the audit shows this caller (none when the audit cannot be asked)."""
    try:
        page = get("audit", "/jobs", days=JOB_DAYS, limit=500)
    except ServiceError:
        return []  # the page itself names the service that is down
    return [job.get("tenant") for job in (page or {}).get("items", [])]


def caller_tenants() -> list[str] | None:
    """The tenants the caller's token allows, from the audit's ``/me``; None for every tenant or when it cannot say."""
    try:
        me = get("audit", "/me")
    except ServiceError:
        return None  # an audit that is down (or predates /me): offer what is configured and seen, as before
    tenants = (me or {}).get("tenants")
    return None if tenants is None else [str(name) for name in tenants]


def _known_tenants() -> tuple[str, ...]:
    cached = st.session_state.get(OPTIONS_KEY)
    if cached is not None and time.monotonic() - cached[0] < REFRESH_SECONDS:
        return tuple(cached[1])
    known = tenant_options(configured_tenants(), reported_tenants())[1:]
    names = tuple(visible_tenants(known, caller_tenants()))
    st.session_state[OPTIONS_KEY] = (time.monotonic(), names)
    return names


def tenant_selector() -> str | None:
    """Show the selector in the sidebar; the chosen tenant, None for every tenant."""
    chosen = str(st.session_state.get(CHOSEN_KEY) or ALL)
    options = tenant_options(_known_tenants(), [], chosen)
    choice = st.sidebar.selectbox(
        "Tenant", options, index=options.index(chosen), key=WIDGET_KEY, help="Every page shows only this tenant."
    )
    st.session_state[CHOSEN_KEY] = choice
    return tenant_param(choice)
