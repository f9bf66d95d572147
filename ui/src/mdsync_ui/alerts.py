"""The alerts page's data: table rows and what an alert's detail shows (pure, no Streamlit)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

STATES = ("open", "acknowledged", "resolved")
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def alert_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per alert, most severe first, then most recently changed; every value plain text."""
    newest_first = sorted(items, key=lambda a: str(a.get("event_at") or ""), reverse=True)
    ordered = sorted(newest_first, key=lambda a: SEVERITY_ORDER.get(str(a.get("severity")), len(SEVERITY_ORDER)))
    return [
        {
            "tenant": a.get("tenant") or "",
            "state": a.get("state", ""),
            "severity": a.get("severity", ""),
            "rule": a.get("rule", ""),
            "subject": a.get("subject", ""),
            "summary": a.get("summary", ""),
            "raised (UTC)": str(a.get("raised_at") or "")[:19],
            "times raised": a.get("times_raised", 1),
            "acknowledged by": a.get("acknowledged_by") or "",
            "spaces": ", ".join(a.get("spaces", [])),
            "id": a.get("_id", ""),
        }
        for a in ordered
    ]


def detail_lines(alert: dict[str, Any]) -> list[str]:
    """The detail of an alert as `name: value` lines (facts, acknowledgement, resolution)."""
    lines = [f"{name}: {value}" for name, value in sorted((alert.get("facts") or {}).items())]
    if alert.get("acknowledged_by"):
        lines.append(f"acknowledged by {alert['acknowledged_by']}: {alert.get('acknowledged_reason') or ''}")
    if alert.get("resolved_at"):
        lines.append(f"resolved {str(alert['resolved_at'])[:19]}: {alert.get('resolved_reason') or ''}")
    return lines


def alert_path(alert_id: str, suffix: str = "") -> str:
    """The audit API path of an alert (its cause key may hold `/` and `:`)."""
    return f"/alerts/{quote(alert_id, safe='/:')}{suffix}"
