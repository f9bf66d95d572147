"""Time expressions in questions: "today", "yesterday", "this week", "since Monday", "last 3 days"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from mdsync_agent.core.models import Frozen

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_LAST_N = re.compile(r"(?:last|past)\s+(\d{1,3})\s+(day|week|hour)s?")


class Period(Frozen):
    """A half-open time window [start, end) and how the question named it."""

    start: datetime
    end: datetime
    text: str


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def parse_period(question: str, now: datetime) -> Period | None:
    """The window a question names, relative to ``now``; None when it names none."""
    text = question.lower()
    today = _midnight(now)
    if match := _LAST_N.search(text):
        amount, unit = int(match.group(1)), match.group(2)
        delta = {"day": timedelta(days=amount), "week": timedelta(weeks=amount), "hour": timedelta(hours=amount)}
        return Period(start=now - delta[unit], end=now, text=match.group(0))
    for day_number, day in enumerate(DAYS):
        if f"since {day}" in text:
            back = (today.weekday() - day_number) % 7
            return Period(start=today - timedelta(days=back), end=now, text=f"since {day.title()}")
    fixed = {
        "yesterday": (today - timedelta(days=1), today),
        "today": (today, now),
        "this week": (today - timedelta(days=today.weekday()), now),
        "last week": (today - timedelta(days=today.weekday() + 7), today - timedelta(days=today.weekday())),
        "this month": (today.replace(day=1), now),
    }
    for phrase, (start, end) in fixed.items():
        if phrase in text:
            return Period(start=start, end=end, text=phrase)
    return None
