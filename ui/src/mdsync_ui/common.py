"""What every console page shares: page setup, the environment badge, safe text and error display."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import streamlit as st

from mdsync_ui.client import ServiceError
from mdsync_ui.tenant_select import tenant_selector

T = TypeVar("T")
MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:&]")
Color = Literal["red", "orange", "blue", "gray"]
BADGES: dict[str, tuple[str, str, Color]] = {
    "dog": ("🐶", "dog · development", "blue"),
    "wolf": ("🐺", "wolf · staging", "orange"),
    "bear": ("🐻", "bear · production", "red"),
}


def environment() -> str:
    """The environment the console runs in (MDSYNC_ENV, default dog)."""
    return os.environ.get("MDSYNC_ENV", "dog").lower()


def page(title: str) -> str | None:
    """Title the page, show the environment badge and the tenant selector; the chosen tenant (None: every one)."""
    fallback: tuple[str, str, Color] = ("❔", environment(), "gray")
    icon, label, color = BADGES.get(environment(), fallback)
    st.badge(label, icon=icon, color=color)
    st.title(title)
    return tenant_selector()


def attempt(action: Callable[[], T]) -> T | None:
    """Run a service call; on failure show a readable error (never a traceback) and return None."""
    try:
        return action()
    except ServiceError as error:
        st.error(plain(str(error)), icon="🚫")
        return None


def plain(value: str) -> str:
    """``value`` with every Markdown/HTML character escaped, for places Streamlit renders as Markdown (labels)."""
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", value)


def text(value: Any) -> None:
    """Show metadata as plain text, never interpreted as Markdown or HTML."""
    st.text(value if isinstance(value, str) else json.dumps(value, indent=2, default=str))


def as_json(value: Any) -> None:
    """Show a JSON value (rendered as data, not HTML)."""
    st.json(value, expanded=False)
