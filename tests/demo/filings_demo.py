"""The demo's filings of last year: the 2019 factories filed before the deadline, one of the
demo district's flagged as worse than at designation, one not filed. Checked by ``test_demo``
on its load of the demo's history (in real time, after last year's deadline)."""

from django.utils import timezone

from greenfactory.accounts.models import User
from greenfactory.filings.domain.queries import due_rows
from greenfactory.filings.enums import Adjustment, FilingState, FlagCode
from greenfactory.filings.models import AnnualFiling, MajorChange
from greenfactory.titles.enums import TitleLevel


def check_filed_flagged_and_missing_factories():
    year = timezone.localdate().year - 1
    district = User.objects.get(username="district").region
    rows = due_rows(district, year)
    assert len(rows) == 2
    missing = [row for row in rows if row.filing is None]
    assert len(missing) == 1
    assert [flag.code for flag in missing[0].flags] == [FlagCode.NOT_FILED]
    flagged = [row for row in rows if row.filed and row.flags]
    assert len(flagged) == 1
    assert {flag.code for flag in flagged[0].flags} == {FlagCode.WORSE_THAN_DESIGNATION}
    states = set(AnnualFiling.objects.values_list("state", flat=True))
    assert states == {FilingState.SUBMITTED, FilingState.ACCEPTED, FilingState.CITY_REVIEWED}
    # Elsewhere in the city the factories filed in time, and their figures pass, but for one
    # whose output fell to a third (also an integrity signal, decisions §66).
    city = User.objects.get(username="city").region
    others = [row for row in due_rows(city, year) if row.enterprise.district_id != district.pk]
    assert others and all(row.filed for row in others)
    [far] = [row for row in others if row.flags]
    assert FlagCode.WORSE_THAN_DESIGNATION in {flag.code for flag in far.flags}
    # The factory holding the Jiangsu title: its filing went through the city's review (§65).
    (provincial,) = [row for row in due_rows(city, year) if row.level == TitleLevel.PROVINCIAL]
    assert provincial.filing.state == FilingState.CITY_REVIEWED
    assert provincial.filing.adjustment == Adjustment.KEEP
    assert provincial.filing.year_summary
    assert MajorChange.objects.get().enterprise == provincial.enterprise
