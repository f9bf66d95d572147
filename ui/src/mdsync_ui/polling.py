"""Rows of the schedules page: schedules and the interval adaptive polling chose per space (or kind), and why."""

from __future__ import annotations

from typing import Any


def duration(seconds: float | None) -> str:
    """``seconds`` for people: ``45 s``, ``5 min``, ``2.5 h``; empty when not chosen yet."""
    if seconds is None:
        return ""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.2g} h"


def schedule_rows(schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per schedule: how it polls, when, what."""
    return [
        {
            "schedule": s["schedule_id"],
            "tenant": s.get("tenant") or "",
            "polling": s.get("polling", "fixed"),
            "cron": s.get("cron") or "",
            "spaces": ", ".join(s["scope"]["spaces"]) or "every space",
            "priority": s["priority"],
            "mode": s["mode"],
            "enabled": s["enabled"],
            "next fire (UTC)": "per space" if s.get("polling") == "adaptive" else str(s["next_fire_at"])[:19],
            "last job": s.get("last_job_id") or "",
        }
        for s in schedules
    ]


def polling_rows(spaces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per space (or kind of a space) of an adaptive schedule: interval, change rate, budget share, reason."""
    return [
        {
            "schedule": p["schedule_id"],
            "tenant": p.get("tenant") or "",
            "space": p["space"],
            "kind": p.get("kind") or "every kind",
            "interval": duration(p.get("interval_seconds")),
            "changes/h": "" if p.get("changes_per_hour") is None else f"{p['changes_per_hour']:.2g}",
            "budget share": "" if p.get("budget_share") is None else f"{p['budget_share']:.0%}",
            "next poll (UTC)": str(p.get("next_poll_at") or "now")[:19],
            "polling now": bool(p.get("pending_job_id")),
            "reason": p["reason"],
        }
        for p in spaces
    ]
