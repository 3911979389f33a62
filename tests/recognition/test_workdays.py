"""The public notice's period: calendar days, or China's working days with holidays and make-up
workdays (调休) from the chinesecalendar package."""

from datetime import date

import pytest

from greenfactory.recognition.workdays import HolidayCalendarUnknown, is_working_day, notice_end

CAL, WORK = "calendar", "working"


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (date(2025, 10, 1), 1, date(2025, 10, 1)),
        (date(2025, 10, 1), 7, date(2025, 10, 7)),
        (date(2025, 12, 29), 7, date(2026, 1, 4)),
        (date(2026, 2, 25), 5, date(2026, 3, 1)),
        # No holiday calendar is needed for calendar days, whatever the year.
        (date(2099, 12, 30), 3, date(2100, 1, 1)),
    ],
)
def test_calendar_days_count_the_first_day(start, days, end):
    assert notice_end(start, days, CAL) == end


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        # National Day 2025: Oct 1–8 off, Sunday Sep 28 and Saturday Oct 11 are working days.
        (date(2025, 9, 28), 1, date(2025, 9, 28)),
        (date(2025, 9, 27), 1, date(2025, 9, 28)),
        (date(2025, 9, 29), 2, date(2025, 9, 30)),
        (date(2025, 9, 29), 3, date(2025, 10, 9)),
        (date(2025, 9, 29), 5, date(2025, 10, 11)),
        (date(2025, 9, 29), 6, date(2025, 10, 13)),
        (date(2025, 10, 1), 1, date(2025, 10, 9)),
        (date(2025, 9, 26), 7, date(2025, 10, 11)),
        # Spring Festival 2026: Feb 15–23 off, Saturdays Feb 14 and Feb 28 are working days.
        (date(2026, 2, 13), 2, date(2026, 2, 14)),
        (date(2026, 2, 13), 3, date(2026, 2, 24)),
        (date(2026, 2, 15), 1, date(2026, 2, 24)),
        (date(2026, 2, 24), 5, date(2026, 2, 28)),
        (date(2026, 2, 24), 6, date(2026, 3, 2)),
        # An ordinary week: Monday to Friday, then the next Monday.
        (date(2026, 6, 1), 5, date(2026, 6, 5)),
        (date(2026, 6, 1), 6, date(2026, 6, 8)),
    ],
)
def test_working_days_skip_holidays_and_count_make_up_days(start, days, end):
    assert notice_end(start, days, WORK) == end


def test_make_up_workdays_and_holidays_are_known():
    assert is_working_day(date(2025, 9, 28)) is True  # Sunday, 调休
    assert is_working_day(date(2025, 10, 11)) is True  # Saturday, 调休
    assert is_working_day(date(2025, 10, 8)) is False
    assert is_working_day(date(2026, 2, 16)) is False
    assert is_working_day(date(2026, 2, 14)) is True


def test_a_year_the_package_does_not_know_is_refused_clearly():
    with pytest.raises(HolidayCalendarUnknown) as refused:
        notice_end(date(2099, 6, 1), 5, WORK)
    assert refused.value.year == 2099
    assert "2099" in str(refused.value)
    assert "chinesecalendar" in str(refused.value)


def test_a_period_running_into_an_unknown_year_is_refused(monkeypatch):
    """Counting stops at the first day the package cannot answer for."""
    import chinese_calendar

    real = chinese_calendar.is_workday

    def known_until_2026(day):
        if day.year > 2026:
            raise NotImplementedError("no available data")
        return real(day)

    monkeypatch.setattr(chinese_calendar, "is_workday", known_until_2026)
    assert notice_end(date(2026, 12, 21), 5, WORK) == date(2026, 12, 25)
    with pytest.raises(HolidayCalendarUnknown) as refused:
        notice_end(date(2026, 12, 28), 7, WORK)
    assert refused.value.year == 2027


def test_at_least_one_day_and_a_known_kind():
    with pytest.raises(ValueError):
        notice_end(date(2026, 6, 1), 0, CAL)
    with pytest.raises(ValueError):
        notice_end(date(2026, 6, 1), 3, "lunar")
