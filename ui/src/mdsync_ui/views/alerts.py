"""Alerts: open, acknowledged and resolved alerts with their facts and deliveries; acknowledge with a reason."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from mdsync_ui.alerts import STATES, alert_path, alert_rows, detail_lines
from mdsync_ui.client import call, get
from mdsync_ui.common import attempt, page, text

tenant = page("Alerts")

states = st.multiselect("State", STATES, default=["open", "acknowledged"])
found = attempt(lambda: get("audit", "/alerts", state=list(states) or None, limit=500, tenant=tenant))
items = (found or {}).get("items", [])
if found is not None and not items:
    st.success("No alert in these states.")
if items:
    rows = alert_rows(items)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    chosen = st.selectbox("Alert", [r["id"] for r in rows])
    alert = next(a for a in items if a.get("_id") == chosen)
    text(alert.get("summary", ""))
    text("\n".join(detail_lines(alert)))
    detail = attempt(lambda: get("audit", alert_path(chosen), tenant=tenant))
    deliveries = (detail or {}).get("deliveries", [])
    if deliveries:
        columns = ("channel", "status", "attempts", "error", "at")
        st.dataframe(pd.DataFrame([{c: d.get(c) for c in columns} for d in deliveries]), hide_index=True)
    if alert.get("state") == "open":
        reason = st.text_input("Reason", key=f"ack-reason-{chosen}")
        if st.button("Acknowledge", disabled=not reason.strip()):
            acknowledge = partial(call, "audit", "POST", alert_path(chosen, "/ack"), {"reason": reason})
            if attempt(acknowledge):
                st.success(f"{chosen} acknowledged")
