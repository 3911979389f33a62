"""How long a public notice (公示) runs: in calendar days or in China's working days.

Pure: no database. Working days come from the ``chinesecalendar`` package, which knows the
State Council's public holidays and the weekend days made working days in exchange (调休).

The convention, the same for both kinds: the period covers ``days`` days and **starts on**
``starts_on``.

- Calendar days (自然日): every day counts, so the notice ends on ``starts_on + days - 1``;
  a 7-day notice starting on a Monday ends on the Sunday.
- Working days (工作日): only working days count. ``starts_on`` counts when it is a working day
  itself; otherwise counting begins at the next working day (the notice is still shown from
  ``starts_on``). The notice ends on the last counted working day. A weekend day made a working
  day (e.g. Sunday 28 September 2025) counts; a public holiday falling on a weekday (e.g.
  1–8 October 2025) does not.

The package only knows the years whose holiday arrangements the State Council has announced
(usually each November for the next year). A working-day period reaching into a year it does not
know yet is refused with ``HolidayCalendarUnknown`` rather than guessed: update the package once
the arrangement is announced.
"""

from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

from greenfactory.core.refusals import Refused
from greenfactory.programme.enums import NoticeDayKind


class HolidayCalendarUnknown(Refused):
    """The holiday package has no data for a year the period reaches into."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The holiday calendar for %(year)s is not yet known; update chinesecalendar "
                "(or choose calendar days)."
            )
            % {"year": year}
        )


def is_working_day(day: date) -> bool:
    """True on China's working days; raises ``HolidayCalendarUnknown`` for an unknown year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as error:
        raise HolidayCalendarUnknown(day.year) from error


def notice_end(starts_on: date, days: int, kind: str) -> date:
    """The last day of a notice of ``days`` days of ``kind`` starting on ``starts_on``.

    See the module docstring for the convention; ``days`` must be at least 1.
    """
    if days < 1:
        raise ValueError("A notice lasts at least one day.")
    if kind == NoticeDayKind.CALENDAR:
        return starts_on + timedelta(days=days - 1)
    if kind != NoticeDayKind.WORKING:
        raise ValueError(f"Unknown kind of notice day: {kind!r}")
    day, counted = starts_on, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == days:
                return day
        day += timedelta(days=1)
