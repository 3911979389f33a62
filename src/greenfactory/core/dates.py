"""Calendar arithmetic shared by the programme's rules."""

from datetime import date


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, for a negative number); 29 February becomes
    1 March in a common year, so the span is never shorter than the years asked for."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return date(day.year + years, 3, 1)
