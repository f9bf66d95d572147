"""Agent chat: questions about the catalog, answered by the agent service."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mdsync_ui.client import call
from mdsync_ui.common import attempt, page

page("Agent chat")

history: list[dict[str, str]] = st.session_state.setdefault("chat", [])
for turn in history:
    with st.chat_message(turn["role"]):
        st.text(turn["text"])
question = st.chat_input("Ask about the catalog, e.g. which tables changed today?")
if question:
    history.append({"role": "user", "text": question})
    with st.chat_message("user"):
        st.text(question)
    body = {"question": question, "conversation_id": st.session_state.get("conversation_id")}
    reply = attempt(lambda: call("agent", "POST", "/ask", body))
    if reply:
        st.session_state["conversation_id"] = reply.get("conversation_id")
        history.append({"role": "assistant", "text": reply["answer"]})
        with st.chat_message("assistant"):
            st.text(reply["answer"])
            if reply.get("citations"):
                st.dataframe(pd.DataFrame(reply["citations"]), hide_index=True)
