"""Schedules: fixed (cron) and adaptive ones, and the interval adaptive polling chose for each space, and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mdsync_ui.client import call, get
from mdsync_ui.common import attempt, page
from mdsync_ui.polling import polling_rows, schedule_rows
from mdsync_ui.tenants import of_tenant

selected = page("Schedules")

with st.form("new-schedule"):
    st.subheader("New schedule")
    tenant = st.text_input("Tenant (empty = the first one you may act on)", value=selected or "")
    spaces = st.text_input("Spaces (comma separated; adaptive schedules need at least one)")
    adaptive = st.toggle("Adaptive (learn each space's interval)", value=True)
    cron = st.text_input("Cron, UTC (fixed schedules only)", value="*/5 * * * *")
    low, high = st.columns(2)
    min_minutes = low.number_input("Shortest interval, minutes (adaptive)", min_value=1, value=5)
    max_minutes = high.number_input("Longest interval, minutes (adaptive)", min_value=1, value=120)
    if st.form_submit_button("Create"):
        body = {
            "scope": {"spaces": [s.strip() for s in spaces.split(",") if s.strip()]},
            "polling": "adaptive" if adaptive else "fixed",
            "cron": None if adaptive else cron,
            "min_interval_seconds": int(min_minutes) * 60 if adaptive else None,
            "max_interval_seconds": int(max_minutes) * 60 if adaptive else None,
            "tenant": tenant.strip() or None,
        }
        created = attempt(lambda: call("extractor", "POST", "/schedules", body))
        if created:
            st.success(f"Schedule {created['schedule_id']} created")

schedules = attempt(lambda: get("extractor", "/schedules"))
if schedules is not None:
    st.dataframe(pd.DataFrame(schedule_rows(of_tenant(schedules, selected))), hide_index=True, width="stretch")
    st.subheader("Adaptive polling per space and kind")
    st.caption(
        "Each space's (or, polled per kind, each kind's) interval follows its change rate (an average over its "
        "recent polls), within the schedule's bounds and its tenant's hourly Datasphere call budget; the reason says "
        "which applied."
    )
    spaces_polled = attempt(lambda: get("extractor", "/schedules/polling")) or []
    st.dataframe(pd.DataFrame(polling_rows(of_tenant(spaces_polled, selected))), hide_index=True, width="stretch")
