"""Plans and approvals: held changes with their diffs, approve or reject with a reason; plan a scope."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from mdsync_ui.client import call, get
from mdsync_ui.common import as_json, attempt, page, plain, text
from mdsync_ui.tenants import of_tenant, tenant_of

tenant = page("Plans & approvals")

st.subheader("Waiting for approval")
pending = attempt(lambda: get("glue-writer", "/approvals", status="pending"))
if pending == []:
    st.info("No change waits for approval.")
for held in of_tenant(pending or [], tenant):
    approval_id = held.get("approval_id") or held.get("id")
    with st.expander(plain(f"{approval_id}: {held.get('table', '')} (tenant {tenant_of(held)})")):
        text(held.get("reason", ""))
        as_json(held)
        reason = st.text_input("Reason", key=f"reason-{approval_id}")
        approve, reject = st.columns(2)
        for column, decision in ((approve, "approve"), (reject, "reject")):
            if column.button(decision.capitalize(), key=f"{decision}-{approval_id}"):
                body = {"decision": decision, "reason": reason or None, "principal": "operator:console"}
                if attempt(partial(call, "glue-writer", "POST", f"/approvals/{approval_id}", body)):
                    st.success(f"{decision} sent for {approval_id}")

st.subheader("Plan a scope (dry, nothing written)")
space = st.text_input("Space to plan", value="HR")
if st.button("Plan"):
    request: dict[str, Any] = {"scope": {"spaces": [space], "assets": []}, "tenant": tenant}
    plan = attempt(lambda: call("mapper", "POST", "/plan", request))
    if plan:
        rows = [
            {
                "asset": e["asset_id"],
                "verdict": e["verdict"],
                "table": e.get("table"),
                "change": e["change_class"],
                "action": (e.get("diff") or {}).get("action"),
                "lossy": ", ".join(e.get("lossy_columns", [])),
            }
            for e in plan.get("entries", [])
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
