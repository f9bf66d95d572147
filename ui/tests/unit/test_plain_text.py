"""Metadata in places Streamlit renders as Markdown is escaped: no links, images, HTML or colour directives run."""

from __future__ import annotations

import re

from mdsync_ui.common import plain

HOSTILE = "[click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold** :red[alarm] `code` # title"


def test_every_markdown_and_html_character_is_escaped() -> None:
    escaped = plain(HOSTILE)
    assert re.search(r"(?<!\\)[\[\]()<>*`#:]", escaped) is None
    assert escaped.replace("\\", "") == HOSTILE


def test_plain_words_stay_as_they_are() -> None:
    assert plain("SALES sales_orders v3") == "SALES sales\\_orders v3"
