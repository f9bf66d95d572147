"""Mapping rules: view the rule set in force, validate an edit, preview it against the current Glue state.

With a tenant chosen in the sidebar the page shows that tenant's named rule set (and its database prefix).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from mdsync_ui.client import call, get
from mdsync_ui.common import attempt, page, text


def which_rule_set(rules: dict[str, Any]) -> str:
    """Which rule set the page shows: the tenant's named one with its database prefix, or the default one."""
    name = rules.get("rule_set") or "default"
    if not rules.get("tenant"):
        return f"rule set {name} (no tenant chosen: the default rule set)"
    return f"rule set {name} of tenant {rules['tenant']} · databases start with {rules.get('database_prefix')!r}"


tenant = page("Mapping rules")

environment = st.selectbox("Environment", ["dog", "wolf", "bear"])
rules = attempt(lambda: get("mapper", f"/rules/{environment}", tenant=tenant))
if rules:
    text(which_rule_set(rules))
    text(f"version {rules.get('rule_set_version')} · hash {rules.get('rules_hash')}")
    edited = st.text_area("Rule file (YAML)", value=rules.get("yaml", ""), height=300)
    if st.button("Validate"):
        verdict = attempt(
            lambda: call("mapper", "POST", "/rules/validate", {"text": edited, "environment": environment})
        )
        if verdict and verdict.get("valid"):
            st.success(f"Valid (rule set {verdict.get('rule_set_version')})")
        elif verdict:
            st.error("Invalid rule file")
            st.dataframe(pd.DataFrame(verdict.get("errors", [])), hide_index=True)
space = st.text_input("Preview the rules in force on a space", value="SALES")
if st.button("Preview"):
    body = {"scope": {"spaces": [space], "assets": []}, "tenant": tenant}
    plan = attempt(lambda: call("mapper", "POST", "/plan", body))
    if plan:
        rows = [
            {
                "asset": e["asset_id"],
                "verdict": e["verdict"],
                "table": e.get("table"),
                "action": (e.get("diff") or {}).get("action"),
                "note": e.get("note"),
            }
            for e in plan.get("entries", [])
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
