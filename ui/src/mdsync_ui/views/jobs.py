"""Jobs: create a sync job, follow its progress, cancel it, see per-asset outcomes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mdsync_ui.client import call, get
from mdsync_ui.common import attempt, page, plain

selected = page("Jobs")

with st.form("new-job"):
    st.subheader("New sync job")
    tenant = st.text_input("Tenant (empty = the first one you may act on)", value=selected or "")
    spaces = st.text_input("Spaces (comma separated; empty = every space)")
    assets = st.text_input("Assets (SPACE/NAME, comma separated)")
    priority = st.selectbox("Priority", ["HIGH", "MEDIUM", "LOW", "CRITICAL"], index=1)
    full = st.toggle("Full (republish and reconcile deletions)")
    dry_run = st.toggle("Dry run (plan only)")
    if st.form_submit_button("Start"):
        refs = [
            dict(zip(("space", "technical_name"), a.strip().split("/", 1), strict=False))
            for a in assets.split(",")
            if "/" in a
        ]
        body = {
            "scope": {"spaces": [s.strip() for s in spaces.split(",") if s.strip()], "assets": refs},
            "priority": priority,
            "mode": "full" if full else "incremental",
            "dry_run": dry_run,
            "requester": "console",
        }
        if tenant.strip():
            body["tenant"] = tenant.strip()
        accepted = attempt(lambda: call("extractor", "POST", "/jobs", body))
        if accepted:
            st.session_state["job_id"] = accepted["job_id"]
            st.success(f"Job {accepted['job_id']} requested")

jobs = attempt(lambda: get("extractor", "/jobs", limit=25, tenant=selected)) or []
if jobs:
    table = pd.DataFrame(
        [
            {
                "job": j["job_id"],
                "tenant": j.get("tenant", ""),
                "status": j["status"],
                "phase": j["phase"],
                "mode": j["mode"],
                "dry run": j["dry_run"],
                "counted": j["counted"],
                "expected": j.get("expected") or j.get("planned"),
                "created": j["created_at"],
            }
            for j in jobs
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    ids = [j["job_id"] for j in jobs]
    chosen = st.session_state.get("job_id")
    st.session_state["job_id"] = st.selectbox("Job", ids, index=ids.index(chosen) if chosen in ids else 0)


@st.fragment(run_every=2)
def progress() -> None:
    """The chosen job's progress, outcomes and a cancel button."""
    job_id = st.session_state.get("job_id")
    if not job_id:
        return
    job = attempt(lambda: get("extractor", f"/jobs/{job_id}"))
    if job is None:
        return
    total = job.get("expected") or job.get("planned") or 0
    label = f"{job_id} (tenant {job.get('tenant') or 'default'}): {job['status']} {job['counted']}/{total}"
    st.progress(job["counted"] / total if total else 0.0, text=plain(label))
    if job["phase"] != "finished" and st.button("Cancel job"):
        attempt(lambda: call("extractor", "POST", f"/jobs/{job_id}/cancel", {"reason": "cancelled in the console"}))
    if job.get("reason"):
        st.text(f"reason: {job['reason']}")
    st.dataframe(pd.DataFrame(job.get("assets", [])), hide_index=True, width="stretch")


progress()
