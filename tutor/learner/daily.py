"""The day at a glance: what is due, what is new, the streak, the week's reviews, the goal.

What an Anki or Math Academy user checks first each day. Everything here is
computed from the learner's state and event log by :meth:`TutorService.daily`;
the front end only draws it. The daily goal is the learner's own, in items
answered or minutes spent answering, saved as a setting.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from tutor.errors import UserError

FORECAST_DAYS = 7
GOAL_SETTING = "daily_goal"
MAX_ITEMS = 1000
MAX_MINUTES = 600
_GOAL = re.compile(r"^\s*(\d{1,4})\s*(items?|questions?|q|min|mins|minutes?|m)?\s*$", re.I)


@dataclass(frozen=True)
class DailyGoal:
    """So many items answered, or so many minutes spent answering, each day."""

    amount: int
    unit: Literal["items", "minutes"]

    @classmethod
    def parse(cls, text: str) -> DailyGoal:
        """``"20"``, ``"20 items"``, ``"15 min"``: a goal, or a UserError saying what is wanted."""
        match = _GOAL.match(text)
        if match is None:
            raise UserError(
                f"a daily goal is a number of items or minutes, like '20 items' or '15 min' (got {text.strip()!r})"
            )
        amount = int(match.group(1))
        word = (match.group(2) or "items").lower()
        unit: Literal["items", "minutes"] = "minutes" if word.startswith("m") else "items"
        most = MAX_MINUTES if unit == "minutes" else MAX_ITEMS
        if not 1 <= amount <= most:
            raise UserError(f"a daily goal of {unit} is between 1 and {most}")
        return cls(amount, unit)

    def __str__(self) -> str:
        if self.unit == "minutes":
            return f"{self.amount} min"
        return f"{self.amount} item{'s' if self.amount != 1 else ''}"


@dataclass(frozen=True)
class DailySummary:
    today: dt.date
    due_today: int
    """Reviews due by the end of today (overdue ones included)."""
    new_topics: int
    """Topics whose prerequisites are done and which are not started yet."""
    streak_days: int
    forecast: tuple[tuple[dt.date, int], ...]
    """Reviews falling due on each of the next days, today first (today: overdue included)."""
    answered_today: int
    minutes_today: float
    """Time spent answering today (from each answer's latency)."""
    goal: DailyGoal | None

    @property
    def goal_done(self) -> float:
        """Today's share of the goal, 0..1 (0 without a goal)."""
        if self.goal is None:
            return 0.0
        done = self.minutes_today if self.goal.unit == "minutes" else self.answered_today
        return min(1.0, done / self.goal.amount)


def review_forecast(
    dues: Iterable[float], today: dt.date, days: int = FORECAST_DAYS
) -> tuple[tuple[dt.date, int], ...]:
    """Count card due times (timestamps) per local day over ``days`` days from ``today``;
    anything already overdue counts on today."""
    counts = [0] * days
    for due in dues:
        day = dt.datetime.fromtimestamp(due, dt.UTC).astimezone().date()
        offset = max(0, (day - today).days)
        if offset < days:
            counts[offset] += 1
    return tuple((today + dt.timedelta(days=i), n) for i, n in enumerate(counts))


def minutes_on(events: Iterable[tuple[str, dict[str, object]]], day: dt.date) -> float:
    """Minutes of answering on local ``day``, from (timestamp, payload) of answer events."""
    total_ms = 0
    for ts, payload in events:
        when = dt.datetime.fromisoformat(ts)
        if when.astimezone().date() != day:
            continue
        latency = payload.get("latency_ms")
        if isinstance(latency, int) and latency > 0:
            total_ms += min(latency, 10 * 60_000)  # a question left open all lunch is not study
    return total_ms / 60_000


def read_goal(text: str | None) -> DailyGoal | None:
    """The saved goal, or None when unset or unreadable (an old or hand-edited setting)."""
    if not text:
        return None
    try:
        return DailyGoal.parse(text)
    except UserError:
        return None
