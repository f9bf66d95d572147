"""The mdsync operator console: `streamlit run app.py` (started by `mdsync services up`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).with_name("views")

st.set_page_config(page_title="mdsync console", page_icon=":material/sync:", layout="wide")
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page(PAGES / "jobs.py", title="Jobs", icon=":material/sync:"),
        st.Page(PAGES / "schedules.py", title="Schedules", icon=":material/schedule:"),
        st.Page(PAGES / "assets.py", title="Assets", icon=":material/table:"),
        st.Page(PAGES / "lineage.py", title="Lineage", icon=":material/account_tree:"),
        st.Page(PAGES / "plans.py", title="Plans & approvals", icon=":material/rule:"),
        st.Page(PAGES / "rules.py", title="Mapping rules", icon=":material/tune:"),
        st.Page(PAGES / "dead_letters.py", title="Dead letters", icon=":material/report:"),
        st.Page(PAGES / "alerts.py", title="Alerts", icon=":material/notifications:"),
        st.Page(PAGES / "agent.py", title="Agent chat", icon=":material/chat:"),
    ]
)
navigation.run()
