"""Dead letters: what could not be handled, by service, with the error and the original record."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mdsync_ui.client import get
from mdsync_ui.common import attempt, page
from mdsync_ui.tenants import tenant_of

tenant = page("Dead letters")

found = attempt(lambda: get("audit", "/dead-letters", limit=200, tenant=tenant))
items = (found or {}).get("items", [])
if found is not None and not items:
    st.success("No dead letters.")
if items:
    columns = ("service", "original_topic", "original_key", "error_kind", "error", "attempts")
    rows = [{"tenant": tenant_of(i), **{c: i.get(c) for c in columns}} for i in items]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    chosen = st.selectbox("Dead letter", range(len(items)), format_func=lambda n: str(items[n].get("_id")))
    st.code(str(items[chosen].get("payload", "")), language="json")
