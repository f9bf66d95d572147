"""The mdsync operator console: `streamlit run app.py` (started by `mdsync services up`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).with_name("pages")

st.set_page_config(page_title="mdsync console", page_icon="🔄", layout="wide")
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Overview", icon="📊", default=True),
        st.Page(PAGES / "jobs.py", title="Jobs", icon="⚙️"),
        st.Page(PAGES / "assets.py", title="Assets", icon="🗂️"),
        st.Page(PAGES / "lineage.py", title="Lineage", icon="🕸️"),
        st.Page(PAGES / "plans.py", title="Plans & approvals", icon="✅"),
        st.Page(PAGES / "rules.py", title="Mapping rules", icon="📐"),
        st.Page(PAGES / "dead_letters.py", title="Dead letters", icon="☠️"),
        st.Page(PAGES / "agent.py", title="Agent chat", icon="💬"),
    ]
)
navigation.run()
