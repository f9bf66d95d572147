"""Overview: KPIs (refreshed every 5 s), throughput, failures, freshness per space."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from mdsync_ui.client import get
from mdsync_ui.common import attempt, page

tenant = page("Overview")


@st.fragment(run_every=5)
def live() -> None:
    """KPIs and charts from the audit's /kpis, re-read every 5 seconds."""
    kpis = attempt(lambda: get("audit", "/kpis", tenant=tenant))
    if kpis is None:
        return
    cols = st.columns(4)
    cols[0].metric("Assets", kpis.get("assets", 0))
    cols[1].metric("Events", kpis.get("events", 0))
    cols[2].metric("Failures", kpis.get("failures", 0))
    cols[3].metric("Dead letters", kpis.get("dead_letters", 0))
    minutes = pd.DataFrame(
        [
            {
                "minute": m["_id"],
                "events": m.get("events", 0),
                "failures": m.get("failures", 0),
                "dead letters": m.get("dead_letters", 0),
            }
            for m in kpis.get("minutes", [])
        ]
    )
    st.subheader("Throughput (events per minute)")
    if minutes.empty:
        st.info("No events yet: run `mdsync sync --full --wait`.")
    else:
        st.bar_chart(minutes.set_index("minute")[["events"]])
        st.subheader("Failures and dead letters per minute")
        st.line_chart(minutes.set_index("minute")[["failures", "dead letters"]])
    st.subheader("Freshness per space")
    now = datetime.now(UTC)
    freshness = [
        {"space": space, "last sync": at, "age (s)": round((now - datetime.fromisoformat(at)).total_seconds())}
        for space, at in sorted(kpis.get("last_sync_per_space", {}).items())
    ]
    st.dataframe(pd.DataFrame(freshness), hide_index=True, width="stretch")
    st.caption(f"Assets by kind: {kpis.get('assets_by_kind', {})}")


live()
