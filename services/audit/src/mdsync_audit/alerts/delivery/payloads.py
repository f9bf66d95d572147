"""What each channel sends for a notice (pure): signed JSON, Slack text/blocks, a plain-text email."""

from __future__ import annotations

import hashlib
import hmac
from email.message import EmailMessage
from typing import Any

from mdsync_audit.alerts.messages import AlertEvent
from mdsync_contracts.alerts import AlertAcknowledged, AlertRaised

SIGNATURE_HEADER = "X-Mdsync-Signature"
EVENT_HEADER = "X-Mdsync-Event"


def webhook_body(notice: AlertEvent) -> bytes:
    """The notice as the contract's JSON (what the alerts topic carries)."""
    return notice.model_dump_json().encode("utf-8")


def signature(key: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of the raw body>`, the value of the signature header."""
    return "sha256=" + hmac.new(key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(key: str, body: bytes, header: str) -> bool:
    """True when ``header`` is the signature of ``body`` under ``key`` (constant-time compare)."""
    return hmac.compare_digest(signature(key, body), header)


def verb(notice: AlertEvent) -> str:
    """raised, acknowledged or resolved."""
    if isinstance(notice, AlertRaised):
        return "raised"
    return "acknowledged" if isinstance(notice, AlertAcknowledged) else "resolved"


def one_line(text: str, limit: int = 300) -> str:
    """``text`` on one line (no header or layout injection), at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def title(notice: AlertEvent) -> str:
    """`[mdsync bear] CRITICAL raised: <summary>`."""
    return one_line(
        f"[mdsync {notice.environment.value}] {notice.severity.value.upper()} {verb(notice)}: {notice.summary}"
    )


def details(notice: AlertEvent) -> list[tuple[str, str]]:
    """Name/value lines shown under the title."""
    lines = [("alert", notice.alert_id), ("rule", notice.rule.value), ("subject", notice.subject)]
    if isinstance(notice, AlertRaised):
        lines.extend(sorted(notice.facts.items()))
    elif isinstance(notice, AlertAcknowledged):
        lines.extend([("by", notice.acknowledged_by), ("reason", notice.reason)])
    else:
        lines.append(("reason", notice.reason))
    return [(one_line(k, 80), one_line(v)) for k, v in lines]


def slack_escape(text: str) -> str:
    """Escape Slack's control characters so metadata cannot form links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(notice: AlertEvent) -> dict[str, Any]:
    """Incoming-webhook payload: escaped fallback text, and blocks whose text is plain (never markup)."""
    lines = "\n".join(f"{k}: {v}" for k, v in details(notice))
    return {
        "text": slack_escape(title(notice)),
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": title(notice)[:150]}},
            {"type": "section", "text": {"type": "plain_text", "text": lines[:3000]}},
        ],
    }


def email_message(notice: AlertEvent, sender: str, recipients: tuple[str, ...]) -> EmailMessage:
    """A plain-text email of the notice."""
    message = EmailMessage()
    message["Subject"] = title(notice)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["X-Mdsync-Alert"] = one_line(notice.alert_id)
    message.set_content("\n".join([title(notice), "", *(f"{k}: {v}" for k, v in details(notice))]) + "\n")
    return message
