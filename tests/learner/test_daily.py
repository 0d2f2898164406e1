import datetime as dt

import pytest

from tutor.errors import UserError
from tutor.learner.daily import DailyGoal, minutes_on, review_forecast


def test_goals_parse_in_items_or_minutes() -> None:
    assert DailyGoal.parse("20") == DailyGoal(20, "items")
    assert DailyGoal.parse(" 15 min ") == DailyGoal(15, "minutes")
    assert str(DailyGoal.parse("1 item")) == "1 item"
    for bad in ("lots", "0 items", "-3", "20 hours", "9999 min"):
        with pytest.raises(UserError):
            DailyGoal.parse(bad)


def test_the_forecast_counts_overdue_on_today_and_stops_after_seven_days() -> None:
    now = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC).astimezone()
    today = now.date()
    day = 86400
    dues = [now.timestamp() - 3 * day, now.timestamp() + 60, now.timestamp() + 2 * day]
    dues += [now.timestamp() + 30 * day]
    counts = [n for _, n in review_forecast(dues, today)]
    assert len(counts) == 7 and sum(counts) == 3
    assert counts[2] == 1 and counts[0] >= 1


def test_minutes_count_only_todays_answers_and_cap_an_abandoned_one() -> None:
    today = dt.date(2026, 1, 5)
    noon = dt.datetime(2026, 1, 5, 12).astimezone()
    events = [
        (noon.isoformat(), {"latency_ms": 120_000}),
        (noon.isoformat(), {"latency_ms": 3_600_000}),  # left open for an hour: 10 min
        ((noon - dt.timedelta(days=1)).isoformat(), {"latency_ms": 60_000}),
        (noon.isoformat(), {}),
    ]
    assert minutes_on(events, today) == pytest.approx(12.0)
