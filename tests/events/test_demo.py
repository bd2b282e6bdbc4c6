"""The demo seminar's dates follow the day the demo is loaded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from seminar.events.demo import demo_dates


@pytest.mark.parametrize("offset", range(7))
def test_demo_runs_two_weekdays_about_a_week_after_the_day_it_is_loaded(offset):
    today = date(2026, 11, 30) + timedelta(days=offset)  # Monday to Sunday

    starts_on, ends_on = demo_dates(today)

    assert 7 <= (starts_on - today).days <= 10
    assert ends_on == starts_on + timedelta(days=1)
    assert starts_on.weekday() < 4  # Monday to Thursday
    assert ends_on.weekday() < 5


def test_demo_loaded_on_the_readme_day_runs_on_the_readme_dates():
    assert demo_dates(date(2026, 11, 25)) == (date(2026, 12, 2), date(2026, 12, 3))
